//! Every libresutils function on property lists produced by the simulator's control
//! codes (through libclusapi's exports, linked into this test binary), with the return
//! codes of their resapi.h pages (spec/c-abi.md, "libresutils").
//!
//! Width-generic: built by this package (16-bit `WCHAR`, over libclusapi) and by
//! `libresutils-wchar32` (32-bit `WCHAR`, over libclusapi_wchar32, `--cfg
//! clusim_wchar32`), so every function is checked in both widths (RESUTILS-WCHAR32):
//! strings in and out, property lists, MULTI_SZ data and their sizes. The helpers here
//! encode and decode text on their own, from the documented encodings (UTF-16LE or
//! UTF-32LE), not through the library under test.

// libclusapi's exports, which libresutils calls, linked into the test binary; the test
// also calls some directly.
#[cfg(clusim_wchar32)]
extern crate clusapi_wchar32 as clusapi;
#[cfg(clusim_wchar32)]
extern crate resutils_wchar32 as resutils;

mod enumerate;
mod find;
mod table;
mod width;

use clusapi::exports::{
    CloseClusterGroup, ClusterGroupControl, CreateClusterGroup, GetClusterResourceKey, OpenClusterGroup,
};
use clusim_api::{proplist, utf32, PropertyList};
use resutils::clusapi::*;
use resutils::wide::WChar;
use std::ffi::c_void;
use std::ptr::{null, null_mut};

const GET_COMMON: u32 = 0x59;
const GET_RO_COMMON: u32 = 0x55;
const SET_COMMON: u32 = 0x0040_005E;
const GET_PRIVATE: u32 = 0x81;
const SET_PRIVATE: u32 = 0x0040_0086;

/// Bytes of one `WCHAR`: 2 (UTF-16) or 4 (UTF-32, the 32-bit flavour).
const UNIT: usize = std::mem::size_of::<WChar>();

/// `s` in the flavour's encoding, UTF-16LE or UTF-32LE, without a NUL.
fn text_bytes(s: &str) -> Vec<u8> {
    if UNIT == 4 {
        s.chars().flat_map(|c| u32::from(c).to_le_bytes()).collect()
    } else {
        s.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }
}

/// Bytes in the flavour's encoding as text; panics on anything that is not text.
fn bytes_text(b: &[u8]) -> String {
    if UNIT == 4 {
        let c = |u: &[u8]| char::from_u32(u32::from_le_bytes([u[0], u[1], u[2], u[3]])).expect("UTF-32");
        b.chunks_exact(4).map(c).collect()
    } else {
        let u: Vec<u16> = b.chunks_exact(2).map(|u| u16::from_le_bytes([u[0], u[1]])).collect();
        String::from_utf16(&u).expect("UTF-16")
    }
}

/// One unit from its little-endian bytes.
fn fold(le: &[u8]) -> WChar {
    le.iter().rev().fold(0, |acc, &b| (acc << 8) | WChar::from(b))
}

/// The unit of value `v` (its low 16 bits in the 16-bit flavour).
fn unit(v: u32) -> WChar {
    fold(&v.to_le_bytes()[..UNIT])
}

/// `s` in the flavour's units, without a NUL.
fn units(s: &str) -> Vec<WChar> {
    text_bytes(s).chunks_exact(UNIT).map(fold).collect()
}

/// `s` and a NUL, to pass as `LPCWSTR`.
fn w(s: &str) -> Vec<WChar> {
    let mut v = units(s);
    v.push(0);
    v
}

/// A property list as the flavour's control codes take and return it (UTF-32 text
/// entries in the 32-bit flavour, by libclusapi's conversion, CABI-WCHAR32).
fn list_in_width(list: &PropertyList) -> Vec<u8> {
    let utf16 = proplist::encode(list);
    match UNIT {
        4 => utf32::transcode_property_list(&utf16, |d| Some(utf32::utf16_to_utf32(d))).expect("well formed"),
        _ => utf16,
    }
}

/// A property list in the flavour's width, decoded.
fn list_of_width(b: &[u8]) -> PropertyList {
    let utf16 = match UNIT {
        4 => utf32::transcode_property_list(b, utf32::utf32_to_utf16).expect("a UTF-32 property list"),
        _ => b.to_vec(),
    };
    proplist::decode(&utf16).expect("a well-formed property list")
}

fn cluster() -> Handle {
    // SAFETY: NULL is the local cluster.
    let c = unsafe { OpenCluster(null()) };
    assert!(!c.is_null());
    c
}

fn resource(name: &str) -> Handle {
    // SAFETY: open cluster, NUL-terminated name.
    let r = unsafe { OpenClusterResource(cluster(), w(name).as_ptr()) };
    assert!(!r.is_null(), "{name}");
    r
}

/// A control code's output (`object` 1 = resource, 3 = group).
fn control(h: Handle, object: u32, op: u32, input: &[u8]) -> Vec<u8> {
    let code = object << 24 | op;
    let mut buf = vec![0u8; 8192];
    let mut ret = 0u32;
    let inp = if input.is_empty() { null() } else { input.as_ptr().cast() };
    // SAFETY: buffers valid for the sizes passed.
    let rc = unsafe {
        let f = if object == 1 { ClusterResourceControl } else { ClusterGroupControl };
        f(h, null_mut(), code, inp, input.len() as u32, buf.as_mut_ptr().cast(), buf.len() as u32, &mut ret)
    };
    assert_eq!(rc, 0, "control {code:#x}");
    buf.truncate(ret as usize);
    buf
}

/// `ResUtilPropertyListFromParameterBlock` of a terminated `table` and the parameter
/// block `block`, into `out` (NULL when empty) with `*pcbOutPropertyListSize = cap`:
/// (the code, `*pcbBytesReturned`, `*pcbRequired`).
fn list_from_block<T>(
    table: &[resutils::table::ResutilPropertyItem],
    out: &mut [u8],
    cap: u32,
    block: &T,
) -> (u32, u32, u32) {
    let (mut cap, mut got, mut need) = (cap, 0u32, 0u32);
    let buf = if out.is_empty() { null_mut() } else { out.as_mut_ptr().cast() };
    // SAFETY: a terminated table (caller), `out` writable for its length, `block` the
    // table's parameter block.
    let rc = unsafe {
        resutils::table::ResUtilPropertyListFromParameterBlock(
            table.as_ptr(),
            buf,
            &mut cap,
            (block as *const T).cast(),
            &mut got,
            &mut need,
        )
    };
    (rc, got, need)
}

/// The string at a LocalAlloc'd pointer, freed with libclusapi's LocalFree.
fn take_sz(p: *mut WChar) -> String {
    let mut n = 0;
    // SAFETY: a NUL-terminated string this library allocated.
    unsafe {
        while *p.add(n) != 0 {
            n += 1;
        }
        let bytes = std::slice::from_raw_parts(p.cast::<u8>(), n * UNIT).to_vec();
        assert!(LocalFree(p.cast()).is_null(), "LocalFree accepts the block");
        bytes_text(&bytes)
    }
}

// RESUTILS-WCHAR32: the package under test links the flavour its configuration names.
#[test]
fn the_library_under_test_has_the_width_of_its_flavour() {
    assert_eq!(UNIT, if cfg!(clusim_wchar32) { 4 } else { 2 });
}
