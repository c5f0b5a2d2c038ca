//! ClusAPI's ways of reporting failure, as [`Result`]s: a `DWORD` or `LONG` return code,
//! or a `BOOL`, `-1` state or NULL handle with the code in the thread's last error.

use clusim_api::{Result, Win32Error};
use windows_sys::Win32::Foundation::GetLastError;

/// The calling thread's last error, as ClusAPI left it.
pub(crate) fn last_error() -> Win32Error {
    // SAFETY: no arguments; reads the calling thread's last error.
    Win32Error(unsafe { GetLastError() })
}

/// `Ok` for a `TRUE` `BOOL`, else the thread's last error.
pub(crate) fn bool_or_gle(b: windows_sys::core::BOOL) -> Result<()> {
    if b != 0 {
        Ok(())
    } else {
        Err(last_error())
    }
}

/// A `Get…State` answer: the state, or for `-1` (`…_STATE_UNKNOWN`) the last error.
pub(crate) fn state_or_gle(s: i32) -> Result<i32> {
    if s == -1 {
        Err(last_error())
    } else {
        Ok(s)
    }
}

/// `Ok` for `ERROR_SUCCESS`, else the code.
pub(crate) fn rc(code: u32) -> Result<()> {
    if code == 0 {
        Ok(())
    } else {
        Err(Win32Error(code))
    }
}

/// [`rc`] for the registry functions' `LONG`.
pub(crate) fn lrc(code: i32) -> Result<()> {
    rc(code as u32)
}
