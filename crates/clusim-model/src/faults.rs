//! Faults: a node stopping and coming back (spec/faults.md).
//!
//! Guarantees:
//! - `node_down`: `NODE_STATE` (Down); each of its interfaces → Unavailable
//!   (`NETINTERFACE_STATE`); each network whose state changes → `NETWORK_STATE`; then every
//!   group it owned fails over: its online resources go straight to Offline (one
//!   `RESOURCE_STATE` each — the host died, nothing was taken offline gracefully), the
//!   owner changes to the first up preferred owner, else the next up node that can host
//!   them (`GROUP_STATE`), and they come back online there (OnlinePending → Online). With
//!   no such node the group stays with the down node, offline.
//! - `node_up`: `NODE_STATE` (Up); its interfaces → Up; networks re-evaluated. No
//!   failback, no restart.
//! - A network is Up when every interface whose node is up is Up; Unavailable when all its
//!   interfaces are Unavailable; Down when none is Up otherwise.

use crate::cluster::Cluster;
use crate::event::Effect;
use crate::ids::*;
use clusim_api::*;

impl Cluster {
    fn set_netif_state(&mut self, i: NetIfId, s: NetInterfaceState, fx: &mut Vec<Effect>) {
        if self.netifs[i].state != s {
            self.netifs[i].state = s;
            self.emit_netif_state(i, fx);
        }
    }

    fn refresh_networks(&mut self, fx: &mut Vec<Effect>) {
        let nets: Vec<NetworkId> = self.networks.keys().to_vec();
        for n in nets {
            let states: Vec<NetInterfaceState> =
                self.netifs.iter().filter(|(_, i)| i.network == n).map(|(_, i)| i.state).collect();
            let new = if !states.is_empty() && states.iter().all(|s| *s == NetInterfaceState::Unavailable) {
                NetworkState::Unavailable
            } else if !states.contains(&NetInterfaceState::Up) && !states.is_empty() {
                NetworkState::Down
            } else if states
                .iter()
                .any(|s| matches!(s, NetInterfaceState::Failed | NetInterfaceState::Unreachable))
            {
                NetworkState::Partitioned
            } else {
                NetworkState::Up
            };
            if self.networks[n].state != new {
                self.networks[n].state = new;
                self.emit_network_state(n, fx);
            }
        }
    }

    /// A node stops: see the module documentation. A node already down: success, nothing.
    /// When the node's loss breaks the majority, the cluster loses quorum instead of
    /// failing over (crate::quorum); while it is down, nothing is announced.
    pub fn node_down(&mut self, id: NodeId, fx: &mut Vec<Effect>) -> Result<()> {
        self.nodes_down(&[id], fx)
    }

    /// Several nodes stop at once (a partition): each one's events in the order given,
    /// then quorum is evaluated once — lost, nothing fails over; kept, the groups of every
    /// node that stopped fail over, node by node. Nodes already down: nothing. Unknown
    /// nodes: `ERROR_CLUSTER_NODE_NOT_FOUND`, nothing changes.
    pub fn nodes_down(&mut self, ids: &[NodeId], fx: &mut Vec<Effect>) -> Result<()> {
        for &id in ids {
            self.node(id)?;
        }
        let quiet = &mut Vec::new();
        let out = if self.has_quorum() { &mut *fx } else { quiet };
        let mut stopped = Vec::new();
        for &id in ids {
            if self.nodes[id].state != NodeState::Down {
                self.node_down_events(id, out);
                stopped.push(id);
            }
        }
        if stopped.is_empty() || self.check_quorum_lost(fx) {
            return Ok(());
        }
        for id in stopped {
            let owned: Vec<GroupId> =
                self.groups.iter().filter(|(_, g)| g.owner == id).map(|(k, _)| k).collect();
            for g in owned {
                self.fail_over(g, fx);
            }
        }
        Ok(())
    }

    fn node_down_events(&mut self, id: NodeId, fx: &mut Vec<Effect>) {
        self.nodes[id].state = NodeState::Down;
        self.emit_node_state(id, true, fx);
        let ifs: Vec<NetIfId> = self.netifs.iter().filter(|(_, i)| i.node == id).map(|(k, _)| k).collect();
        for i in ifs {
            self.set_netif_state(i, NetInterfaceState::Unavailable, fx);
        }
        self.refresh_networks(fx);
    }

    /// A stopped node comes back: see the module documentation. A node that is not down:
    /// success, nothing to do. While the cluster has no quorum the node joins silently,
    /// and the cluster comes back once the majority is (crate::quorum).
    pub fn node_up(&mut self, id: NodeId, fx: &mut Vec<Effect>) -> Result<()> {
        self.nodes_up(&[id], fx)
    }

    /// Several nodes come back at once; while the cluster has no quorum they join
    /// silently and quorum is evaluated once, after all of them.
    pub fn nodes_up(&mut self, ids: &[NodeId], fx: &mut Vec<Effect>) -> Result<()> {
        for &id in ids {
            self.node(id)?;
        }
        let lost = !self.has_quorum();
        let quiet = &mut Vec::new();
        let out = if lost { quiet } else { &mut *fx };
        for &id in ids {
            if self.nodes[id].state == NodeState::Down {
                self.node_up_events(id, out);
                if !lost {
                    self.failback_to(id, out);
                }
            }
        }
        if lost {
            self.check_quorum_regained(fx);
        }
        Ok(())
    }

    fn node_up_events(&mut self, id: NodeId, fx: &mut Vec<Effect>) {
        self.nodes[id].state = NodeState::Up;
        self.emit_node_state(id, true, fx);
        let ifs: Vec<NetIfId> = self.netifs.iter().filter(|(_, i)| i.node == id).map(|(k, _)| k).collect();
        for i in ifs {
            self.set_netif_state(i, NetInterfaceState::Up, fx);
        }
        self.refresh_networks(fx);
    }

    fn fail_over(&mut self, g: GroupId, fx: &mut Vec<Effect>) {
        let members = self.groups[g].resources.clone();
        let was_online: Vec<ResourceId> = members
            .iter()
            .copied()
            .filter(|&r| !matches!(self.resources[r].state, ResourceState::Offline | ResourceState::Failed))
            .collect();
        for &r in &was_online {
            self.abort_run_of(r);
            self.set_resource_state(r, ResourceState::Offline);
            self.emit_resource_state(r, fx);
            self.refresh_group(g, fx);
        }
        self.place_on_new_owner(g, &was_online, fx);
    }

    /// Moves a group off its (departed) owner to the first up preferred owner, else the
    /// next up node that can host `was_online` (`GROUP_STATE`), and brings those online
    /// there. `false` (nothing changed) when no node qualifies.
    pub(crate) fn place_on_new_owner(
        &mut self,
        g: GroupId,
        was_online: &[ResourceId],
        fx: &mut Vec<Effect>,
    ) -> bool {
        let owner = self.groups[g].owner;
        let can_host = |c: &Cluster, n: NodeId| {
            n != owner
                && c.nodes[n].state == NodeState::Up
                && was_online.iter().all(|&r| c.resources[r].possible_owners.contains(&n))
        };
        let target = self.groups[g].preferred.iter().copied().find(|&n| can_host(self, n)).or_else(|| {
            let order = self.nodes.keys();
            let start = order.iter().position(|&n| n == owner).unwrap_or(0);
            (1..=order.len()).map(|i| order[(start + i) % order.len()]).find(|&n| can_host(self, n))
        });
        let Some(target) = target else { return false };
        let old_owner = std::mem::replace(&mut self.groups[g].owner, target);
        self.emit_group_owner(g, old_owner, fx);
        self.refresh_group(g, fx);
        let mut plan = crate::lifecycle::Plan::default();
        for &r in was_online {
            self.online_plan(r, &mut plan);
        }
        self.start_run(plan.order.iter().map(|&r| crate::transitions::Step::Online(r)).collect(), fx);
        true
    }
}
