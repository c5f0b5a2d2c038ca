//! kernel32's last-error pair, per thread, as on Windows, and the few other kernel32
//! functions Microsoft's ClusAPI samples call (`LocalAlloc`, `LocalFree`, `Sleep`; declared
//! in the `windows.h` stand-in).

use crate::ffi;
use crate::local;
use std::ffi::c_void;

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

export! {
    /// `LocalAlloc` (the part Microsoft's ClusAPI samples use): `LMEM_FIXED`, optionally
    /// with `LMEM_ZEROINIT` (`LPTR`), gives the address of `uBytes` bytes; any other flag
    /// (`LMEM_MOVEABLE`, …) gives NULL with `ERROR_INVALID_PARAMETER`, exhausted memory
    /// NULL with `ERROR_NOT_ENOUGH_MEMORY`. spec/c-abi.md, "windows.h".
    fn LocalAlloc(uFlags: u32, uBytes: usize) -> *mut c_void;
    on_panic = std::ptr::null_mut();
    {
        match local::alloc(uFlags, uBytes) {
            Ok(p) => p,
            Err(e) => {
                ffi::set_last_error(e.0);
                std::ptr::null_mut()
            }
        }
    }
}

export! {
    /// `LocalFree`: frees what `LocalAlloc` returned and answers NULL (NULL too for a NULL
    /// argument); for any other pointer — never allocated, or already freed — it frees
    /// nothing and answers the pointer with `ERROR_INVALID_HANDLE`, as Windows does.
    fn LocalFree(hMem: *mut c_void) -> *mut c_void;
    on_panic = hMem;
    {
        match local::free(hMem) {
            Ok(()) => std::ptr::null_mut(),
            Err(e) => {
                ffi::set_last_error(e.0);
                hMem
            }
        }
    }
}

export! {
    /// `Sleep`: suspends the calling thread for `dwMilliseconds` of real time (the
    /// library's simulator runs on the real clock); `INFINITE` never returns.
    fn Sleep(dwMilliseconds: u32) -> ();
    on_panic = ();
    {
        loop {
            std::thread::sleep(std::time::Duration::from_millis(u64::from(dwMilliseconds)));
            if dwMilliseconds != u32::MAX {
                break;
            }
        }
    }
}
