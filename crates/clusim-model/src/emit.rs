//! The one emission module: every change that notifies records its V1 event and its V2
//! events here, together, so the two APIs cannot drift (spec/v2.md V2-SEQUENCES).
//!
//! Operations call these functions at the point the change happens; each pushes the V1
//! [`Effect::Event`] first (exactly what the operation pushed before V2 existed, so V1
//! traces are unchanged), then the V2 [`Effect::EventV2`]s with the fields of the
//! [MS-CMRP] ApiGetNotifyV2 table (fact sheet §1.6).
//!
//! For the helpers that add transitions (asynchronous lifecycle, quorum): a state change
//! of a resource is [`Cluster::emit_resource_state`], of a group
//! [`Cluster::emit_group_state`], of a node [`Cluster::emit_node_state`] (with
//! `membership = true` when the node joins or leaves the active membership: up ↔ down),
//! an owner change of a group [`Cluster::emit_group_owner`]. Call them after the model
//! holds the new state.
//!
//! Field rules (ApiGetNotifyV2 table): group events carry the group id / owner node id /
//! group name; resource events the resource id / containing group id / name / type name;
//! node events the node id and name; network events the network id and name;
//! network-interface events the interface id, its node's id as ParentId (§7.8: the
//! table, not the enum pages) and its name. Ids are the objects' `id`s, the ones
//! `CLUSCTL_*_GET_ID` returns.

use crate::cluster::Cluster;
use crate::event::{Effect, ModelEventV2};
use crate::event_v2::EventV2Data;
use crate::ids::*;
use crate::objects::*;
use clusim_api::change_v2::*;
use clusim_api::notify_v2::{encode_id, MembershipInfo};
use clusim_api::*;
use std::sync::Arc;

/// `CLUSGROUP_TYPE` of a group made by `CreateClusterGroup`: `ClusGroupTypeUnknown`
/// (9999, HDR), the payload of CLUSTER GROUP_ADDED_V2 (decision, spec/v2.md).
pub const GROUP_TYPE_UNKNOWN: u32 = 9999;

pub(crate) fn empty() -> Arc<str> {
    Arc::from("")
}

/// Pushes one V2 event.
pub(crate) fn push_v2(
    fx: &mut Vec<Effect>,
    object_type: ObjectType,
    flag: u32,
    subject: &Arc<str>,
    data: EventV2Data,
) {
    debug_assert!(flag.is_power_of_two());
    fx.push(Effect::EventV2(ModelEventV2 {
        object_type,
        flag,
        subject: subject.clone(),
        data: Arc::new(data),
    }));
}

/// The fields of an event about one object (`Type` empty).
pub(crate) fn fields(
    object_id: &Arc<str>,
    parent_id: Arc<str>,
    name: &Arc<str>,
    payload: Vec<u8>,
) -> EventV2Data {
    EventV2Data::new(object_id.clone(), parent_id, name.clone(), payload.into())
}

fn dword(v: u32) -> Vec<u8> {
    v.to_le_bytes().to_vec()
}

/// A registry change's V2 event (CMRP 2.2.2.19 and the table): NAME_V2 for a key
/// created or deleted (ObjectId empty: no value changed), VALUE_V2 (ObjectId the value's
/// name), ATTRIBUTES_V2; Name the key's path from the root, which the router delivers
/// relative to the registration's key.
pub(crate) fn registry_v2(fx: &mut Vec<Effect>, change: ChangeFlags, path: &Arc<str>, value: &str) {
    let flag = match change {
        ChangeFlags::REGISTRY_NAME => RegistryChangeV2::NAME,
        ChangeFlags::REGISTRY_VALUE => RegistryChangeV2::VALUE,
        _ => RegistryChangeV2::ATTRIBUTES,
    };
    let data = EventV2Data::new(Arc::from(value), empty(), path.clone(), Arc::from([]));
    push_v2(fx, ObjectType::Registry, flag.bits(), path, data);
}

impl Cluster {
    /// Records V2 events from now on (the simulator calls this when a cluster gets its
    /// first V2 registration, so V1-only runs pay nothing for V2).
    pub fn enable_v2_events(&mut self) {
        self.v2_events = true;
        self.registry.v2_events = true;
    }

    /// Whether V2 events are recorded.
    pub fn v2_events(&self) -> bool {
        self.v2_events
    }

    pub(crate) fn node_id(&self, n: NodeId) -> Arc<str> {
        self.nodes.get(n).map(|n| n.id.clone()).unwrap_or_else(empty)
    }

    /// A GROUP event about `g` (ObjectId group id, ParentId owner node id, Name).
    pub(crate) fn group_v2(&self, g: &Group, flag: GroupChangeV2, payload: Vec<u8>, fx: &mut Vec<Effect>) {
        let data = fields(&g.id, self.node_id(g.owner), &g.name, payload);
        push_v2(fx, ObjectType::Group, flag.bits(), &g.id, data);
    }

    /// A RESOURCE event about `r` (ObjectId, ParentId group id, Name, Type).
    pub(crate) fn resource_v2(
        &self,
        r: &Resource,
        flag: ResourceChangeV2,
        payload: Vec<u8>,
        fx: &mut Vec<Effect>,
    ) {
        let group = self.groups.get(r.group).map(|g| g.id.clone()).unwrap_or_else(empty);
        let type_name = self.restypes.get(r.rtype).map(|t| t.name.clone()).unwrap_or_else(empty);
        let data = EventV2Data::with_type(r.id.clone(), group, r.name.clone(), type_name, payload.into());
        push_v2(fx, ObjectType::Resource, flag.bits(), &r.id, data);
    }

    /// A NODE event about `n` (ObjectId node id, no ParentId, Name).
    fn node_v2(&self, n: &Node, flag: NodeChangeV2, payload: Vec<u8>, fx: &mut Vec<Effect>) {
        push_v2(fx, ObjectType::Node, flag.bits(), &n.id, fields(&n.id, empty(), &n.name, payload));
    }

    fn network_v2(&self, n: &Network, flag: NetworkChangeV2, payload: Vec<u8>, fx: &mut Vec<Effect>) {
        push_v2(fx, ObjectType::Network, flag.bits(), &n.id, fields(&n.id, empty(), &n.name, payload));
    }

    fn netif_v2(&self, i: &NetIf, flag: NetInterfaceChangeV2, payload: Vec<u8>, fx: &mut Vec<Effect>) {
        let data = fields(&i.id, self.node_id(i.node), &i.name, payload);
        push_v2(fx, ObjectType::NetworkInterface, flag.bits(), &i.id, data);
    }

    /// A CLUSTER event (cluster-wide registrations only).
    fn cluster_v2(&self, flag: ClusterChangeV2, data: EventV2Data, fx: &mut Vec<Effect>) {
        push_v2(fx, ObjectType::Cluster, flag.bits(), &empty(), data);
    }

    /// A client-generated cluster event (faults: the cluster became unreachable, the
    /// connection was re-established): V1 `CLUSTER_STATE` / `CLUSTER_RECONNECT` with the
    /// cluster name; V2 CLUSTER STATE_V2 / RECONNECT_V2 with the cluster name, which
    /// every V2 port of the cluster receives (no filter may hold them, §3.8).
    pub fn emit_cluster_client_event(&self, change: ChangeFlags, fx: &mut Vec<Effect>) {
        fx.push(Effect::event(change, ObjectKind::Cluster, &self.name));
        if !self.v2_events {
            return;
        }
        let flag = if change == ChangeFlags::CLUSTER_STATE {
            ClusterChangeV2::STATE
        } else {
            ClusterChangeV2::RECONNECT
        };
        self.cluster_v2(flag, fields(&empty(), empty(), &self.name, Vec::new()), fx);
    }

    // ----- state changes (the entry points other operations call) ---------------------

    /// A resource changed state: V1 `RESOURCE_STATE` (+ `QUORUM_STATE` for the quorum
    /// resource); V2 RESOURCE STATE_V2 with the new state (+ QUORUM STATE_V2: ObjectId
    /// the resource id, Name its name, ParentId and Type empty).
    pub fn emit_resource_state(&self, r: ResourceId, fx: &mut Vec<Effect>) {
        let res = &self.resources[r];
        fx.push(Effect::event(ChangeFlags::RESOURCE_STATE, ObjectKind::Resource, &res.name));
        let quorum = self.quorum == Some(r);
        if quorum {
            fx.push(Effect::event(ChangeFlags::QUORUM_STATE, ObjectKind::Resource, &res.name));
        }
        if !self.v2_events {
            return;
        }
        self.resource_v2(res, ResourceChangeV2::STATE, dword(res.state as u32), fx);
        if quorum {
            self.quorum_v2(res, fx);
        }
    }

    /// QUORUM STATE_V2 about the quorum resource `res`: its state, its id, its name.
    fn quorum_v2(&self, res: &Resource, fx: &mut Vec<Effect>) {
        let data = fields(&res.id, empty(), &res.name, dword(res.state as u32));
        push_v2(fx, ObjectType::Quorum, QuorumChangeV2::STATE.bits(), &res.id, data);
    }

    /// `SetClusterQuorumResource`: V1 `QUORUM_STATE` with the resource's name; V2 QUORUM
    /// STATE_V2 with its state.
    pub(crate) fn emit_quorum_set(&self, r: ResourceId, fx: &mut Vec<Effect>) {
        let res = &self.resources[r];
        fx.push(Effect::event(ChangeFlags::QUORUM_STATE, ObjectKind::Resource, &res.name));
        if self.v2_events {
            self.quorum_v2(res, fx);
        }
    }

    /// A group's aggregate state changed: V1 `GROUP_STATE`, V2 GROUP STATE_V2.
    pub fn emit_group_state(&self, g: GroupId, fx: &mut Vec<Effect>) {
        let group = &self.groups[g];
        fx.push(Effect::event(ChangeFlags::GROUP_STATE, ObjectKind::Group, &group.name));
        if !self.v2_events {
            return;
        }
        self.group_v2(group, GroupChangeV2::STATE, dword(group.state as u32), fx);
    }

    /// A group changed owner (move, failover): V1 `GROUP_STATE` (the V1 word for an owner
    /// change); V2 GROUP OWNER_NODE_V2 (payload the new owner's id), NODE GROUP_LOST_V2
    /// on the old owner and NODE GROUP_GAINED_V2 on the new one (payload the group id).
    pub fn emit_group_owner(&self, g: GroupId, old_owner: NodeId, fx: &mut Vec<Effect>) {
        let group = &self.groups[g];
        fx.push(Effect::event(ChangeFlags::GROUP_STATE, ObjectKind::Group, &group.name));
        if !self.v2_events {
            return;
        }
        self.group_v2(group, GroupChangeV2::OWNER_NODE, encode_id(&self.node_id(group.owner)), fx);
        if let Some(old) = self.nodes.get(old_owner) {
            self.node_v2(old, NodeChangeV2::GROUP_LOST, encode_id(&group.id), fx);
        }
        self.node_v2(&self.nodes[group.owner], NodeChangeV2::GROUP_GAINED, encode_id(&group.id), fx);
    }

    /// A node changed state: V1 `NODE_STATE`; V2 NODE STATE_V2 (the new state) and, when
    /// `membership` (the node went down or came back up), CLUSTER MEMBERSHIP_V2 with the
    /// up nodes (`CLUSTER_MEMBERSHIP_INFO`).
    pub fn emit_node_state(&self, n: NodeId, membership: bool, fx: &mut Vec<Effect>) {
        let node = &self.nodes[n];
        fx.push(Effect::event(ChangeFlags::NODE_STATE, ObjectKind::Node, &node.name));
        if !self.v2_events {
            return;
        }
        self.node_v2(node, NodeChangeV2::STATE, dword(node.state as u32), fx);
        if membership {
            let info = self.membership_info();
            self.cluster_v2(
                ClusterChangeV2::MEMBERSHIP,
                fields(&empty(), empty(), &empty(), info.encode()),
                fx,
            );
        }
    }

    /// The membership as `CLUSTER_MEMBERSHIP_INFO` reports it: the up (or paused) nodes
    /// by number; `HasQuorum` while a majority of the nodes is up.
    pub fn membership_info(&self) -> MembershipInfo {
        let up: Vec<u32> = self
            .nodes
            .iter()
            .filter(|(_, n)| matches!(n.state, NodeState::Up | NodeState::Paused))
            .filter_map(|(_, n)| n.id.parse().ok())
            .collect();
        MembershipInfo::from_up_nodes(up.len() * 2 > self.nodes.len(), up)
    }

    /// An interface changed state: V1 `NETINTERFACE_STATE`, V2 NETWORK_INTERFACE STATE_V2.
    pub(crate) fn emit_netif_state(&self, i: NetIfId, fx: &mut Vec<Effect>) {
        let netif = &self.netifs[i];
        fx.push(Effect::event(ChangeFlags::NETINTERFACE_STATE, ObjectKind::NetInterface, &netif.name));
        if !self.v2_events {
            return;
        }
        self.netif_v2(netif, NetInterfaceChangeV2::STATE, dword(netif.state as u32), fx);
    }

    /// A network changed state: V1 `NETWORK_STATE`, V2 NETWORK STATE_V2.
    pub(crate) fn emit_network_state(&self, n: NetworkId, fx: &mut Vec<Effect>) {
        let net = &self.networks[n];
        fx.push(Effect::event(ChangeFlags::NETWORK_STATE, ObjectKind::Network, &net.name));
        if !self.v2_events {
            return;
        }
        self.network_v2(net, NetworkChangeV2::STATE, dword(net.state as u32), fx);
    }
}
