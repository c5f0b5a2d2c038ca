//! Control codes (`Cluster*Control`): common and private properties, object ids and names.
//!
//! One area of [`Backend`](super::Backend); every method validates every handle
//! (`ERROR_INVALID_HANDLE` for NULL, closed, stale, foreign and wrong-kind handles)
//! and a failing call changes nothing.

use crate::control_code::{ClassInfo, RequiredDependency};
use crate::error::Result;
use crate::handle::{HCluster, HResource, ObjectHandle};
use crate::property::{PropertyList, PropertyScope};

/// What a control code addresses: an object handle, or a resource type by name
/// (`ClusterResourceTypeControl`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ControlTarget<'a> {
    /// `Cluster<Object>Control` on this handle.
    Object(ObjectHandle),
    /// `ClusterResourceTypeControl(cluster, name)`.
    ResourceType(HCluster, &'a str),
}

/// Control codes (`Cluster*Control`): common and private properties, object ids and names.
pub trait ControlApi: Send + Sync {
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

    /// `…_GET_RO_COMMON_PROPERTIES` / `…_GET_RO_PRIVATE_PROPERTIES`: the read-only
    /// properties (a resource's `Type`, a group's `GroupType` and `StatusInformation`).
    fn read_only_properties(&self, target: ControlTarget<'_>, scope: PropertyScope) -> Result<PropertyList>;

    /// `…_ENUM_COMMON_PROPERTIES` / `…_ENUM_PRIVATE_PROPERTIES`: the property names.
    fn property_names(&self, target: ControlTarget<'_>, scope: PropertyScope) -> Result<Vec<String>>;

    /// `…_VALIDATE_COMMON_PROPERTIES` / `…_VALIDATE_PRIVATE_PROPERTIES`: the checks of a
    /// SET (read-only, syntax, range: `ERROR_INVALID_PARAMETER`), changing nothing.
    fn validate_properties(
        &self,
        target: ControlTarget<'_>,
        scope: PropertyScope,
        props: &PropertyList,
    ) -> Result<()>;

    /// `…_GET_FLAGS` (`CLUS_FLAG_*`); the cluster has no such code
    /// (`ERROR_INVALID_FUNCTION`).
    fn object_flags(&self, target: ControlTarget<'_>) -> Result<u32>;

    /// `…_GET_CHARACTERISTICS` (`CLUS_CHAR_*`); not for the cluster.
    fn characteristics(&self, target: ControlTarget<'_>) -> Result<u32>;

    /// `CLUSCTL_RESOURCE[_TYPE]_GET_CLASS_INFO`; other kinds: `ERROR_INVALID_FUNCTION`.
    fn class_info(&self, target: ControlTarget<'_>) -> Result<ClassInfo>;

    /// `CLUSCTL_RESOURCE[_TYPE]_GET_REQUIRED_DEPENDENCIES`; other kinds:
    /// `ERROR_INVALID_FUNCTION`.
    fn required_dependencies(&self, target: ControlTarget<'_>) -> Result<Vec<RequiredDependency>>;

    /// `CLUSCTL_RESOURCE_GET_NETWORK_NAME`: the network name the resource depends on
    /// (`ERROR_DEPENDENCY_NOT_FOUND` when none).
    fn network_name(&self, resource: HResource) -> Result<String>;
}
