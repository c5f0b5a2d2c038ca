//! Control codes (`Cluster*Control`): common and private properties, object ids and names.
//!
//! One area of [`Backend`](super::Backend); every method validates every handle
//! (`ERROR_INVALID_HANDLE` for NULL, closed, stale, foreign and wrong-kind handles)
//! and a failing call changes nothing.

use crate::error::Result;
use crate::handle::{HCluster, ObjectHandle};
use crate::property::{PropertyList, PropertyScope};

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
}
