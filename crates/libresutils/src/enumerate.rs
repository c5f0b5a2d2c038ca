//! `ResUtilEnumResources` and `ResUtilGetResourceDependency`. Both work on the local
//! cluster, as on a node (`OpenCluster(NULL)`: libclusapi's default cluster); resource
//! types compare case-insensitively.

use crate::clusapi::*;
use crate::ffi::{export, guard};
use crate::wide::{self, WChar};
use clusim_api::Win32Error;
use std::ffi::c_void;

/// `LPRESOURCE_CALLBACK`.
pub type ResourceCallback = Option<unsafe extern "system" fn(Handle, Handle, *mut c_void) -> u32>;

/// The local cluster, closed on drop.
struct Local(Handle);

impl Local {
    fn open() -> Result<Local, Win32Error> {
        // SAFETY: NULL asks for the local cluster.
        let h = unsafe { OpenCluster(std::ptr::null()) };
        if h.is_null() {
            // SAFETY: no arguments.
            return Err(Win32Error(unsafe { GetLastError() }));
        }
        Ok(Local(h))
    }

    /// Opens a resource of this cluster by name.
    fn resource(&self, name: &str) -> Result<Handle, Win32Error> {
        let w = wide::units_z(name);
        // SAFETY: open cluster handle, NUL-terminated name.
        let h = unsafe { OpenClusterResource(self.0, w.as_ptr()) };
        if h.is_null() {
            // SAFETY: no arguments.
            return Err(Win32Error(unsafe { GetLastError() }));
        }
        Ok(h)
    }
}

impl Drop for Local {
    fn drop(&mut self) {
        // SAFETY: opened by `open`, closed once.
        unsafe { CloseCluster(self.0) };
    }
}

/// Whether resource `h` has type `want` (any type when `None`).
fn of_type(h: Handle, want: Option<&str>) -> Result<bool, Win32Error> {
    match want {
        None => Ok(true),
        Some(t) => Ok(resource_text(h, CLUSCTL_RESOURCE_GET_RESOURCE_TYPE)?.eq_ignore_ascii_case(t)),
    }
}

export! {
    /// `ResUtilEnumResources`: calls `pResCallBack(hSelf, hEnum, pParameter)` for every
    /// resource of the local cluster (of type `lpszResTypeName` when not NULL) but
    /// `hSelf`; `hEnum` is opened and closed around the call. A callback's non-zero
    /// return stops the enumeration and is returned, except `ERROR_NO_MORE_ITEMS`, which
    /// stops it with `ERROR_SUCCESS`. A NULL callback is `ERROR_INVALID_PARAMETER`.
    fn ResUtilEnumResources(
        hSelf: Handle,
        lpszResTypeName: *const WChar,
        pResCallBack: ResourceCallback,
        pParameter: *mut c_void,
    ) -> u32;
    {
        // SAFETY: NULL or NUL-terminated (caller contract).
        let want = unsafe { wide::read(lpszResTypeName) }?;
        let callback = pResCallBack.ok_or(Win32Error::ERROR_INVALID_PARAMETER)?;
        let me = if hSelf.is_null() { None } else { Some(resource_text(hSelf, CLUSCTL_RESOURCE_GET_NAME)?) };
        let cluster = Local::open()?;
        // SAFETY: open cluster handle.
        let e = unsafe { ClusterOpenEnum(cluster.0, CLUSTER_ENUM_RESOURCE) };
        if e.is_null() {
            // SAFETY: no arguments.
            return Err(Win32Error(unsafe { GetLastError() }));
        }
        // SAFETY: `e` is open; buffers are `enum_names`'.
        let names = enum_names(|i, b, n| unsafe { ClusterEnum(e, i, &mut 0, b, n) });
        // SAFETY: opened above.
        unsafe { ClusterCloseEnum(e) };
        for name in names? {
            if me.as_deref().is_some_and(|m| m.eq_ignore_ascii_case(&name)) {
                continue;
            }
            let h = cluster.resource(&name)?;
            let rc = match of_type(h, want.as_deref()) {
                // SAFETY: the caller's callback, with the documented arguments.
                Ok(true) => unsafe { callback(hSelf, h, pParameter) },
                Ok(false) => 0,
                Err(e) => e.0,
            };
            // SAFETY: opened above, closed once.
            unsafe { CloseClusterResource(h) };
            match rc {
                0 => {}
                259 => return Ok(()),
                rc => return Err(Win32Error(rc)),
            }
        }
        Ok(())
    }
}

/// The first dependency of `me` whose type is `want`, opened.
fn dependency(me: Handle, want: &str) -> Result<Handle, Win32Error> {
    // SAFETY: libclusapi checks the handle.
    let e = unsafe { ClusterResourceOpenEnum(me, CLUSTER_RESOURCE_ENUM_DEPENDS) };
    if e.is_null() {
        // SAFETY: no arguments.
        return Err(Win32Error(unsafe { GetLastError() }));
    }
    // SAFETY: `e` is open; buffers are `enum_names`'.
    let names = enum_names(|i, b, n| unsafe { ClusterResourceEnum(e, i, &mut 0, b, n) });
    // SAFETY: opened above.
    unsafe { ClusterResourceCloseEnum(e) };
    let cluster = Local::open()?;
    for name in names? {
        let h = cluster.resource(&name)?;
        if of_type(h, Some(want))? {
            return Ok(h);
        }
        // SAFETY: opened above, closed once.
        unsafe { CloseClusterResource(h) };
    }
    Err(Win32Error::ERROR_RESOURCE_NOT_FOUND)
}

/// `ResUtilGetResourceDependency`: a handle (close it with `CloseClusterResource`) to
/// the first resource `hSelf` depends on whose type is `lpszResourceType`; NULL with
/// the last error set otherwise (`ERROR_RESOURCE_NOT_FOUND` when none has the type,
/// `ERROR_INVALID_PARAMETER` for a NULL type, `ERROR_INVALID_HANDLE` for a bad handle).
///
/// # Safety
///
/// `lpszResourceType` is NULL or NUL-terminated; `hSelf` may hold any value.
#[no_mangle]
#[allow(non_snake_case)]
pub unsafe extern "system" fn ResUtilGetResourceDependency(
    hSelf: Handle,
    lpszResourceType: *const WChar,
) -> Handle {
    let r = guard(|| {
        // SAFETY: NULL or NUL-terminated (caller contract).
        let want = unsafe { wide::read(lpszResourceType) }?.ok_or(Win32Error::ERROR_INVALID_PARAMETER)?;
        dependency(hSelf, &want)
    });
    match r {
        Ok(h) => {
            // SAFETY: no pointers.
            unsafe { SetLastError(0) };
            h
        }
        Err(e) => {
            // SAFETY: no pointers.
            unsafe { SetLastError(e.0) };
            std::ptr::null_mut()
        }
    }
}
