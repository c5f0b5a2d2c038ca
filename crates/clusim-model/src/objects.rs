//! The object records kept in the arenas.

use crate::arena::Named;
use crate::ids::*;
use clusim_api::{GroupState, NetInterfaceState, NetworkState, NodeState, ResourceState};
use std::sync::Arc;

macro_rules! named {
    ($($t:ident),*) => {$(
        impl Named for $t {
            fn name(&self) -> &Arc<str> {
                &self.name
            }
            fn set_name(&mut self, name: Arc<str>) {
                self.name = name;
            }
            fn reg_key(&self) -> RegKeyId {
                self.key
            }
        }
    )*};
}

/// A node.
#[derive(Debug, Clone)]
pub struct Node {
    /// Name.
    pub name: Arc<str>,
    /// Node id (`"1"`, `"2"`, …).
    pub id: Arc<str>,
    /// State.
    pub state: NodeState,
    /// Its database key (`Nodes\<id>`).
    pub key: RegKeyId,
}

/// A group.
#[derive(Debug, Clone)]
pub struct Group {
    /// Name.
    pub name: Arc<str>,
    /// GUID.
    pub id: Arc<str>,
    /// Owner node.
    pub owner: NodeId,
    /// Last announced aggregate state.
    pub state: GroupState,
    /// Persistent state: the group was last brought online by `OnlineClusterGroup` (it does
    /// not enter the aggregate state: an empty group is Offline whatever this says).
    pub want_online: bool,
    /// Resources in creation order.
    pub resources: Vec<ResourceId>,
    /// How many of `resources` are in each state class: the aggregate state costs
    /// O(1) per transition (kept by `Cluster::set_resource_state`).
    pub tally: crate::lifecycle::Tally,
    /// Preferred owners in order.
    pub preferred: Vec<NodeId>,
    /// Its `CLUSGROUP_TYPE` (`GroupType`): `ClusGroupTypeUnknown` (9999) unless created
    /// by `CreateClusterGroupEx` with another, or a topology's core groups.
    pub group_type: u32,
    /// Its database key (`Groups\<id>`).
    pub key: RegKeyId,
    /// Failover policy and history.
    pub life: crate::policy::GroupLife,
}

/// A resource.
#[derive(Debug, Clone)]
pub struct Resource {
    /// Name.
    pub name: Arc<str>,
    /// GUID.
    pub id: Arc<str>,
    /// Type.
    pub rtype: ResTypeId,
    /// Containing group.
    pub group: GroupId,
    /// State.
    pub state: ResourceState,
    /// Resources this one depends on, in the order added.
    pub deps: Vec<ResourceId>,
    /// The resources that depend on this one, in their creation order (the reverse
    /// index of `deps`, kept by the dependency operations).
    pub dependents: Vec<ResourceId>,
    /// Creation number: orders `dependents` as the resource arena enumerates.
    pub created: u64,
    /// Possible owner nodes.
    pub possible_owners: Vec<NodeId>,
    /// Core resources cannot be deleted.
    pub core: bool,
    /// Its database key (`Resources\<id>`).
    pub key: RegKeyId,
    /// Durations, script, restart policy and history.
    pub life: crate::policy::ResourceLife,
}

/// A resource type.
#[derive(Debug, Clone)]
pub struct ResType {
    /// Name.
    pub name: Arc<str>,
    /// Display name.
    pub display_name: Arc<str>,
    /// DLL name.
    pub dll: Arc<str>,
    /// LooksAlive interval (ms).
    pub looks_alive_ms: u32,
    /// IsAlive interval (ms).
    pub is_alive_ms: u32,
    /// Whether its resources may be the quorum resource.
    pub quorum_capable: bool,
    /// Its database key (`ResourceTypes\<name>`).
    pub key: RegKeyId,
    /// Durations and script of its resources.
    pub life: crate::policy::TypeLife,
}

/// A network.
#[derive(Debug, Clone)]
pub struct Network {
    /// Name.
    pub name: Arc<str>,
    /// GUID.
    pub id: Arc<str>,
    /// State.
    pub state: NetworkState,
    /// Its database key (`Networks\<id>`).
    pub key: RegKeyId,
}

/// A network interface.
#[derive(Debug, Clone)]
pub struct NetIf {
    /// Name.
    pub name: Arc<str>,
    /// GUID.
    pub id: Arc<str>,
    /// Owning node.
    pub node: NodeId,
    /// Network.
    pub network: NetworkId,
    /// State.
    pub state: NetInterfaceState,
    /// Its database key (`NetworkInterfaces\<id>`).
    pub key: RegKeyId,
}

named!(Node, Group, Resource, ResType, Network, NetIf);

/// A reference to any object of a cluster (for properties and events).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ObjRef {
    /// The cluster itself.
    Cluster,
    /// A node.
    Node(NodeId),
    /// A group.
    Group(GroupId),
    /// A resource.
    Resource(ResourceId),
    /// A resource type.
    ResType(ResTypeId),
    /// A network.
    Network(NetworkId),
    /// A network interface.
    NetIf(NetIfId),
}

impl ObjRef {
    /// The kind of object referred to.
    pub fn kind(self) -> clusim_api::ObjectKind {
        use clusim_api::ObjectKind as K;
        match self {
            ObjRef::Cluster => K::Cluster,
            ObjRef::Node(_) => K::Node,
            ObjRef::Group(_) => K::Group,
            ObjRef::Resource(_) => K::Resource,
            ObjRef::ResType(_) => K::ResourceType,
            ObjRef::Network(_) => K::Network,
            ObjRef::NetIf(_) => K::NetInterface,
        }
    }
}
