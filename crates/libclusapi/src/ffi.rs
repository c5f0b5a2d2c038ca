//! The boundary helpers every export uses: panic guard, last error, wide strings in and
//! out, byte buffers out. All pointer access of the crate goes through these functions.
//!
//! The width rule: an export names every wide-string pointer `*const WChar` /
//! `*mut WChar` and reads and writes strings only through these helpers
//! ([`read_wstr`], [`required_wstr`], [`write_wstr`], [`fits`] with [`wide_len`],
//! [`sim_name_buffer`]); data that carries text (value data, property lists, control
//! outputs) goes through [`crate::wide`]. Then the same source builds both flavours:
//! `WChar` is `u16` (UTF-16, `libclusapi`) or, under `--cfg clusim_wchar32`, `u32` (the
//! platform's `wchar_t`, `libclusapi_wchar32`), and no export decides a width itself.

use clusim_api::Win32Error;
use std::cell::Cell;
use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Longest input string read (units, excluding the NUL). Longer inputs — or
/// unterminated ones that happen to be followed by this many non-NUL units — are
/// refused with `ERROR_INVALID_PARAMETER` instead of being scanned further.
pub(crate) const MAX_INPUT_UNITS: usize = 32 * 1024;

/// One wide character as it crosses the ABI (`WCHAR` in the header): 16 bits (UTF-16) in
/// `libclusapi`. Exports name their string parameters with this alias, never with `u16`
/// directly, so the width is decided here alone.
#[cfg(not(clusim_wchar32))]
pub type WChar = u16;

/// One wide character as it crosses the ABI (`WCHAR` in the header): the platform's
/// 32-bit `wchar_t` (UTF-32) in `libclusapi_wchar32`. Exports name their string
/// parameters with this alias, never with `u32` directly, so the width is decided here
/// alone.
#[cfg(clusim_wchar32)]
pub type WChar = u32;

thread_local! {
    static LAST_ERROR: Cell<u32> = const { Cell::new(0) };
}

/// Sets the calling thread's last error (kernel32's `SetLastError`).
pub(crate) fn set_last_error(code: u32) {
    LAST_ERROR.with(|c| c.set(code));
}

/// The calling thread's last error (kernel32's `GetLastError`).
pub(crate) fn last_error() -> u32 {
    LAST_ERROR.with(|c| c.get())
}

/// Runs an export's body; a panic becomes `on_panic` with the last error set to
/// `ERROR_GEN_FAILURE`, so no unwind ever crosses the C boundary (rule 1).
#[inline(always)]
pub(crate) fn guard<T>(on_panic: T, body: impl FnOnce() -> T) -> T {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(v) => v,
        Err(_) => {
            set_last_error(Win32Error::ERROR_GEN_FAILURE.0);
            on_panic
        }
    }
}

/// `Result<(), Win32Error>` as a DWORD return value.
pub(crate) fn code(r: Result<(), Win32Error>) -> u32 {
    match r {
        Ok(()) => 0,
        Err(e) => e.0,
    }
}

/// Reads a NUL-terminated wide string; `Ok(None)` for NULL. Refuses what is not text
/// (unpaired surrogates; in the 32-bit flavour any unit that is not a Unicode scalar
/// value) and strings longer than [`MAX_INPUT_UNITS`] with `ERROR_INVALID_PARAMETER`.
///
/// # Safety
/// `p` is NULL or points to readable units up to a NUL or [`MAX_INPUT_UNITS`] units,
/// whichever comes first.
pub(crate) unsafe fn read_wstr(p: *const WChar) -> Result<Option<String>, Win32Error> {
    if p.is_null() {
        return Ok(None);
    }
    let mut units = Vec::new();
    loop {
        if units.len() > MAX_INPUT_UNITS {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        // SAFETY: the caller guarantees the units up to the NUL (or the cap checked
        // above) are readable; `units.len()` never passes either.
        let u = unsafe { p.add(units.len()).read_unaligned() };
        if u == 0 {
            break;
        }
        units.push(u);
    }
    crate::wide::decode(&units).map(Some)
}

/// [`read_wstr`] for a parameter that must not be NULL (`ERROR_INVALID_PARAMETER`).
///
/// # Safety
/// As [`read_wstr`].
pub(crate) unsafe fn required_wstr(p: *const WChar) -> Result<String, Win32Error> {
    // SAFETY: forwarded contract.
    unsafe { read_wstr(p) }?.ok_or(Win32Error::ERROR_INVALID_PARAMETER)
}

/// The length of `s` in the flavour's characters (what `*lpcch…` reports).
pub(crate) fn wide_len(s: &str) -> usize {
    crate::wide::len(s)
}

/// What writing a string to a caller's buffer needs: `Ok(())` when it fits.
pub(crate) enum Fit {
    /// Name plus NUL fit in the capacity.
    Fits,
    /// They do not (or the buffer is NULL): `ERROR_MORE_DATA`.
    TooSmall,
}

/// Whether `len` characters plus a NUL fit the buffer described by `buf`/`*cch`. A
/// NULL `buf` is a size query (capacity 0).
///
/// # Safety
/// `cch` is non-NULL and readable.
pub(crate) unsafe fn fits(buf: *const WChar, cch: *const u32, len: usize) -> Fit {
    // SAFETY: the caller guarantees `cch` is readable.
    let cap = if buf.is_null() { 0 } else { (unsafe { cch.read_unaligned() }) as usize };
    if len < cap {
        Fit::Fits
    } else {
        Fit::TooSmall
    }
}

/// The ClusAPI string out-convention: `*cch` holds the capacity in characters including
/// the NUL on input; on success the string and a NUL are written and `*cch` = length
/// excluding the NUL; when it does not fit (or `buf` is NULL, a size query)
/// `ERROR_MORE_DATA` with `*cch` = the length excluding the NUL. `cch` NULL is
/// `ERROR_INVALID_PARAMETER`.
///
/// # Safety
/// `cch` is NULL or readable and writable; `buf` is NULL or writable for `*cch` units.
pub(crate) unsafe fn write_wstr(buf: *mut WChar, cch: *mut u32, s: &str) -> Result<(), Win32Error> {
    if cch.is_null() {
        return Err(Win32Error::ERROR_INVALID_PARAMETER);
    }
    let units = crate::wide::encode(s);
    // SAFETY: `cch` is non-NULL and readable (caller contract).
    let fit = unsafe { fits(buf, cch, units.len()) };
    // SAFETY: `cch` is writable (caller contract).
    unsafe { cch.write_unaligned(units.len() as u32) };
    match fit {
        Fit::TooSmall => Err(Win32Error::ERROR_MORE_DATA),
        Fit::Fits => {
            // SAFETY: `buf` is writable for the capacity, which exceeds `units.len()`.
            unsafe { copy_units(buf, &units) };
            Ok(())
        }
    }
}

/// Copies `units` and a NUL to `buf`.
///
/// # Safety
/// `buf` is writable for `units.len() + 1` units.
pub(crate) unsafe fn copy_units(buf: *mut WChar, units: &[WChar]) {
    for (i, &u) in units.iter().chain(std::iter::once(&0)).enumerate() {
        // SAFETY: `i <= units.len()`, within the caller's guarantee.
        unsafe { buf.add(i).write_unaligned(u) };
    }
}

/// Hands a caller's name buffer of `cap` characters to a simulator call that writes
/// UTF-16 (`get`, e.g. `Backend::get_notify`, returns its answer and, on success, the
/// UTF-16 length it wrote). The answer and the length in the flavour's characters.
///
/// In the 16-bit flavour the simulator writes straight into the caller's buffer. In the
/// 32-bit flavour it writes into a UTF-16 buffer of the same `cap` units, copied out
/// converted: a name that fits in `cap` UTF-16 units fits in `cap` UTF-32 units, so a
/// consumed event never fails to fit; a size the simulator reports as needed is its
/// UTF-16 length, never less than the UTF-32 one (CABI-WCHAR32).
///
/// # Safety
/// `buf` is NULL (then `cap` is 0) or writable for `cap` units, and nothing else refers
/// to it during the call.
pub(crate) unsafe fn sim_name_buffer<T>(
    buf: *mut WChar,
    cap: usize,
    get: impl FnOnce(&mut [u16]) -> (T, Option<usize>),
) -> (T, Option<usize>) {
    let mut empty: [WChar; 0] = [];
    let caller: &mut [WChar] = if cap == 0 || buf.is_null() {
        &mut empty
    } else {
        // SAFETY: writable for `cap` units, not aliased (caller contract).
        unsafe { std::slice::from_raw_parts_mut(buf, cap) }
    };
    #[cfg(not(clusim_wchar32))]
    return get(caller);
    #[cfg(clusim_wchar32)]
    {
        let mut units = vec![0u16; caller.len()];
        let (answer, written) = get(&mut units);
        let Some(n) = written else { return (answer, None) };
        let wide: Vec<WChar> =
            char::decode_utf16(units[..n].iter().copied()).map(|r| r.map_or(0xFFFD, WChar::from)).collect();
        for (slot, u) in caller.iter_mut().zip(wide.iter().copied().chain(std::iter::once(0))) {
            *slot = u;
        }
        (answer, Some(wide.len()))
    }
}

/// The control-code out-convention: `data` goes to `out` when it fits in `cap` bytes
/// (`ERROR_SUCCESS`), else `ERROR_MORE_DATA`; either way `*returned` (when not NULL)
/// receives `data.len()`. A NULL `out` is a size query (capacity 0).
///
/// # Safety
/// `out` is NULL or writable for `cap` bytes; `returned` is NULL or writable.
pub(crate) unsafe fn write_bytes(
    out: *mut c_void,
    cap: u32,
    returned: *mut u32,
    data: &[u8],
) -> Result<(), Win32Error> {
    let cap = if out.is_null() { 0 } else { cap as usize };
    if !returned.is_null() {
        // SAFETY: non-NULL `returned` is writable (caller contract).
        unsafe { returned.write_unaligned(data.len() as u32) };
    }
    if data.len() > cap {
        return Err(Win32Error::ERROR_MORE_DATA);
    }
    if !data.is_empty() {
        // SAFETY: `out` is writable for `cap >= data.len()` bytes and cannot overlap
        // our freshly built `data`.
        unsafe { std::ptr::copy_nonoverlapping(data.as_ptr(), out.cast::<u8>(), data.len()) };
    }
    Ok(())
}

/// Reads `len` bytes from a caller's input buffer; NULL or empty gives `None`.
///
/// # Safety
/// `p` is NULL or readable for `len` bytes.
pub(crate) unsafe fn read_bytes(p: *const c_void, len: u32) -> Option<Vec<u8>> {
    if p.is_null() || len == 0 {
        return None;
    }
    // SAFETY: readable for `len` bytes (caller contract); copied out at once.
    Some(unsafe { std::slice::from_raw_parts(p.cast::<u8>(), len as usize) }.to_vec())
}

/// Writes a value through an out-pointer that the caller may pass as NULL.
///
/// # Safety
/// `p` is NULL or writable.
pub(crate) unsafe fn put<T>(p: *mut T, v: T) {
    if !p.is_null() {
        // SAFETY: non-NULL `p` is writable (caller contract).
        unsafe { p.write_unaligned(v) };
    }
}

/// Reads `n` handle values from a caller's array.
///
/// # Safety
/// `p` is non-NULL and readable for `n` pointers.
pub(crate) unsafe fn read_handles(p: *const *mut c_void, n: usize) -> Vec<usize> {
    // SAFETY: readable for `n` pointers (caller contract); copied out at once.
    (0..n).map(|i| unsafe { p.add(i).read_unaligned() } as usize).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_body_returns_the_fallback_and_gen_failure() {
        set_last_error(0);
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let v = guard(7u32, || -> u32 { panic!("boom") });
        std::panic::set_hook(prev);
        assert_eq!(v, 7);
        assert_eq!(last_error(), Win32Error::ERROR_GEN_FAILURE.0);
    }

    #[test]
    fn last_error_is_per_thread() {
        set_last_error(5);
        std::thread::spawn(|| {
            assert_eq!(last_error(), 0);
            set_last_error(9);
        })
        .join()
        .unwrap();
        assert_eq!(last_error(), 5);
    }

    #[test]
    fn strings_round_trip_and_size_queries_report_the_length() {
        let mut cch = 0u32;
        // SAFETY: valid pointers to locals.
        let r = unsafe { write_wstr(std::ptr::null_mut(), &mut cch, "abc") };
        assert_eq!((r, cch), (Err(Win32Error::ERROR_MORE_DATA), 3));
        let mut buf: [WChar; 4] = [0xFFFF; 4];
        cch = 3;
        // SAFETY: `buf` holds 4 units, more than the capacity given.
        let r = unsafe { write_wstr(buf.as_mut_ptr(), &mut cch, "abc") };
        assert_eq!((r, cch, buf[0]), (Err(Win32Error::ERROR_MORE_DATA), 3, 0xFFFF));
        cch = 4;
        // SAFETY: as above.
        let r = unsafe { write_wstr(buf.as_mut_ptr(), &mut cch, "abc") };
        assert_eq!((r, cch), (Ok(()), 3));
        // SAFETY: `buf` is NUL-terminated now.
        assert_eq!(unsafe { read_wstr(buf.as_ptr()) }, Ok(Some("abc".to_string())));
        let lone: [WChar; 2] = [0xD800, 0];
        // SAFETY: NUL-terminated local.
        assert_eq!(unsafe { read_wstr(lone.as_ptr()) }, Err(Win32Error::ERROR_INVALID_PARAMETER));
    }
}
