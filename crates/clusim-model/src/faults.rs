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
            let name = self.netifs[i].name.clone();
            fx.push(Effect::event(ChangeFlags::NETINTERFACE_STATE, ObjectKind::NetInterface, &name));
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
                let name = self.networks[n].name.clone();
                fx.push(Effect::event(ChangeFlags::NETWORK_STATE, ObjectKind::Network, &name));
            }
        }
    }

    /// A node stops: see the module documentation. A node already down: success, nothing.
    pub fn node_down(&mut self, id: NodeId, fx: &mut Vec<Effect>) -> Result<()> {
        if self.node(id)?.state == NodeState::Down {
            return Ok(());
        }
        self.nodes[id].state = NodeState::Down;
        let name = self.nodes[id].name.clone();
        fx.push(Effect::event(ChangeFlags::NODE_STATE, ObjectKind::Node, &name));
        let ifs: Vec<NetIfId> = self.netifs.iter().filter(|(_, i)| i.node == id).map(|(k, _)| k).collect();
        for i in ifs {
            self.set_netif_state(i, NetInterfaceState::Unavailable, fx);
        }
        self.refresh_networks(fx);
        let owned: Vec<GroupId> = self.groups.iter().filter(|(_, g)| g.owner == id).map(|(k, _)| k).collect();
        for g in owned {
            self.fail_over(g, fx);
        }
        Ok(())
    }

    /// A stopped node comes back: see the module documentation. A node that is not down:
    /// success, nothing to do.
    pub fn node_up(&mut self, id: NodeId, fx: &mut Vec<Effect>) -> Result<()> {
        if self.node(id)?.state != NodeState::Down {
            return Ok(());
        }
        self.nodes[id].state = NodeState::Up;
        let name = self.nodes[id].name.clone();
        fx.push(Effect::event(ChangeFlags::NODE_STATE, ObjectKind::Node, &name));
        let ifs: Vec<NetIfId> = self.netifs.iter().filter(|(_, i)| i.node == id).map(|(k, _)| k).collect();
        for i in ifs {
            self.set_netif_state(i, NetInterfaceState::Up, fx);
        }
        self.refresh_networks(fx);
        self.failback_to(id, fx);
        Ok(())
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
            let name = self.resources[r].name.clone();
            fx.push(Effect::event(ChangeFlags::RESOURCE_STATE, ObjectKind::Resource, &name));
            if self.quorum == Some(r) {
                fx.push(Effect::event(ChangeFlags::QUORUM_STATE, ObjectKind::Resource, &name));
            }
            self.refresh_group(g, fx);
        }
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
        let Some(target) = target else { return };
        self.groups[g].owner = target;
        self.announce_group(g, fx);
        let mut plan = crate::lifecycle::Plan::default();
        for &r in &was_online {
            self.online_plan(r, &mut plan);
        }
        self.start_run(plan.order.iter().map(|&r| crate::transitions::Step::Online(r)).collect(), fx);
    }
}
