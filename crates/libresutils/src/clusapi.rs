//! The libclusapi exports this library calls, as resutils.dll calls clusapi.dll and
//! kernel32.dll: resolved at link or load time against `libclusapi`, so handles, the
//! simulated clusters and the `LocalAlloc` allocator are libclusapi's own (a string
//! this library hands out is freed with libclusapi's `LocalFree`).

use crate::wide::{self, WChar};
use clusim_api::Win32Error;
use std::ffi::c_void;

/// An opaque ClusAPI handle (`HCLUSTER`, `HRESOURCE`, `HKEY`, …).
pub type Handle = *mut c_void;

#[allow(non_snake_case, missing_docs)]
extern "system" {
    pub fn LocalAlloc(uFlags: u32, uBytes: usize) -> *mut c_void;
    pub fn LocalFree(hMem: *mut c_void) -> *mut c_void;
    pub fn SetLastError(dwErrCode: u32);
    pub fn GetLastError() -> u32;
    pub fn OpenCluster(lpszClusterName: *const WChar) -> Handle;
    pub fn CloseCluster(hCluster: Handle) -> i32;
    pub fn ClusterOpenEnum(hCluster: Handle, dwType: u32) -> Handle;
    pub fn ClusterEnum(
        hEnum: Handle,
        dwIndex: u32,
        lpdwType: *mut u32,
        lpszName: *mut WChar,
        lpcchName: *mut u32,
    ) -> u32;
    pub fn ClusterCloseEnum(hEnum: Handle) -> u32;
    pub fn OpenClusterResource(hCluster: Handle, lpszResourceName: *const WChar) -> Handle;
    pub fn CloseClusterResource(hResource: Handle) -> i32;
    pub fn ClusterResourceOpenEnum(hResource: Handle, dwType: u32) -> Handle;
    pub fn ClusterResourceEnum(
        hResEnum: Handle,
        dwIndex: u32,
        lpdwType: *mut u32,
        lpszName: *mut WChar,
        lpcchName: *mut u32,
    ) -> u32;
    pub fn ClusterResourceCloseEnum(hResEnum: Handle) -> u32;
    pub fn ClusterResourceControl(
        hResource: Handle,
        hHostNode: Handle,
        dwControlCode: u32,
        lpInBuffer: *const c_void,
        nInBufferSize: u32,
        lpOutBuffer: *mut c_void,
        nOutBufferSize: u32,
        lpBytesReturned: *mut u32,
    ) -> u32;
    pub fn ClusterRegOpenKey(
        hKey: Handle,
        lpszSubKey: *const WChar,
        samDesired: u32,
        phkResult: *mut Handle,
    ) -> i32;
    pub fn ClusterRegCloseKey(hKey: Handle) -> i32;
    pub fn ClusterRegQueryValue(
        hKey: Handle,
        lpszValueName: *const WChar,
        lpdwValueType: *mut u32,
        lpData: *mut u8,
        lpcbData: *mut u32,
    ) -> i32;
    pub fn ClusterRegEnumValue(
        hKey: Handle,
        dwIndex: u32,
        lpszValueName: *mut WChar,
        lpcchValueName: *mut u32,
        lpdwType: *mut u32,
        lpData: *mut u8,
        lpcbData: *mut u32,
    ) -> u32;
}

const MORE_DATA: u32 = Win32Error::ERROR_MORE_DATA.0;
/// `KEY_READ`.
pub const KEY_READ: u32 = 0x0002_0019;
/// `CLUSTER_ENUM_RESOURCE`.
pub const CLUSTER_ENUM_RESOURCE: u32 = 0x4;
/// `CLUSTER_RESOURCE_ENUM_DEPENDS`.
pub const CLUSTER_RESOURCE_ENUM_DEPENDS: u32 = 0x1;
/// `CLUSCTL_RESOURCE_GET_NAME`.
pub const CLUSCTL_RESOURCE_GET_NAME: u32 = 0x0100_0029;
/// `CLUSCTL_RESOURCE_GET_RESOURCE_TYPE`.
pub const CLUSCTL_RESOURCE_GET_RESOURCE_TYPE: u32 = 0x0100_002D;

/// A copy of `bytes` in a `LocalAlloc` block (libclusapi's allocator).
pub(crate) fn local_copy(bytes: &[u8]) -> Result<*mut c_void, Win32Error> {
    // SAFETY: LocalAlloc takes any flags and size; LMEM_FIXED.
    let p = unsafe { LocalAlloc(0, bytes.len().max(1)) };
    if p.is_null() {
        return Err(Win32Error::ERROR_NOT_ENOUGH_MEMORY);
    }
    // SAFETY: `p` is a fresh block of at least `bytes.len()` bytes.
    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), p.cast::<u8>(), bytes.len()) };
    Ok(p)
}

/// Enumerates names by the ClusAPI enumeration convention (`ERROR_MORE_DATA` with the
/// length needed, `ERROR_NO_MORE_ITEMS` at the end).
pub(crate) fn enum_names(
    mut item: impl FnMut(u32, *mut WChar, *mut u32) -> u32,
) -> Result<Vec<String>, Win32Error> {
    let mut names = Vec::new();
    let mut buf = vec![0 as WChar; 64];
    let mut i = 0;
    loop {
        let mut cch = buf.len() as u32;
        match item(i, buf.as_mut_ptr(), &mut cch) {
            0 => {
                names.push(wide::text(&buf[..(cch as usize).min(buf.len())]));
                i += 1;
            }
            MORE_DATA => buf.resize((cch as usize + 1).max(buf.len() * 2), 0),
            259 => return Ok(names),
            e => return Err(Win32Error(e)),
        }
    }
}

/// A string answer of `ClusterResourceControl` (GET_NAME, GET_RESOURCE_TYPE).
pub(crate) fn resource_text(h: Handle, code: u32) -> Result<String, Win32Error> {
    let mut buf = vec![0u8; 128];
    loop {
        let mut ret = 0u32;
        // SAFETY: `buf` is writable for its length; the handle is checked by libclusapi.
        let rc = unsafe {
            ClusterResourceControl(
                h,
                std::ptr::null_mut(),
                code,
                std::ptr::null(),
                0,
                buf.as_mut_ptr().cast(),
                buf.len() as u32,
                &mut ret,
            )
        };
        match rc {
            0 => return Ok(wide::from_bytes(&buf[..(ret as usize).min(buf.len())])),
            MORE_DATA => buf.resize((ret as usize).max(buf.len() * 2), 0),
            e => return Err(Win32Error(e)),
        }
    }
}

/// The type and data of a value of a database key; `Ok(None)` when it does not exist.
pub(crate) fn query_value(key: Handle, name: &str) -> Result<Option<(u32, Vec<u8>)>, Win32Error> {
    let wname = wide::units_z(name);
    let mut data = vec![0u8; 64];
    loop {
        let (mut ty, mut cb) = (0u32, data.len() as u32);
        // SAFETY: `data` is writable for `cb` bytes; `wname` is NUL-terminated.
        let rc =
            unsafe { ClusterRegQueryValue(key, wname.as_ptr(), &mut ty, data.as_mut_ptr(), &mut cb) } as u32;
        match rc {
            0 => {
                data.truncate(cb as usize);
                return Ok(Some((ty, data)));
            }
            MORE_DATA => data.resize((cb as usize).max(data.len() * 2), 0),
            2 => return Ok(None), // ERROR_FILE_NOT_FOUND
            e => return Err(Win32Error(e)),
        }
    }
}

/// Every value of a key, in its order: (name, type, data).
pub(crate) fn enum_values(key: Handle) -> Result<Vec<(String, u32, Vec<u8>)>, Win32Error> {
    let mut out = Vec::new();
    let (mut name, mut data) = (vec![0 as WChar; 64], vec![0u8; 64]);
    let mut i = 0;
    loop {
        let (mut cch, mut ty, mut cb) = (name.len() as u32, 0u32, data.len() as u32);
        // SAFETY: both buffers writable for the sizes passed.
        let rc = unsafe {
            ClusterRegEnumValue(key, i, name.as_mut_ptr(), &mut cch, &mut ty, data.as_mut_ptr(), &mut cb)
        };
        match rc {
            0 => {
                let n = wide::text(&name[..(cch as usize).min(name.len())]);
                out.push((n, ty, data[..(cb as usize).min(data.len())].to_vec()));
                i += 1;
            }
            MORE_DATA => {
                name.resize((name.len() * 2).max(cch as usize + 1), 0);
                data.resize((data.len() * 2).max(cb as usize), 0);
            }
            259 => return Ok(out),
            e => return Err(Win32Error(e)),
        }
    }
}
