//! State transitions: online, offline, fail, move — and the group aggregate state.
//!
//! The exact sequences are normative (spec/model.md, N16):
//! - online of a resource brings its providers online first (depth first, in the
//!   order the dependencies were added), then walks Offline/Failed → OnlinePending →
//!   Online: two `RESOURCE_STATE` events;
//! - offline takes dependents offline first, then Online → OfflinePending → Offline
//!   (two events); a failed resource goes straight to Offline (one event);
//! - every resource transition re-computes the group's aggregate state and emits
//!   `GROUP_STATE` when (state, owner) changed; the quorum resource also emits
//!   `QUORUM_STATE` on each of its transitions.

use crate::cluster::Cluster;
use crate::event::Effect;
use crate::ids::*;
use clusim_api::*;

/// The aggregate state of a group from its members' states (`want_online` decides for an
/// empty group): any pending → Pending; else any failed → Failed; all online → Online;
/// all offline → Offline; otherwise PartialOnline.
pub fn aggregate(states: &[ResourceState], want_online: bool) -> GroupState {
    use ResourceState as R;
    if states.is_empty() {
        return if want_online { GroupState::Online } else { GroupState::Offline };
    }
    if states.iter().any(|s| matches!(s, R::Pending | R::OnlinePending | R::OfflinePending)) {
        return GroupState::Pending;
    }
    if states.contains(&R::Failed) {
        return GroupState::Failed;
    }
    let offline = |s: &R| matches!(s, R::Offline | R::Initializing | R::Unknown | R::Inherited);
    if states.iter().all(|s| *s == R::Online) {
        GroupState::Online
    } else if states.iter().all(offline) {
        GroupState::Offline
    } else {
        GroupState::PartialOnline
    }
}

fn is_online_or_pending(s: ResourceState) -> bool {
    matches!(
        s,
        ResourceState::Online
            | ResourceState::OnlinePending
            | ResourceState::OfflinePending
            | ResourceState::Pending
    )
}

impl Cluster {
    /// Re-computes a group's aggregate state; emits `GROUP_STATE` if it changed.
    pub(crate) fn refresh_group(&mut self, g: GroupId, fx: &mut Vec<Effect>) {
        let states: Vec<ResourceState> =
            self.groups[g].resources.iter().map(|&r| self.resources[r].state).collect();
        let new = aggregate(&states, self.groups[g].want_online);
        if new != self.groups[g].state {
            self.groups[g].state = new;
            let name = self.groups[g].name.clone();
            fx.push(Effect::event(ChangeFlags::GROUP_STATE, ObjectKind::Group, &name));
        }
    }

    fn set_state(&mut self, r: ResourceId, s: ResourceState, fx: &mut Vec<Effect>) {
        self.resources[r].state = s;
        let name = self.resources[r].name.clone();
        fx.push(Effect::event(ChangeFlags::RESOURCE_STATE, ObjectKind::Resource, &name));
        if self.quorum == Some(r) {
            fx.push(Effect::event(ChangeFlags::QUORUM_STATE, ObjectKind::Resource, &name));
        }
        let g = self.resources[r].group;
        self.refresh_group(g, fx);
    }

    /// Providers first (depth first, dependency order), `r` last, no repeats.
    pub(crate) fn online_plan(&self, r: ResourceId, out: &mut Vec<ResourceId>) {
        if out.contains(&r) {
            return;
        }
        for &d in &self.resources[r].deps {
            self.online_plan(d, out);
        }
        out.push(r);
    }

    /// Dependents first, `r` last, no repeats.
    fn offline_plan(&self, r: ResourceId, out: &mut Vec<ResourceId>) {
        if out.contains(&r) {
            return;
        }
        let dependents: Vec<ResourceId> =
            self.resources.iter().filter(|(_, x)| x.deps.contains(&r)).map(|(k, _)| k).collect();
        for d in dependents {
            self.offline_plan(d, out);
        }
        out.push(r);
    }

    fn check_can_host(&self, plan: &[ResourceId], node: NodeId) -> Result<()> {
        match self.nodes[node].state {
            NodeState::Up | NodeState::Paused => {}
            _ => return Err(Win32Error::ERROR_HOST_NODE_NOT_AVAILABLE),
        }
        for &x in plan {
            if !self.resources[x].possible_owners.contains(&node) {
                return Err(Win32Error::ERROR_NODE_CANT_HOST_RESOURCE);
            }
        }
        Ok(())
    }

    pub(crate) fn run_online(&mut self, plan: &[ResourceId], fx: &mut Vec<Effect>) {
        for &x in plan {
            if self.resources[x].state != ResourceState::Online {
                self.set_state(x, ResourceState::OnlinePending, fx);
                self.set_state(x, ResourceState::Online, fx);
            }
        }
    }

    fn run_offline(&mut self, plan: &[ResourceId], fx: &mut Vec<Effect>) {
        for &x in plan {
            match self.resources[x].state {
                ResourceState::Offline => {}
                ResourceState::Failed | ResourceState::Initializing => {
                    self.set_state(x, ResourceState::Offline, fx)
                }
                _ => {
                    self.set_state(x, ResourceState::OfflinePending, fx);
                    self.set_state(x, ResourceState::Offline, fx);
                }
            }
        }
    }

    /// `OnlineClusterResource`. Already online: success, no event.
    pub fn online_resource(&mut self, r: ResourceId, fx: &mut Vec<Effect>) -> Result<()> {
        self.resource(r)?;
        let mut plan = Vec::new();
        self.online_plan(r, &mut plan);
        let owner = self.groups[self.resources[r].group].owner;
        self.check_can_host(&plan, owner)?;
        if plan.iter().any(|&x| {
            matches!(
                self.resources[x].state,
                ResourceState::OnlinePending | ResourceState::OfflinePending | ResourceState::Pending
            )
        }) {
            return Err(Win32Error::ERROR_INVALID_STATE);
        }
        self.run_online(&plan, fx);
        Ok(())
    }

    /// `OfflineClusterResource`. Already offline: success, no event.
    pub fn offline_resource(&mut self, r: ResourceId, fx: &mut Vec<Effect>) -> Result<()> {
        self.resource(r)?;
        let mut plan = Vec::new();
        self.offline_plan(r, &mut plan);
        self.run_offline(&plan, fx);
        Ok(())
    }

    /// `FailClusterResource`: the resource must be online (`ERROR_RESOURCE_NOT_ONLINE`);
    /// it goes Online → Failed (one event), then its online dependents are taken offline.
    pub fn fail_resource(&mut self, r: ResourceId, fx: &mut Vec<Effect>) -> Result<()> {
        if self.resource(r)?.state != ResourceState::Online {
            return Err(Win32Error::ERROR_RESOURCE_NOT_ONLINE);
        }
        self.set_state(r, ResourceState::Failed, fx);
        let mut plan = Vec::new();
        self.offline_plan(r, &mut plan);
        plan.pop();
        self.run_offline(&plan, fx);
        Ok(())
    }

    /// `OnlineClusterGroup`: moves first when `node` names another node, then brings every
    /// resource online in group order (providers first). An empty group just turns
    /// Online.
    pub fn online_group(&mut self, g: GroupId, node: Option<NodeId>, fx: &mut Vec<Effect>) -> Result<()> {
        self.group(g)?;
        if let Some(n) = node {
            self.node(n)?;
            let all: Vec<ResourceId> = self.groups[g].resources.clone();
            self.check_can_host(&all, n)?;
        }
        let owner = node.unwrap_or(self.groups[g].owner);
        let mut plan = Vec::new();
        for r in self.groups[g].resources.clone() {
            self.online_plan(r, &mut plan);
        }
        self.check_can_host(&plan, owner)?;
        if let Some(n) = node {
            self.move_group(g, Some(n), fx)?;
        }
        self.groups[g].want_online = true;
        self.run_online(&plan, fx);
        self.refresh_group(g, fx);
        Ok(())
    }

    /// `OfflineClusterGroup`: every resource offline, dependents first, last-created
    /// first.
    pub fn offline_group(&mut self, g: GroupId, fx: &mut Vec<Effect>) -> Result<()> {
        self.group(g)?;
        let mut plan = Vec::new();
        for r in self.groups[g].resources.clone().into_iter().rev() {
            self.offline_plan(r, &mut plan);
        }
        self.groups[g].want_online = false;
        self.run_offline(&plan, fx);
        self.refresh_group(g, fx);
        Ok(())
    }

    /// The node `MoveClusterGroup(…, NULL)` picks: the first up preferred owner other than
    /// the current owner, else the next up node after the owner in node order.
    fn pick_move_target(&self, g: GroupId) -> Result<NodeId> {
        let owner = self.groups[g].owner;
        let up = |n: &NodeId| *n != owner && self.nodes[*n].state == NodeState::Up;
        if let Some(&n) = self.groups[g].preferred.iter().find(|n| up(n)) {
            return Ok(n);
        }
        let order = self.nodes.keys();
        let start = order.iter().position(|&n| n == owner).unwrap_or(0);
        (1..=order.len())
            .map(|i| order[(start + i) % order.len()])
            .find(up)
            .ok_or(Win32Error::ERROR_HOST_NODE_NOT_AVAILABLE)
    }

    /// `MoveClusterGroup`. Target paused: `ERROR_CLUSTER_NODE_PAUSED`; down:
    /// `ERROR_HOST_NODE_NOT_AVAILABLE`; not a possible owner of every resource:
    /// `ERROR_NODE_CANT_HOST_RESOURCE`; the current owner: success, no event. The online
    /// resources go offline (dependents first), the owner changes (`GROUP_STATE`), and
    /// they come back online on the target (providers first).
    pub fn move_group(&mut self, g: GroupId, target: Option<NodeId>, fx: &mut Vec<Effect>) -> Result<()> {
        self.group(g)?;
        let target = match target {
            Some(n) => {
                match self.node(n)?.state {
                    NodeState::Up => {}
                    NodeState::Paused => return Err(Win32Error::ERROR_CLUSTER_NODE_PAUSED),
                    _ => return Err(Win32Error::ERROR_HOST_NODE_NOT_AVAILABLE),
                }
                n
            }
            None => self.pick_move_target(g)?,
        };
        if target == self.groups[g].owner {
            return Ok(());
        }
        let members = self.groups[g].resources.clone();
        self.check_can_host(&members, target)?;
        let was_online: Vec<ResourceId> =
            members.iter().copied().filter(|&r| is_online_or_pending(self.resources[r].state)).collect();
        let mut down = Vec::new();
        for &r in was_online.iter().rev() {
            self.offline_plan(r, &mut down);
        }
        self.run_offline(&down, fx);
        self.groups[g].owner = target;
        let name = self.groups[g].name.clone();
        fx.push(Effect::event(ChangeFlags::GROUP_STATE, ObjectKind::Group, &name));
        let mut up = Vec::new();
        for &r in &was_online {
            self.online_plan(r, &mut up);
        }
        self.run_online(&up, fx);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ResourceState as R;

    #[test]
    fn aggregate_rules() {
        assert_eq!(aggregate(&[], false), GroupState::Offline);
        assert_eq!(aggregate(&[], true), GroupState::Online);
        assert_eq!(aggregate(&[R::Online, R::Online], false), GroupState::Online);
        assert_eq!(aggregate(&[R::Online, R::Offline], true), GroupState::PartialOnline);
        assert_eq!(aggregate(&[R::Online, R::OnlinePending], true), GroupState::Pending);
        assert_eq!(aggregate(&[R::Failed, R::Online], true), GroupState::Failed);
        assert_eq!(aggregate(&[R::Offline, R::Offline], true), GroupState::Offline);
    }
}
