//! The cluster itself: open/close, name, enumeration, quorum resource.
//!
//! One area of [`Backend`](super::Backend); every method validates every handle
//! (`ERROR_INVALID_HANDLE` for NULL, closed, stale, foreign and wrong-kind handles)
//! and a failing call changes nothing.

use crate::enums::EnumEntry;
use crate::error::Result;
use crate::handle::{HCluster, HResource};

/// The cluster itself: open/close, name, enumeration, quorum resource.
pub trait ClusterApi: Send + Sync {
    /// A short label for traces: `"sim"`, `"clusapi"`.
    fn backend_name(&self) -> &'static str;

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
}
