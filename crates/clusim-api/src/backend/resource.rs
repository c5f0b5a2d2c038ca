//! Resources and resource types: lifecycle, state, dependencies, possible owners.
//!
//! One area of [`Backend`](super::Backend); every method validates every handle
//! (`ERROR_INVALID_HANDLE` for NULL, closed, stale, foreign and wrong-kind handles)
//! and a failing call changes nothing.

use super::types::{ResourceStatus, ResourceTypeSpec};
use crate::enums::EnumEntry;
use crate::error::Result;
use crate::handle::{HCluster, HGroup, HNode, HResource};

/// Resources and resource types: lifecycle, state, dependencies, possible owners.
pub trait ResourceApi: Send + Sync {
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

    /// `CreateClusterResourceType`.
    fn create_resource_type(&self, cluster: HCluster, spec: &ResourceTypeSpec) -> Result<()>;

    /// `DeleteClusterResourceType`.
    fn delete_resource_type(&self, cluster: HCluster, name: &str) -> Result<()>;
}
