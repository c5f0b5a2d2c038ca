//! Node, group and resource exports (networks and interfaces: `networks.rs`).

use super::cluster::{enum_count, enum_item, enum_open_with};
use super::{expect, raw, ret_bool, ret_handle, ret_state};
use crate::ffi::{code, fits, put, required_wstr, wide_len, write_wstr, Fit};
use crate::global::{enum_close, sim, EnumKind};
use crate::types::*;
use clusim_api::*;

pub(super) const GEN_FAILURE: u32 = Win32Error::ERROR_GEN_FAILURE.0;

/// Opens an object by name: checks the cluster handle, then the name.
///
/// # Safety
/// `name` is NULL or NUL-terminated.
pub(super) unsafe fn open_by_name(
    cluster: HCLUSTER,
    name: *const WChar,
    open: impl FnOnce(HCluster, &str) -> Result<RawHandle>,
) -> *mut std::ffi::c_void {
    let r = (|| {
        let h = expect(cluster, ObjectKind::Cluster)?;
        // SAFETY: forwarded caller contract.
        let name = unsafe { required_wstr(name) }?;
        open(HCluster(h), &name)
    })();
    ret_handle(r)
}

/// Renames an object: checks its handle, then the name.
///
/// # Safety
/// `name` is NULL or NUL-terminated.
pub(super) unsafe fn rename(
    h: *mut std::ffi::c_void,
    kind: ObjectKind,
    name: *const WChar,
    f: impl FnOnce(RawHandle, &str) -> Result<()>,
) -> u32 {
    let r = (|| {
        let h = expect(h, kind)?;
        // SAFETY: forwarded caller contract.
        let name = unsafe { required_wstr(name) }?;
        f(h, &name)
    })();
    code(r)
}

/// Both-optional string pair of the `Get…State` functions: nothing to do when both are
/// NULL; `lpsz` without `lpcch` is `ERROR_INVALID_PARAMETER`.
fn optional_pair_ok(lpsz: *mut WChar, lpcch: *mut u32) -> Result<()> {
    if !lpsz.is_null() && lpcch.is_null() {
        Err(Win32Error::ERROR_INVALID_PARAMETER)
    } else {
        Ok(())
    }
}

// ----- nodes ---------------------------------------------------------------------------

export! {
    /// `OpenClusterNode`: NULL + last error (`ERROR_INVALID_HANDLE`,
    /// `ERROR_INVALID_PARAMETER` for a NULL name, `ERROR_CLUSTER_NODE_NOT_FOUND`).
    fn OpenClusterNode(hCluster: HCLUSTER, lpszNodeName: *const WChar) -> HNODE;
    on_panic = std::ptr::null_mut();
    {
        // SAFETY: forwarded caller contract.
        unsafe { open_by_name(hCluster, lpszNodeName, |c, n| sim().open_node(c, n).map(|h| h.0)) }
    }
}

export! {
    /// `CloseClusterNode`: TRUE, or FALSE + `ERROR_INVALID_HANDLE`.
    fn CloseClusterNode(hNode: HNODE) -> BOOL;
    on_panic = FALSE;
    { ret_bool(sim().close_node(HNode(raw(hNode)))) }
}

export! {
    /// `GetClusterNodeState`: the state, or `ClusterNodeStateUnknown` (-1) + last error.
    fn GetClusterNodeState(hNode: HNODE) -> i32;
    on_panic = -1;
    { ret_state(sim().node_state(HNode(raw(hNode))).map(|s| s.value())) }
}

export! {
    /// `PauseClusterNode`.
    fn PauseClusterNode(hNode: HNODE) -> u32;
    on_panic = GEN_FAILURE;
    { code(sim().pause_node(HNode(raw(hNode)))) }
}

export! {
    /// `ResumeClusterNode`.
    fn ResumeClusterNode(hNode: HNODE) -> u32;
    on_panic = GEN_FAILURE;
    { code(sim().resume_node(HNode(raw(hNode)))) }
}

export! {
    /// `EvictClusterNode`.
    fn EvictClusterNode(hNode: HNODE) -> u32;
    on_panic = GEN_FAILURE;
    { code(sim().evict_node(HNode(raw(hNode)))) }
}

export! {
    /// `ClusterNodeOpenEnum`: `CLUSTER_NODE_ENUM_NETINTERFACES` / `_GROUPS`.
    fn ClusterNodeOpenEnum(hNode: HNODE, dwType: u32) -> HNODEENUM;
    on_panic = std::ptr::null_mut();
    { enum_open_with(EnumKind::Node, raw(hNode), ObjectKind::Node, dwType, |h, t| sim().node_enum(HNode(h), t)) }
}

export! {
    /// `ClusterNodeGetEnumCount`: the count; 0 + `ERROR_INVALID_HANDLE` for a bad handle.
    fn ClusterNodeGetEnumCount(hNodeEnum: HNODEENUM) -> u32;
    on_panic = 0;
    { enum_count(hNodeEnum, EnumKind::Node) }
}

export! {
    /// `ClusterNodeEnum`.
    fn ClusterNodeEnum(hNodeEnum: HNODEENUM, dwIndex: u32, lpdwType: *mut u32, lpszName: *mut WChar, lpcchName: *mut u32) -> u32;
    on_panic = GEN_FAILURE;
    {
        // SAFETY: forwarded caller contract.
        unsafe { enum_item(hNodeEnum, EnumKind::Node, dwIndex, lpdwType, lpszName, lpcchName) }
    }
}

export! {
    /// `ClusterNodeCloseEnum`.
    fn ClusterNodeCloseEnum(hNodeEnum: HNODEENUM) -> u32;
    on_panic = GEN_FAILURE;
    { code(enum_close(hNodeEnum as usize, EnumKind::Node)) }
}

// ----- groups --------------------------------------------------------------------------

export! {
    /// `OpenClusterGroup`.
    fn OpenClusterGroup(hCluster: HCLUSTER, lpszGroupName: *const WChar) -> HGROUP;
    on_panic = std::ptr::null_mut();
    {
        // SAFETY: forwarded caller contract.
        unsafe { open_by_name(hCluster, lpszGroupName, |c, n| sim().open_group(c, n).map(|h| h.0)) }
    }
}

export! {
    /// `CreateClusterGroup`: the new group's handle, or NULL + last error.
    fn CreateClusterGroup(hCluster: HCLUSTER, lpszGroupName: *const WChar) -> HGROUP;
    on_panic = std::ptr::null_mut();
    {
        // SAFETY: forwarded caller contract.
        unsafe { open_by_name(hCluster, lpszGroupName, |c, n| sim().create_group(c, n).map(|h| h.0)) }
    }
}

export! {
    /// `CloseClusterGroup`: TRUE, or FALSE + `ERROR_INVALID_HANDLE`.
    fn CloseClusterGroup(hGroup: HGROUP) -> BOOL;
    on_panic = FALSE;
    { ret_bool(sim().close_group(HGroup(raw(hGroup)))) }
}

export! {
    /// `DeleteClusterGroup`.
    fn DeleteClusterGroup(hGroup: HGROUP) -> u32;
    on_panic = GEN_FAILURE;
    { code(sim().delete_group(HGroup(raw(hGroup)))) }
}

export! {
    /// `GetClusterGroupState`: the state; the owner node's name by the string convention
    /// when `lpcchNodeName` is not NULL. Failure: `ClusterGroupStateUnknown` (-1) + last
    /// error (`ERROR_MORE_DATA` with `*lpcchNodeName` = the length when the name does not
    /// fit).
    fn GetClusterGroupState(hGroup: HGROUP, lpszNodeName: *mut WChar, lpcchNodeName: *mut u32) -> i32;
    on_panic = -1;
    {
        let r = (|| {
            let (state, owner) = sim().group_state(HGroup(raw(hGroup)))?;
            optional_pair_ok(lpszNodeName, lpcchNodeName)?;
            if !lpcchNodeName.is_null() {
                // SAFETY: pointers valid by the caller's contract.
                unsafe { write_wstr(lpszNodeName, lpcchNodeName, &owner) }?;
            }
            Ok(state.value())
        })();
        ret_state(r)
    }
}

export! {
    /// `SetClusterGroupName`.
    fn SetClusterGroupName(hGroup: HGROUP, lpszGroupName: *const WChar) -> u32;
    on_panic = GEN_FAILURE;
    {
        // SAFETY: forwarded caller contract.
        unsafe { rename(hGroup, ObjectKind::Group, lpszGroupName, |h, n| sim().set_group_name(HGroup(h), n)) }
    }
}

export! {
    /// `SetClusterGroupNodeList`: the preferred owners in order. `NodeList` may be NULL
    /// only when `NodeCount` is 0 (which clears the list).
    fn SetClusterGroupNodeList(hGroup: HGROUP, NodeCount: u32, NodeList: *const HNODE) -> u32;
    on_panic = GEN_FAILURE;
    {
        let r = (|| {
            let g = expect(hGroup, ObjectKind::Group)?;
            if NodeCount > 0 && NodeList.is_null() {
                return Err(Win32Error::ERROR_INVALID_PARAMETER);
            }
            let nodes: Vec<HNode> = (0..NodeCount as usize)
                // SAFETY: `NodeList` holds `NodeCount` handles (caller contract).
                .map(|i| HNode(raw(unsafe { NodeList.add(i).read_unaligned() })))
                .collect();
            sim().set_group_node_list(HGroup(g), &nodes)
        })();
        code(r)
    }
}

pub(super) fn optional_node(h: HNODE) -> Option<HNode> {
    (!h.is_null()).then(|| HNode(raw(h)))
}

export! {
    /// `OnlineClusterGroup`: `hDestinationNode` NULL lets the group come online where it
    /// is.
    fn OnlineClusterGroup(hGroup: HGROUP, hDestinationNode: HNODE) -> u32;
    on_panic = GEN_FAILURE;
    { code(sim().online_group(HGroup(raw(hGroup)), optional_node(hDestinationNode))) }
}

export! {
    /// `OfflineClusterGroup`.
    fn OfflineClusterGroup(hGroup: HGROUP) -> u32;
    on_panic = GEN_FAILURE;
    { code(sim().offline_group(HGroup(raw(hGroup)))) }
}

export! {
    /// `MoveClusterGroup`: `hDestinationNode` NULL lets the cluster choose.
    fn MoveClusterGroup(hGroup: HGROUP, hDestinationNode: HNODE) -> u32;
    on_panic = GEN_FAILURE;
    { code(sim().move_group(HGroup(raw(hGroup)), optional_node(hDestinationNode))) }
}

export! {
    /// `ClusterGroupOpenEnum`: `CLUSTER_GROUP_ENUM_CONTAINS` / `_NODES`.
    fn ClusterGroupOpenEnum(hGroup: HGROUP, dwType: u32) -> HGROUPENUM;
    on_panic = std::ptr::null_mut();
    { enum_open_with(EnumKind::Group, raw(hGroup), ObjectKind::Group, dwType, |h, t| sim().group_enum(HGroup(h), t)) }
}

export! {
    /// `ClusterGroupGetEnumCount`.
    fn ClusterGroupGetEnumCount(hGroupEnum: HGROUPENUM) -> u32;
    on_panic = 0;
    { enum_count(hGroupEnum, EnumKind::Group) }
}

export! {
    /// `ClusterGroupEnum`.
    fn ClusterGroupEnum(hGroupEnum: HGROUPENUM, dwIndex: u32, lpdwType: *mut u32, lpszResourceName: *mut WChar, lpcchName: *mut u32) -> u32;
    on_panic = GEN_FAILURE;
    {
        // SAFETY: forwarded caller contract.
        unsafe { enum_item(hGroupEnum, EnumKind::Group, dwIndex, lpdwType, lpszResourceName, lpcchName) }
    }
}

export! {
    /// `ClusterGroupCloseEnum`.
    fn ClusterGroupCloseEnum(hGroupEnum: HGROUPENUM) -> u32;
    on_panic = GEN_FAILURE;
    { code(enum_close(hGroupEnum as usize, EnumKind::Group)) }
}

// ----- resources -----------------------------------------------------------------------

export! {
    /// `OpenClusterResource`.
    fn OpenClusterResource(hCluster: HCLUSTER, lpszResourceName: *const WChar) -> HRESOURCE;
    on_panic = std::ptr::null_mut();
    {
        // SAFETY: forwarded caller contract.
        unsafe { open_by_name(hCluster, lpszResourceName, |c, n| sim().open_resource(c, n).map(|h| h.0)) }
    }
}

export! {
    /// `CreateClusterResource`: `dwFlags` may hold only `CLUSTER_RESOURCE_SEPARATE_MONITOR`
    /// (accepted, no effect); other bits are `ERROR_INVALID_PARAMETER`.
    fn CreateClusterResource(hGroup: HGROUP, lpszResourceName: *const WChar, lpszResourceType: *const WChar, dwFlags: u32) -> HRESOURCE;
    on_panic = std::ptr::null_mut();
    {
        let r = (|| {
            let g = expect(hGroup, ObjectKind::Group)?;
            // SAFETY: NUL-terminated strings or NULL (caller contract).
            let (name, ty) = unsafe { (required_wstr(lpszResourceName)?, required_wstr(lpszResourceType)?) };
            if dwFlags & !CLUSTER_RESOURCE_VALID_FLAGS != 0 {
                return Err(Win32Error::ERROR_INVALID_PARAMETER);
            }
            sim().create_resource(HGroup(g), &name, &ty).map(|h| h.0)
        })();
        ret_handle(r)
    }
}

export! {
    /// `CloseClusterResource`: TRUE, or FALSE + `ERROR_INVALID_HANDLE`.
    fn CloseClusterResource(hResource: HRESOURCE) -> BOOL;
    on_panic = FALSE;
    { ret_bool(sim().close_resource(HResource(raw(hResource)))) }
}

export! {
    /// `DeleteClusterResource`.
    fn DeleteClusterResource(hResource: HRESOURCE) -> u32;
    on_panic = GEN_FAILURE;
    { code(sim().delete_resource(HResource(raw(hResource)))) }
}

export! {
    /// `GetClusterResourceState`: the state; owner node and group names by the string
    /// convention for each pair whose length pointer is not NULL. When either does not
    /// fit, nothing is written, both lengths are set, and the answer is
    /// `ClusterResourceStateUnknown` (-1) + `ERROR_MORE_DATA`.
    fn GetClusterResourceState(
        hResource: HRESOURCE,
        lpszNodeName: *mut WChar,
        lpcchNodeName: *mut u32,
        lpszGroupName: *mut WChar,
        lpcchGroupName: *mut u32,
    ) -> i32;
    on_panic = -1;
    {
        let r = (|| {
            let st = sim().resource_state(HResource(raw(hResource)))?;
            optional_pair_ok(lpszNodeName, lpcchNodeName)?;
            optional_pair_ok(lpszGroupName, lpcchGroupName)?;
            let pairs = [(lpszNodeName, lpcchNodeName, &st.owner_node), (lpszGroupName, lpcchGroupName, &st.group)];
            let mut all_fit = true;
            for (buf, cch, s) in pairs {
                // SAFETY: non-NULL length pointers are valid (caller contract).
                if !cch.is_null() && matches!(unsafe { fits(buf, cch, wide_len(s)) }, Fit::TooSmall) {
                    all_fit = false;
                }
            }
            for (buf, cch, s) in pairs {
                if cch.is_null() {
                    continue;
                }
                if all_fit {
                    // SAFETY: fits (checked); pointers valid (caller contract).
                    unsafe { write_wstr(buf, cch, s) }?;
                } else {
                    // SAFETY: non-NULL, writable (caller contract).
                    unsafe { put(cch, wide_len(s) as u32) };
                }
            }
            if !all_fit {
                return Err(Win32Error::ERROR_MORE_DATA);
            }
            Ok(st.state.value())
        })();
        ret_state(r)
    }
}

export! {
    /// `SetClusterResourceName`.
    fn SetClusterResourceName(hResource: HRESOURCE, lpszResourceName: *const WChar) -> u32;
    on_panic = GEN_FAILURE;
    {
        // SAFETY: forwarded caller contract.
        unsafe {
            rename(hResource, ObjectKind::Resource, lpszResourceName, |h, n| {
                sim().set_resource_name(HResource(h), n)
            })
        }
    }
}

export! {
    /// `OnlineClusterResource`: completes synchronously (never `ERROR_IO_PENDING`).
    fn OnlineClusterResource(hResource: HRESOURCE) -> u32;
    on_panic = GEN_FAILURE;
    { code(sim().online_resource(HResource(raw(hResource)))) }
}

export! {
    /// `OfflineClusterResource`.
    fn OfflineClusterResource(hResource: HRESOURCE) -> u32;
    on_panic = GEN_FAILURE;
    { code(sim().offline_resource(HResource(raw(hResource)))) }
}

export! {
    /// `FailClusterResource`.
    fn FailClusterResource(hResource: HRESOURCE) -> u32;
    on_panic = GEN_FAILURE;
    { code(sim().fail_resource(HResource(raw(hResource)))) }
}

export! {
    /// `AddClusterResourceDependency(hResource, hDependsOn)`.
    fn AddClusterResourceDependency(hResource: HRESOURCE, hDependsOn: HRESOURCE) -> u32;
    on_panic = GEN_FAILURE;
    { code(sim().add_dependency(HResource(raw(hResource)), HResource(raw(hDependsOn)))) }
}

export! {
    /// `RemoveClusterResourceDependency(hResource, hDependsOn)`.
    fn RemoveClusterResourceDependency(hResource: HRESOURCE, hDependsOn: HRESOURCE) -> u32;
    on_panic = GEN_FAILURE;
    { code(sim().remove_dependency(HResource(raw(hResource)), HResource(raw(hDependsOn)))) }
}

export! {
    /// `AddClusterResourceNode`: adds a possible owner.
    fn AddClusterResourceNode(hResource: HRESOURCE, hNode: HNODE) -> u32;
    on_panic = GEN_FAILURE;
    { code(sim().add_possible_owner(HResource(raw(hResource)), HNode(raw(hNode)))) }
}

export! {
    /// `RemoveClusterResourceNode`: removes a possible owner.
    fn RemoveClusterResourceNode(hResource: HRESOURCE, hNode: HNODE) -> u32;
    on_panic = GEN_FAILURE;
    { code(sim().remove_possible_owner(HResource(raw(hResource)), HNode(raw(hNode)))) }
}

export! {
    /// `ChangeClusterResourceGroup`.
    fn ChangeClusterResourceGroup(hResource: HRESOURCE, hGroup: HGROUP) -> u32;
    on_panic = GEN_FAILURE;
    { code(sim().change_resource_group(HResource(raw(hResource)), HGroup(raw(hGroup)))) }
}

export! {
    /// `ClusterResourceOpenEnum`: `CLUSTER_RESOURCE_ENUM_DEPENDS` / `_PROVIDES` / `_NODES`.
    fn ClusterResourceOpenEnum(hResource: HRESOURCE, dwType: u32) -> HRESENUM;
    on_panic = std::ptr::null_mut();
    {
        enum_open_with(EnumKind::Resource, raw(hResource), ObjectKind::Resource, dwType, |h, t| {
            sim().resource_enum(HResource(h), t)
        })
    }
}

export! {
    /// `ClusterResourceGetEnumCount`.
    fn ClusterResourceGetEnumCount(hResEnum: HRESENUM) -> u32;
    on_panic = 0;
    { enum_count(hResEnum, EnumKind::Resource) }
}

export! {
    /// `ClusterResourceEnum`.
    fn ClusterResourceEnum(hResEnum: HRESENUM, dwIndex: u32, lpdwType: *mut u32, lpszName: *mut WChar, lpcchName: *mut u32) -> u32;
    on_panic = GEN_FAILURE;
    {
        // SAFETY: forwarded caller contract.
        unsafe { enum_item(hResEnum, EnumKind::Resource, dwIndex, lpdwType, lpszName, lpcchName) }
    }
}

export! {
    /// `ClusterResourceCloseEnum`.
    fn ClusterResourceCloseEnum(hResEnum: HRESENUM) -> u32;
    on_panic = GEN_FAILURE;
    { code(enum_close(hResEnum as usize, EnumKind::Resource)) }
}
