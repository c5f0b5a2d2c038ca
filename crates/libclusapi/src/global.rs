//! The process-global simulator behind the exports, and the enumeration-handle table.
//!
//! Handle values: object and port handles are the simulator's own values (multiples of
//! 16, process-unique, never reused). Enumeration handles come from this table and are
//! `8 (mod 16)`, so the two ranges can never alias; they are never reused either.

use clusim_api::enums::EnumEntry;
use clusim_api::{Result, Win32Error};
use clusim_sim::Sim;
use parking_lot::Mutex;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

static SIM: OnceLock<Sim> = OnceLock::new();

/// The simulator every export talks to: built on first use with
/// `Sim::builder().build()` (real clock, seed 0, default topology; `CLUSIM_TRANSITIONS`,
/// see `exports::sim_script`). Rust code in the same process may use it to inspect what
/// C callers did.
pub fn sim() -> &'static Sim {
    SIM.get_or_init(|| crate::exports::sim_script::with_transitions_env(Sim::builder()).build())
}

/// Which `…OpenEnum` produced an enumeration handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EnumKind {
    /// `HCLUSENUM`.
    Cluster,
    /// `HNODEENUM`.
    Node,
    /// `HGROUPENUM`.
    Group,
    /// `HRESENUM`.
    Resource,
    /// `HNETWORKENUM`.
    Network,
}

struct Snapshot {
    kind: EnumKind,
    entries: Vec<EnumEntry>,
}

static NEXT_ENUM: AtomicUsize = AtomicUsize::new(0x0001_0008);
static ENUMS: Mutex<BTreeMap<usize, Snapshot>> = Mutex::new(BTreeMap::new());

/// Stores a snapshot and returns its fresh handle value.
pub(crate) fn enum_open(kind: EnumKind, entries: Vec<EnumEntry>) -> usize {
    let v = NEXT_ENUM.fetch_add(0x10, Ordering::Relaxed);
    ENUMS.lock().insert(v, Snapshot { kind, entries });
    v
}

/// Runs `f` on the snapshot of an enumeration handle of the given kind.
pub(crate) fn enum_with<T>(raw: usize, kind: EnumKind, f: impl FnOnce(&[EnumEntry]) -> T) -> Result<T> {
    let map = ENUMS.lock();
    match map.get(&raw) {
        Some(s) if s.kind == kind => Ok(f(&s.entries)),
        _ => Err(Win32Error::ERROR_INVALID_HANDLE),
    }
}

/// Closes an enumeration handle of the given kind.
pub(crate) fn enum_close(raw: usize, kind: EnumKind) -> Result<()> {
    let mut map = ENUMS.lock();
    match map.get(&raw) {
        Some(s) if s.kind == kind => {
            map.remove(&raw);
            Ok(())
        }
        _ => Err(Win32Error::ERROR_INVALID_HANDLE),
    }
}

/// What `ClusterRegBatchReadCommand` and `ClusterRegReadBatchReplyNextCommand` handed
/// out for one notification or reply handle: every name and every data buffer, each in
/// its own heap allocation (so the pointers given to C never move), kept until the
/// handle is closed with its C close function (SDK-BCMD, SDK-RBCMD).
#[derive(Default)]
pub(crate) struct Kept {
    units: Vec<Box<[u16]>>,
    bytes: Vec<Box<[u8]>>,
}

impl Kept {
    /// Keeps `s` as a NUL-terminated UTF-16 string; its address.
    pub(crate) fn wstr(&mut self, s: &str) -> *const u16 {
        let b: Box<[u16]> = s.encode_utf16().chain(std::iter::once(0)).collect();
        let p = b.as_ptr();
        self.units.push(b);
        p
    }

    /// Keeps `data`; its address, NULL when empty.
    pub(crate) fn data(&mut self, data: &[u8]) -> *const u8 {
        if data.is_empty() {
            return std::ptr::null();
        }
        let b: Box<[u8]> = data.into();
        let p = b.as_ptr();
        self.bytes.push(b);
        p
    }
}

static KEPT: Mutex<BTreeMap<usize, Kept>> = Mutex::new(BTreeMap::new());

/// Runs `next` (which takes the next record from the simulator) and `fill` (which keeps
/// its strings and writes the C struct) under one lock, so that a close of the same
/// handle on another thread happens entirely before or entirely after: storage is never
/// created for a closed handle, and never freed while a read is handing it out.
pub(crate) fn keep_next<T>(
    owner: usize,
    next: impl FnOnce() -> Result<T>,
    fill: impl FnOnce(&mut Kept, T),
) -> Result<()> {
    let mut map = KEPT.lock();
    let record = next()?;
    fill(map.entry(owner).or_default(), record);
    Ok(())
}

/// Runs `close` (the simulator's close of a notification or reply) and, when it
/// succeeds, frees what was handed out for the handle.
pub(crate) fn close_kept(owner: usize, close: impl FnOnce() -> Result<()>) -> Result<()> {
    let mut map = KEPT.lock();
    close()?;
    map.remove(&owner);
    Ok(())
}

/// How many names and data buffers the library keeps for a notification or reply handle
/// value: what `ClusterRegBatchReadCommand` / `ClusterRegReadBatchReplyNextCommand`
/// handed out for it so far, 0 once it is closed (for tests and leak checks).
pub fn kept_allocations(handle: usize) -> usize {
    KEPT.lock().get(&handle).map_or(0, |k| k.units.len() + k.bytes.len())
}
