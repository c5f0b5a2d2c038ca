//! Node membership and quorum (spec/faults.md QUORUM-*).
//!
//! Guarantees:
//! - Votes are static (no dynamic quorum): every node has its `NodeWeight` common
//!   property as its vote (1 when unset), the witness — the quorum resource, a disk or a
//!   file share — has one vote while it is not failed and some member node is one of its
//!   possible owners. Members are the nodes that are Up or Paused. The cluster has quorum
//!   while the members' votes (with the witness's) are more than half of all votes.
//! - Losing quorum (`node_down` of the node that breaks the majority): that node's
//!   `NODE_STATE` / interface / network events, then `CLUSTER_STATE` (cluster name); every
//!   resource that was online or pending stops (Offline, silently: no cluster service is
//!   left to report it, no failover runs) and calls through the cluster's handles fail
//!   (the simulator's part). While down, node changes raise nothing.
//! - Regaining it (`node_up` that restores the majority): `CLUSTER_RECONNECT`, then one
//!   state indication per node, interface and network whose state differs from what
//!   clients saw when quorum was lost ([MS-CMRP] ApiReAddNotify*: a STATE indication when
//!   the state changed), then each group, in group order, brings back the resources that
//!   were online at the loss (their persistent state): in place when its owner is a
//!   member, else on the failover target (`GROUP_STATE` for the owner change). A group
//!   nothing can host reports its stopped resources (`RESOURCE_STATE`) and `GROUP_STATE`.

use crate::cluster::Cluster;
use crate::event::Effect;
use crate::ids::*;
use clusim_api::property::REG_DWORD;
use clusim_api::*;
use std::collections::BTreeMap;

/// What quorum needs to remember: the snapshot taken at a loss, the groups each node
/// drained (for failback), and the switch.
#[derive(Debug, Clone)]
pub struct QuorumState {
    /// `Some` while the cluster has lost quorum.
    lost: Option<Snapshot>,
    /// Groups drained off each node by `PauseClusterNodeEx`, in drain order.
    pub(crate) drained: BTreeMap<NodeId, Vec<GroupId>>,
    /// `false`: the cluster never loses quorum (the behaviour before quorum existed).
    enforced: bool,
}

impl Default for QuorumState {
    fn default() -> Self {
        QuorumState { lost: None, drained: BTreeMap::new(), enforced: true }
    }
}

/// What clients last saw when quorum was lost.
#[derive(Debug, Clone)]
struct Snapshot {
    nodes: Vec<(NodeId, NodeState)>,
    netifs: Vec<(NetIfId, NetInterfaceState)>,
    networks: Vec<(NetworkId, NetworkState)>,
    /// Per group, in group order: its state then, and its resources that were online or
    /// pending (in group order).
    groups: Vec<(GroupId, GroupState, Vec<ResourceId>)>,
}

fn is_member(s: NodeState) -> bool {
    matches!(s, NodeState::Up | NodeState::Paused)
}

impl Cluster {
    /// Whether the cluster has quorum (`HasQuorum` of `CLUSTER_MEMBERSHIP_INFO`).
    pub fn has_quorum(&self) -> bool {
        self.quorum_state.lost.is_none()
    }

    /// The member nodes — Up or Paused — in node order (the up-node set of
    /// `CLUSTER_MEMBERSHIP_INFO`).
    pub fn up_nodes(&self) -> Vec<NodeId> {
        self.nodes.iter().filter(|(_, n)| is_member(n.state)).map(|(k, _)| k).collect()
    }

    /// `SimBuilder::quorum(false)`: the cluster never loses quorum.
    /// A cluster built with a majority of its votes absent starts without quorum (and
    /// announces nothing: no port exists yet).
    pub fn set_quorum_enforced(&mut self, on: bool) {
        self.quorum_state.enforced = on;
        if self.quorum_state.lost.is_some() && !on {
            self.check_quorum_regained(&mut Vec::new());
        } else {
            self.check_quorum_lost(&mut Vec::new());
        }
    }

    /// (votes of the members and the witness, all votes).
    pub fn quorum_votes(&self) -> (u32, u32) {
        let (mut up, mut total) = (0u32, 0u32);
        for (_, n) in self.nodes.iter() {
            let weight = self
                .registry
                .value(n.key, "NodeWeight")
                .ok()
                .filter(|v| v.ty == REG_DWORD && v.data.len() == 4)
                .map_or(1, |v| u32::from_le_bytes([v.data[0], v.data[1], v.data[2], v.data[3]]).min(1));
            total += weight;
            if is_member(n.state) {
                up += weight;
            }
        }
        if let Some(w) = self.quorum.filter(|&w| self.resources.get(w).is_some()) {
            total += 1;
            let r = &self.resources[w];
            if r.state != ResourceState::Failed
                && r.possible_owners.iter().any(|&n| self.nodes.get(n).is_some_and(|n| is_member(n.state)))
            {
                up += 1;
            }
        }
        (up, total)
    }

    /// Whether the votes present are a majority (always, with the switch off).
    fn votes_hold(&self) -> bool {
        let (up, total) = self.quorum_votes();
        !self.quorum_state.enforced || 2 * up > total
    }

    /// After a node left: loses quorum if the majority went. `true` when the cluster is
    /// (now or already) down, so the caller runs no failover.
    pub(crate) fn check_quorum_lost(&mut self, fx: &mut Vec<Effect>) -> bool {
        if self.quorum_state.lost.is_some() {
            return true;
        }
        if self.votes_hold() {
            return false;
        }
        let snap = Snapshot {
            nodes: self.nodes.iter().map(|(k, n)| (k, n.state)).collect(),
            netifs: self.netifs.iter().map(|(k, i)| (k, i.state)).collect(),
            networks: self.networks.iter().map(|(k, n)| (k, n.state)).collect(),
            groups: self
                .groups
                .iter()
                .map(|(g, grp)| {
                    let online = grp
                        .resources
                        .iter()
                        .copied()
                        .filter(|&r| {
                            !matches!(self.resources[r].state, ResourceState::Offline | ResourceState::Failed)
                        })
                        .collect();
                    (g, grp.state, online)
                })
                .collect(),
        };
        let mut silent = Vec::new();
        for (g, _, online) in &snap.groups {
            for &r in online {
                self.set_resource_state(r, ResourceState::Offline);
            }
            self.refresh_group(*g, &mut silent);
        }
        self.quorum_state.lost = Some(snap);
        self.emit_cluster_client_event(ChangeFlags::CLUSTER_STATE, fx);
        true
    }

    /// After a node joined while the cluster was down: regains quorum if the majority is
    /// back (module documentation).
    pub(crate) fn check_quorum_regained(&mut self, fx: &mut Vec<Effect>) {
        if self.quorum_state.lost.is_none() || !self.votes_hold() {
            return;
        }
        let snap = self.quorum_state.lost.take().expect("checked");
        self.emit_cluster_client_event(ChangeFlags::CLUSTER_RECONNECT, fx);
        for (n, was) in snap.nodes {
            if self.nodes.get(n).is_some_and(|x| x.state != was) {
                self.emit_node_state(n, true, fx);
            }
        }
        for (i, was) in snap.netifs {
            if self.netifs.get(i).is_some_and(|x| x.state != was) {
                self.emit_netif_state(i, fx);
            }
        }
        for (n, was) in snap.networks {
            if self.networks.get(n).is_some_and(|x| x.state != was) {
                self.emit_network_state(n, fx);
            }
        }
        for (g, was, online) in snap.groups {
            if self.groups.get(g).is_none() {
                continue;
            }
            let online: Vec<ResourceId> =
                online.into_iter().filter(|&r| self.resources.get(r).is_some_and(|x| x.group == g)).collect();
            let owner = self.groups[g].owner;
            let placed = if is_member(self.nodes[owner].state) {
                let mut plan = crate::lifecycle::Plan::default();
                for &r in &online {
                    self.online_plan(r, &mut plan);
                }
                self.start_run(plan.order.iter().map(|&r| crate::transitions::Step::Online(r)).collect(), fx);
                true
            } else {
                self.place_on_new_owner(g, &online, fx)
            };
            if !placed {
                for &r in &online {
                    self.emit_resource_state(r, fx);
                }
                if self.groups[g].state != was {
                    self.emit_group_state(g, fx);
                }
            }
        }
    }
}
