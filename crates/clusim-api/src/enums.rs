//! Enumeration kinds (`ClusterOpenEnum` and the per-object `…OpenEnum` calls).
//!
//! The numeric values are the `CLUSTER_*_ENUM_*` constants of `clusapi.h`.

/// `CLUSTER_ENUM_NODE`.
pub const CLUSTER_ENUM_NODE: u32 = 0x1;
/// `CLUSTER_ENUM_RESTYPE`.
pub const CLUSTER_ENUM_RESTYPE: u32 = 0x2;
/// `CLUSTER_ENUM_RESOURCE`.
pub const CLUSTER_ENUM_RESOURCE: u32 = 0x4;
/// `CLUSTER_ENUM_GROUP`.
pub const CLUSTER_ENUM_GROUP: u32 = 0x8;
/// `CLUSTER_ENUM_NETWORK`.
pub const CLUSTER_ENUM_NETWORK: u32 = 0x10;
/// `CLUSTER_ENUM_NETINTERFACE`.
pub const CLUSTER_ENUM_NETINTERFACE: u32 = 0x20;
/// `CLUSTER_ENUM_INTERNAL_NETWORK`.
pub const CLUSTER_ENUM_INTERNAL_NETWORK: u32 = 0x8000_0000;
/// Every kind clusim enumerates at cluster level.
pub const CLUSTER_ENUM_ALL: u32 = 0x3F;

/// `CLUSTER_GROUP_ENUM_CONTAINS`: resources in the group.
pub const CLUSTER_GROUP_ENUM_CONTAINS: u32 = 0x1;
/// `CLUSTER_GROUP_ENUM_NODES`: preferred owner nodes.
pub const CLUSTER_GROUP_ENUM_NODES: u32 = 0x2;

/// `CLUSTER_RESOURCE_ENUM_DEPENDS`: resources this one depends on.
pub const CLUSTER_RESOURCE_ENUM_DEPENDS: u32 = 0x1;
/// `CLUSTER_RESOURCE_ENUM_PROVIDES`: resources that depend on this one.
pub const CLUSTER_RESOURCE_ENUM_PROVIDES: u32 = 0x2;
/// `CLUSTER_RESOURCE_ENUM_NODES`: possible owner nodes.
pub const CLUSTER_RESOURCE_ENUM_NODES: u32 = 0x4;

/// `CLUSTER_NODE_ENUM_NETINTERFACES`.
pub const CLUSTER_NODE_ENUM_NETINTERFACES: u32 = 0x1;
/// `CLUSTER_NODE_ENUM_GROUPS`: groups owned by the node.
pub const CLUSTER_NODE_ENUM_GROUPS: u32 = 0x2;

/// `CLUSTER_NETWORK_ENUM_NETINTERFACES`.
pub const CLUSTER_NETWORK_ENUM_NETINTERFACES: u32 = 0x1;

/// One item of an enumeration: its kind bit and its name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnumEntry {
    /// The `…_ENUM_…` bit this entry belongs to.
    pub kind: u32,
    /// The object's name.
    pub name: String,
}
