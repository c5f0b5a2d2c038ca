//! Which control codes each object kind has, and which `Cluster<Object>Control`
//! function takes its handle. Public: libclusapi's tests drive the C exports with the
//! same table and dispatch.

use clusim_api::{ObjectHandle, Win32Error};
use std::ffi::c_void;
use windows_sys::Win32::Networking::Clustering::*;

/// The object-specific control codes of an object kind: GET/SET common, GET/SET private,
/// GET_NAME, GET_ID (0 where the kind has none), as `windows-sys` spells them.
pub fn control_codes(object: ObjectHandle) -> [u32; 6] {
    // windows-sys spells the codes as `i32` enum values; the functions take a DWORD.
    let codes: [i32; 6] = match object {
        ObjectHandle::Cluster(_) => [
            CLUSCTL_CLUSTER_GET_COMMON_PROPERTIES,
            CLUSCTL_CLUSTER_SET_COMMON_PROPERTIES,
            CLUSCTL_CLUSTER_GET_PRIVATE_PROPERTIES,
            CLUSCTL_CLUSTER_SET_PRIVATE_PROPERTIES,
            0,
            0,
        ],
        ObjectHandle::Node(_) => [
            CLUSCTL_NODE_GET_COMMON_PROPERTIES,
            CLUSCTL_NODE_SET_COMMON_PROPERTIES,
            CLUSCTL_NODE_GET_PRIVATE_PROPERTIES,
            CLUSCTL_NODE_SET_PRIVATE_PROPERTIES,
            CLUSCTL_NODE_GET_NAME,
            CLUSCTL_NODE_GET_ID,
        ],
        ObjectHandle::Group(_) => [
            CLUSCTL_GROUP_GET_COMMON_PROPERTIES,
            CLUSCTL_GROUP_SET_COMMON_PROPERTIES,
            CLUSCTL_GROUP_GET_PRIVATE_PROPERTIES,
            CLUSCTL_GROUP_SET_PRIVATE_PROPERTIES,
            CLUSCTL_GROUP_GET_NAME,
            CLUSCTL_GROUP_GET_ID,
        ],
        ObjectHandle::Resource(_) => [
            CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES,
            CLUSCTL_RESOURCE_SET_COMMON_PROPERTIES,
            CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES,
            CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES,
            CLUSCTL_RESOURCE_GET_NAME,
            CLUSCTL_RESOURCE_GET_ID,
        ],
        ObjectHandle::Network(_) => [
            CLUSCTL_NETWORK_GET_COMMON_PROPERTIES,
            CLUSCTL_NETWORK_SET_COMMON_PROPERTIES,
            CLUSCTL_NETWORK_GET_PRIVATE_PROPERTIES,
            CLUSCTL_NETWORK_SET_PRIVATE_PROPERTIES,
            CLUSCTL_NETWORK_GET_NAME,
            CLUSCTL_NETWORK_GET_ID,
        ],
        ObjectHandle::NetInterface(_) => [
            CLUSCTL_NETINTERFACE_GET_COMMON_PROPERTIES,
            CLUSCTL_NETINTERFACE_SET_COMMON_PROPERTIES,
            CLUSCTL_NETINTERFACE_GET_PRIVATE_PROPERTIES,
            CLUSCTL_NETINTERFACE_SET_PRIVATE_PROPERTIES,
            CLUSCTL_NETINTERFACE_GET_NAME,
            CLUSCTL_NETINTERFACE_GET_ID,
        ],
        ObjectHandle::Key(_) => [0; 6],
    };
    codes.map(|c| c as u32)
}

/// `Cluster<Object>Control` for any object handle (already checked), no host node; a key
/// handle has no control function (`ERROR_INVALID_HANDLE`).
///
/// # Safety
/// `inb` is readable for `inlen` bytes; `out` writable for `outlen` bytes. Against
/// clusapi.dll, which does not validate handles, `h` must also be an open handle of the
/// kind `object` names (libclusapi answers any other value with an error code).
#[allow(clippy::too_many_arguments)]
pub unsafe fn control(
    object: ObjectHandle,
    h: isize,
    code: u32,
    inb: *const c_void,
    inlen: u32,
    out: *mut c_void,
    outlen: u32,
    ret: *mut u32,
) -> u32 {
    // SAFETY: forwarded caller contract (buffers, and `h` where ClusAPI does not check it).
    unsafe {
        match object {
            ObjectHandle::Cluster(_) => ClusterControl(h, 0, code, inb, inlen, out, outlen, ret),
            ObjectHandle::Node(_) => ClusterNodeControl(h, 0, code, inb, inlen, out, outlen, ret),
            ObjectHandle::Group(_) => ClusterGroupControl(h, 0, code, inb, inlen, out, outlen, ret),
            ObjectHandle::Resource(_) => ClusterResourceControl(h, 0, code, inb, inlen, out, outlen, ret),
            ObjectHandle::Network(_) => ClusterNetworkControl(h, 0, code, inb, inlen, out, outlen, ret),
            ObjectHandle::NetInterface(_) => {
                ClusterNetInterfaceControl(h, 0, code, inb, inlen, out, outlen, ret)
            }
            ObjectHandle::Key(_) => Win32Error::ERROR_INVALID_HANDLE.0,
        }
    }
}
