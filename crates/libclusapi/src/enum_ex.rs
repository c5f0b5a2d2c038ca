//! The `…OpenEnumEx` snapshots and the item writer of `…EnumEx` (spec/c-abi.md
//! CABI-ENUM-EX). Handles come from the same counter as the plain enumerations' (8 mod
//! 16, never reused), so no two enumeration handles of any kind alias.

use crate::ffi::WChar;
use crate::global::fresh_enum_value;
use clusim_api::enums::{EnumItem, GroupEnumItem, ResourceEnumItem};
use clusim_api::{Result, Win32Error};
use parking_lot::Mutex;
use std::collections::BTreeMap;

/// One `…OpenEnumEx` snapshot; the variant is the function family that made it.
pub(crate) enum ExItems {
    /// `HCLUSENUMEX`.
    Cluster(Vec<EnumItem>),
    /// `HNODEENUMEX`.
    Node(Vec<EnumItem>),
    /// `HGROUPENUMEX`.
    Group(Vec<GroupEnumItem>),
    /// `HRESENUMEX`.
    Resource(Vec<ResourceEnumItem>),
}

impl ExItems {
    fn len(&self) -> usize {
        match self {
            ExItems::Cluster(v) | ExItems::Node(v) => v.len(),
            ExItems::Group(v) => v.len(),
            ExItems::Resource(v) => v.len(),
        }
    }

    fn same_family(&self, other: &ExItems) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

static EX: Mutex<BTreeMap<usize, ExItems>> = Mutex::new(BTreeMap::new());

/// Stores a snapshot; its fresh handle value.
pub(crate) fn open(items: ExItems) -> usize {
    let v = fresh_enum_value();
    EX.lock().insert(v, items);
    v
}

/// Runs `f` on the snapshot of `raw` when it is of `family`'s kind
/// (`ERROR_INVALID_HANDLE` otherwise).
pub(crate) fn with<T>(raw: usize, family: &ExItems, f: impl FnOnce(&ExItems) -> T) -> Result<T> {
    match EX.lock().get(&raw) {
        Some(s) if s.same_family(family) => Ok(f(s)),
        _ => Err(Win32Error::ERROR_INVALID_HANDLE),
    }
}

/// The number of items of `raw` (of `family`'s kind).
pub(crate) fn count(raw: usize, family: &ExItems) -> Result<u32> {
    with(raw, family, |s| s.len() as u32)
}

/// Closes `raw` (of `family`'s kind).
pub(crate) fn close(raw: usize, family: &ExItems) -> Result<()> {
    let mut map = EX.lock();
    match map.get(&raw) {
        Some(s) if s.same_family(family) => {
            map.remove(&raw);
            Ok(())
        }
        _ => Err(Win32Error::ERROR_INVALID_HANDLE),
    }
}

/// A string as it is laid out after an item: its units and a NUL.
#[allow(clippy::useless_conversion)] // `WChar` is `u16` today; the conversion keeps the width one alias away
fn units_z(s: &str) -> Vec<WChar> {
    s.encode_utf16().map(WChar::from).chain(std::iter::once(0)).collect()
}

/// Writes an item of C type `S` and its strings to the caller's buffer by the `…EnumEx`
/// size convention: the structure first, then each string (NUL included) in order;
/// `fill` builds the structure from each string's address and size in bytes. The size
/// needed goes to `*cb_item` in every case; when it exceeds the buffer (or `p_item` is
/// NULL: a size query), nothing else is written and the answer is `ERROR_MORE_DATA`.
/// `cb_item` NULL: `ERROR_INVALID_PARAMETER`.
///
/// # Safety
/// `cb_item` is NULL or readable and writable; `p_item` is NULL or writable for
/// `*cb_item` bytes.
pub(crate) unsafe fn write_item<S>(
    p_item: *mut S,
    cb_item: *mut u32,
    strings: &[&str],
    fill: impl FnOnce(&[(*mut WChar, u32)]) -> S,
) -> Result<()> {
    if cb_item.is_null() {
        return Err(Win32Error::ERROR_INVALID_PARAMETER);
    }
    let encoded: Vec<Vec<WChar>> = strings.iter().map(|s| units_z(s)).collect();
    let unit = std::mem::size_of::<WChar>();
    let head = std::mem::size_of::<S>();
    let need = head + encoded.iter().map(|u| u.len() * unit).sum::<usize>();
    let need32 = u32::try_from(need).map_err(|_| Win32Error::ERROR_INVALID_PARAMETER)?;
    // SAFETY: `cb_item` is non-NULL and readable (caller contract).
    let cap = if p_item.is_null() { 0 } else { (unsafe { cb_item.read_unaligned() }) as usize };
    // SAFETY: writable (caller contract).
    unsafe { cb_item.write_unaligned(need32) };
    if need > cap {
        return Err(Win32Error::ERROR_MORE_DATA);
    }
    let base = p_item.cast::<u8>();
    let mut at = head;
    let mut fields = Vec::with_capacity(encoded.len());
    for u in &encoded {
        // SAFETY: `at + u.len() * unit <= need <= cap`: inside the caller's buffer.
        let p = unsafe { base.add(at) }.cast::<WChar>();
        for (i, &c) in u.iter().enumerate() {
            // SAFETY: as above, unit by unit.
            unsafe { p.add(i).write_unaligned(c) };
        }
        fields.push((p, (u.len() * unit) as u32));
        at += u.len() * unit;
    }
    let item = fill(&fields);
    // SAFETY: the structure's bytes lie at the start of the buffer, `head <= cap`.
    unsafe { p_item.write_unaligned(item) };
    Ok(())
}
