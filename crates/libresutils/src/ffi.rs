//! The boundary helpers every export uses: the panic guard and writes through caller
//! pointers.

use clusim_api::Win32Error;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Defines an export returning a Win32 code: the body gives `Result<(), Win32Error>`;
/// a panic becomes `ERROR_GEN_FAILURE`, so no unwind crosses the C boundary.
macro_rules! export {
    (
        $(#[doc = $doc:expr])+
        fn $name:ident($($arg:ident : $ty:ty),* $(,)?) -> u32;
        $body:block
    ) => {
        $(#[doc = $doc])+
        ///
        /// # Safety
        ///
        /// Every pointer argument is NULL or valid for what the resutils documentation
        /// says the function reads or writes through it.
        #[no_mangle]
        #[allow(non_snake_case)]
        pub unsafe extern "system" fn $name($($arg: $ty),*) -> u32 {
            $crate::ffi::code($crate::ffi::guard(move || -> Result<(), clusim_api::Win32Error> { $body }))
        }
    };
}
pub(crate) use export;

/// Runs an export's body; a panic is `ERROR_GEN_FAILURE`.
pub(crate) fn guard<T>(body: impl FnOnce() -> Result<T, Win32Error>) -> Result<T, Win32Error> {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(Err(Win32Error::ERROR_GEN_FAILURE))
}

/// A result as a DWORD return value.
pub(crate) fn code(r: Result<(), Win32Error>) -> u32 {
    match r {
        Ok(()) => 0,
        Err(e) => e.0,
    }
}

/// Writes `v` through `p` unless it is NULL.
///
/// # Safety
/// `p` is NULL or writable for a `T`.
pub(crate) unsafe fn put<T>(p: *mut T, v: T) {
    if !p.is_null() {
        // SAFETY: non-NULL and writable (caller contract).
        unsafe { p.write_unaligned(v) };
    }
}
