//! The `…Ex` group, resource and node exports, their reason (`…Ex2`, `…Ex`) variants,
//! `GetClusterFrom…` and `OpenCluster…Ex` (spec/c-abi.md CABI-OPS-EX). A reason string is
//! read (NULL allowed; malformed: `ERROR_INVALID_PARAMETER`) and not kept: the
//! simulator keeps no cluster log.

use super::objects::{open_by_name, optional_node, GEN_FAILURE};
use super::{expect, raw, ret_bool, ret_handle};
use crate::ffi::{code, put, read_bytes, read_wstr, required_wstr, write_wstr, WChar};
use crate::global::sim;
use crate::types::*;
use crate::types_ex::CLUSTER_CREATE_GROUP_INFO;
use clusim_api::ex::CLUSTER_CREATE_GROUP_INFO_VERSION;
use clusim_api::*;
use std::ffi::c_void;

/// An `…Ex` input buffer: empty for NULL with size 0; NULL with a size is
/// `ERROR_INVALID_PARAMETER`.
///
/// # Safety
/// `p` is NULL or readable for `cb` bytes.
unsafe fn input(p: *const u8, cb: u32) -> Result<Vec<u8>> {
    if p.is_null() && cb != 0 {
        return Err(Win32Error::ERROR_INVALID_PARAMETER);
    }
    // SAFETY: forwarded caller contract.
    Ok(unsafe { read_bytes(p.cast::<c_void>(), cb) }.unwrap_or_default())
}

/// Reads (and drops) an optional reason string.
///
/// # Safety
/// `p` is NULL or NUL-terminated.
unsafe fn reason(p: *const WChar) -> Result<()> {
    // SAFETY: forwarded caller contract.
    unsafe { read_wstr(p) }.map(|_| ())
}

/// Checks `h` (of `kind`) first, then the reason, then runs `f`.
///
/// # Safety
/// `why` is NULL or NUL-terminated.
unsafe fn with_reason(
    h: *mut c_void,
    kind: ObjectKind,
    why: *const WChar,
    f: impl FnOnce(RawHandle) -> Result<()>,
) -> u32 {
    let r = (|| {
        let h = expect(h, kind)?;
        // SAFETY: forwarded caller contract.
        unsafe { reason(why) }?;
        f(h)
    })();
    code(r)
}

macro_rules! group_ex {
    ($name:ident, $name2:ident, $doc:literal, ($($node:ident)?), |$g:ident, $n:ident, $fl:ident, $inp:ident| $call:expr) => {
        export! {
            #[doc = $doc]
            fn $name(hGroup: HGROUP, $($node: HNODE,)? dwFlags: u32, lpInBuffer: *const u8, cbInBufferSize: u32) -> u32;
            on_panic = GEN_FAILURE;
            {
                // SAFETY: forwarded caller contract.
                unsafe { $name2(hGroup, $($node,)? dwFlags, lpInBuffer, cbInBufferSize, std::ptr::null()) }
            }
        }
        export! {
            #[doc = concat!("`", stringify!($name2), "`: as `", stringify!($name), "`, with a reason.")]
            fn $name2(hGroup: HGROUP, $($node: HNODE,)? dwFlags: u32, lpInBuffer: *const u8, cbInBufferSize: u32, lpszReason: *const WChar) -> u32;
            on_panic = GEN_FAILURE;
            {
                // SAFETY: forwarded caller contract.
                unsafe {
                    with_reason(hGroup, ObjectKind::Group, lpszReason, |h| {
                        let $g = HGroup(h);
                        let $n: Option<HNode> = None $(.or(optional_node($node)))?;
                        let _ = $n;
                        let ($fl, $inp) = (dwFlags, input(lpInBuffer, cbInBufferSize)?);
                        $call
                    })
                }
            }
        }
    };
}

group_ex!(OnlineClusterGroupEx, OnlineClusterGroupEx2,
    "`OnlineClusterGroupEx`: `OnlineClusterGroup` after the flags (`CLUSAPI_GROUP_ONLINE_*`) and the property-list input are checked.",
    (hDestinationNode), |g, n, f, i| sim().online_group_ex(g, n, f, &i));
group_ex!(OfflineClusterGroupEx, OfflineClusterGroupEx2,
    "`OfflineClusterGroupEx`: `OfflineClusterGroup` after the flags (`CLUSAPI_GROUP_OFFLINE_*`) and the input are checked.",
    (), |g, n, f, i| sim().offline_group_ex(g, f, &i));
group_ex!(MoveClusterGroupEx, MoveClusterGroupEx2,
    "`MoveClusterGroupEx`: `MoveClusterGroup` (NULL node: the cluster chooses) after the flags (`CLUSAPI_GROUP_MOVE_*`) and the input are checked.",
    (hDestinationNode), |g, n, f, i| sim().move_group_ex(g, n, f, &i));

macro_rules! resource_ex {
    ($name:ident, $name2:ident, $doc:literal, $method:ident) => {
        export! {
            #[doc = $doc]
            fn $name(hResource: HRESOURCE, dwFlags: u32, lpInBuffer: *const u8, cbInBufferSize: u32) -> u32;
            on_panic = GEN_FAILURE;
            {
                // SAFETY: forwarded caller contract.
                unsafe { $name2(hResource, dwFlags, lpInBuffer, cbInBufferSize, std::ptr::null()) }
            }
        }
        export! {
            #[doc = concat!("`", stringify!($name2), "`: as `", stringify!($name), "`, with a reason.")]
            fn $name2(hResource: HRESOURCE, dwFlags: u32, lpInBuffer: *const u8, cbInBufferSize: u32, lpszReason: *const WChar) -> u32;
            on_panic = GEN_FAILURE;
            {
                // SAFETY: forwarded caller contract.
                unsafe {
                    with_reason(hResource, ObjectKind::Resource, lpszReason, |h| {
                        sim().$method(HResource(h), dwFlags, &input(lpInBuffer, cbInBufferSize)?)
                    })
                }
            }
        }
    };
}

resource_ex!(OnlineClusterResourceEx, OnlineClusterResourceEx2,
    "`OnlineClusterResourceEx`: `OnlineClusterResource` after the flags (`CLUSAPI_RESOURCE_ONLINE_*`) and the input are checked.",
    online_resource_ex);
resource_ex!(OfflineClusterResourceEx, OfflineClusterResourceEx2,
    "`OfflineClusterResourceEx`: `OfflineClusterResource` after the flags (`CLUSAPI_RESOURCE_OFFLINE_*`) and the input are checked.",
    offline_resource_ex);

export! {
    /// `CancelClusterGroupOperation`: flags must be 0 (`ERROR_INVALID_PARAMETER`); with
    /// no pending move, `ERROR_INVALID_STATE` ([MS-CMRP] ApiCancelClusterGroupOperation).
    fn CancelClusterGroupOperation(hGroup: HGROUP, dwCancelFlags_RESERVED: u32) -> u32;
    on_panic = GEN_FAILURE;
    { code(sim().cancel_group_operation(HGroup(raw(hGroup)), dwCancelFlags_RESERVED)) }
}

export! {
    /// `RestartClusterResource`: an online resource (and its online dependents) offline,
    /// then online again; flags must be 0; not online: `ERROR_RESOURCE_NOT_ONLINE`.
    fn RestartClusterResource(hResource: HRESOURCE, dwFlags: u32) -> u32;
    on_panic = GEN_FAILURE;
    { code(sim().restart_resource(HResource(raw(hResource)), dwFlags)) }
}

export! {
    /// `RestartClusterResourceEx`: as `RestartClusterResource`, with a reason.
    fn RestartClusterResourceEx(hResource: HRESOURCE, dwFlags: u32, lpszReason: *const WChar) -> u32;
    on_panic = GEN_FAILURE;
    {
        // SAFETY: forwarded caller contract.
        unsafe { with_reason(hResource, ObjectKind::Resource, lpszReason, |h| sim().restart_resource(HResource(h), dwFlags)) }
    }
}

export! {
    /// `CreateClusterGroupEx`: `CreateClusterGroup` with the group type of `pGroupInfo`
    /// (NULL: `ClusGroupTypeUnknown`); a `dwVersion` other than 1 is
    /// `ERROR_INVALID_PARAMETER`.
    fn CreateClusterGroupEx(hCluster: HCLUSTER, lpszGroupName: *const WChar, pGroupInfo: *const CLUSTER_CREATE_GROUP_INFO) -> HGROUP;
    on_panic = std::ptr::null_mut();
    {
        let info = if pGroupInfo.is_null() {
            Ok(None)
        } else {
            // SAFETY: non-NULL `pGroupInfo` points to a readable structure.
            let i = unsafe { pGroupInfo.read_unaligned() };
            if i.dwVersion == CLUSTER_CREATE_GROUP_INFO_VERSION { Ok(Some(i.groupType as u32)) } else { Err(Win32Error::ERROR_INVALID_PARAMETER) }
        };
        // SAFETY: forwarded caller contract.
        unsafe {
            open_by_name(hCluster, lpszGroupName, |c, n| sim().create_group_ex(c, n, info?).map(|h| h.0))
        }
    }
}

export! {
    /// `DestroyClusterGroup`: every resource offline and deleted, then the group.
    fn DestroyClusterGroup(hGroup: HGROUP) -> u32;
    on_panic = GEN_FAILURE;
    { code(sim().destroy_group(HGroup(raw(hGroup)))) }
}

export! {
    /// `DestroyClusterGroupEx`: as `DestroyClusterGroup`, with a reason.
    fn DestroyClusterGroupEx(hGroup: HGROUP, lpszReason: *const WChar) -> u32;
    on_panic = GEN_FAILURE;
    {
        // SAFETY: forwarded caller contract.
        unsafe { with_reason(hGroup, ObjectKind::Group, lpszReason, |h| sim().destroy_group(HGroup(h))) }
    }
}

export! {
    /// `DeleteClusterGroupEx`: as `DeleteClusterGroup`, with a reason.
    fn DeleteClusterGroupEx(hGroup: HGROUP, lpszReason: *const WChar) -> u32;
    on_panic = GEN_FAILURE;
    {
        // SAFETY: forwarded caller contract.
        unsafe { with_reason(hGroup, ObjectKind::Group, lpszReason, |h| sim().delete_group(HGroup(h))) }
    }
}

export! {
    /// `DeleteClusterResourceEx`: as `DeleteClusterResource`, with a reason.
    fn DeleteClusterResourceEx(hResource: HRESOURCE, lpszReason: *const WChar) -> u32;
    on_panic = GEN_FAILURE;
    {
        // SAFETY: forwarded caller contract.
        unsafe { with_reason(hResource, ObjectKind::Resource, lpszReason, |h| sim().delete_resource(HResource(h))) }
    }
}

export! {
    /// `FailClusterResourceEx`: as `FailClusterResource`, with a reason.
    fn FailClusterResourceEx(hResource: HRESOURCE, lpszReason: *const WChar) -> u32;
    on_panic = GEN_FAILURE;
    {
        // SAFETY: forwarded caller contract.
        unsafe { with_reason(hResource, ObjectKind::Resource, lpszReason, |h| sim().fail_resource(HResource(h))) }
    }
}

export! {
    /// `CreateClusterResourceEx`: as `CreateClusterResource`, with a reason.
    fn CreateClusterResourceEx(
        hGroup: HGROUP,
        lpszResourceName: *const WChar,
        lpszResourceType: *const WChar,
        dwFlags: u32,
        lpszReason: *const WChar,
    ) -> HRESOURCE;
    on_panic = std::ptr::null_mut();
    {
        let r = (|| {
            expect(hGroup, ObjectKind::Group)?;
            // SAFETY: NULL or NUL-terminated (caller contract).
            unsafe { reason(lpszReason) }
        })();
        match r {
            // SAFETY: forwarded caller contract.
            Ok(()) => unsafe { super::CreateClusterResource(hGroup, lpszResourceName, lpszResourceType, dwFlags) },
            Err(e) => ret_handle(Err(e)),
        }
    }
}

export! {
    /// `CanResourceBeDependent(hResource, hResourceDependent)`: TRUE when
    /// `hResourceDependent` can become a dependency of `hResource`. FALSE: it cannot (last
    /// error left alone), or a bad handle (last error `ERROR_INVALID_HANDLE`).
    fn CanResourceBeDependent(hResource: HRESOURCE, hResourceDependent: HRESOURCE) -> BOOL;
    on_panic = FALSE;
    {
        match sim().can_be_dependent(HResource(raw(hResource)), HResource(raw(hResourceDependent))) {
            Ok(true) => TRUE,
            Ok(false) => FALSE,
            Err(e) => ret_bool(Err(e)),
        }
    }
}

export! {
    /// `GetClusterResourceDependencyExpression`: `[provider] and [provider] …` (`""`
    /// without dependencies) by the string convention (`lpszDependencyExpression` may be
    /// NULL: a size query).
    fn GetClusterResourceDependencyExpression(
        hResource: HRESOURCE,
        lpszDependencyExpression: *mut WChar,
        lpcchDependencyExpression: *mut u32,
    ) -> u32;
    on_panic = GEN_FAILURE;
    {
        let r = sim().dependency_expression(HResource(raw(hResource))).and_then(|e| {
            // SAFETY: pointers as the caller guaranteed.
            unsafe { write_wstr(lpszDependencyExpression, lpcchDependencyExpression, &e) }
        });
        code(r)
    }
}

export! {
    /// `SetClusterResourceDependencyExpression`: NULL is `ERROR_INVALID_PARAMETER`; see
    /// spec/model.md MODEL-DEP-EXPR for the expression's codes.
    fn SetClusterResourceDependencyExpression(hResource: HRESOURCE, lpszDependencyExpression: *const WChar) -> u32;
    on_panic = GEN_FAILURE;
    {
        let r = (|| {
            let h = expect(hResource, ObjectKind::Resource)?;
            // SAFETY: NULL or NUL-terminated (caller contract).
            let e = unsafe { required_wstr(lpszDependencyExpression) }?;
            sim().set_dependency_expression(HResource(h), &e)
        })();
        code(r)
    }
}

export! {
    /// `GetClusterResourceNetworkName`: TRUE and the name by the string convention; FALSE
    /// + last error (`ERROR_MORE_DATA` with `*nSize` = the length; no Network Name among
    /// the dependencies: `ERROR_DEPENDENCY_NOT_FOUND`).
    fn GetClusterResourceNetworkName(hResource: HRESOURCE, lpBuffer: *mut WChar, nSize: *mut u32) -> BOOL;
    on_panic = FALSE;
    {
        let r = sim().resource_network_name(HResource(raw(hResource))).and_then(|n| {
            // SAFETY: pointers as the caller guaranteed.
            unsafe { write_wstr(lpBuffer, nSize, &n) }
        });
        ret_bool(r)
    }
}

export! {
    /// `GetNodeClusterState(lpszNodeName, pdwClusterState)`: NULL is the local node
    /// (`ClusterStateRunning`); a node of the local cluster: Running, or NotRunning when
    /// down; any other name: `ClusterStateNotInstalled`. `pdwClusterState` NULL:
    /// `ERROR_INVALID_PARAMETER`.
    fn GetNodeClusterState(lpszNodeName: *const WChar, pdwClusterState: *mut u32) -> u32;
    on_panic = GEN_FAILURE;
    {
        let r = (|| {
            // SAFETY: NULL or NUL-terminated (caller contract).
            let name = unsafe { read_wstr(lpszNodeName) }?;
            if pdwClusterState.is_null() {
                return Err(Win32Error::ERROR_INVALID_PARAMETER);
            }
            let state = sim().node_cluster_state(name.as_deref())?;
            // SAFETY: non-NULL, writable (caller contract).
            unsafe { put(pdwClusterState, state) };
            Ok(())
        })();
        code(r)
    }
}

export! {
    /// `GetClusterNodeId`: the node's id by the string convention.
    fn GetClusterNodeId(hNode: HNODE, lpszNodeId: *mut WChar, lpcchName: *mut u32) -> u32;
    on_panic = GEN_FAILURE;
    {
        let r = sim().node_id(HNode(raw(hNode)))
            // SAFETY: pointers as the caller guaranteed.
            .and_then(|id| unsafe { write_wstr(lpszNodeId, lpcchName, &id) });
        code(r)
    }
}

macro_rules! cluster_from {
    ($name:ident, $arg:ident: $ty:ident, $variant:ident, $h:ident) => {
        export! {
            #[doc = concat!("`", stringify!($name), "`: a new handle to the object's cluster (close it with `CloseCluster`; closing it invalidates nothing else), or NULL + last error.")]
            fn $name($arg: $ty) -> HCLUSTER;
            on_panic = std::ptr::null_mut();
            { ret_handle(sim().cluster_from(ObjectHandle::$variant($h(raw($arg)))).map(|h| h.0)) }
        }
    };
}

cluster_from!(GetClusterFromNode, hNode: HNODE, Node, HNode);
cluster_from!(GetClusterFromGroup, hGroup: HGROUP, Group, HGroup);
cluster_from!(GetClusterFromResource, hResource: HRESOURCE, Resource, HResource);
cluster_from!(GetClusterFromNetwork, hNetwork: HNETWORK, Network, HNetwork);
cluster_from!(GetClusterFromNetInterface, hNetInterface: HNETINTERFACE, NetInterface, HNetInterface);

macro_rules! open_ex {
    ($name:ident, $ret:ident, $kind:ident) => {
        export! {
            #[doc = concat!("`", stringify!($name), "`: as the plain open; `*lpdwGrantedAccess` (when not NULL) receives `dwDesiredAccess` (CABI-OPEN-EX).")]
            fn $name(hCluster: HCLUSTER, lpszName: *const WChar, dwDesiredAccess: u32, lpdwGrantedAccess: *mut u32) -> $ret;
            on_panic = std::ptr::null_mut();
            {
                let mut granted = 0;
                // SAFETY: forwarded caller contract.
                let h = unsafe {
                    open_by_name(hCluster, lpszName, |c, n| {
                        let (h, g) = sim().open_ex(c, ObjectKind::$kind, n, dwDesiredAccess)?;
                        granted = g;
                        Ok(h.raw())
                    })
                };
                if !h.is_null() {
                    // SAFETY: NULL or writable (caller contract).
                    unsafe { put(lpdwGrantedAccess, granted) };
                }
                h
            }
        }
    };
}

open_ex!(OpenClusterNodeEx, HNODE, Node);
open_ex!(OpenClusterGroupEx, HGROUP, Group);
open_ex!(OpenClusterResourceEx, HRESOURCE, Resource);
open_ex!(OpenClusterNetworkEx, HNETWORK, Network);
open_ex!(OpenClusterNetInterfaceEx, HNETINTERFACE, NetInterface);
