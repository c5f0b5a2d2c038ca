//! # clusim-clusapi
//!
//! [`ClusApiBackend`]: clusim's [`Backend`] trait on top of the ClusAPI functions as
//! `windows-sys` declares them (`Win32_Networking_Clustering`). Every trait method calls
//! the ClusAPI function of that name, with the documented buffer negotiation
//! (`ERROR_MORE_DATA` loops), UTF-16 conversion and error mapping.
//!
//! There is no `cfg(windows)` in the logic. On Windows `windows-sys` links the
//! functions from `clusapi.dll`, so the backend talks to a real cluster; elsewhere
//! `windows-sys` declares them without a link attribute and this crate depends on
//! `libclusapi`, whose `#[no_mangle]` exports — the same functions over the
//! simulator — resolve them. The same code therefore runs against libclusapi in CI and
//! against a cluster on a Windows node (README, "Running against a real cluster").
//!
//! Guarantees:
//! - **Handle ownership.** The backend keeps a ledger of every handle ClusAPI returned
//!   to it (value and kind). A handle reaches ClusAPI only while the ledger lists it as
//!   open with the kind the call expects; anything else — NULL, closed, forged, another
//!   kind, another backend's — is `ERROR_INVALID_HANDLE` without a call (ClusAPI's own
//!   handles are unchecked pointers). Closing takes the handle out of the ledger first.
//!   Dropping the backend closes every handle still open (notifications and replies,
//!   batches — discarded —, ports, keys, objects, clusters, in that order).
//! - **No size queries.** Buffers start small and grow on `ERROR_MORE_DATA` (or
//!   `ERROR_INSUFFICIENT_BUFFER` from `ClusterRegGetKeySecurity`) to the size reported.
//! - **Batch gets with a timeout.** `ClusterRegGetBatchNotification` has none; a finite
//!   timeout is served by a posted call on a helper thread (module [`batch_get`]).
//! - `Timeout` becomes `dwMilliseconds` for `GetClusterNotify`
//!   ([`Timeout::as_millis_u32`]).
//!
//! Public and cheap to construct, so benchmarks can drive libclusapi (or clusapi.dll)
//! through the same trait as the simulator.

#![warn(missing_docs)]

pub mod batch_get;
mod buffers;
mod ledger;

// Off Windows the ClusAPI symbols come from libclusapi's exports: link it.
#[cfg(not(windows))]
use clusapi as _;

use buffers::*;
use clusim_api::enums::EnumEntry;
use clusim_api::registry::self_relative_sd_len_in;
use clusim_api::*;
use ledger::Ledger;
use std::ffi::c_void;
use std::sync::Arc;
use std::time::Duration;
use windows_sys::Win32::Foundation::{GetLastError, FILETIME, INVALID_HANDLE_VALUE};
use windows_sys::Win32::Networking::Clustering::*;

/// The real-ClusAPI backend (see the crate documentation).
pub struct ClusApiBackend {
    ledger: Ledger,
    posted: batch_get::Posted,
    poll_grace: Duration,
}

impl Default for ClusApiBackend {
    fn default() -> Self {
        ClusApiBackend::new()
    }
}

impl std::fmt::Debug for ClusApiBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClusApiBackend").field("open_handles", &self.open_handles()).finish()
    }
}

impl ClusApiBackend {
    /// A backend holding no handles yet.
    pub fn new() -> ClusApiBackend {
        ClusApiBackend {
            ledger: Ledger::default(),
            posted: batch_get::Posted::default(),
            poll_grace: batch_get::DEFAULT_POLL_GRACE,
        }
    }

    /// The same, shared, as most callers (the RAII client layer, the conformance runner)
    /// take it.
    pub fn shared() -> Arc<dyn Backend> {
        Arc::new(ClusApiBackend::new())
    }

    /// Sets the least time a finite-timeout `reg_get_batch_notification` waits for its
    /// posted call (default [`batch_get::DEFAULT_POLL_GRACE`]).
    pub fn with_batch_poll_grace(mut self, grace: Duration) -> ClusApiBackend {
        self.poll_grace = grace;
        self
    }

    /// The vendor `GetClusterInformation` reports for `cluster` (`szVendorId` of
    /// `CLUSTERVERSIONINFO`): `"clusim"` when the ClusAPI functions are libclusapi's,
    /// Microsoft's string on a real cluster. It tells which implementation a run is
    /// talking to — on Windows, a `clusapi.dll` built from `crates/libclusapi` next to
    /// the executable would be loaded before the system's.
    pub fn vendor(&self, cluster: HCluster) -> Result<String> {
        let h = self.check(cluster.0, ObjectKind::Cluster)?;
        let mut info = CLUSTERVERSIONINFO {
            dwVersionInfoSize: std::mem::size_of::<CLUSTERVERSIONINFO>() as u32,
            ..Default::default()
        };
        // The structure is filled together with the name, so negotiate the name.
        // SAFETY: an open cluster handle; buffers valid for the sizes passed.
        read_string(|b, c| unsafe { GetClusterInformation(h, b, c, &mut info) })?;
        let end = info.szVendorId.iter().position(|&u| u == 0).unwrap_or(info.szVendorId.len());
        Ok(String::from_utf16_lossy(&info.szVendorId[..end]))
    }

    /// How many handles this backend holds open.
    pub fn open_handles(&self) -> usize {
        self.ledger.len()
    }

    fn check(&self, raw: RawHandle, kind: ObjectKind) -> Result<isize> {
        self.ledger.check(raw, kind)?;
        Ok(raw.0 as isize)
    }

    fn take(&self, raw: RawHandle, kind: ObjectKind) -> Result<isize> {
        self.ledger.take(raw, kind)?;
        Ok(raw.0 as isize)
    }

    /// A handle-returning call's answer: recorded, or the thread's last error.
    fn opened(&self, h: usize, kind: ObjectKind) -> Result<RawHandle> {
        if h == 0 {
            Err(last_error())
        } else {
            Ok(self.ledger.add(RawHandle(h), kind))
        }
    }

    fn object(&self, object: ObjectHandle) -> Result<isize> {
        self.check(object.raw(), object.kind())
    }

    /// Closes one handle of any kind, as `Drop` does.
    fn close_any(&self, raw: RawHandle, kind: ObjectKind) {
        let h = raw.0 as isize;
        // SAFETY (every call below): `h` was open in the ledger with this kind and has just
        // been taken out of it, so it is closed exactly once.
        unsafe {
            match kind {
                ObjectKind::BatchNotification => {
                    ClusterRegBatchCloseNotification(h);
                }
                ObjectKind::ReadBatchReply => {
                    ClusterRegCloseReadBatchReply(h);
                }
                ObjectKind::RegBatch => {
                    ClusterRegCloseBatch(h, 0, std::ptr::null_mut());
                }
                ObjectKind::ReadBatch => {
                    let mut reply = 0isize;
                    if ClusterRegCloseReadBatch(h, &mut reply) == 0 {
                        ClusterRegCloseReadBatchReply(reply);
                    }
                }
                ObjectKind::BatchPort => {
                    ClusterRegCloseBatchNotifyPort(h);
                }
                ObjectKind::Port => {
                    CloseClusterNotifyPort(h);
                }
                ObjectKind::Key => {
                    ClusterRegCloseKey(h as *mut c_void);
                }
                ObjectKind::Resource => {
                    CloseClusterResource(h);
                }
                ObjectKind::Group => {
                    CloseClusterGroup(h);
                }
                ObjectKind::Node => {
                    CloseClusterNode(h);
                }
                ObjectKind::Network => {
                    CloseClusterNetwork(h);
                }
                ObjectKind::NetInterface => {
                    CloseClusterNetInterface(h);
                }
                ObjectKind::Cluster => {
                    CloseCluster(h);
                }
                ObjectKind::ResourceType => {}
            }
        }
    }
}

impl Drop for ClusApiBackend {
    fn drop(&mut self) {
        self.posted.forget_all();
        let rank = |k: ObjectKind| match k {
            ObjectKind::BatchNotification | ObjectKind::ReadBatchReply => 0,
            ObjectKind::RegBatch | ObjectKind::ReadBatch => 1,
            ObjectKind::BatchPort | ObjectKind::Port => 2,
            ObjectKind::Key => 3,
            ObjectKind::Cluster => 5,
            _ => 4,
        };
        let mut open = self.ledger.take_all();
        open.sort_by_key(|&(raw, kind)| (rank(kind), raw));
        for (raw, kind) in open {
            self.close_any(raw, kind);
        }
    }
}

fn last_error() -> Win32Error {
    // SAFETY: no arguments; reads the calling thread's last error.
    Win32Error(unsafe { GetLastError() })
}

fn bool_or_gle(b: windows_sys::core::BOOL) -> Result<()> {
    if b != 0 {
        Ok(())
    } else {
        Err(last_error())
    }
}

fn state_or_gle(s: i32) -> Result<i32> {
    if s == -1 {
        Err(last_error())
    } else {
        Ok(s)
    }
}

fn filetime(t: FILETIME) -> FileTime {
    FileTime(u64::from(t.dwHighDateTime) << 32 | u64::from(t.dwLowDateTime))
}

/// A data length as the DWORD ClusAPI takes (`ERROR_INVALID_PARAMETER` past 4 GiB).
fn cb(data: &[u8]) -> Result<u32> {
    u32::try_from(data.len()).map_err(|_| Win32Error::ERROR_INVALID_PARAMETER)
}

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
/// `inb` is readable for `inlen` bytes; `out` writable for `outlen` bytes.
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
    // SAFETY: forwarded caller contract; `h` is an open handle of the object's kind.
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

type EnumCount = unsafe extern "system" fn(isize) -> u32;
type EnumItem = unsafe extern "system" fn(isize, u32, *mut u32, *mut u16, *mut u32) -> u32;
type EnumClose = unsafe extern "system" fn(isize) -> u32;

/// `…OpenEnum` (already called: `e`), `…GetEnumCount`, `…Enum` for each index,
/// `…CloseEnum` — also on the way out of an error.
fn enumerate(e: isize, count: EnumCount, item: EnumItem, close: EnumClose) -> Result<Vec<EnumEntry>> {
    if e == 0 {
        return Err(last_error());
    }
    let entries = (|| -> Result<Vec<EnumEntry>> {
        // SAFETY: `e` is the enumeration handle just returned.
        let n = unsafe { count(e) };
        let mut out = Vec::with_capacity(n as usize);
        for i in 0..n {
            let mut kind = 0u32;
            // SAFETY: `read_string` passes a buffer valid for `*cch` units.
            let name = read_string(|b, c| unsafe { item(e, i, &mut kind, b, c) })?;
            out.push(EnumEntry { kind, name });
        }
        Ok(out)
    })();
    // SAFETY: closed once, whatever happened above.
    let closed = rc(unsafe { close(e) });
    let entries = entries?;
    closed?;
    Ok(entries)
}

impl ClusApiBackend {
    fn get_text(&self, object: ObjectHandle, code_index: usize) -> Result<String> {
        let h = self.object(object)?;
        let code = control_codes(object)[code_index];
        if code == 0 {
            return Err(match object {
                ObjectHandle::Key(_) => Win32Error::ERROR_INVALID_HANDLE,
                _ => Win32Error::ERROR_INVALID_FUNCTION,
            });
        }
        // SAFETY: `read_bytes` passes a buffer valid for the capacity it gives.
        let bytes =
            read_bytes(|o, n, r| unsafe { control(object, h, code, std::ptr::null(), 0, o.cast(), n, r) })?;
        Ok(utf16z_bytes(&bytes))
    }

    fn name_call(&self, cluster: HCluster, name: &str) -> Result<(isize, Vec<u16>)> {
        let c = self.check(cluster.0, ObjectKind::Cluster)?;
        Ok((c, wide(name)?))
    }
}

impl Backend for ClusApiBackend {
    fn backend_name(&self) -> &'static str {
        "clusapi"
    }

    // ----- cluster ------------------------------------------------------------------------

    fn open_cluster(&self, name: Option<&str>) -> Result<HCluster> {
        let name = wide_opt(name)?;
        // SAFETY: NULL or a NUL-terminated string.
        let h = unsafe { OpenCluster(ptr_opt(&name)) };
        self.opened(h as usize, ObjectKind::Cluster).map(HCluster)
    }

    fn close_cluster(&self, cluster: HCluster) -> Result<()> {
        let h = self.take(cluster.0, ObjectKind::Cluster)?;
        // SAFETY: an open cluster handle, closed once.
        bool_or_gle(unsafe { CloseCluster(h) })
    }

    fn cluster_name(&self, cluster: HCluster) -> Result<String> {
        let h = self.check(cluster.0, ObjectKind::Cluster)?;
        // SAFETY: buffers valid for the sizes passed; no version structure.
        read_string(|b, c| unsafe { GetClusterInformation(h, b, c, std::ptr::null_mut()) })
    }

    fn cluster_enum(&self, cluster: HCluster, kinds: u32) -> Result<Vec<EnumEntry>> {
        let h = self.check(cluster.0, ObjectKind::Cluster)?;
        // SAFETY: an open cluster handle.
        let e = unsafe { ClusterOpenEnum(h, kinds) };
        enumerate(e, ClusterGetEnumCount, ClusterEnum, ClusterCloseEnum)
    }

    fn quorum_resource(&self, cluster: HCluster) -> Result<Option<String>> {
        let h = self.check(cluster.0, ObjectKind::Cluster)?;
        let (mut name, mut dev) = (vec![0u16; FIRST_CHARS], vec![0u16; FIRST_CHARS]);
        for _ in 0..MAX_ROUNDS {
            let (mut cn, mut cd, mut log) = (name.len() as u32, dev.len() as u32, 0u32);
            // SAFETY: buffers valid for the capacities passed.
            let code = unsafe {
                GetClusterQuorumResource(h, name.as_mut_ptr(), &mut cn, dev.as_mut_ptr(), &mut cd, &mut log)
            };
            match code {
                0 => {
                    let s = String::from_utf16_lossy(&name[..(cn as usize).min(name.len())]);
                    return Ok((!s.is_empty()).then_some(s));
                }
                234 => {
                    let (n0, d0) = (name.len(), dev.len());
                    name.resize((cn as usize + 1).max(n0), 0);
                    dev.resize((cd as usize + 1).max(d0), 0);
                    if name.len() == n0 && dev.len() == d0 {
                        name.resize(n0 * 2, 0);
                        dev.resize(d0 * 2, 0);
                    }
                }
                e => return Err(Win32Error(e)),
            }
        }
        Err(Win32Error::ERROR_MORE_DATA)
    }

    fn set_quorum_resource(&self, resource: HResource) -> Result<()> {
        let h = self.check(resource.0, ObjectKind::Resource)?;
        // SAFETY: NULL device name: keep the current one.
        rc(unsafe { SetClusterQuorumResource(h, std::ptr::null(), 0) })
    }

    // ----- nodes ---------------------------------------------------------------------------

    fn open_node(&self, cluster: HCluster, name: &str) -> Result<HNode> {
        let (c, n) = self.name_call(cluster, name)?;
        // SAFETY: an open cluster handle and a NUL-terminated name.
        let h = unsafe { OpenClusterNode(c, n.as_ptr()) };
        self.opened(h as usize, ObjectKind::Node).map(HNode)
    }

    fn close_node(&self, node: HNode) -> Result<()> {
        let h = self.take(node.0, ObjectKind::Node)?;
        // SAFETY: an open node handle, closed once.
        bool_or_gle(unsafe { CloseClusterNode(h) })
    }

    fn node_state(&self, node: HNode) -> Result<NodeState> {
        let h = self.check(node.0, ObjectKind::Node)?;
        // SAFETY: an open node handle.
        let s = state_or_gle(unsafe { GetClusterNodeState(h) })?;
        NodeState::from_value(s).ok_or(Win32Error::ERROR_GEN_FAILURE)
    }

    fn pause_node(&self, node: HNode) -> Result<()> {
        let h = self.check(node.0, ObjectKind::Node)?;
        // SAFETY: an open node handle.
        rc(unsafe { PauseClusterNode(h) })
    }

    fn resume_node(&self, node: HNode) -> Result<()> {
        let h = self.check(node.0, ObjectKind::Node)?;
        // SAFETY: an open node handle.
        rc(unsafe { ResumeClusterNode(h) })
    }

    fn evict_node(&self, node: HNode) -> Result<()> {
        let h = self.check(node.0, ObjectKind::Node)?;
        // SAFETY: an open node handle.
        rc(unsafe { EvictClusterNode(h) })
    }

    fn node_enum(&self, node: HNode, kinds: u32) -> Result<Vec<EnumEntry>> {
        let h = self.check(node.0, ObjectKind::Node)?;
        // SAFETY: an open node handle.
        let e = unsafe { ClusterNodeOpenEnum(h, kinds) };
        enumerate(e, ClusterNodeGetEnumCount, ClusterNodeEnum, ClusterNodeCloseEnum)
    }

    // ----- groups --------------------------------------------------------------------------

    fn open_group(&self, cluster: HCluster, name: &str) -> Result<HGroup> {
        let (c, n) = self.name_call(cluster, name)?;
        // SAFETY: an open cluster handle and a NUL-terminated name.
        let h = unsafe { OpenClusterGroup(c, n.as_ptr()) };
        self.opened(h as usize, ObjectKind::Group).map(HGroup)
    }

    fn close_group(&self, group: HGroup) -> Result<()> {
        let h = self.take(group.0, ObjectKind::Group)?;
        // SAFETY: an open group handle, closed once.
        bool_or_gle(unsafe { CloseClusterGroup(h) })
    }

    fn create_group(&self, cluster: HCluster, name: &str) -> Result<HGroup> {
        let (c, n) = self.name_call(cluster, name)?;
        // SAFETY: an open cluster handle and a NUL-terminated name.
        let h = unsafe { CreateClusterGroup(c, n.as_ptr()) };
        self.opened(h as usize, ObjectKind::Group).map(HGroup)
    }

    fn delete_group(&self, group: HGroup) -> Result<()> {
        let h = self.check(group.0, ObjectKind::Group)?;
        // SAFETY: an open group handle.
        rc(unsafe { DeleteClusterGroup(h) })
    }

    fn group_state(&self, group: HGroup) -> Result<(GroupState, String)> {
        let h = self.check(group.0, ObjectKind::Group)?;
        let mut state = -1;
        let owner = read_string(|b, c| {
            // SAFETY: buffers valid for the sizes passed.
            state = unsafe { GetClusterGroupState(h, b, c) };
            if state == -1 {
                last_error().0
            } else {
                0
            }
        })?;
        Ok((GroupState::from_value(state).ok_or(Win32Error::ERROR_GEN_FAILURE)?, owner))
    }

    fn set_group_name(&self, group: HGroup, name: &str) -> Result<()> {
        let h = self.check(group.0, ObjectKind::Group)?;
        let n = wide(name)?;
        // SAFETY: an open group handle and a NUL-terminated name.
        rc(unsafe { SetClusterGroupName(h, n.as_ptr()) })
    }

    fn set_group_node_list(&self, group: HGroup, nodes: &[HNode]) -> Result<()> {
        let h = self.check(group.0, ObjectKind::Group)?;
        let list = nodes.iter().map(|n| self.check(n.0, ObjectKind::Node)).collect::<Result<Vec<isize>>>()?;
        // SAFETY: `list` holds `len` open node handles.
        rc(unsafe { SetClusterGroupNodeList(h, list.len() as u32, list.as_ptr()) })
    }

    fn online_group(&self, group: HGroup, node: Option<HNode>) -> Result<()> {
        let h = self.check(group.0, ObjectKind::Group)?;
        let n = node.map(|n| self.check(n.0, ObjectKind::Node)).transpose()?.unwrap_or(0);
        // SAFETY: open handles (NULL node: stay where it is).
        rc(unsafe { OnlineClusterGroup(h, n) })
    }

    fn offline_group(&self, group: HGroup) -> Result<()> {
        let h = self.check(group.0, ObjectKind::Group)?;
        // SAFETY: an open group handle.
        rc(unsafe { OfflineClusterGroup(h) })
    }

    fn move_group(&self, group: HGroup, node: Option<HNode>) -> Result<()> {
        let h = self.check(group.0, ObjectKind::Group)?;
        let n = node.map(|n| self.check(n.0, ObjectKind::Node)).transpose()?.unwrap_or(0);
        // SAFETY: open handles (NULL node: the cluster chooses).
        rc(unsafe { MoveClusterGroup(h, n) })
    }

    fn group_enum(&self, group: HGroup, kinds: u32) -> Result<Vec<EnumEntry>> {
        let h = self.check(group.0, ObjectKind::Group)?;
        // SAFETY: an open group handle.
        let e = unsafe { ClusterGroupOpenEnum(h, kinds) };
        enumerate(e, ClusterGroupGetEnumCount, ClusterGroupEnum, ClusterGroupCloseEnum)
    }

    // ----- resources -------------------------------------------------------------------------

    fn open_resource(&self, cluster: HCluster, name: &str) -> Result<HResource> {
        let (c, n) = self.name_call(cluster, name)?;
        // SAFETY: an open cluster handle and a NUL-terminated name.
        let h = unsafe { OpenClusterResource(c, n.as_ptr()) };
        self.opened(h as usize, ObjectKind::Resource).map(HResource)
    }

    fn close_resource(&self, resource: HResource) -> Result<()> {
        let h = self.take(resource.0, ObjectKind::Resource)?;
        // SAFETY: an open resource handle, closed once.
        bool_or_gle(unsafe { CloseClusterResource(h) })
    }

    fn create_resource(&self, group: HGroup, name: &str, type_name: &str) -> Result<HResource> {
        let g = self.check(group.0, ObjectKind::Group)?;
        let (n, t) = (wide(name)?, wide(type_name)?);
        // SAFETY: an open group handle and NUL-terminated strings.
        let h = unsafe { CreateClusterResource(g, n.as_ptr(), t.as_ptr(), 0) };
        self.opened(h as usize, ObjectKind::Resource).map(HResource)
    }

    fn delete_resource(&self, resource: HResource) -> Result<()> {
        let h = self.check(resource.0, ObjectKind::Resource)?;
        // SAFETY: an open resource handle.
        rc(unsafe { DeleteClusterResource(h) })
    }

    fn resource_state(&self, resource: HResource) -> Result<ResourceStatus> {
        let h = self.check(resource.0, ObjectKind::Resource)?;
        let (mut node, mut group) = (vec![0u16; FIRST_CHARS], vec![0u16; FIRST_CHARS]);
        for _ in 0..MAX_ROUNDS {
            let (mut cn, mut cg) = (node.len() as u32, group.len() as u32);
            // SAFETY: buffers valid for the capacities passed.
            let s = unsafe {
                GetClusterResourceState(h, node.as_mut_ptr(), &mut cn, group.as_mut_ptr(), &mut cg)
            };
            match state_or_gle(s) {
                Ok(s) => {
                    return Ok(ResourceStatus {
                        state: ResourceState::from_value(s).ok_or(Win32Error::ERROR_GEN_FAILURE)?,
                        owner_node: String::from_utf16_lossy(&node[..(cn as usize).min(node.len())]),
                        group: String::from_utf16_lossy(&group[..(cg as usize).min(group.len())]),
                    })
                }
                Err(Win32Error::ERROR_MORE_DATA) => {
                    node.resize((cn as usize + 1).max(node.len()), 0);
                    group.resize((cg as usize + 1).max(group.len()), 0);
                }
                Err(e) => return Err(e),
            }
        }
        Err(Win32Error::ERROR_MORE_DATA)
    }

    fn set_resource_name(&self, resource: HResource, name: &str) -> Result<()> {
        let h = self.check(resource.0, ObjectKind::Resource)?;
        let n = wide(name)?;
        // SAFETY: an open resource handle and a NUL-terminated name.
        rc(unsafe { SetClusterResourceName(h, n.as_ptr()) })
    }

    fn online_resource(&self, resource: HResource) -> Result<()> {
        let h = self.check(resource.0, ObjectKind::Resource)?;
        // SAFETY: an open resource handle.
        rc(unsafe { OnlineClusterResource(h) })
    }

    fn offline_resource(&self, resource: HResource) -> Result<()> {
        let h = self.check(resource.0, ObjectKind::Resource)?;
        // SAFETY: an open resource handle.
        rc(unsafe { OfflineClusterResource(h) })
    }

    fn fail_resource(&self, resource: HResource) -> Result<()> {
        let h = self.check(resource.0, ObjectKind::Resource)?;
        // SAFETY: an open resource handle.
        rc(unsafe { FailClusterResource(h) })
    }

    fn add_dependency(&self, resource: HResource, depends_on: HResource) -> Result<()> {
        let h = self.check(resource.0, ObjectKind::Resource)?;
        let d = self.check(depends_on.0, ObjectKind::Resource)?;
        // SAFETY: open resource handles.
        rc(unsafe { AddClusterResourceDependency(h, d) })
    }

    fn remove_dependency(&self, resource: HResource, depends_on: HResource) -> Result<()> {
        let h = self.check(resource.0, ObjectKind::Resource)?;
        let d = self.check(depends_on.0, ObjectKind::Resource)?;
        // SAFETY: open resource handles.
        rc(unsafe { RemoveClusterResourceDependency(h, d) })
    }

    fn add_possible_owner(&self, resource: HResource, node: HNode) -> Result<()> {
        let h = self.check(resource.0, ObjectKind::Resource)?;
        let n = self.check(node.0, ObjectKind::Node)?;
        // SAFETY: open handles.
        rc(unsafe { AddClusterResourceNode(h, n) })
    }

    fn remove_possible_owner(&self, resource: HResource, node: HNode) -> Result<()> {
        let h = self.check(resource.0, ObjectKind::Resource)?;
        let n = self.check(node.0, ObjectKind::Node)?;
        // SAFETY: open handles.
        rc(unsafe { RemoveClusterResourceNode(h, n) })
    }

    fn change_resource_group(&self, resource: HResource, group: HGroup) -> Result<()> {
        let h = self.check(resource.0, ObjectKind::Resource)?;
        let g = self.check(group.0, ObjectKind::Group)?;
        // SAFETY: open handles.
        rc(unsafe { ChangeClusterResourceGroup(h, g) })
    }

    fn resource_type_name(&self, resource: HResource) -> Result<String> {
        let h = self.check(resource.0, ObjectKind::Resource)?;
        let object = ObjectHandle::Resource(resource);
        // SAFETY: `read_bytes` passes a buffer valid for the capacity it gives.
        let bytes = read_bytes(|o, n, r| unsafe {
            control(object, h, CLUSCTL_RESOURCE_GET_RESOURCE_TYPE as u32, std::ptr::null(), 0, o.cast(), n, r)
        })?;
        Ok(utf16z_bytes(&bytes))
    }

    fn resource_enum(&self, resource: HResource, kinds: u32) -> Result<Vec<EnumEntry>> {
        let h = self.check(resource.0, ObjectKind::Resource)?;
        // SAFETY: an open resource handle.
        let e = unsafe { ClusterResourceOpenEnum(h, kinds) };
        enumerate(e, ClusterResourceGetEnumCount, ClusterResourceEnum, ClusterResourceCloseEnum)
    }

    // ----- resource types ----------------------------------------------------------------------

    fn create_resource_type(&self, cluster: HCluster, spec: &ResourceTypeSpec) -> Result<()> {
        let (c, n) = self.name_call(cluster, &spec.name)?;
        let (d, dll) = (wide(&spec.display_name)?, wide(&spec.dll_name)?);
        // SAFETY: an open cluster handle and NUL-terminated strings.
        rc(unsafe {
            CreateClusterResourceType(
                c,
                n.as_ptr(),
                d.as_ptr(),
                dll.as_ptr(),
                spec.looks_alive_ms,
                spec.is_alive_ms,
            )
        })
    }

    fn delete_resource_type(&self, cluster: HCluster, name: &str) -> Result<()> {
        let (c, n) = self.name_call(cluster, name)?;
        // SAFETY: an open cluster handle and a NUL-terminated name.
        rc(unsafe { DeleteClusterResourceType(c, n.as_ptr()) })
    }

    // ----- networks ----------------------------------------------------------------------------

    fn open_network(&self, cluster: HCluster, name: &str) -> Result<HNetwork> {
        let (c, n) = self.name_call(cluster, name)?;
        // SAFETY: an open cluster handle and a NUL-terminated name.
        let h = unsafe { OpenClusterNetwork(c, n.as_ptr()) };
        self.opened(h as usize, ObjectKind::Network).map(HNetwork)
    }

    fn close_network(&self, network: HNetwork) -> Result<()> {
        let h = self.take(network.0, ObjectKind::Network)?;
        // SAFETY: an open network handle, closed once.
        bool_or_gle(unsafe { CloseClusterNetwork(h) })
    }

    fn network_state(&self, network: HNetwork) -> Result<NetworkState> {
        let h = self.check(network.0, ObjectKind::Network)?;
        // SAFETY: an open network handle.
        let s = state_or_gle(unsafe { GetClusterNetworkState(h) })?;
        NetworkState::from_value(s).ok_or(Win32Error::ERROR_GEN_FAILURE)
    }

    fn set_network_name(&self, network: HNetwork, name: &str) -> Result<()> {
        let h = self.check(network.0, ObjectKind::Network)?;
        let n = wide(name)?;
        // SAFETY: an open network handle and a NUL-terminated name.
        rc(unsafe { SetClusterNetworkName(h, n.as_ptr()) })
    }

    fn network_enum(&self, network: HNetwork, kinds: u32) -> Result<Vec<EnumEntry>> {
        let h = self.check(network.0, ObjectKind::Network)?;
        // SAFETY: an open network handle.
        let e = unsafe { ClusterNetworkOpenEnum(h, kinds) };
        enumerate(e, ClusterNetworkGetEnumCount, ClusterNetworkEnum, ClusterNetworkCloseEnum)
    }

    fn open_net_interface(&self, cluster: HCluster, name: &str) -> Result<HNetInterface> {
        let (c, n) = self.name_call(cluster, name)?;
        // SAFETY: an open cluster handle and a NUL-terminated name.
        let h = unsafe { OpenClusterNetInterface(c, n.as_ptr()) };
        self.opened(h as usize, ObjectKind::NetInterface).map(HNetInterface)
    }

    fn close_net_interface(&self, netif: HNetInterface) -> Result<()> {
        let h = self.take(netif.0, ObjectKind::NetInterface)?;
        // SAFETY: an open interface handle, closed once.
        bool_or_gle(unsafe { CloseClusterNetInterface(h) })
    }

    fn net_interface_state(&self, netif: HNetInterface) -> Result<NetInterfaceState> {
        let h = self.check(netif.0, ObjectKind::NetInterface)?;
        // SAFETY: an open interface handle.
        let s = state_or_gle(unsafe { GetClusterNetInterfaceState(h) })?;
        NetInterfaceState::from_value(s).ok_or(Win32Error::ERROR_GEN_FAILURE)
    }

    fn net_interface_name(&self, cluster: HCluster, node: &str, network: &str) -> Result<String> {
        let (c, n) = self.name_call(cluster, node)?;
        let w = wide(network)?;
        // SAFETY: NUL-terminated strings; buffers valid for the sizes passed.
        read_string(|b, cch| unsafe { GetClusterNetInterface(c, n.as_ptr(), w.as_ptr(), b, cch) })
    }

    // ----- properties ----------------------------------------------------------------------------

    fn get_properties(&self, object: ObjectHandle, scope: PropertyScope) -> Result<PropertyList> {
        let h = self.object(object)?;
        let c = control_codes(object);
        let code = if scope == PropertyScope::Common { c[0] } else { c[2] };
        if code == 0 {
            return Err(Win32Error::ERROR_INVALID_HANDLE);
        }
        // SAFETY: `read_bytes` passes a buffer valid for the capacity it gives.
        let bytes =
            read_bytes(|o, n, r| unsafe { control(object, h, code, std::ptr::null(), 0, o.cast(), n, r) })?;
        proplist::decode(&bytes)
    }

    fn set_properties(&self, object: ObjectHandle, scope: PropertyScope, props: &PropertyList) -> Result<()> {
        let h = self.object(object)?;
        let c = control_codes(object);
        let code = if scope == PropertyScope::Common { c[1] } else { c[3] };
        if code == 0 {
            return Err(Win32Error::ERROR_INVALID_HANDLE);
        }
        let bytes = proplist::encode(props);
        let mut ret = 0u32;
        // SAFETY: the input is readable for its length; no output buffer.
        rc(unsafe {
            control(object, h, code, bytes.as_ptr().cast(), cb(&bytes)?, std::ptr::null_mut(), 0, &mut ret)
        })
    }

    fn get_resource_type_properties(
        &self,
        cluster: HCluster,
        type_name: &str,
        scope: PropertyScope,
    ) -> Result<PropertyList> {
        let (c, n) = self.name_call(cluster, type_name)?;
        let code = if scope == PropertyScope::Common {
            CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTIES as u32
        } else {
            CLUSCTL_RESOURCE_TYPE_GET_PRIVATE_PROPERTIES as u32
        };
        // SAFETY: buffers valid for the sizes passed.
        let bytes = read_bytes(|o, len, r| unsafe {
            ClusterResourceTypeControl(c, n.as_ptr(), 0, code, std::ptr::null(), 0, o.cast(), len, r)
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
        let (c, n) = self.name_call(cluster, type_name)?;
        let code = if scope == PropertyScope::Common {
            CLUSCTL_RESOURCE_TYPE_SET_COMMON_PROPERTIES as u32
        } else {
            CLUSCTL_RESOURCE_TYPE_SET_PRIVATE_PROPERTIES as u32
        };
        let bytes = proplist::encode(props);
        let mut ret = 0u32;
        // SAFETY: the input is readable for its length; no output buffer.
        rc(unsafe {
            ClusterResourceTypeControl(
                c,
                n.as_ptr(),
                0,
                code,
                bytes.as_ptr().cast(),
                cb(&bytes)?,
                std::ptr::null_mut(),
                0,
                &mut ret,
            )
        })
    }

    // ----- V1 notification ports ---------------------------------------------------------------

    fn create_notify_port(
        &self,
        existing: Option<HChange>,
        cluster: Option<HCluster>,
        filter: ChangeFlags,
        key: NotifyKey,
    ) -> Result<HChange> {
        let invalid = INVALID_HANDLE_VALUE as isize;
        let p = existing.map(|h| self.check(h.0, ObjectKind::Port)).transpose()?.unwrap_or(invalid);
        let c = cluster.map(|h| self.check(h.0, ObjectKind::Cluster)).transpose()?.unwrap_or(invalid);
        // SAFETY: open handles or INVALID_HANDLE_VALUE.
        let h = unsafe { CreateClusterNotifyPort(p, c, filter.bits(), key.0) };
        match existing {
            // Adding to an existing port returns that port: nothing new to record.
            Some(port) if h != 0 => Ok(port),
            _ => self.opened(h as usize, ObjectKind::Port).map(HChange),
        }
    }

    fn register_notify(
        &self,
        port: HChange,
        filter: ChangeFlags,
        object: ObjectHandle,
        key: NotifyKey,
    ) -> Result<()> {
        let p = self.check(port.0, ObjectKind::Port)?;
        let o = self.object(object)?;
        // SAFETY: open handles; `hObject` is an untyped HANDLE in C.
        rc(unsafe { RegisterClusterNotify(p, filter.bits(), o as *mut c_void, key.0) })
    }

    fn get_notify(
        &self,
        port: HChange,
        name: &mut [u16],
        timeout: Timeout,
    ) -> std::result::Result<NotifyHeader, GetNotifyError> {
        let p = self.check(port.0, ObjectKind::Port)?;
        let (mut key, mut filter) = (0usize, 0u32);
        let mut cch = u32::try_from(name.len()).unwrap_or(u32::MAX);
        // SAFETY: `name` is writable for `cch` units; the other out-pointers are locals.
        let code = unsafe {
            GetClusterNotify(p, &mut key, &mut filter, name.as_mut_ptr(), &mut cch, timeout.as_millis_u32())
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
        let h = self.take(port.0, ObjectKind::Port)?;
        // SAFETY: an open port handle, closed once.
        bool_or_gle(unsafe { CloseClusterNotifyPort(h) })
    }

    // ----- cluster registry --------------------------------------------------------------------

    fn get_cluster_key(&self, cluster: HCluster, sam: u32) -> Result<HKey> {
        let c = self.check(cluster.0, ObjectKind::Cluster)?;
        // SAFETY: an open cluster handle.
        let k = unsafe { GetClusterKey(c, sam) };
        self.opened(k as usize, ObjectKind::Key).map(HKey)
    }

    fn get_object_key(&self, object: ObjectHandle, sam: u32) -> Result<HKey> {
        let h = self.object(object)?;
        // SAFETY: `h` is an open handle of the kind each function takes.
        let k = unsafe {
            match object {
                ObjectHandle::Cluster(_) => GetClusterKey(h, sam),
                ObjectHandle::Node(_) => GetClusterNodeKey(h, sam),
                ObjectHandle::Group(_) => GetClusterGroupKey(h, sam),
                ObjectHandle::Resource(_) => GetClusterResourceKey(h, sam),
                ObjectHandle::Network(_) => GetClusterNetworkKey(h, sam),
                ObjectHandle::NetInterface(_) => GetClusterNetInterfaceKey(h, sam),
                ObjectHandle::Key(_) => return Err(Win32Error::ERROR_INVALID_HANDLE),
            }
        };
        self.opened(k as usize, ObjectKind::Key).map(HKey)
    }

    fn get_resource_type_key(&self, cluster: HCluster, type_name: &str, sam: u32) -> Result<HKey> {
        let (c, n) = self.name_call(cluster, type_name)?;
        // SAFETY: an open cluster handle and a NUL-terminated name.
        let k = unsafe { GetClusterResourceTypeKey(c, n.as_ptr(), sam) };
        self.opened(k as usize, ObjectKind::Key).map(HKey)
    }

    fn reg_create_key(&self, key: HKey, subkey: &str, options: u32, sam: u32) -> Result<(HKey, Disposition)> {
        let k = self.check(key.0, ObjectKind::Key)?;
        let s = wide(subkey)?;
        let (mut new, mut disposition) = (std::ptr::null_mut(), 0u32);
        // SAFETY: an open key, a NUL-terminated subkey, no security attributes, and
        // out-pointers to locals.
        lrc(unsafe {
            ClusterRegCreateKey(
                k as *mut c_void,
                s.as_ptr(),
                options,
                sam,
                std::ptr::null(),
                &mut new,
                &mut disposition,
            )
        })?;
        let new = HKey(self.ledger.add(RawHandle(new as usize), ObjectKind::Key));
        let d = if disposition == clusim_api::registry::REG_CREATED_NEW_KEY {
            Disposition::CreatedNew
        } else {
            Disposition::OpenedExisting
        };
        Ok((new, d))
    }

    fn reg_open_key(&self, key: HKey, subkey: &str, sam: u32) -> Result<HKey> {
        let k = self.check(key.0, ObjectKind::Key)?;
        let s = wide(subkey)?;
        let mut new = std::ptr::null_mut();
        // SAFETY: an open key, a NUL-terminated subkey, an out-pointer to a local.
        lrc(unsafe { ClusterRegOpenKey(k as *mut c_void, s.as_ptr(), sam, &mut new) })?;
        Ok(HKey(self.ledger.add(RawHandle(new as usize), ObjectKind::Key)))
    }

    fn reg_delete_key(&self, key: HKey, subkey: &str) -> Result<()> {
        let k = self.check(key.0, ObjectKind::Key)?;
        let s = wide(subkey)?;
        // SAFETY: an open key and a NUL-terminated subkey.
        lrc(unsafe { ClusterRegDeleteKey(k as *mut c_void, s.as_ptr()) })
    }

    fn reg_close_key(&self, key: HKey) -> Result<()> {
        let k = self.take(key.0, ObjectKind::Key)?;
        // SAFETY: an open key, closed once.
        lrc(unsafe { ClusterRegCloseKey(k as *mut c_void) })
    }

    fn reg_set_value(&self, key: HKey, name: &str, ty: u32, data: &[u8]) -> Result<()> {
        let k = self.check(key.0, ObjectKind::Key)?;
        let n = wide(name)?;
        // SAFETY: an open key, a NUL-terminated name, data readable for its length.
        rc(unsafe { ClusterRegSetValue(k as *mut c_void, n.as_ptr(), ty, data.as_ptr(), cb(data)?) })
    }

    fn reg_delete_value(&self, key: HKey, name: &str) -> Result<()> {
        let k = self.check(key.0, ObjectKind::Key)?;
        let n = wide(name)?;
        // SAFETY: an open key and a NUL-terminated name.
        rc(unsafe { ClusterRegDeleteValue(k as *mut c_void, n.as_ptr()) })
    }

    fn reg_query_value(&self, key: HKey, name: &str) -> Result<(u32, Vec<u8>)> {
        let k = self.check(key.0, ObjectKind::Key)?;
        let n = wide(name)?;
        let mut ty = 0u32;
        let data = read_bytes(|buf, cap, got| {
            *got = cap;
            // SAFETY: `buf` is writable for `cap` bytes; `*got` carries the capacity in.
            unsafe { ClusterRegQueryValue(k as *mut c_void, n.as_ptr(), &mut ty, buf, got) as u32 }
        })?;
        Ok((ty, data))
    }

    fn reg_enum_key(&self, key: HKey, index: u32) -> Result<(String, FileTime)> {
        let k = self.check(key.0, ObjectKind::Key)?;
        let mut time = FILETIME { dwLowDateTime: 0, dwHighDateTime: 0 };
        // SAFETY: buffers valid for the sizes passed; `time` is a local.
        let name = read_string(|b, c| unsafe {
            ClusterRegEnumKey(k as *mut c_void, index, b, c, &mut time) as u32
        })?;
        Ok((name, filetime(time)))
    }

    fn reg_enum_value(&self, key: HKey, index: u32) -> Result<(String, u32, Vec<u8>)> {
        let k = self.check(key.0, ObjectKind::Key)?;
        let (mut name, mut data) = (vec![0u16; FIRST_CHARS], vec![0u8; FIRST_BYTES]);
        for _ in 0..MAX_ROUNDS {
            let (mut cch, mut cbd, mut ty) = (name.len() as u32, data.len() as u32, 0u32);
            // SAFETY: buffers valid for the capacities passed; the rest are locals.
            let code = unsafe {
                ClusterRegEnumValue(
                    k as *mut c_void,
                    index,
                    name.as_mut_ptr(),
                    &mut cch,
                    &mut ty,
                    data.as_mut_ptr(),
                    &mut cbd,
                )
            };
            match code {
                0 => {
                    data.truncate(cbd as usize);
                    let n = String::from_utf16_lossy(&name[..(cch as usize).min(name.len())]);
                    return Ok((n, ty, data));
                }
                234 => {
                    let (n0, d0) = (name.len(), data.len());
                    name.resize((cch as usize + 1).max(n0), 0);
                    data.resize((cbd as usize).max(d0), 0);
                    if name.len() == n0 && data.len() == d0 {
                        // The sizes reported fit already: the value grew in between.
                        name.resize(n0 * 2, 0);
                        data.resize(d0 * 2, 0);
                    }
                }
                e => return Err(Win32Error(e)),
            }
        }
        Err(Win32Error::ERROR_MORE_DATA)
    }

    fn reg_query_info_key(&self, key: HKey) -> Result<KeyInfo> {
        let k = self.check(key.0, ObjectKind::Key)?;
        let mut i = KeyInfo::default();
        let mut time = FILETIME { dwLowDateTime: 0, dwHighDateTime: 0 };
        // windows-sys declares these out-parameters `*const u32` (a metadata quirk: the
        // header has LPDWORD); the function writes them.
        let out = |v: &mut u32| v as *mut u32 as *const u32;
        // SAFETY: every pointer is to a local the function may write.
        lrc(unsafe {
            ClusterRegQueryInfoKey(
                k as *mut c_void,
                out(&mut i.subkeys),
                out(&mut i.max_subkey_len),
                out(&mut i.values),
                out(&mut i.max_value_name_len),
                out(&mut i.max_value_len),
                out(&mut i.security_descriptor_len),
                &mut time as *mut FILETIME as *const FILETIME,
            )
        })?;
        i.last_write = filetime(time);
        Ok(i)
    }

    fn reg_get_key_security(&self, key: HKey, info: u32) -> Result<Vec<u8>> {
        let k = self.check(key.0, ObjectKind::Key)?;
        read_bytes(|buf, cap, got| {
            *got = cap;
            // SAFETY: `buf` writable for `cap` bytes; `*got` carries the capacity in.
            unsafe { ClusterRegGetKeySecurity(k as *mut c_void, info, buf.cast(), got) as u32 }
        })
    }

    fn reg_set_key_security(&self, key: HKey, info: u32, descriptor: &[u8]) -> Result<()> {
        let k = self.check(key.0, ObjectKind::Key)?;
        // The C function takes no length: it reads as far as the descriptor's own offsets
        // say, so a descriptor that claims more than the slice holds never leaves here.
        self_relative_sd_len_in(descriptor)?;
        // SAFETY: an open key; the descriptor lies within `descriptor` (checked) and the
        // function only reads it.
        lrc(unsafe { ClusterRegSetKeySecurity(k as *mut c_void, info, descriptor.as_ptr() as *mut c_void) })
    }

    // ----- write batches -------------------------------------------------------------------------

    fn reg_create_batch(&self, key: HKey) -> Result<HRegBatch> {
        // NULL is a documented input (ERROR_INVALID_PARAMETER, SDK-BCREATE): let ClusAPI
        // answer it.
        let k = if key.0.is_null() { 0 } else { self.check(key.0, ObjectKind::Key)? };
        let mut b = 0isize;
        // SAFETY: an open key or NULL; an out-pointer to a local.
        lrc(unsafe { ClusterRegCreateBatch(k as *mut c_void, &mut b) })?;
        Ok(HRegBatch(self.ledger.add(RawHandle(b as usize), ObjectKind::RegBatch)))
    }

    fn reg_batch_add_command(
        &self,
        batch: HRegBatch,
        command: u32,
        name: Option<&str>,
        options: u32,
        data: &[u8],
    ) -> Result<()> {
        let b = self.check(batch.0, ObjectKind::RegBatch)?;
        let n = wide_opt(name)?;
        let d = if data.is_empty() { std::ptr::null() } else { data.as_ptr().cast::<c_void>() };
        // SAFETY: an open batch, NULL or a NUL-terminated name, data readable for its length.
        lrc(unsafe { ClusterRegBatchAddCommand(b, command as i32, ptr_opt(&n), options, d, cb(data)?) })
    }

    fn reg_close_batch(&self, batch: HRegBatch, commit: bool) -> std::result::Result<(), BatchFailure> {
        let b = self.take(batch.0, ObjectKind::RegBatch).map_err(BatchFailure::before_any)?;
        let mut failed = -1i32;
        // SAFETY: an open batch, closed once; an out-pointer to a local.
        let code = unsafe { ClusterRegCloseBatch(b, i32::from(commit), &mut failed) };
        lrc(code).map_err(|code| BatchFailure { code, failed_command: failed })
    }

    fn reg_close_batch_ex(&self, batch: HRegBatch, flags: u32) -> std::result::Result<(), BatchFailure> {
        let b = self.take(batch.0, ObjectKind::RegBatch).map_err(BatchFailure::before_any)?;
        let mut failed = -1i32;
        // SAFETY: an open batch, closed once; an out-pointer to a local.
        let code = unsafe { ClusterRegCloseBatchEx(b, flags, &mut failed) };
        lrc(code).map_err(|code| BatchFailure { code, failed_command: failed })
    }

    // ----- batch notification ports ----------------------------------------------------------------

    fn reg_create_batch_notify_port(&self, key: HKey) -> Result<HRegBatchPort> {
        let k = self.check(key.0, ObjectKind::Key)?;
        let mut p = 0isize;
        // SAFETY: an open key; an out-pointer to a local.
        lrc(unsafe { ClusterRegCreateBatchNotifyPort(k as *mut c_void, &mut p) })?;
        Ok(HRegBatchPort(self.ledger.add(RawHandle(p as usize), ObjectKind::BatchPort)))
    }

    fn reg_get_batch_notification(
        &self,
        port: HRegBatchPort,
        timeout: Timeout,
    ) -> Result<HRegBatchNotification> {
        self.check(port.0, ObjectKind::BatchPort)?;
        let n = self.posted.get(port, timeout, self.poll_grace)?;
        Ok(HRegBatchNotification(self.ledger.add(RawHandle(n), ObjectKind::BatchNotification)))
    }

    fn reg_batch_read_command(&self, notification: HRegBatchNotification) -> Result<BatchCommand> {
        let n = self.check(notification.0, ObjectKind::BatchNotification)?;
        let mut c = CLUSTER_BATCH_COMMAND::default();
        // SAFETY: an open notification; an out-pointer to a local.
        lrc(unsafe { ClusterRegBatchReadCommand(n, &mut c) })?;
        // SAFETY: the pointers stay valid until the notification is closed, which cannot
        // happen before this copy: the handle is ours and open.
        let (name, data) = unsafe { (from_wide_ptr(c.wzName), bytes_at(c.lpData, c.cbData)) };
        Ok(BatchCommand {
            command: c.Command as u32,
            options: c.dwOptions,
            name: name.unwrap_or_default(),
            data,
        })
    }

    fn reg_batch_close_notification(&self, notification: HRegBatchNotification) -> Result<()> {
        let n = self.take(notification.0, ObjectKind::BatchNotification)?;
        // SAFETY: an open notification, closed once.
        lrc(unsafe { ClusterRegBatchCloseNotification(n) })
    }

    fn reg_close_batch_notify_port(&self, port: HRegBatchPort) -> Result<()> {
        let p = self.take(port.0, ObjectKind::BatchPort)?;
        // SAFETY: an open batch port, closed once (a posted get on it wakes).
        let r = lrc(unsafe { ClusterRegCloseBatchNotifyPort(p) });
        self.posted.forget(port);
        r
    }

    // ----- read batches ------------------------------------------------------------------------------

    fn reg_create_read_batch(&self, key: HKey) -> Result<HRegReadBatch> {
        let k = if key.0.is_null() { 0 } else { self.check(key.0, ObjectKind::Key)? };
        let mut b = 0isize;
        // SAFETY: an open key or NULL; an out-pointer to a local.
        lrc(unsafe { ClusterRegCreateReadBatch(k as *mut c_void, &mut b) })?;
        Ok(HRegReadBatch(self.ledger.add(RawHandle(b as usize), ObjectKind::ReadBatch)))
    }

    fn reg_read_batch_add_command(
        &self,
        batch: HRegReadBatch,
        subkey: Option<&str>,
        value: Option<&str>,
    ) -> Result<()> {
        let b = self.check(batch.0, ObjectKind::ReadBatch)?;
        let (s, v) = (wide_opt(subkey)?, wide_opt(value)?);
        // SAFETY: an open read batch; NULL or NUL-terminated strings.
        lrc(unsafe { ClusterRegReadBatchAddCommand(b, ptr_opt(&s), ptr_opt(&v)) })
    }

    fn reg_close_read_batch(&self, batch: HRegReadBatch, flags: u32) -> Result<HRegReadBatchReply> {
        let b = self.take(batch.0, ObjectKind::ReadBatch)?;
        let mut reply = 0isize;
        // SAFETY: an open read batch, consumed once; an out-pointer to a local.
        // `ClusterRegCloseReadBatch` (Server 2012) for flags 0, the Ex form (2016) otherwise.
        lrc(unsafe {
            if flags == 0 {
                ClusterRegCloseReadBatch(b, &mut reply)
            } else {
                ClusterRegCloseReadBatchEx(b, flags, &mut reply)
            }
        })?;
        Ok(HRegReadBatchReply(self.ledger.add(RawHandle(reply as usize), ObjectKind::ReadBatchReply)))
    }

    fn reg_read_batch_reply_next_command(&self, reply: HRegReadBatchReply) -> Result<ReadBatchResult> {
        let r = self.check(reply.0, ObjectKind::ReadBatchReply)?;
        let mut c = CLUSTER_READ_BATCH_COMMAND::default();
        // SAFETY: an open reply; an out-pointer to a local.
        lrc(unsafe { ClusterRegReadBatchReplyNextCommand(r, &mut c) })?;
        // SAFETY: the pointers stay valid until the reply is closed (ours, open).
        unsafe {
            Ok(ReadBatchResult {
                command: c.Command as u32,
                options: c.dwOptions,
                subkey: from_wide_ptr(c.wzSubkeyName),
                value: from_wide_ptr(c.wzValueName),
                data: bytes_at(c.lpData, c.cbData),
            })
        }
    }

    fn reg_close_read_batch_reply(&self, reply: HRegReadBatchReply) -> Result<()> {
        let r = self.take(reply.0, ObjectKind::ReadBatchReply)?;
        // SAFETY: an open reply, closed once.
        lrc(unsafe { ClusterRegCloseReadBatchReply(r) })
    }

    // ----- object names and ids ----------------------------------------------------------------

    fn object_id(&self, object: ObjectHandle) -> Result<String> {
        self.get_text(object, 5)
    }

    fn object_name(&self, object: ObjectHandle) -> Result<String> {
        match object {
            ObjectHandle::Cluster(c) => self.cluster_name(c),
            other => self.get_text(other, 4),
        }
    }
}
