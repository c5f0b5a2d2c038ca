//! The `…Ex` group and resource operations, group types and destruction, dependency
//! questions, node ids and states, the cluster of an object, and `OpenCluster…Ex`.
//!
//! One area of [`Backend`](super::Backend); every method validates every handle
//! (`ERROR_INVALID_HANDLE` for NULL, closed, stale, foreign and wrong-kind handles)
//! and a failing call changes nothing. Flags outside the masks of [`crate::ex`] and a
//! malformed property-list input are refused (`ERROR_INVALID_PARAMETER`,
//! `ERROR_INVALID_DATA`) before anything happens; the operations themselves are the
//! plain calls' (spec/model.md MODEL-EX).

use crate::error::Result;
use crate::handle::{HCluster, HGroup, HNode, HResource, ObjectHandle};
use crate::object::ObjectKind;

/// The `…Ex` operations on groups, resources and nodes.
pub trait OpsExApi: Send + Sync {
    /// `OnlineClusterGroupEx(group, node, flags, in, cb)`.
    fn online_group_ex(&self, group: HGroup, node: Option<HNode>, flags: u32, input: &[u8]) -> Result<()>;

    /// `OfflineClusterGroupEx(group, flags, in, cb)`.
    fn offline_group_ex(&self, group: HGroup, flags: u32, input: &[u8]) -> Result<()>;

    /// `MoveClusterGroupEx(group, node, flags, in, cb)`; `None` lets the cluster choose.
    fn move_group_ex(&self, group: HGroup, node: Option<HNode>, flags: u32, input: &[u8]) -> Result<()>;

    /// `OnlineClusterResourceEx(resource, flags, in, cb)`.
    fn online_resource_ex(&self, resource: HResource, flags: u32, input: &[u8]) -> Result<()>;

    /// `OfflineClusterResourceEx(resource, flags, in, cb)`.
    fn offline_resource_ex(&self, resource: HResource, flags: u32, input: &[u8]) -> Result<()>;

    /// `CancelClusterGroupOperation(group, flags)`: `flags` must be 0; with no pending
    /// move, `ERROR_INVALID_STATE`.
    fn cancel_group_operation(&self, group: HGroup, flags: u32) -> Result<()>;

    /// `RestartClusterResource(resource, flags)`: offline then online again.
    fn restart_resource(&self, resource: HResource, flags: u32) -> Result<()>;

    /// `CreateClusterGroupEx(cluster, name, info)`: `group_type` is
    /// `CLUSTER_CREATE_GROUP_INFO::groupType` (`None`: no info, `ClusGroupTypeUnknown`),
    /// kept on the group for its read-only `GroupType` property.
    fn create_group_ex(&self, cluster: HCluster, name: &str, group_type: Option<u32>) -> Result<HGroup>;

    /// `DestroyClusterGroup`: takes every resource offline, deletes them and the group.
    fn destroy_group(&self, group: HGroup) -> Result<()>;

    /// `CanResourceBeDependent(resource, dependent)`: whether `resource` can depend on
    /// `dependent` (same group, not itself, no cycle).
    fn can_be_dependent(&self, resource: HResource, dependent: HResource) -> Result<bool>;

    /// `GetClusterResourceDependencyExpression`: `[provider] and [provider] …`.
    fn dependency_expression(&self, resource: HResource) -> Result<String>;

    /// `SetClusterResourceDependencyExpression`: replaces every dependency (an OR of two
    /// or more resources: `ERROR_NOT_SUPPORTED`, the model keeps AND lists only).
    fn set_dependency_expression(&self, resource: HResource, expression: &str) -> Result<()>;

    /// `GetClusterResourceNetworkName`: the name of the Network Name resource the
    /// resource depends on (none: `ERROR_DEPENDENCY_NOT_FOUND`).
    fn resource_network_name(&self, resource: HResource) -> Result<String>;

    /// `GetNodeClusterState(name)`: a `NODE_CLUSTER_STATE` (`None`: the local node).
    fn node_cluster_state(&self, node_name: Option<&str>) -> Result<u32>;

    /// `GetClusterNodeId(node)`: the node's id (`"1"`, `"2"`, …).
    fn node_id(&self, node: HNode) -> Result<String>;

    /// `GetClusterFrom{Node,Group,Resource,Network,NetInterface}`: a new handle to the
    /// object's cluster, closed with `close_cluster` (a cluster or key handle:
    /// `ERROR_INVALID_HANDLE`).
    fn cluster_from(&self, object: ObjectHandle) -> Result<HCluster>;

    /// `OpenCluster{Node,Group,Resource,Network,NetInterface}Ex`: the handle (of `kind`)
    /// and the granted access (the desired access: there is no access control).
    fn open_ex(
        &self,
        cluster: HCluster,
        kind: ObjectKind,
        name: &str,
        desired: u32,
    ) -> Result<(ObjectHandle, u32)>;
}
