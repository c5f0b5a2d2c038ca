//! Shared by the Rust test suites of the C library: the exports seen through
//! `windows-sys`'s declarations (which, off Windows, carry no link attribute and so
//! resolve to this crate's `#[no_mangle]` symbols), and a [`Backend`] built on them.

#![allow(dead_code)]

use clusapi as _; // links the exports
use clusapi::types as t;
use clusim_api::enums::EnumEntry;
use clusim_api::proplist;
use clusim_api::*;
use std::ffi::c_void;
use std::sync::atomic::{AtomicUsize, Ordering};
use windows_sys::Win32::Foundation::{GetLastError, SetLastError, INVALID_HANDLE_VALUE};
use windows_sys::Win32::Networking::Clustering::*;

/// A NUL-terminated UTF-16 copy of `s`.
pub fn w(s: &str) -> Vec<u16> {
    s.encode_utf16().chain(std::iter::once(0)).collect()
}

/// A cluster name no other test uses.
pub fn fresh_cluster(prefix: &str) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    format!("{prefix}-{}", N.fetch_add(1, Ordering::Relaxed))
}

/// The last error as a `Win32Error`.
pub fn gle() -> Win32Error {
    // SAFETY: no arguments; reads the thread's last error.
    Win32Error(unsafe { GetLastError() })
}

/// Sets the last error (to tell "unchanged" from "set").
pub fn sle(v: u32) {
    // SAFETY: no pointers.
    unsafe { SetLastError(v) }
}

fn wide(s: &str) -> Result<Vec<u16>> {
    // A C string cannot carry a NUL inside: the name is invalid before it gets there.
    if s.contains('\0') {
        return Err(Win32Error::ERROR_INVALID_PARAMETER);
    }
    Ok(w(s))
}

fn rc(code: u32) -> Result<()> {
    if code == 0 {
        Ok(())
    } else {
        Err(Win32Error(code))
    }
}

fn h_or_gle(h: isize) -> Result<RawHandle> {
    if h == 0 {
        Err(gle())
    } else {
        Ok(RawHandle(h as usize))
    }
}

fn bool_or_gle(b: windows_sys::core::BOOL) -> Result<()> {
    if b != 0 {
        Ok(())
    } else {
        Err(gle())
    }
}

fn hv(h: RawHandle) -> isize {
    h.0 as isize
}

/// Reads a string with the documented negotiation: try, grow on `ERROR_MORE_DATA`.
pub fn read_string(mut f: impl FnMut(*mut u16, *mut u32) -> u32) -> Result<String> {
    let mut buf = vec![0u16; 8];
    loop {
        let mut cch = buf.len() as u32;
        match f(buf.as_mut_ptr(), &mut cch) {
            0 => return Ok(String::from_utf16_lossy(&buf[..cch as usize])),
            234 => buf.resize(cch as usize + 1, 0),
            e => return Err(Win32Error(e)),
        }
    }
}

/// Reads a control's output with the documented negotiation (size query first).
pub fn read_control(mut f: impl FnMut(*mut c_void, u32, *mut u32) -> u32) -> Result<Vec<u8>> {
    let mut needed = 0u32;
    match f(std::ptr::null_mut(), 0, &mut needed) {
        0 => return Ok(Vec::new()),
        234 => {}
        e => return Err(Win32Error(e)),
    }
    let mut buf = vec![0u8; needed as usize];
    let mut got = 0u32;
    rc(f(buf.as_mut_ptr().cast(), needed, &mut got))?;
    buf.truncate(got as usize);
    Ok(buf)
}

/// A UTF-16, NUL-terminated control output as a string.
pub fn utf16z(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    let end = units.iter().position(|&u| u == 0).unwrap_or(units.len());
    String::from_utf16_lossy(&units[..end])
}

/// Calls the control function for any object handle.
///
/// # Safety
/// The buffers are valid for the sizes given.
pub unsafe fn control(
    object: ObjectHandle,
    code: u32,
    inb: *const c_void,
    inlen: u32,
    out: *mut c_void,
    outlen: u32,
    ret: *mut u32,
) -> u32 {
    let h = hv(object.raw());
    // SAFETY: forwarded.
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
            ObjectHandle::Key(_) => 6,
        }
    }
}

/// The GET/SET property codes, name and id codes of an object kind.
pub fn codes(object: ObjectHandle) -> [u32; 6] {
    use t::*;
    match object {
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
    }
}

fn get_text(object: ObjectHandle, code: u32) -> Result<String> {
    if code == 0 {
        return Err(Win32Error::ERROR_INVALID_FUNCTION);
    }
    // SAFETY: `read_control` passes buffers valid for the sizes it gives.
    let bytes = read_control(|o, n, r| unsafe { control(object, code, std::ptr::null(), 0, o, n, r) })?;
    Ok(utf16z(&bytes))
}

fn enumerate(
    open: impl FnOnce() -> isize,
    count: unsafe extern "system" fn(isize) -> u32,
    item: unsafe extern "system" fn(isize, u32, *mut u32, *mut u16, *mut u32) -> u32,
    close: unsafe extern "system" fn(isize) -> u32,
) -> Result<Vec<EnumEntry>> {
    let e = open();
    if e == 0 {
        return Err(gle());
    }
    // SAFETY: `e` is a handle the library returned (any value is checked anyway).
    let n = unsafe { count(e) };
    let mut out = Vec::new();
    for i in 0..n {
        let mut kind = 0u32;
        // SAFETY: `read_string` passes a buffer valid for `*cch` units.
        let name = read_string(|b, c| unsafe { item(e, i, &mut kind, b, c) });
        match name {
            Ok(name) => out.push(EnumEntry { kind, name }),
            Err(err) => {
                // SAFETY: as above.
                unsafe { close(e) };
                return Err(err);
            }
        }
    }
    // SAFETY: as above.
    rc(unsafe { close(e) })?;
    Ok(out)
}

/// [`Backend`] over the C exports: what a Rust program linking `libclusapi` sees.
pub struct CAbi;

impl Backend for CAbi {
    fn backend_name(&self) -> &'static str {
        "libclusapi"
    }

    fn open_cluster(&self, name: Option<&str>) -> Result<HCluster> {
        let name = name.map(wide).transpose()?;
        let p = name.as_ref().map_or(std::ptr::null(), |n| n.as_ptr());
        // SAFETY: NULL or a NUL-terminated string.
        Ok(HCluster(h_or_gle(unsafe { OpenCluster(p) })?))
    }

    fn close_cluster(&self, cluster: HCluster) -> Result<()> {
        // SAFETY: handle values are checked by the library.
        bool_or_gle(unsafe { CloseCluster(hv(cluster.0)) })
    }

    fn cluster_name(&self, cluster: HCluster) -> Result<String> {
        // SAFETY: buffers valid for the sizes passed.
        read_string(|b, c| unsafe { GetClusterInformation(hv(cluster.0), b, c, std::ptr::null_mut()) })
    }

    fn cluster_enum(&self, cluster: HCluster, kinds: u32) -> Result<Vec<EnumEntry>> {
        // SAFETY: handle values are checked by the library.
        enumerate(
            || unsafe { ClusterOpenEnum(hv(cluster.0), kinds) },
            ClusterGetEnumCount,
            ClusterEnum,
            ClusterCloseEnum,
        )
    }

    fn quorum_resource(&self, cluster: HCluster) -> Result<Option<String>> {
        let mut name = vec![0u16; 256];
        let mut dev = vec![0u16; 256];
        let (mut cn, mut cd, mut log) = (256u32, 256u32, 0u32);
        // SAFETY: buffers valid for the sizes passed.
        rc(unsafe {
            GetClusterQuorumResource(
                hv(cluster.0),
                name.as_mut_ptr(),
                &mut cn,
                dev.as_mut_ptr(),
                &mut cd,
                &mut log,
            )
        })?;
        let s = String::from_utf16_lossy(&name[..cn as usize]);
        Ok((!s.is_empty()).then_some(s))
    }

    fn set_quorum_resource(&self, resource: HResource) -> Result<()> {
        // SAFETY: NULL device name is allowed.
        rc(unsafe { SetClusterQuorumResource(hv(resource.0), std::ptr::null(), 0) })
    }

    fn open_node(&self, cluster: HCluster, name: &str) -> Result<HNode> {
        let n = wide(name)?;
        // SAFETY: NUL-terminated string.
        Ok(HNode(h_or_gle(unsafe { OpenClusterNode(hv(cluster.0), n.as_ptr()) })?))
    }

    fn close_node(&self, node: HNode) -> Result<()> {
        // SAFETY: no pointers.
        bool_or_gle(unsafe { CloseClusterNode(hv(node.0)) })
    }

    fn node_state(&self, node: HNode) -> Result<NodeState> {
        // SAFETY: no pointers.
        let s = unsafe { GetClusterNodeState(hv(node.0)) };
        if s == -1 {
            return Err(gle());
        }
        NodeState::from_value(s).ok_or(Win32Error::ERROR_GEN_FAILURE)
    }

    fn pause_node(&self, node: HNode) -> Result<()> {
        // SAFETY: no pointers.
        rc(unsafe { PauseClusterNode(hv(node.0)) })
    }

    fn resume_node(&self, node: HNode) -> Result<()> {
        // SAFETY: no pointers.
        rc(unsafe { ResumeClusterNode(hv(node.0)) })
    }

    fn evict_node(&self, node: HNode) -> Result<()> {
        // SAFETY: no pointers.
        rc(unsafe { EvictClusterNode(hv(node.0)) })
    }

    fn node_enum(&self, node: HNode, kinds: u32) -> Result<Vec<EnumEntry>> {
        enumerate(
            // SAFETY: no pointers.
            || unsafe { ClusterNodeOpenEnum(hv(node.0), kinds) },
            ClusterNodeGetEnumCount,
            ClusterNodeEnum,
            ClusterNodeCloseEnum,
        )
    }

    fn open_group(&self, cluster: HCluster, name: &str) -> Result<HGroup> {
        let n = wide(name)?;
        // SAFETY: NUL-terminated string.
        Ok(HGroup(h_or_gle(unsafe { OpenClusterGroup(hv(cluster.0), n.as_ptr()) })?))
    }

    fn close_group(&self, group: HGroup) -> Result<()> {
        // SAFETY: no pointers.
        bool_or_gle(unsafe { CloseClusterGroup(hv(group.0)) })
    }

    fn create_group(&self, cluster: HCluster, name: &str) -> Result<HGroup> {
        let n = wide(name)?;
        // SAFETY: NUL-terminated string.
        Ok(HGroup(h_or_gle(unsafe { CreateClusterGroup(hv(cluster.0), n.as_ptr()) })?))
    }

    fn delete_group(&self, group: HGroup) -> Result<()> {
        // SAFETY: no pointers.
        rc(unsafe { DeleteClusterGroup(hv(group.0)) })
    }

    fn group_state(&self, group: HGroup) -> Result<(GroupState, String)> {
        let mut state = -1;
        let owner = read_string(|b, c| {
            // SAFETY: buffers valid for the sizes passed.
            state = unsafe { GetClusterGroupState(hv(group.0), b, c) };
            if state == -1 {
                gle().0
            } else {
                0
            }
        })?;
        Ok((GroupState::from_value(state).ok_or(Win32Error::ERROR_GEN_FAILURE)?, owner))
    }

    fn set_group_name(&self, group: HGroup, name: &str) -> Result<()> {
        let n = wide(name)?;
        // SAFETY: NUL-terminated string.
        rc(unsafe { SetClusterGroupName(hv(group.0), n.as_ptr()) })
    }

    fn set_group_node_list(&self, group: HGroup, nodes: &[HNode]) -> Result<()> {
        let list: Vec<isize> = nodes.iter().map(|n| hv(n.0)).collect();
        // SAFETY: `list` holds `len` handles.
        rc(unsafe { SetClusterGroupNodeList(hv(group.0), list.len() as u32, list.as_ptr()) })
    }

    fn online_group(&self, group: HGroup, node: Option<HNode>) -> Result<()> {
        // SAFETY: no pointers.
        rc(unsafe { OnlineClusterGroup(hv(group.0), node.map_or(0, |n| hv(n.0))) })
    }

    fn offline_group(&self, group: HGroup) -> Result<()> {
        // SAFETY: no pointers.
        rc(unsafe { OfflineClusterGroup(hv(group.0)) })
    }

    fn move_group(&self, group: HGroup, node: Option<HNode>) -> Result<()> {
        // SAFETY: no pointers.
        rc(unsafe { MoveClusterGroup(hv(group.0), node.map_or(0, |n| hv(n.0))) })
    }

    fn group_enum(&self, group: HGroup, kinds: u32) -> Result<Vec<EnumEntry>> {
        enumerate(
            // SAFETY: no pointers.
            || unsafe { ClusterGroupOpenEnum(hv(group.0), kinds) },
            ClusterGroupGetEnumCount,
            ClusterGroupEnum,
            ClusterGroupCloseEnum,
        )
    }

    fn open_resource(&self, cluster: HCluster, name: &str) -> Result<HResource> {
        let n = wide(name)?;
        // SAFETY: NUL-terminated string.
        Ok(HResource(h_or_gle(unsafe { OpenClusterResource(hv(cluster.0), n.as_ptr()) })?))
    }

    fn close_resource(&self, resource: HResource) -> Result<()> {
        // SAFETY: no pointers.
        bool_or_gle(unsafe { CloseClusterResource(hv(resource.0)) })
    }

    fn create_resource(&self, group: HGroup, name: &str, type_name: &str) -> Result<HResource> {
        let (n, ty) = (wide(name)?, wide(type_name)?);
        // SAFETY: NUL-terminated strings.
        Ok(HResource(h_or_gle(unsafe { CreateClusterResource(hv(group.0), n.as_ptr(), ty.as_ptr(), 0) })?))
    }

    fn delete_resource(&self, resource: HResource) -> Result<()> {
        // SAFETY: no pointers.
        rc(unsafe { DeleteClusterResource(hv(resource.0)) })
    }

    fn resource_state(&self, resource: HResource) -> Result<ResourceStatus> {
        let mut node = vec![0u16; 256];
        let mut group = vec![0u16; 256];
        let (mut cn, mut cg) = (256u32, 256u32);
        // SAFETY: buffers valid for the sizes passed.
        let s = unsafe {
            GetClusterResourceState(hv(resource.0), node.as_mut_ptr(), &mut cn, group.as_mut_ptr(), &mut cg)
        };
        if s == -1 {
            return Err(gle());
        }
        Ok(ResourceStatus {
            state: ResourceState::from_value(s).ok_or(Win32Error::ERROR_GEN_FAILURE)?,
            owner_node: String::from_utf16_lossy(&node[..cn as usize]),
            group: String::from_utf16_lossy(&group[..cg as usize]),
        })
    }

    fn set_resource_name(&self, resource: HResource, name: &str) -> Result<()> {
        let n = wide(name)?;
        // SAFETY: NUL-terminated string.
        rc(unsafe { SetClusterResourceName(hv(resource.0), n.as_ptr()) })
    }

    fn online_resource(&self, resource: HResource) -> Result<()> {
        // SAFETY: no pointers.
        rc(unsafe { OnlineClusterResource(hv(resource.0)) })
    }

    fn offline_resource(&self, resource: HResource) -> Result<()> {
        // SAFETY: no pointers.
        rc(unsafe { OfflineClusterResource(hv(resource.0)) })
    }

    fn fail_resource(&self, resource: HResource) -> Result<()> {
        // SAFETY: no pointers.
        rc(unsafe { FailClusterResource(hv(resource.0)) })
    }

    fn add_dependency(&self, resource: HResource, depends_on: HResource) -> Result<()> {
        // SAFETY: no pointers.
        rc(unsafe { AddClusterResourceDependency(hv(resource.0), hv(depends_on.0)) })
    }

    fn remove_dependency(&self, resource: HResource, depends_on: HResource) -> Result<()> {
        // SAFETY: no pointers.
        rc(unsafe { RemoveClusterResourceDependency(hv(resource.0), hv(depends_on.0)) })
    }

    fn add_possible_owner(&self, resource: HResource, node: HNode) -> Result<()> {
        // SAFETY: no pointers.
        rc(unsafe { AddClusterResourceNode(hv(resource.0), hv(node.0)) })
    }

    fn remove_possible_owner(&self, resource: HResource, node: HNode) -> Result<()> {
        // SAFETY: no pointers.
        rc(unsafe { RemoveClusterResourceNode(hv(resource.0), hv(node.0)) })
    }

    fn change_resource_group(&self, resource: HResource, group: HGroup) -> Result<()> {
        // SAFETY: no pointers.
        rc(unsafe { ChangeClusterResourceGroup(hv(resource.0), hv(group.0)) })
    }

    fn resource_type_name(&self, resource: HResource) -> Result<String> {
        get_text(resource.into(), t::CLUSCTL_RESOURCE_GET_RESOURCE_TYPE)
    }

    fn resource_enum(&self, resource: HResource, kinds: u32) -> Result<Vec<EnumEntry>> {
        enumerate(
            // SAFETY: no pointers.
            || unsafe { ClusterResourceOpenEnum(hv(resource.0), kinds) },
            ClusterResourceGetEnumCount,
            ClusterResourceEnum,
            ClusterResourceCloseEnum,
        )
    }

    fn create_resource_type(&self, cluster: HCluster, spec: &ResourceTypeSpec) -> Result<()> {
        let (n, d, dll) = (wide(&spec.name)?, wide(&spec.display_name)?, wide(&spec.dll_name)?);
        // SAFETY: NUL-terminated strings.
        rc(unsafe {
            CreateClusterResourceType(
                hv(cluster.0),
                n.as_ptr(),
                d.as_ptr(),
                dll.as_ptr(),
                spec.looks_alive_ms,
                spec.is_alive_ms,
            )
        })
    }

    fn delete_resource_type(&self, cluster: HCluster, name: &str) -> Result<()> {
        let n = wide(name)?;
        // SAFETY: NUL-terminated string.
        rc(unsafe { DeleteClusterResourceType(hv(cluster.0), n.as_ptr()) })
    }

    fn open_network(&self, cluster: HCluster, name: &str) -> Result<HNetwork> {
        let n = wide(name)?;
        // SAFETY: NUL-terminated string.
        Ok(HNetwork(h_or_gle(unsafe { OpenClusterNetwork(hv(cluster.0), n.as_ptr()) })?))
    }

    fn close_network(&self, network: HNetwork) -> Result<()> {
        // SAFETY: no pointers.
        bool_or_gle(unsafe { CloseClusterNetwork(hv(network.0)) })
    }

    fn network_state(&self, network: HNetwork) -> Result<NetworkState> {
        // SAFETY: no pointers.
        let s = unsafe { GetClusterNetworkState(hv(network.0)) };
        if s == -1 {
            return Err(gle());
        }
        NetworkState::from_value(s).ok_or(Win32Error::ERROR_GEN_FAILURE)
    }

    fn set_network_name(&self, network: HNetwork, name: &str) -> Result<()> {
        let n = wide(name)?;
        // SAFETY: NUL-terminated string.
        rc(unsafe { SetClusterNetworkName(hv(network.0), n.as_ptr()) })
    }

    fn network_enum(&self, network: HNetwork, kinds: u32) -> Result<Vec<EnumEntry>> {
        enumerate(
            // SAFETY: no pointers.
            || unsafe { ClusterNetworkOpenEnum(hv(network.0), kinds) },
            ClusterNetworkGetEnumCount,
            ClusterNetworkEnum,
            ClusterNetworkCloseEnum,
        )
    }

    fn open_net_interface(&self, cluster: HCluster, name: &str) -> Result<HNetInterface> {
        let n = wide(name)?;
        // SAFETY: NUL-terminated string.
        Ok(HNetInterface(h_or_gle(unsafe { OpenClusterNetInterface(hv(cluster.0), n.as_ptr()) })?))
    }

    fn close_net_interface(&self, netif: HNetInterface) -> Result<()> {
        // SAFETY: no pointers.
        bool_or_gle(unsafe { CloseClusterNetInterface(hv(netif.0)) })
    }

    fn net_interface_state(&self, netif: HNetInterface) -> Result<NetInterfaceState> {
        // SAFETY: no pointers.
        let s = unsafe { GetClusterNetInterfaceState(hv(netif.0)) };
        if s == -1 {
            return Err(gle());
        }
        NetInterfaceState::from_value(s).ok_or(Win32Error::ERROR_GEN_FAILURE)
    }

    fn net_interface_name(&self, cluster: HCluster, node: &str, network: &str) -> Result<String> {
        let (n, w) = (wide(node)?, wide(network)?);
        // SAFETY: strings NUL-terminated, buffers valid for the sizes passed.
        read_string(|b, c| unsafe { GetClusterNetInterface(hv(cluster.0), n.as_ptr(), w.as_ptr(), b, c) })
    }

    fn get_properties(&self, object: ObjectHandle, scope: PropertyScope) -> Result<PropertyList> {
        let c = codes(object);
        let code = if scope == PropertyScope::Common { c[0] } else { c[2] };
        // SAFETY: buffers valid for the sizes passed.
        let bytes = read_control(|o, n, r| unsafe { control(object, code, std::ptr::null(), 0, o, n, r) })?;
        proplist::decode(&bytes)
    }

    fn set_properties(&self, object: ObjectHandle, scope: PropertyScope, props: &PropertyList) -> Result<()> {
        let c = codes(object);
        let code = if scope == PropertyScope::Common { c[1] } else { c[3] };
        let bytes = proplist::encode(props);
        let mut ret = 0u32;
        // SAFETY: input valid for its length; no output buffer.
        rc(unsafe {
            control(
                object,
                code,
                bytes.as_ptr().cast(),
                bytes.len() as u32,
                std::ptr::null_mut(),
                0,
                &mut ret,
            )
        })
    }

    fn get_resource_type_properties(
        &self,
        cluster: HCluster,
        type_name: &str,
        scope: PropertyScope,
    ) -> Result<PropertyList> {
        let n = wide(type_name)?;
        let code = if scope == PropertyScope::Common {
            t::CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTIES
        } else {
            t::CLUSCTL_RESOURCE_TYPE_GET_PRIVATE_PROPERTIES
        };
        // SAFETY: buffers valid for the sizes passed.
        let bytes = read_control(|o, len, r| unsafe {
            ClusterResourceTypeControl(hv(cluster.0), n.as_ptr(), 0, code, std::ptr::null(), 0, o, len, r)
        })?;
        proplist::decode(&bytes)
    }

    fn set_resource_type_properties(
        &self,
        cluster: HCluster,
        type_name: &str,
        scope: PropertyScope,
        props: &PropertyList,
    ) -> Result<()> {
        let n = wide(type_name)?;
        let code = if scope == PropertyScope::Common {
            t::CLUSCTL_RESOURCE_TYPE_SET_COMMON_PROPERTIES
        } else {
            t::CLUSCTL_RESOURCE_TYPE_SET_PRIVATE_PROPERTIES
        };
        let bytes = proplist::encode(props);
        // SAFETY: input valid for its length.
        rc(unsafe {
            ClusterResourceTypeControl(
                hv(cluster.0),
                n.as_ptr(),
                0,
                code,
                bytes.as_ptr().cast(),
                bytes.len() as u32,
                std::ptr::null_mut(),
                0,
                std::ptr::null_mut(),
            )
        })
    }

    fn create_notify_port(
        &self,
        existing: Option<HChange>,
        cluster: Option<HCluster>,
        filter: ChangeFlags,
        key: NotifyKey,
    ) -> Result<HChange> {
        let invalid = INVALID_HANDLE_VALUE as isize;
        let p = existing.map_or(invalid, |h| hv(h.0));
        let c = cluster.map_or(invalid, |h| hv(h.0));
        // SAFETY: no pointers.
        Ok(HChange(h_or_gle(unsafe { CreateClusterNotifyPort(p, c, filter.bits(), key.0) })?))
    }

    fn register_notify(
        &self,
        port: HChange,
        filter: ChangeFlags,
        object: ObjectHandle,
        key: NotifyKey,
    ) -> Result<()> {
        // The C function takes the kind from the handle itself: a handle claimed to be of
        // another kind is still what it is. The trait's contract is that a claim that
        // does not match is ERROR_INVALID_HANDLE, so check the claim here.
        if let Some(actual) = clusapi::sim().handle_kind(object.raw()) {
            if actual != object.kind() {
                return Err(Win32Error::ERROR_INVALID_HANDLE);
            }
        }
        // SAFETY: no pointers.
        rc(unsafe { RegisterClusterNotify(hv(port.0), filter.bits(), object.raw().0 as *mut c_void, key.0) })
    }

    fn get_notify(
        &self,
        port: HChange,
        name: &mut [u16],
        timeout: Timeout,
    ) -> std::result::Result<NotifyHeader, GetNotifyError> {
        let (mut key, mut filter, mut cch) = (0usize, 0u32, name.len() as u32);
        // SAFETY: `name` is writable for `cch` units.
        let code = unsafe {
            GetClusterNotify(
                hv(port.0),
                &mut key,
                &mut filter,
                name.as_mut_ptr(),
                &mut cch,
                timeout.as_millis_u32(),
            )
        };
        match code {
            0 => Ok(NotifyHeader {
                key: NotifyKey(key),
                change: ChangeFlags::from_bits_retain(filter),
                name_len: cch as usize,
            }),
            234 => Err(GetNotifyError::MoreData { needed: cch as usize }),
            e => Err(GetNotifyError::Failed(Win32Error(e))),
        }
    }

    fn close_notify_port(&self, port: HChange) -> Result<()> {
        sle(0);
        // SAFETY: no pointers.
        let ok = unsafe { CloseClusterNotifyPort(hv(port.0)) };
        assert_ne!(ok, 0, "CloseClusterNotifyPort always returns TRUE");
        match gle() {
            Win32Error(0) => Ok(()),
            e => Err(e),
        }
    }

    // ----- cluster registry, batches, batch ports, read batches ----------------------------
    // Phase 2 of issue 6: the C library does not export these functions yet
    // (spec/c-abi.md). So that the registry cases of the compliance suite still run with
    // everything else going through the C entry points, the fixture forwards them to the
    // library's own simulator through the Rust trait — the same handle table the exports
    // use, so an HKEY made here can be given to RegisterClusterNotify in C.

    fn get_cluster_key(&self, cluster: HCluster, sam: u32) -> Result<HKey> {
        clusapi::sim().get_cluster_key(cluster, sam)
    }

    fn get_object_key(&self, object: ObjectHandle, sam: u32) -> Result<HKey> {
        clusapi::sim().get_object_key(object, sam)
    }

    fn get_resource_type_key(&self, cluster: HCluster, type_name: &str, sam: u32) -> Result<HKey> {
        clusapi::sim().get_resource_type_key(cluster, type_name, sam)
    }

    fn reg_create_key(&self, key: HKey, subkey: &str, options: u32, sam: u32) -> Result<(HKey, Disposition)> {
        clusapi::sim().reg_create_key(key, subkey, options, sam)
    }

    fn reg_open_key(&self, key: HKey, subkey: &str, sam: u32) -> Result<HKey> {
        clusapi::sim().reg_open_key(key, subkey, sam)
    }

    fn reg_delete_key(&self, key: HKey, subkey: &str) -> Result<()> {
        clusapi::sim().reg_delete_key(key, subkey)
    }

    fn reg_close_key(&self, key: HKey) -> Result<()> {
        clusapi::sim().reg_close_key(key)
    }

    fn reg_set_value(&self, key: HKey, name: &str, ty: u32, data: &[u8]) -> Result<()> {
        clusapi::sim().reg_set_value(key, name, ty, data)
    }

    fn reg_delete_value(&self, key: HKey, name: &str) -> Result<()> {
        clusapi::sim().reg_delete_value(key, name)
    }

    fn reg_query_value(&self, key: HKey, name: &str) -> Result<(u32, Vec<u8>)> {
        clusapi::sim().reg_query_value(key, name)
    }

    fn reg_enum_key(&self, key: HKey, index: u32) -> Result<(String, FileTime)> {
        clusapi::sim().reg_enum_key(key, index)
    }

    fn reg_enum_value(&self, key: HKey, index: u32) -> Result<(String, u32, Vec<u8>)> {
        clusapi::sim().reg_enum_value(key, index)
    }

    fn reg_query_info_key(&self, key: HKey) -> Result<KeyInfo> {
        clusapi::sim().reg_query_info_key(key)
    }

    fn reg_get_key_security(&self, key: HKey, info: u32) -> Result<Vec<u8>> {
        clusapi::sim().reg_get_key_security(key, info)
    }

    fn reg_set_key_security(&self, key: HKey, info: u32, descriptor: &[u8]) -> Result<()> {
        clusapi::sim().reg_set_key_security(key, info, descriptor)
    }

    fn reg_create_batch(&self, key: HKey) -> Result<HRegBatch> {
        clusapi::sim().reg_create_batch(key)
    }

    fn reg_batch_add_command(
        &self,
        batch: HRegBatch,
        command: u32,
        name: Option<&str>,
        options: u32,
        data: &[u8],
    ) -> Result<()> {
        clusapi::sim().reg_batch_add_command(batch, command, name, options, data)
    }

    fn reg_close_batch(&self, batch: HRegBatch, commit: bool) -> std::result::Result<(), BatchFailure> {
        clusapi::sim().reg_close_batch(batch, commit)
    }

    fn reg_close_batch_ex(&self, batch: HRegBatch, flags: u32) -> std::result::Result<(), BatchFailure> {
        clusapi::sim().reg_close_batch_ex(batch, flags)
    }

    fn reg_create_batch_notify_port(&self, key: HKey) -> Result<HRegBatchPort> {
        clusapi::sim().reg_create_batch_notify_port(key)
    }

    fn reg_get_batch_notification(
        &self,
        port: HRegBatchPort,
        timeout: Timeout,
    ) -> Result<HRegBatchNotification> {
        clusapi::sim().reg_get_batch_notification(port, timeout)
    }

    fn reg_batch_read_command(&self, notification: HRegBatchNotification) -> Result<BatchCommand> {
        clusapi::sim().reg_batch_read_command(notification)
    }

    fn reg_batch_close_notification(&self, notification: HRegBatchNotification) -> Result<()> {
        clusapi::sim().reg_batch_close_notification(notification)
    }

    fn reg_close_batch_notify_port(&self, port: HRegBatchPort) -> Result<()> {
        clusapi::sim().reg_close_batch_notify_port(port)
    }

    fn reg_create_read_batch(&self, key: HKey) -> Result<HRegReadBatch> {
        clusapi::sim().reg_create_read_batch(key)
    }

    fn reg_read_batch_add_command(
        &self,
        batch: HRegReadBatch,
        subkey: Option<&str>,
        value: Option<&str>,
    ) -> Result<()> {
        clusapi::sim().reg_read_batch_add_command(batch, subkey, value)
    }

    fn reg_close_read_batch(&self, batch: HRegReadBatch, flags: u32) -> Result<HRegReadBatchReply> {
        clusapi::sim().reg_close_read_batch(batch, flags)
    }

    fn reg_read_batch_reply_next_command(&self, reply: HRegReadBatchReply) -> Result<ReadBatchResult> {
        clusapi::sim().reg_read_batch_reply_next_command(reply)
    }

    fn reg_close_read_batch_reply(&self, reply: HRegReadBatchReply) -> Result<()> {
        clusapi::sim().reg_close_read_batch_reply(reply)
    }

    fn object_id(&self, object: ObjectHandle) -> Result<String> {
        get_text(object, codes(object)[5])
    }

    fn object_name(&self, object: ObjectHandle) -> Result<String> {
        if let ObjectHandle::Cluster(c) = object {
            return self.cluster_name(c);
        }
        get_text(object, codes(object)[4])
    }
}
