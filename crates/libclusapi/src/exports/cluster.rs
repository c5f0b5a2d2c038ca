//! Cluster-level exports: open/close, information, enumeration, quorum, resource types.
//! Also the enumeration helpers the per-object `…Enum` exports share.

use super::{expect, handle, raw, ret_bool, ret_handle};
use crate::ffi::{code, fits, put, read_wstr, required_wstr, set_last_error, wide_len, write_wstr, Fit};
use crate::global::{enum_close, enum_open, enum_with, sim, EnumKind};
use crate::types::*;
use clusim_api::enums::EnumEntry;
use clusim_api::{
    ClusterApi, HCluster, HResource, ObjectKind, RawHandle, ResourceApi, ResourceTypeSpec, Result, Win32Error,
};

const GEN_FAILURE: u32 = Win32Error::ERROR_GEN_FAILURE.0;

/// The `dwType` bits each `…OpenEnum` accepts; any other bit is
/// `ERROR_INVALID_PARAMETER`.
pub(crate) fn enum_type_mask(kind: EnumKind) -> u32 {
    use clusim_api::enums::*;
    match kind {
        EnumKind::Cluster => CLUSTER_ENUM_ACCEPTED,
        EnumKind::Node => {
            CLUSTER_NODE_ENUM_NETINTERFACES | CLUSTER_NODE_ENUM_GROUPS | CLUSTER_NODE_ENUM_PREFERRED_GROUPS
        }
        EnumKind::Group => CLUSTER_GROUP_ENUM_CONTAINS | CLUSTER_GROUP_ENUM_NODES,
        EnumKind::Resource => {
            CLUSTER_RESOURCE_ENUM_DEPENDS | CLUSTER_RESOURCE_ENUM_PROVIDES | CLUSTER_RESOURCE_ENUM_NODES
        }
        EnumKind::Network => CLUSTER_NETWORK_ENUM_NETINTERFACES,
        EnumKind::NetInterface => 0,
        EnumKind::ResType => CLUSTER_RESOURCE_TYPE_ENUM_NODES | CLUSTER_RESOURCE_TYPE_ENUM_RESOURCES,
    }
}

/// `…OpenEnum`: checks the handle (by the closure), then `dwType`, then snapshots.
pub(crate) fn enum_open_with(
    kind: EnumKind,
    owner: RawHandle,
    owner_kind: ObjectKind,
    dw_type: u32,
    list: impl FnOnce(RawHandle, u32) -> Result<Vec<EnumEntry>>,
) -> *mut std::ffi::c_void {
    let r = (|| {
        expect(handle(owner), owner_kind)?;
        if dw_type & !enum_type_mask(kind) != 0 {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        let entries = list(owner, dw_type)?;
        Ok(RawHandle(enum_open(kind, entries)))
    })();
    ret_handle(r)
}

/// `…GetEnumCount`: the count, or 0 with the last error `ERROR_INVALID_HANDLE`.
pub(crate) fn enum_count(h: *mut std::ffi::c_void, kind: EnumKind) -> u32 {
    match enum_with(h as usize, kind, |e| e.len() as u32) {
        Ok(n) => n,
        Err(e) => {
            set_last_error(e.0);
            0
        }
    }
}

/// `…Enum`: item `index` of the snapshot.
///
/// # Safety
/// `lpdw_type` and `lpcch_name` are NULL or valid; `lpsz_name` is NULL or writable for
/// `*lpcch_name` units.
pub(crate) unsafe fn enum_item(
    h: *mut std::ffi::c_void,
    kind: EnumKind,
    index: u32,
    lpdw_type: *mut u32,
    lpsz_name: *mut WChar,
    lpcch_name: *mut u32,
) -> u32 {
    let r = (|| {
        let item = enum_with(h as usize, kind, |e| e.get(index as usize).cloned())?;
        if lpdw_type.is_null() || lpcch_name.is_null() {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        let item = item.ok_or(Win32Error::ERROR_NO_MORE_ITEMS)?;
        // SAFETY: pointers as the caller guaranteed; `lpcch_name` checked non-NULL.
        unsafe { write_wstr(lpsz_name, lpcch_name, &item.name) }?;
        // SAFETY: `lpdw_type` checked non-NULL, valid by the caller's contract.
        unsafe { put(lpdw_type, item.kind) };
        Ok(())
    })();
    code(r)
}

/// `ERROR_BAD_ENVIRONMENT` when a `CLUSIM_*` setting was refused (spec/c-abi.md
/// CABI-SIM-ENV): the first call of every program fails with it.
fn started() -> Result<()> {
    crate::startup::startup_error().map_or(Ok(()), Err)
}

export! {
    /// `OpenCluster`: NULL (or `L""`) is the local simulated cluster; a name opens the
    /// independent simulated cluster of that name, created on first use. NULL + last
    /// error on failure (`ERROR_INVALID_PARAMETER` for a malformed name;
    /// `ERROR_BAD_ENVIRONMENT` when a `CLUSIM_*` variable was refused, CABI-SIM-ENV).
    fn OpenCluster(lpszClusterName: *const WChar) -> HCLUSTER;
    on_panic = std::ptr::null_mut();
    {
        // SAFETY: NULL or a NUL-terminated string (caller contract).
        let r = started()
            .and_then(|()| unsafe { read_wstr(lpszClusterName) })
            .and_then(|name| sim().open_cluster(name.as_deref()))
            .map(|h| h.0);
        ret_handle(r)
    }
}

export! {
    /// `OpenClusterEx`: as `OpenCluster`; the simulator has no access control, so
    /// `*GrantedAccess` (when not NULL) receives `DesiredAccess`.
    fn OpenClusterEx(lpszClusterName: *const WChar, DesiredAccess: u32, GrantedAccess: *mut u32) -> HCLUSTER;
    on_panic = std::ptr::null_mut();
    {
        // SAFETY: NULL or a NUL-terminated string (caller contract).
        let r = started()
            .and_then(|()| unsafe { read_wstr(lpszClusterName) })
            .and_then(|name| sim().open_cluster(name.as_deref()))
            .map(|h| h.0);
        if r.is_ok() {
            // SAFETY: NULL or writable (caller contract).
            unsafe { put(GrantedAccess, DesiredAccess) };
        }
        ret_handle(r)
    }
}

export! {
    /// `CloseCluster`: TRUE, or FALSE + `ERROR_INVALID_HANDLE`. Queues `HANDLE_CLOSE` on
    /// ports registered with this handle (PORT-HANDLE-CLOSE).
    fn CloseCluster(hCluster: HCLUSTER) -> BOOL;
    on_panic = FALSE;
    { ret_bool(sim().close_cluster(HCluster(raw(hCluster)))) }
}

export! {
    /// `GetClusterInformation`: the cluster's name (string convention) and, when
    /// `lpClusterInfo` is not NULL, the simulator's version (`dwVersionInfoSize` must be
    /// at least `sizeof(CLUSTERVERSIONINFO_NT4)`; the fields after `szCSDVersion` are
    /// filled only when it is at least `sizeof(CLUSTERVERSIONINFO)`).
    fn GetClusterInformation(
        hCluster: HCLUSTER,
        lpszClusterName: *mut WChar,
        lpcchClusterName: *mut u32,
        lpClusterInfo: *mut CLUSTERVERSIONINFO,
    ) -> u32;
    on_panic = GEN_FAILURE;
    {
        let r = (|| {
            let name = sim().cluster_name(HCluster(raw(hCluster)))?;
            if lpcchClusterName.is_null() {
                return Err(Win32Error::ERROR_INVALID_PARAMETER);
            }
            let info_size = if lpClusterInfo.is_null() {
                None
            } else {
                // SAFETY: non-NULL `lpClusterInfo` points to the caller's structure,
                // whose first DWORD the caller set.
                Some(unsafe { std::ptr::addr_of!((*lpClusterInfo).dwVersionInfoSize).read_unaligned() })
            };
            if matches!(info_size, Some(s) if (s as usize) < CLUSTERVERSIONINFO_NT4_SIZE) {
                return Err(Win32Error::ERROR_INVALID_PARAMETER);
            }
            // SAFETY: string out-pointers as the caller guaranteed.
            unsafe { write_wstr(lpszClusterName, lpcchClusterName, &name) }?;
            if let Some(size) = info_size {
                // SAFETY: the caller's structure holds at least `size` bytes, checked to
                // cover the NT4 part; the rest is written only when `size` covers it.
                unsafe { fill_version(lpClusterInfo, size as usize) };
            }
            Ok(())
        })();
        code(r)
    }
}

fn wide64(s: &str) -> [WChar; 64] {
    let mut out: [WChar; 64] = [0; 64];
    for (slot, u) in out.iter_mut().zip(crate::wide::encode(s).into_iter().take(63)) {
        *slot = u;
    }
    out
}

/// Major version the simulator reports (Windows Server 2022's cluster service).
const SIM_MAJOR: u16 = 10;
/// Build number the simulator reports.
const SIM_BUILD: u16 = 20348;

/// # Safety
/// `info` is writable for `size` bytes and `size >= CLUSTERVERSIONINFO_NT4_SIZE`.
unsafe fn fill_version(info: *mut CLUSTERVERSIONINFO, size: usize) {
    let version = (u32::from(SIM_MAJOR) << 16) | u32::from(SIM_BUILD);
    // SAFETY: every field below lies in the NT4 part, which the caller guarantees.
    unsafe {
        std::ptr::addr_of_mut!((*info).MajorVersion).write_unaligned(SIM_MAJOR);
        std::ptr::addr_of_mut!((*info).MinorVersion).write_unaligned(0);
        std::ptr::addr_of_mut!((*info).BuildNumber).write_unaligned(SIM_BUILD);
        std::ptr::addr_of_mut!((*info).szVendorId).write_unaligned(wide64("clusim"));
        std::ptr::addr_of_mut!((*info).szCSDVersion).write_unaligned(wide64(""));
    }
    if size >= std::mem::size_of::<CLUSTERVERSIONINFO>() {
        // SAFETY: the caller's structure is a full CLUSTERVERSIONINFO.
        unsafe {
            std::ptr::addr_of_mut!((*info).dwClusterHighestVersion).write_unaligned(version);
            std::ptr::addr_of_mut!((*info).dwClusterLowestVersion).write_unaligned(version);
            std::ptr::addr_of_mut!((*info).dwFlags).write_unaligned(0);
            std::ptr::addr_of_mut!((*info).dwReserved).write_unaligned(0);
        }
    }
}

export! {
    /// `ClusterOpenEnum`: a snapshot of the objects of the `CLUSTER_ENUM_*` kinds in
    /// `dwType` (kind by kind in bit order, each in creation order). NULL + last error:
    /// `ERROR_INVALID_HANDLE`, `ERROR_INVALID_PARAMETER` for bits outside
    /// `CLUSTER_ENUM_ALL`, `CLUSTER_ENUM_INTERNAL_NETWORK` and the shared-volume kinds.
    fn ClusterOpenEnum(hCluster: HCLUSTER, dwType: u32) -> HCLUSENUM;
    on_panic = std::ptr::null_mut();
    {
        enum_open_with(EnumKind::Cluster, raw(hCluster), ObjectKind::Cluster, dwType, |h, t| {
            sim().cluster_enum(HCluster(h), t)
        })
    }
}

export! {
    /// `ClusterGetEnumCount`: the number of items; 0 + `ERROR_INVALID_HANDLE` as last
    /// error for a bad handle.
    fn ClusterGetEnumCount(hEnum: HCLUSENUM) -> u32;
    on_panic = 0;
    { enum_count(hEnum, EnumKind::Cluster) }
}

export! {
    /// `ClusterEnum`: item `dwIndex` (kind bit in `*lpdwType`, name by the string
    /// convention); `ERROR_NO_MORE_ITEMS` past the end.
    fn ClusterEnum(hEnum: HCLUSENUM, dwIndex: u32, lpdwType: *mut u32, lpszName: *mut WChar, lpcchName: *mut u32) -> u32;
    on_panic = GEN_FAILURE;
    {
        // SAFETY: forwarded caller contract.
        unsafe { enum_item(hEnum, EnumKind::Cluster, dwIndex, lpdwType, lpszName, lpcchName) }
    }
}

export! {
    /// `ClusterCloseEnum`: `ERROR_SUCCESS` or `ERROR_INVALID_HANDLE`.
    fn ClusterCloseEnum(hEnum: HCLUSENUM) -> u32;
    on_panic = GEN_FAILURE;
    { code(enum_close(hEnum as usize, EnumKind::Cluster)) }
}

export! {
    /// `GetClusterQuorumResource`: the quorum resource's name (`L""` for a node-majority
    /// cluster without one), the device name (always `L""`), and the maximum quorum log
    /// size (always 0: the simulator keeps no quorum log). Both strings follow the string
    /// convention; when either does not fit, nothing is written, both lengths are set and
    /// the answer is `ERROR_MORE_DATA`.
    fn GetClusterQuorumResource(
        hCluster: HCLUSTER,
        lpszResourceName: *mut WChar,
        lpcchResourceName: *mut u32,
        lpszDeviceName: *mut WChar,
        lpcchDeviceName: *mut u32,
        lpdwMaxQuorumLogSize: *mut u32,
    ) -> u32;
    on_panic = GEN_FAILURE;
    {
        let r = (|| {
            let name = sim().quorum_resource(HCluster(raw(hCluster)))?.unwrap_or_default();
            if lpcchResourceName.is_null() || lpcchDeviceName.is_null() || lpdwMaxQuorumLogSize.is_null() {
                return Err(Win32Error::ERROR_INVALID_PARAMETER);
            }
            let device = "";
            // SAFETY: the length pointers are non-NULL and valid (caller contract).
            let both_fit = unsafe {
                matches!(fits(lpszResourceName, lpcchResourceName, wide_len(&name)), Fit::Fits)
                    && matches!(fits(lpszDeviceName, lpcchDeviceName, 0), Fit::Fits)
            };
            if !both_fit {
                // SAFETY: as above; writable.
                unsafe {
                    lpcchResourceName.write_unaligned(wide_len(&name) as u32);
                    lpcchDeviceName.write_unaligned(0);
                }
                return Err(Win32Error::ERROR_MORE_DATA);
            }
            // SAFETY: both buffers fit (checked), pointers valid (caller contract).
            unsafe {
                write_wstr(lpszResourceName, lpcchResourceName, &name)?;
                write_wstr(lpszDeviceName, lpcchDeviceName, device)?;
                lpdwMaxQuorumLogSize.write_unaligned(0);
            }
            Ok(())
        })();
        code(r)
    }
}

export! {
    /// `SetClusterQuorumResource`: makes the resource the quorum resource;
    /// `lpszDeviceName` (may be NULL) and `dwMaxQuoLogSize` are accepted and ignored.
    fn SetClusterQuorumResource(hResource: HRESOURCE, lpszDeviceName: *const WChar, dwMaxQuoLogSize: u32) -> u32;
    on_panic = GEN_FAILURE;
    {
        let _ = (lpszDeviceName, dwMaxQuoLogSize);
        code(sim().set_quorum_resource(HResource(raw(hResource))))
    }
}

export! {
    /// `CreateClusterResourceType`. Every string is required (`ERROR_INVALID_PARAMETER`).
    fn CreateClusterResourceType(
        hCluster: HCLUSTER,
        lpszResourceTypeName: *const WChar,
        lpszDisplayName: *const WChar,
        lpszResourceTypeDll: *const WChar,
        dwLooksAlivePollInterval: u32,
        dwIsAlivePollInterval: u32,
    ) -> u32;
    on_panic = GEN_FAILURE;
    {
        let r = (|| {
            let h = expect(hCluster, ObjectKind::Cluster)?;
            // SAFETY: NUL-terminated strings or NULL (caller contract).
            let (name, display, dll) = unsafe {
                (
                    required_wstr(lpszResourceTypeName)?,
                    required_wstr(lpszDisplayName)?,
                    required_wstr(lpszResourceTypeDll)?,
                )
            };
            let spec = ResourceTypeSpec {
                name,
                display_name: display,
                dll_name: dll,
                looks_alive_ms: dwLooksAlivePollInterval,
                is_alive_ms: dwIsAlivePollInterval,
            };
            sim().create_resource_type(HCluster(h), &spec)
        })();
        code(r)
    }
}

export! {
    /// `DeleteClusterResourceType`.
    fn DeleteClusterResourceType(hCluster: HCLUSTER, lpszResourceTypeName: *const WChar) -> u32;
    on_panic = GEN_FAILURE;
    {
        let r = (|| {
            let h = expect(hCluster, ObjectKind::Cluster)?;
            // SAFETY: NUL-terminated string or NULL (caller contract).
            let name = unsafe { required_wstr(lpszResourceTypeName) }?;
            sim().delete_resource_type(HCluster(h), &name)
        })();
        code(r)
    }
}
