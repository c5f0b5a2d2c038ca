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

/// `CLUSTER_ENUM_SHARED_VOLUME_GROUP`: groups holding Cluster Shared Volumes (none are
/// simulated: the kind is accepted and lists nothing).
pub const CLUSTER_ENUM_SHARED_VOLUME_GROUP: u32 = 0x2000_0000;
/// `CLUSTER_ENUM_SHARED_VOLUME_RESOURCE`: Cluster Shared Volume resources (none are
/// simulated: the kind is accepted and lists nothing).
pub const CLUSTER_ENUM_SHARED_VOLUME_RESOURCE: u32 = 0x4000_0000;
/// Every `CLUSTER_ENUM_*` bit `ClusterOpenEnum` / `ClusterOpenEnumEx` accept.
pub const CLUSTER_ENUM_ACCEPTED: u32 = CLUSTER_ENUM_ALL
    | CLUSTER_ENUM_INTERNAL_NETWORK
    | CLUSTER_ENUM_SHARED_VOLUME_GROUP
    | CLUSTER_ENUM_SHARED_VOLUME_RESOURCE;

/// `CLUSTER_NODE_ENUM_PREFERRED_GROUPS`: groups that list the node as a preferred owner.
pub const CLUSTER_NODE_ENUM_PREFERRED_GROUPS: u32 = 0x4;

/// `CLUSTER_RESOURCE_TYPE_ENUM_NODES`: the nodes that support the type (every node).
pub const CLUSTER_RESOURCE_TYPE_ENUM_NODES: u32 = 0x1;
/// `CLUSTER_RESOURCE_TYPE_ENUM_RESOURCES`: the resources of the type.
pub const CLUSTER_RESOURCE_TYPE_ENUM_RESOURCES: u32 = 0x2;

/// One item of an `…EnumEx` enumeration (`CLUSTER_ENUM_ITEM`): kind bit, id and name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnumItem {
    /// The `…_ENUM_…` bit this item belongs to (`dwType`).
    pub kind: u32,
    /// The object's id (`lpszId`): the id `CLUSCTL_*_GET_ID` answers.
    pub id: String,
    /// The object's name (`lpszName`).
    pub name: String,
}

/// One item of `ClusterGroupEnumEx` (`CLUSTER_GROUP_ENUM_ITEM`, without the property
/// lists, which clusim leaves empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupEnumItem {
    /// The group's id.
    pub id: String,
    /// The group's name.
    pub name: String,
    /// Its state, as `GetClusterGroupState` reads it.
    pub state: crate::state::GroupState,
    /// The node that owns it.
    pub owner_node: String,
}

/// One item of `ClusterResourceEnumEx` (`CLUSTER_RESOURCE_ENUM_ITEM`, without the
/// property lists, which clusim leaves empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceEnumItem {
    /// The resource's id.
    pub id: String,
    /// The resource's name.
    pub name: String,
    /// The name of the group that contains it.
    pub group_name: String,
    /// The id of that group.
    pub group_id: String,
}
