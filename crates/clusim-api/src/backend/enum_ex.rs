//! The `…OpenEnumEx` enumerations (ids with the names), and the network-interface and
//! resource-type enumerations.
//!
//! One area of [`Backend`](super::Backend); every method validates every handle
//! (`ERROR_INVALID_HANDLE` for NULL, closed, stale, foreign and wrong-kind handles)
//! and a failing call changes nothing. Each answer is a snapshot, in the order of the
//! plain enumeration of the same kinds (spec/model.md MODEL-ENUM-EX).

use crate::enums::{EnumEntry, EnumItem, GroupEnumItem, ResourceEnumItem};
use crate::error::Result;
use crate::handle::{HCluster, HNode};

/// The `…OpenEnumEx` enumerations and the interface / resource-type enumerations.
pub trait EnumExApi: Send + Sync {
    /// `ClusterOpenEnumEx` + `ClusterEnumEx` + `ClusterCloseEnumEx`: the objects of the
    /// `CLUSTER_ENUM_*` kinds in `kinds` (bits outside
    /// [`CLUSTER_ENUM_ACCEPTED`](crate::enums::CLUSTER_ENUM_ACCEPTED):
    /// `ERROR_INVALID_PARAMETER`).
    fn cluster_enum_ex(&self, cluster: HCluster, kinds: u32) -> Result<Vec<EnumItem>>;

    /// `ClusterNodeOpenEnumEx` + `ClusterNodeEnumEx`: `CLUSTER_NODE_ENUM_*` kinds
    /// (other bits: `ERROR_INVALID_PARAMETER`).
    fn node_enum_ex(&self, node: HNode, kinds: u32) -> Result<Vec<EnumItem>>;

    /// `ClusterGroupOpenEnumEx` + `ClusterGroupEnumEx`: every group of the cluster.
    fn group_enum_ex(&self, cluster: HCluster) -> Result<Vec<GroupEnumItem>>;

    /// `ClusterResourceOpenEnumEx` + `ClusterResourceEnumEx`: every resource.
    fn resource_enum_ex(&self, cluster: HCluster) -> Result<Vec<ResourceEnumItem>>;

    /// `ClusterNetInterfaceOpenEnum` + `ClusterNetInterfaceEnum`: the interfaces on
    /// `node` (when given) and on `network` (when given). An unknown node or network
    /// is its not-found code.
    fn net_interface_enum(
        &self,
        cluster: HCluster,
        node: Option<&str>,
        network: Option<&str>,
    ) -> Result<Vec<String>>;

    /// `ClusterResourceTypeOpenEnum` + `ClusterResourceTypeEnum`:
    /// `CLUSTER_RESOURCE_TYPE_ENUM_*` kinds of the type named `type_name`.
    fn resource_type_enum(&self, cluster: HCluster, type_name: &str, kinds: u32) -> Result<Vec<EnumEntry>>;
}
