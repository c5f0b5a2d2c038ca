//! Helpers shared by the Rust test suites of the C library, which call the exports
//! through `windows-sys`'s declarations (off Windows they carry no link attribute and so
//! resolve to this crate's `#[no_mangle]` symbols). The `Backend` over the same
//! declarations is the `clusim-clusapi` crate (`ClusApiBackend`).

#![allow(dead_code)]

use clusapi as _; // links the exports
use clusim_api::*;
use std::ffi::c_void;
use std::sync::atomic::{AtomicUsize, Ordering};
use windows_sys::Win32::Foundation::{GetLastError, SetLastError};

/// A NUL-terminated UTF-16 copy of `s`.
pub fn w(s: &str) -> Vec<u16> {
    s.encode_utf16().chain(std::iter::once(0)).collect()
}

/// A cluster name no other test uses.
pub fn fresh_cluster(prefix: &str) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    format!("{prefix}-{}", N.fetch_add(1, Ordering::Relaxed))
}

/// The last error as a `Win32Error`.
pub fn gle() -> Win32Error {
    // SAFETY: no arguments; reads the thread's last error.
    Win32Error(unsafe { GetLastError() })
}

/// Sets the last error (to tell "unchanged" from "set").
pub fn sle(v: u32) {
    // SAFETY: no pointers.
    unsafe { SetLastError(v) }
}

fn rc(code: u32) -> Result<()> {
    if code == 0 {
        Ok(())
    } else {
        Err(Win32Error(code))
    }
}

fn hv(h: RawHandle) -> isize {
    h.0 as isize
}

/// Reads a string with the documented negotiation: try, grow on `ERROR_MORE_DATA`.
pub fn read_string(mut f: impl FnMut(*mut u16, *mut u32) -> u32) -> Result<String> {
    let mut buf = vec![0u16; 8];
    loop {
        let mut cch = buf.len() as u32;
        match f(buf.as_mut_ptr(), &mut cch) {
            0 => return Ok(String::from_utf16_lossy(&buf[..cch as usize])),
            234 => buf.resize(cch as usize + 1, 0),
            e => return Err(Win32Error(e)),
        }
    }
}

/// Reads a control's output with the documented negotiation (size query first).
pub fn read_control(mut f: impl FnMut(*mut c_void, u32, *mut u32) -> u32) -> Result<Vec<u8>> {
    let mut needed = 0u32;
    match f(std::ptr::null_mut(), 0, &mut needed) {
        0 => return Ok(Vec::new()),
        234 => {}
        e => return Err(Win32Error(e)),
    }
    let mut buf = vec![0u8; needed as usize];
    let mut got = 0u32;
    rc(f(buf.as_mut_ptr().cast(), needed, &mut got))?;
    buf.truncate(got as usize);
    Ok(buf)
}

/// A UTF-16, NUL-terminated control output as a string.
pub fn utf16z(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    let end = units.iter().position(|&u| u == 0).unwrap_or(units.len());
    String::from_utf16_lossy(&units[..end])
}

/// Calls the control function for any object handle (the real backend's dispatch).
///
/// # Safety
/// The buffers are valid for the sizes given.
pub unsafe fn control(
    object: ObjectHandle,
    code: u32,
    inb: *const c_void,
    inlen: u32,
    out: *mut c_void,
    outlen: u32,
    ret: *mut u32,
) -> u32 {
    // SAFETY: forwarded caller contract.
    unsafe { clusim_clusapi::control(object, hv(object.raw()), code, inb, inlen, out, outlen, ret) }
}

/// The GET/SET property codes, name and id codes of an object kind (windows-sys's values,
/// as the real backend uses them).
#[allow(unused_imports)] // each test binary uses a different part of this module
pub use clusim_clusapi::control_codes as codes;
