//! The backend trait: ClusAPI's operations in Rust clothing.
//!
//! [`Backend`] is implemented by the simulator (`clusim-sim`) and by the real-ClusAPI
//! backend. It is deliberately handle-based and object-safe, mirroring ClusAPI one call
//! to one method, so that a conformance suite can feed every backend the same calls —
//! including bad handles — and compare the answers. Most users want the RAII layer in
//! [`crate::client`] instead, which closes handles on `Drop` and negotiates buffers.
//!
//! Every method validates every handle: NULL, closed, stale, foreign and wrong-kind
//! handles yield `ERROR_INVALID_HANDLE`, and a failing call changes nothing.

use crate::change::ChangeFlags;
use crate::enums::EnumEntry;
use crate::error::{Result, Win32Error};
use crate::handle::*;
use crate::object::NotifyKey;
use crate::property::{PropertyList, PropertyScope};
use crate::registry::*;
use crate::state::*;
use crate::timeout::Timeout;
use std::fmt;

/// What `GetClusterNotify` reports besides the name it copied into the caller's buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotifyHeader {
    /// The key of the registration the event matched.
    pub key: NotifyKey,
    /// Exactly one `CLUSTER_CHANGE` bit.
    pub change: ChangeFlags,
    /// Length of the name in UTF-16 units, excluding the NUL written after it.
    pub name_len: usize,
}

/// Why `get_notify` returned without an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GetNotifyError {
    /// `ERROR_MORE_DATA`: the name needs `needed` UTF-16 units plus a NUL. The event
    /// stays at the head of the queue so a retry with a bigger buffer receives it (N1).
    MoreData {
        /// Name length in UTF-16 units, excluding the NUL.
        needed: usize,
    },
    /// Any other code (`WAIT_TIMEOUT`, `ERROR_INVALID_HANDLE`, …).
    Failed(Win32Error),
}

impl GetNotifyError {
    /// The Win32 code of this outcome.
    pub fn code(self) -> Win32Error {
        match self {
            GetNotifyError::MoreData { .. } => Win32Error::ERROR_MORE_DATA,
            GetNotifyError::Failed(e) => e,
        }
    }
}

impl From<Win32Error> for GetNotifyError {
    fn from(e: Win32Error) -> Self {
        GetNotifyError::Failed(e)
    }
}

impl From<GetNotifyError> for Win32Error {
    fn from(e: GetNotifyError) -> Self {
        e.code()
    }
}

impl fmt::Display for GetNotifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GetNotifyError::MoreData { needed } => {
                write!(f, "ERROR_MORE_DATA (234): name needs {needed} characters plus NUL")
            }
            GetNotifyError::Failed(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for GetNotifyError {}

/// `GetClusterResourceState`'s three outputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceStatus {
    /// The resource's state.
    pub state: ResourceState,
    /// The node that owns the resource's group.
    pub owner_node: String,
    /// The group that contains the resource.
    pub group: String,
}

/// Arguments of `CreateClusterResourceType`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceTypeSpec {
    /// Type name (`lpszResourceTypeName`).
    pub name: String,
    /// Display name.
    pub display_name: String,
    /// Resource DLL file name.
    pub dll_name: String,
    /// LooksAlive poll interval in milliseconds.
    pub looks_alive_ms: u32,
    /// IsAlive poll interval in milliseconds.
    pub is_alive_ms: u32,
}

impl ResourceTypeSpec {
    /// A spec with the given name and display name and defaults for the rest.
    pub fn named(name: &str) -> Self {
        ResourceTypeSpec {
            name: name.to_string(),
            display_name: name.to_string(),
            dll_name: "clusres.dll".to_string(),
            looks_alive_ms: 5000,
            is_alive_ms: 60000,
        }
    }
}

/// ClusAPI as a trait. See the module documentation.
pub trait Backend: Send + Sync {
    /// A short label for traces: `"sim"`, `"clusapi"`.
    fn backend_name(&self) -> &'static str;

    // ----- cluster -------------------------------------------------------------------

    /// `OpenCluster`: `None` (or `""`) is the local cluster.
    fn open_cluster(&self, name: Option<&str>) -> Result<HCluster>;
    /// `CloseCluster`.
    fn close_cluster(&self, cluster: HCluster) -> Result<()>;
    /// `GetClusterInformation`: the cluster's name.
    fn cluster_name(&self, cluster: HCluster) -> Result<String>;
    /// `ClusterOpenEnum` + `ClusterEnum` + `ClusterCloseEnum`: a snapshot.
    fn cluster_enum(&self, cluster: HCluster, kinds: u32) -> Result<Vec<EnumEntry>>;
    /// `GetClusterQuorumResource`: the quorum resource's name, `None` without one.
    fn quorum_resource(&self, cluster: HCluster) -> Result<Option<String>>;
    /// `SetClusterQuorumResource`.
    fn set_quorum_resource(&self, resource: HResource) -> Result<()>;

    // ----- nodes ---------------------------------------------------------------------

    /// `OpenClusterNode`.
    fn open_node(&self, cluster: HCluster, name: &str) -> Result<HNode>;
    /// `CloseClusterNode`.
    fn close_node(&self, node: HNode) -> Result<()>;
    /// `GetClusterNodeState`.
    fn node_state(&self, node: HNode) -> Result<NodeState>;
    /// `PauseClusterNode`.
    fn pause_node(&self, node: HNode) -> Result<()>;
    /// `ResumeClusterNode`.
    fn resume_node(&self, node: HNode) -> Result<()>;
    /// `EvictClusterNode`.
    fn evict_node(&self, node: HNode) -> Result<()>;
    /// `ClusterNodeOpenEnum` and friends.
    fn node_enum(&self, node: HNode, kinds: u32) -> Result<Vec<EnumEntry>>;

    // ----- groups --------------------------------------------------------------------

    /// `OpenClusterGroup`.
    fn open_group(&self, cluster: HCluster, name: &str) -> Result<HGroup>;
    /// `CloseClusterGroup`.
    fn close_group(&self, group: HGroup) -> Result<()>;
    /// `CreateClusterGroup`.
    fn create_group(&self, cluster: HCluster, name: &str) -> Result<HGroup>;
    /// `DeleteClusterGroup`.
    fn delete_group(&self, group: HGroup) -> Result<()>;
    /// `GetClusterGroupState`: state and owner node name.
    fn group_state(&self, group: HGroup) -> Result<(GroupState, String)>;
    /// `SetClusterGroupName`.
    fn set_group_name(&self, group: HGroup, name: &str) -> Result<()>;
    /// `SetClusterGroupNodeList`: the preferred owners.
    fn set_group_node_list(&self, group: HGroup, nodes: &[HNode]) -> Result<()>;
    /// `OnlineClusterGroup`, optionally on a given node.
    fn online_group(&self, group: HGroup, node: Option<HNode>) -> Result<()>;
    /// `OfflineClusterGroup`.
    fn offline_group(&self, group: HGroup) -> Result<()>;
    /// `MoveClusterGroup`; `None` lets the cluster choose.
    fn move_group(&self, group: HGroup, node: Option<HNode>) -> Result<()>;
    /// `ClusterGroupOpenEnum` and friends.
    fn group_enum(&self, group: HGroup, kinds: u32) -> Result<Vec<EnumEntry>>;

    // ----- resources -----------------------------------------------------------------

    /// `OpenClusterResource`.
    fn open_resource(&self, cluster: HCluster, name: &str) -> Result<HResource>;
    /// `CloseClusterResource`.
    fn close_resource(&self, resource: HResource) -> Result<()>;
    /// `CreateClusterResource`.
    fn create_resource(&self, group: HGroup, name: &str, type_name: &str) -> Result<HResource>;
    /// `DeleteClusterResource`.
    fn delete_resource(&self, resource: HResource) -> Result<()>;
    /// `GetClusterResourceState`.
    fn resource_state(&self, resource: HResource) -> Result<ResourceStatus>;
    /// `SetClusterResourceName`.
    fn set_resource_name(&self, resource: HResource, name: &str) -> Result<()>;
    /// `OnlineClusterResource`.
    fn online_resource(&self, resource: HResource) -> Result<()>;
    /// `OfflineClusterResource`.
    fn offline_resource(&self, resource: HResource) -> Result<()>;
    /// `FailClusterResource`.
    fn fail_resource(&self, resource: HResource) -> Result<()>;
    /// `AddClusterResourceDependency(resource, depends_on)`.
    fn add_dependency(&self, resource: HResource, depends_on: HResource) -> Result<()>;
    /// `RemoveClusterResourceDependency(resource, depends_on)`.
    fn remove_dependency(&self, resource: HResource, depends_on: HResource) -> Result<()>;
    /// `AddClusterResourceNode`: add a possible owner.
    fn add_possible_owner(&self, resource: HResource, node: HNode) -> Result<()>;
    /// `RemoveClusterResourceNode`: remove a possible owner.
    fn remove_possible_owner(&self, resource: HResource, node: HNode) -> Result<()>;
    /// `ChangeClusterResourceGroup`.
    fn change_resource_group(&self, resource: HResource, group: HGroup) -> Result<()>;
    /// `ClusterResourceControl(CLUSCTL_RESOURCE_GET_RESOURCE_TYPE)`.
    fn resource_type_name(&self, resource: HResource) -> Result<String>;
    /// `ClusterResourceOpenEnum` and friends.
    fn resource_enum(&self, resource: HResource, kinds: u32) -> Result<Vec<EnumEntry>>;

    // ----- resource types --------------------------------------------------------------

    /// `CreateClusterResourceType`.
    fn create_resource_type(&self, cluster: HCluster, spec: &ResourceTypeSpec) -> Result<()>;
    /// `DeleteClusterResourceType`.
    fn delete_resource_type(&self, cluster: HCluster, name: &str) -> Result<()>;

    // ----- networks ------------------------------------------------------------------

    /// `OpenClusterNetwork`.
    fn open_network(&self, cluster: HCluster, name: &str) -> Result<HNetwork>;
    /// `CloseClusterNetwork`.
    fn close_network(&self, network: HNetwork) -> Result<()>;
    /// `GetClusterNetworkState`.
    fn network_state(&self, network: HNetwork) -> Result<NetworkState>;
    /// `SetClusterNetworkName`.
    fn set_network_name(&self, network: HNetwork, name: &str) -> Result<()>;
    /// `ClusterNetworkOpenEnum` and friends.
    fn network_enum(&self, network: HNetwork, kinds: u32) -> Result<Vec<EnumEntry>>;
    /// `OpenClusterNetInterface`.
    fn open_net_interface(&self, cluster: HCluster, name: &str) -> Result<HNetInterface>;
    /// `CloseClusterNetInterface`.
    fn close_net_interface(&self, netif: HNetInterface) -> Result<()>;
    /// `GetClusterNetInterfaceState`.
    fn net_interface_state(&self, netif: HNetInterface) -> Result<NetInterfaceState>;
    /// `GetClusterNetInterface`: the interface name for a node on a network.
    fn net_interface_name(&self, cluster: HCluster, node: &str, network: &str) -> Result<String>;

    // ----- properties ------------------------------------------------------------------

    /// `CLUSCTL_*_GET_COMMON_PROPERTIES` / `…_GET_PRIVATE_PROPERTIES`.
    fn get_properties(&self, object: ObjectHandle, scope: PropertyScope) -> Result<PropertyList>;
    /// `CLUSCTL_*_SET_COMMON_PROPERTIES` / `…_SET_PRIVATE_PROPERTIES`.
    fn set_properties(&self, object: ObjectHandle, scope: PropertyScope, props: &PropertyList) -> Result<()>;
    /// `CLUSCTL_RESOURCE_TYPE_GET_*_PROPERTIES`.
    fn get_resource_type_properties(
        &self,
        cluster: HCluster,
        type_name: &str,
        scope: PropertyScope,
    ) -> Result<PropertyList>;
    /// `CLUSCTL_RESOURCE_TYPE_SET_*_PROPERTIES`.
    fn set_resource_type_properties(
        &self,
        cluster: HCluster,
        type_name: &str,
        scope: PropertyScope,
        props: &PropertyList,
    ) -> Result<()>;

    // ----- V1 notification ports ---------------------------------------------------------

    /// `CreateClusterNotifyPort`. `existing = None` is `INVALID_HANDLE_VALUE` (create a
    /// new port); `cluster = None` is `INVALID_HANDLE_VALUE` (no cluster association).
    fn create_notify_port(
        &self,
        existing: Option<HChange>,
        cluster: Option<HCluster>,
        filter: ChangeFlags,
        key: NotifyKey,
    ) -> Result<HChange>;
    /// `RegisterClusterNotify`.
    fn register_notify(
        &self,
        port: HChange,
        filter: ChangeFlags,
        object: ObjectHandle,
        key: NotifyKey,
    ) -> Result<()>;
    /// `GetClusterNotify`: the name is written to `name` followed by a NUL.
    fn get_notify(
        &self,
        port: HChange,
        name: &mut [u16],
        timeout: Timeout,
    ) -> std::result::Result<NotifyHeader, GetNotifyError>;
    /// `CloseClusterNotifyPort`.
    fn close_notify_port(&self, port: HChange) -> Result<()>;

    // ----- cluster registry (spec/registry.md) ---------------------------------------------

    /// `GetClusterKey`: the root of the cluster database.
    fn get_cluster_key(&self, cluster: HCluster, sam: u32) -> Result<HKey>;
    /// `GetClusterGroupKey`, `GetClusterResourceKey`, `GetClusterNodeKey`,
    /// `GetClusterNetworkKey`, `GetClusterNetInterfaceKey`: an object's key.
    fn get_object_key(&self, object: ObjectHandle, sam: u32) -> Result<HKey>;
    /// `GetClusterResourceTypeKey`.
    fn get_resource_type_key(&self, cluster: HCluster, type_name: &str, sam: u32) -> Result<HKey>;
    /// `ClusterRegCreateKey`: creates (with missing intermediate keys) or opens.
    fn reg_create_key(&self, key: HKey, subkey: &str, options: u32, sam: u32) -> Result<(HKey, Disposition)>;
    /// `ClusterRegOpenKey`.
    fn reg_open_key(&self, key: HKey, subkey: &str, sam: u32) -> Result<HKey>;
    /// `ClusterRegDeleteKey`: only a key without subkeys.
    fn reg_delete_key(&self, key: HKey, subkey: &str) -> Result<()>;
    /// `ClusterRegCloseKey`.
    fn reg_close_key(&self, key: HKey) -> Result<()>;
    /// `ClusterRegSetValue` (`name` `""` is the default value).
    fn reg_set_value(&self, key: HKey, name: &str, ty: u32, data: &[u8]) -> Result<()>;
    /// `ClusterRegDeleteValue`.
    fn reg_delete_value(&self, key: HKey, name: &str) -> Result<()>;
    /// `ClusterRegQueryValue`: type and data.
    fn reg_query_value(&self, key: HKey, name: &str) -> Result<(u32, Vec<u8>)>;
    /// `ClusterRegEnumKey`: the `index`-th subkey; `ERROR_NO_MORE_ITEMS` past the end.
    fn reg_enum_key(&self, key: HKey, index: u32) -> Result<(String, FileTime)>;
    /// `ClusterRegEnumValue`: the `index`-th value; `ERROR_NO_MORE_ITEMS` past the end.
    fn reg_enum_value(&self, key: HKey, index: u32) -> Result<(String, u32, Vec<u8>)>;
    /// `ClusterRegQueryInfoKey`.
    fn reg_query_info_key(&self, key: HKey) -> Result<KeyInfo>;
    /// `ClusterRegGetKeySecurity`.
    fn reg_get_key_security(&self, key: HKey, info: u32) -> Result<Vec<u8>>;
    /// `ClusterRegSetKeySecurity`.
    fn reg_set_key_security(&self, key: HKey, info: u32, descriptor: &[u8]) -> Result<()>;

    // ----- write batches (spec/batches.md) ---------------------------------------------------

    /// `ClusterRegCreateBatch`.
    fn reg_create_batch(&self, key: HKey) -> Result<HRegBatch>;
    /// `ClusterRegBatchAddCommand` (`name = None` is a NULL `wzName`).
    fn reg_batch_add_command(
        &self,
        batch: HRegBatch,
        command: u32,
        name: Option<&str>,
        options: u32,
        data: &[u8],
    ) -> Result<()>;
    /// `ClusterRegCloseBatch`: commit or discard; the handle is gone afterwards.
    fn reg_close_batch(&self, batch: HRegBatch, commit: bool) -> std::result::Result<(), BatchFailure>;
    /// `ClusterRegCloseBatchEx` (B3: always commits; `flags` 0 or
    /// `CLUSREG_DATABASE_SYNC_WRITE_TO_ALL_NODES`).
    fn reg_close_batch_ex(&self, batch: HRegBatch, flags: u32) -> std::result::Result<(), BatchFailure>;

    // ----- batch notification ports (spec/batches.md) ------------------------------------------

    /// `ClusterRegCreateBatchNotifyPort`.
    fn reg_create_batch_notify_port(&self, key: HKey) -> Result<HRegBatchPort>;
    /// `ClusterRegGetBatchNotification`, with a timeout (the C function waits forever).
    fn reg_get_batch_notification(
        &self,
        port: HRegBatchPort,
        timeout: Timeout,
    ) -> Result<HRegBatchNotification>;
    /// `ClusterRegBatchReadCommand`: the next record; `ERROR_NO_MORE_ITEMS` at the end.
    fn reg_batch_read_command(&self, notification: HRegBatchNotification) -> Result<BatchCommand>;
    /// `ClusterRegBatchCloseNotification`.
    fn reg_batch_close_notification(&self, notification: HRegBatchNotification) -> Result<()>;
    /// `ClusterRegCloseBatchNotifyPort`.
    fn reg_close_batch_notify_port(&self, port: HRegBatchPort) -> Result<()>;

    // ----- read batches (spec/batches.md) ------------------------------------------------------

    /// `ClusterRegCreateReadBatch`.
    fn reg_create_read_batch(&self, key: HKey) -> Result<HRegReadBatch>;
    /// `ClusterRegReadBatchAddCommand` (`None` = NULL).
    fn reg_read_batch_add_command(
        &self,
        batch: HRegReadBatch,
        subkey: Option<&str>,
        value: Option<&str>,
    ) -> Result<()>;
    /// `ClusterRegCloseReadBatchEx` (`ClusterRegCloseReadBatch` is `flags = 0`): executes.
    fn reg_close_read_batch(&self, batch: HRegReadBatch, flags: u32) -> Result<HRegReadBatchReply>;
    /// `ClusterRegReadBatchReplyNextCommand`: `ERROR_NO_MORE_ITEMS` at the end.
    fn reg_read_batch_reply_next_command(&self, reply: HRegReadBatchReply) -> Result<ReadBatchResult>;
    /// `ClusterRegCloseReadBatchReply`.
    fn reg_close_read_batch_reply(&self, reply: HRegReadBatchReply) -> Result<()>;

    // ----- object names and ids (added for libclusapi, issue 6) --------------------------
    // Kept in its own section at the end of the trait so that other extensions of the
    // trait merge without touching it.

    /// `CLUSCTL_{NODE,GROUP,RESOURCE,NETWORK,NETINTERFACE}_GET_ID`: the object's id — the
    /// node number (`"1"`, `"2"`, …) for a node, a GUID string for the other kinds.
    /// An object that has no id control (the cluster, a key) is
    /// `ERROR_INVALID_FUNCTION`; bad handles are `ERROR_INVALID_HANDLE`; a deleted
    /// object answers its not-found code.
    fn object_id(&self, object: ObjectHandle) -> Result<String>;
    /// `CLUSCTL_{NODE,GROUP,RESOURCE,NETWORK,NETINTERFACE}_GET_NAME`: the object's
    /// current name (the cluster's name for an `HCLUSTER`). Bad handles are
    /// `ERROR_INVALID_HANDLE`; a deleted object answers its not-found code.
    fn object_name(&self, object: ObjectHandle) -> Result<String>;
}
