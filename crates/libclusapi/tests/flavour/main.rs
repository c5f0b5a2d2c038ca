//! The exports called with the flavour's `WCHAR` (`clusapi::WChar`): built by this
//! package (16-bit, UTF-16) and by `libclusapi-wchar32` (32-bit, UTF-32, `--cfg
//! clusim_wchar32`), so every area is checked in both widths — names in and out and
//! their sizes, notification names, property lists, value data, batch records
//! (spec/c-abi.md CABI-WCHAR32). Each test works on its own named cluster.

#[cfg(clusim_wchar32)]
extern crate clusapi_wchar32 as clusapi;

mod batches;
mod controls;
mod notify;
mod notify_v2;
mod registry;
mod strings;

use clusapi::exports::*;
use clusapi::types::*;
use std::ptr::null_mut;

const INVALID_PARAMETER: u32 = 87;
const MORE_DATA: u32 = 234;

/// `s` in the flavour's units, without a NUL.
#[cfg(not(clusim_wchar32))]
pub fn units(s: &str) -> Vec<WChar> {
    s.encode_utf16().collect()
}

/// `s` in the flavour's units, without a NUL.
#[cfg(clusim_wchar32)]
pub fn units(s: &str) -> Vec<WChar> {
    s.chars().map(u32::from).collect()
}

/// Units the library wrote, as text (what a client of this width reads).
#[cfg(not(clusim_wchar32))]
pub fn text(u: &[WChar]) -> String {
    String::from_utf16(u).expect("UTF-16")
}

/// Units the library wrote, as text (what a client of this width reads).
#[cfg(clusim_wchar32)]
pub fn text(u: &[WChar]) -> String {
    u.iter().map(|&c| char::from_u32(c).expect("a Unicode scalar value")).collect()
}

/// `s` and a NUL, to pass as `LPCWSTR`.
pub fn w(s: &str) -> Vec<WChar> {
    let mut v = units(s);
    v.push(0);
    v
}

/// Bytes of `s` in the flavour's units (value data, property-list text), as written.
pub fn text_bytes(s: &str) -> Vec<u8> {
    units(s).into_iter().flat_map(WChar::to_le_bytes).collect()
}

/// Bytes in the flavour's units as text.
pub fn bytes_text(b: &[u8]) -> String {
    let n = std::mem::size_of::<WChar>();
    let u: Vec<WChar> =
        b.chunks_exact(n).map(|c| c.iter().rev().fold(0, |acc, &b| (acc << 8) | WChar::from(b))).collect();
    text(&u)
}

/// A NUL-terminated string the library keeps (batch records), as text.
///
/// # Safety
/// `p` is NUL-terminated.
pub unsafe fn cstr(p: *const WChar) -> String {
    let mut n = 0;
    // SAFETY: NUL-terminated (caller contract).
    while unsafe { *p.add(n) } != 0 {
        n += 1;
    }
    // SAFETY: `n` units readable.
    text(unsafe { std::slice::from_raw_parts(p, n) })
}

/// Opens a fresh named cluster.
pub fn cluster(name: &str) -> HCLUSTER {
    // SAFETY: a NUL-terminated name.
    let h = unsafe { OpenCluster(w(name).as_ptr()) };
    assert!(!h.is_null(), "OpenCluster({name})");
    h
}

/// Reads a string by the ClusAPI negotiation: a size query, then a buffer of that size
/// plus the NUL. Returns the size the query reported and the string.
pub fn negotiate(mut f: impl FnMut(*mut WChar, *mut u32) -> u32) -> (u32, String) {
    let mut cch = 0u32;
    assert_eq!(f(null_mut(), &mut cch), MORE_DATA, "size query");
    let mut buf: Vec<WChar> = vec![0; cch as usize + 1];
    let mut cap = buf.len() as u32;
    assert_eq!(f(buf.as_mut_ptr(), &mut cap), 0);
    assert_eq!(buf[cap as usize], 0, "NUL after the string");
    (cch, text(&buf[..cap as usize]))
}

// CABI-WCHAR32: the package under test links the flavour its configuration names.
#[test]
fn the_library_under_test_has_the_width_of_its_flavour() {
    let expected = if cfg!(clusim_wchar32) { 4 } else { 2 };
    assert_eq!(std::mem::size_of::<WChar>(), expected);
}
