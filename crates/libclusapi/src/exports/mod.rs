//! The exported functions, with the names and signatures of `clusapi.h`.
//!
//! Every export: (1) runs inside the panic guard; (2) checks its primary handle first
//! (`ERROR_INVALID_HANDLE`), then its other arguments (`ERROR_INVALID_PARAMETER`), then
//! calls the simulator; (3) reports failure through the documented channel — the DWORD
//! it returns, or NULL / FALSE / `…StateUnknown` plus the thread's last error. DWORD
//! returning functions leave the last error alone. spec/c-abi.md has the table.

use crate::ffi::set_last_error;
use crate::global::sim;
use crate::types::*;
use clusim_api::{ObjectKind, RawHandle, Result, Win32Error};
use std::ffi::c_void;

/// Defines one export: `#[no_mangle] extern "system"`, the panic guard, the safety
/// contract.
macro_rules! export {
    (
        $(#[doc = $doc:expr])+
        fn $name:ident($($arg:ident : $ty:ty),* $(,)?) -> $ret:ty;
        on_panic = $fallback:expr;
        $body:block
    ) => {
        $(#[doc = $doc])+
        ///
        /// # Safety
        ///
        /// Every pointer argument is NULL or valid for what the ClusAPI documentation says
        /// the function reads or writes through it (spec/c-abi.md). Handle arguments may
        /// hold any value: they are looked up, never dereferenced.
        #[no_mangle]
        #[allow(non_snake_case)]
        pub unsafe extern "system" fn $name($($arg: $ty),*) -> $ret {
            $crate::ffi::guard($fallback, move || $body)
        }
    };
}

mod batches;
mod clusim;
mod cluster;
mod control;
mod drain;
mod enum_ex;
mod kernel32;
mod networks;
mod notify;
mod notify_v2;
mod objects;
mod ops_ex;
mod registry;
pub(crate) mod sim_script;

pub use batches::*;
pub use clusim::*;
pub use cluster::*;
pub use control::*;
pub use drain::*;
pub use enum_ex::*;
pub use kernel32::*;
pub use networks::*;
pub use notify::*;
pub use notify_v2::*;
pub use objects::*;
pub use ops_ex::*;
pub use registry::*;
pub use sim_script::*;

/// A handle argument as the simulator's raw value.
pub(crate) fn raw(h: *mut c_void) -> RawHandle {
    RawHandle(h as usize)
}

/// A raw simulator value as a C handle.
pub(crate) fn handle(r: RawHandle) -> *mut c_void {
    r.0 as *mut c_void
}

/// `ERROR_INVALID_HANDLE` unless `h` is an open simulator handle of `kind`.
pub(crate) fn expect(h: *mut c_void, kind: ObjectKind) -> Result<RawHandle> {
    let r = raw(h);
    match sim().handle_kind(r) {
        Some(k) if k == kind => Ok(r),
        _ => Err(Win32Error::ERROR_INVALID_HANDLE),
    }
}

/// A handle-returning function's answer: the handle, or NULL with the last error set.
pub(crate) fn ret_handle(r: Result<RawHandle>) -> *mut c_void {
    match r {
        Ok(h) => handle(h),
        Err(e) => {
            set_last_error(e.0);
            std::ptr::null_mut()
        }
    }
}

/// A BOOL-returning function's answer: TRUE, or FALSE with the last error set.
pub(crate) fn ret_bool(r: Result<()>) -> BOOL {
    match r {
        Ok(()) => TRUE,
        Err(e) => {
            set_last_error(e.0);
            FALSE
        }
    }
}

/// A state-returning function's answer: the state, or `…StateUnknown` (-1) with the
/// last error set.
pub(crate) fn ret_state(r: Result<i32>) -> i32 {
    match r {
        Ok(s) => s,
        Err(e) => {
            set_last_error(e.0);
            -1
        }
    }
}
