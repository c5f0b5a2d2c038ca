//! Flags and values of the `…Ex` group, resource and node calls (`clusapi.h`), and the
//! masks clusim checks them against.

/// The `CLUSAPI_GROUP_ONLINE_*` flags `OnlineClusterGroupEx` accepts
/// (`IGNORE_RESOURCE_STATUS` 1, `SYNCHRONOUS` 2, `BEST_POSSIBLE_NODE` 4,
/// `IGNORE_AFFINITY_RULE` 8).
pub const GROUP_ONLINE_FLAGS: u32 = 0xF;
/// The `CLUSAPI_GROUP_OFFLINE_*` flags `OfflineClusterGroupEx` accepts
/// (`IGNORE_RESOURCE_STATUS` 1).
pub const GROUP_OFFLINE_FLAGS: u32 = 0x1;
/// The `CLUSAPI_GROUP_MOVE_*` flags `MoveClusterGroupEx` accepts (`IGNORE_RESOURCE_STATUS`
/// 1, `RETURN_TO_SOURCE_NODE_ON_ERROR` 2, `QUEUE_ENABLED` 4, `HIGH_PRIORITY_START` 8,
/// `FAILBACK` 0x10, `IGNORE_AFFINITY_RULE` 0x20).
pub const GROUP_MOVE_FLAGS: u32 = 0x3F;
/// The `CLUSAPI_RESOURCE_ONLINE_*` flags `OnlineClusterResourceEx` accepts
/// (`IGNORE_RESOURCE_STATUS` 1, `DO_NOT_UPDATE_PERSISTENT_STATE` 2,
/// `NECESSARY_FOR_QUORUM` 4, `BEST_POSSIBLE_NODE` 8, `IGNORE_AFFINITY_RULE` 0x20).
pub const RESOURCE_ONLINE_FLAGS: u32 = 0x2F;
/// The `CLUSAPI_RESOURCE_OFFLINE_*` flags `OfflineClusterResourceEx` accepts
/// (`IGNORE_RESOURCE_STATUS` 1, `FORCE_WITH_TERMINATION` 2,
/// `DO_NOT_UPDATE_PERSISTENT_STATE` 4).
pub const RESOURCE_OFFLINE_FLAGS: u32 = 0x7;

/// `ClusGroupTypeCoreCluster` (the `Cluster Group`).
pub const CLUSGROUP_TYPE_CORE_CLUSTER: u32 = 1;
/// `ClusGroupTypeAvailableStorage`.
pub const CLUSGROUP_TYPE_AVAILABLE_STORAGE: u32 = 2;
/// `ClusGroupTypeVirtualMachine`.
pub const CLUSGROUP_TYPE_VIRTUAL_MACHINE: u32 = 111;
/// `ClusGroupTypeUnknown`: what `CreateClusterGroup` gives a new group.
pub const CLUSGROUP_TYPE_UNKNOWN: u32 = 9999;

/// `CLUSTER_CREATE_GROUP_INFO_VERSION`.
pub const CLUSTER_CREATE_GROUP_INFO_VERSION: u32 = 1;
/// `CLUSTER_ENUM_ITEM_VERSION` (also the group and resource item versions).
pub const CLUSTER_ENUM_ITEM_VERSION: u32 = 1;

/// `ClusterStateNotInstalled` (`GetNodeClusterState`).
pub const CLUSTER_STATE_NOT_INSTALLED: u32 = 0;
/// `ClusterStateNotConfigured`.
pub const CLUSTER_STATE_NOT_CONFIGURED: u32 = 1;
/// `ClusterStateNotRunning`.
pub const CLUSTER_STATE_NOT_RUNNING: u32 = 3;
/// `ClusterStateRunning`.
pub const CLUSTER_STATE_RUNNING: u32 = 0x13;

/// The checks every `…Ex` operation makes before it acts: `flags` within `mask`
/// (`ERROR_INVALID_PARAMETER`), and `input`, when not empty, a well-formed property list
/// (`ERROR_INVALID_DATA`, CABI-PROPLIST). The list's contents are not used.
pub fn check_flags_and_input(flags: u32, mask: u32, input: &[u8]) -> crate::Result<()> {
    if flags & !mask != 0 {
        return Err(crate::Win32Error::ERROR_INVALID_PARAMETER);
    }
    if !input.is_empty() {
        crate::proplist::decode(input)?;
    }
    Ok(())
}
