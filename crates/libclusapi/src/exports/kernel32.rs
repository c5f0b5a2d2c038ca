//! kernel32's last-error pair, per thread, as on Windows.

use crate::ffi;

export! {
    /// `GetLastError`: the calling thread's last error, set by the functions that report
    /// failure through it (NULL handles, FALSE, `…StateUnknown`, an enumeration count of
    /// 0). 0 in a thread that has seen no failure.
    fn GetLastError() -> u32;
    on_panic = 0;
    { ffi::last_error() }
}

export! {
    /// `SetLastError`: sets the calling thread's last error.
    fn SetLastError(dwErrCode: u32) -> ();
    on_panic = ();
    { ffi::set_last_error(dwErrCode) }
}
