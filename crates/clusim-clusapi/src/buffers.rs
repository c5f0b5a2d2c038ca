//! UTF-16 conversion, data lengths and ClusAPI's buffer negotiation (the loops are safe
//! code: the closures passed in make the calls).
//!
//! Every loop starts with a buffer of a modest size and grows it when the function
//! answers `ERROR_MORE_DATA` (or `ERROR_INSUFFICIENT_BUFFER`, the Win32 registry's
//! word for it) with the size it needs — the documented negotiation, which works on
//! every ClusAPI version. None relies on a NULL buffer being a size query (libclusapi
//! allows that, real clusters are not documented to). Each loop gives up with
//! `ERROR_MORE_DATA` after [`MAX_ROUNDS`] rounds, so a value that keeps growing between
//! calls cannot spin forever.

use clusim_api::{Result, Win32Error};

/// Rounds of a negotiation before giving up.
pub(crate) const MAX_ROUNDS: usize = 16;
/// First capacity of a string buffer, in UTF-16 units.
pub(crate) const FIRST_CHARS: usize = 64;
/// First capacity of a byte buffer.
pub(crate) const FIRST_BYTES: usize = 512;

const MORE_DATA: u32 = Win32Error::ERROR_MORE_DATA.0;
const INSUFFICIENT_BUFFER: u32 = Win32Error::ERROR_INSUFFICIENT_BUFFER.0;

/// A NUL-terminated UTF-16 copy of `s`. A string with a NUL inside cannot be passed to a
/// C function: `ERROR_INVALID_PARAMETER`, as the simulator answers for such names.
pub(crate) fn wide(s: &str) -> Result<Vec<u16>> {
    if s.contains('\0') {
        return Err(Win32Error::ERROR_INVALID_PARAMETER);
    }
    Ok(s.encode_utf16().chain(std::iter::once(0)).collect())
}

/// [`wide`] for an optional string (`None` stays `None`: a NULL pointer).
pub(crate) fn wide_opt(s: Option<&str>) -> Result<Option<Vec<u16>>> {
    s.map(wide).transpose()
}

/// A pointer to an optional wide string: NULL for `None`.
pub(crate) fn ptr_opt(s: &Option<Vec<u16>>) -> *const u16 {
    s.as_ref().map_or(std::ptr::null(), |v| v.as_ptr())
}

/// A data length as the DWORD ClusAPI takes (`ERROR_INVALID_PARAMETER` past 4 GiB).
pub(crate) fn cb(data: &[u8]) -> Result<u32> {
    u32::try_from(data.len()).map_err(|_| Win32Error::ERROR_INVALID_PARAMETER)
}

/// Reads a string by the ClusAPI convention: `f(buf, cch)` gets the capacity including
/// the NUL in `*cch` and leaves the length without it; `ERROR_MORE_DATA` leaves the
/// length needed.
pub(crate) fn read_string(mut f: impl FnMut(*mut u16, &mut u32) -> u32) -> Result<String> {
    let mut buf = vec![0u16; FIRST_CHARS];
    for _ in 0..MAX_ROUNDS {
        let mut cch = buf.len() as u32;
        match f(buf.as_mut_ptr(), &mut cch) {
            0 => return Ok(String::from_utf16_lossy(&buf[..(cch as usize).min(buf.len())])),
            MORE_DATA => {
                let want = (cch as usize + 1).max(buf.len() * 2);
                buf.resize(want, 0);
            }
            e => return Err(Win32Error(e)),
        }
    }
    Err(Win32Error::ERROR_MORE_DATA)
}

/// Reads bytes by the control-code / registry convention: `f(buf, cap, returned)` gets
/// the capacity in bytes and leaves the size (needed, on `ERROR_MORE_DATA` or
/// `ERROR_INSUFFICIENT_BUFFER`) in `*returned`.
pub(crate) fn read_bytes(mut f: impl FnMut(*mut u8, u32, &mut u32) -> u32) -> Result<Vec<u8>> {
    let mut buf = vec![0u8; FIRST_BYTES];
    for _ in 0..MAX_ROUNDS {
        let mut got = 0u32;
        match f(buf.as_mut_ptr(), buf.len() as u32, &mut got) {
            0 => {
                buf.truncate(got as usize);
                return Ok(buf);
            }
            MORE_DATA | INSUFFICIENT_BUFFER => {
                let want = (got as usize).max(buf.len() * 2);
                buf.resize(want, 0);
            }
            e => return Err(Win32Error(e)),
        }
    }
    Err(Win32Error::ERROR_MORE_DATA)
}

/// A UTF-16 string up to its NUL (or the end), from little-endian bytes.
pub(crate) fn utf16z_bytes(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    let end = units.iter().position(|&u| u == 0).unwrap_or(units.len());
    String::from_utf16_lossy(&units[..end])
}

/// Reads a NUL-terminated UTF-16 string that ClusAPI handed out; `None` for NULL.
///
/// # Safety
/// `p` is NULL or points to readable units up to a NUL.
pub(crate) unsafe fn from_wide_ptr(p: *const u16) -> Option<String> {
    if p.is_null() {
        return None;
    }
    let mut len = 0;
    // SAFETY: readable up to and including the NUL (caller contract).
    while unsafe { p.add(len).read_unaligned() } != 0 {
        len += 1;
    }
    // SAFETY: `len` units before the NUL are readable.
    Some(String::from_utf16_lossy(unsafe { std::slice::from_raw_parts(p, len) }))
}

/// Copies `cb` bytes ClusAPI handed out; empty for NULL or 0.
///
/// # Safety
/// `p` is NULL or readable for `cb` bytes.
pub(crate) unsafe fn bytes_at(p: *const u8, cb: u32) -> Vec<u8> {
    if p.is_null() || cb == 0 {
        return Vec::new();
    }
    // SAFETY: readable for `cb` bytes (caller contract); copied at once.
    unsafe { std::slice::from_raw_parts(p, cb as usize) }.to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_grow_until_they_fit() {
        let name = "n".repeat(200);
        let mut calls = 0;
        let got = read_string(|buf, cch| {
            calls += 1;
            let units: Vec<u16> = name.encode_utf16().collect();
            let cap = *cch as usize;
            *cch = units.len() as u32;
            if units.len() >= cap {
                return 234;
            }
            // SAFETY: the test's buffer holds `cap` units, more than the name.
            unsafe { std::ptr::copy_nonoverlapping(units.as_ptr(), buf, units.len()) };
            0
        });
        assert_eq!(got, Ok(name.clone()));
        assert_eq!(calls, 2);
    }

    #[test]
    fn a_negotiation_that_never_fits_gives_up_with_more_data() {
        // A value that grows as fast as the buffer: the length needed is always the capacity.
        assert_eq!(read_string(|_, _cch| 234), Err(Win32Error::ERROR_MORE_DATA));
        let mut rounds = 0;
        assert_eq!(
            read_bytes(|_, cap, got| {
                rounds += 1;
                *got = cap + 1;
                122
            }),
            Err(Win32Error::ERROR_MORE_DATA)
        );
        assert_eq!(rounds, MAX_ROUNDS);
    }

    #[test]
    fn names_with_a_nul_inside_cannot_cross() {
        assert_eq!(wide("a\0b"), Err(Win32Error::ERROR_INVALID_PARAMETER));
        assert_eq!(wide("ab"), Ok(vec![97, 98, 0]));
        assert_eq!(utf16z_bytes(&[97, 0, 0, 0, 98, 0]), "a");
    }
}
