//! Wide strings as they cross this library's ABI: every string parameter is a
//! `*const WChar`, and every string this library writes (property-list names and
//! values, LocalAlloc'd copies) is encoded here, so the width is decided by [`WChar`]
//! alone (libclusapi keeps its width the same way, in its `ffi` module).

use clusim_api::Win32Error;

/// One wide character (`WCHAR` in the header).
pub type WChar = u16;

/// Longest input string read (characters, excluding the NUL).
const MAX_INPUT_UNITS: usize = 32 * 1024;

/// Reads a NUL-terminated wide string; `Ok(None)` for NULL; `ERROR_INVALID_PARAMETER`
/// for unpaired surrogates or strings longer than the cap.
///
/// # Safety
/// `p` is NULL or readable up to its NUL (or the cap).
pub unsafe fn read(p: *const WChar) -> Result<Option<String>, Win32Error> {
    if p.is_null() {
        return Ok(None);
    }
    let mut units = Vec::new();
    loop {
        if units.len() > MAX_INPUT_UNITS {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        // SAFETY: readable up to the NUL or the cap (caller contract), checked above.
        let u = unsafe { p.add(units.len()).read_unaligned() };
        if u == 0 {
            break;
        }
        units.push(u);
    }
    String::from_utf16(&units).map(Some).map_err(|_| Win32Error::ERROR_INVALID_PARAMETER)
}

/// `s` and its NUL as wide characters.
pub fn units_z(s: &str) -> Vec<WChar> {
    s.encode_utf16().chain(std::iter::once(0)).collect()
}

/// `s` and its NUL as the bytes of wide characters.
pub fn bytes_z(s: &str) -> Vec<u8> {
    units_z(s).iter().flat_map(|u| u.to_le_bytes()).collect()
}

/// The string in wide-character bytes, up to its NUL (or the end).
pub fn from_bytes(b: &[u8]) -> String {
    let units: Vec<WChar> = b.chunks_exact(2).map(|c| WChar::from_le_bytes([c[0], c[1]])).collect();
    let end = units.iter().position(|&u| u == 0).unwrap_or(units.len());
    String::from_utf16_lossy(&units[..end])
}
