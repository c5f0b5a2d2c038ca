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
use crate::objects::Resource;
use crate::transitions::Step;
use clusim_api::*;
use std::collections::HashSet;

/// The aggregate state of a group from its members' states, in the order of precedence
/// of [MS-CMRP] 3.1.4.2.46 ApiGetGroupState: any failed → Failed; else any pending →
/// Pending; else some but not all online → PartialOnline; all online → Online; otherwise
/// (all offline, or no resources at all — SDK CLUSTER_GROUP_STATE) → Offline.
pub fn aggregate(states: &[ResourceState]) -> GroupState {
    let mut tally = Tally::default();
    for &s in states {
        tally.add(s, 1);
    }
    tally.aggregate(states.len())
}

/// How many resources of a group are in each class of state [`aggregate`] looks at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pending: u32,
    failed: u32,
    online: u32,
    offline: u32,
}

impl Tally {
    /// Counts `n` more (or fewer, when negative) resources in state `s`.
    pub fn add(&mut self, s: ResourceState, n: i32) {
        use ResourceState as R;
        let slot = match s {
            R::Pending | R::OnlinePending | R::OfflinePending => &mut self.pending,
            R::Failed => &mut self.failed,
            R::Online => &mut self.online,
            R::Offline | R::Initializing | R::Unknown | R::Inherited => &mut self.offline,
        };
        *slot = slot.wrapping_add_signed(n);
    }

    /// [`aggregate`] of the `members` resources counted here.
    pub fn aggregate(&self, members: usize) -> GroupState {
        if self.failed > 0 {
            GroupState::Failed
        } else if self.pending > 0 {
            GroupState::Pending
        } else if members > 0 && self.online as usize == members {
            GroupState::Online
        } else if self.online > 0 {
            GroupState::PartialOnline
        } else {
            GroupState::Offline
        }
    }
}

pub(crate) fn is_pending(s: ResourceState) -> bool {
    matches!(s, ResourceState::OnlinePending | ResourceState::OfflinePending | ResourceState::Pending)
}

/// Online or in any pending state: what a move takes offline and brings back.
pub(crate) fn is_online_or_pending(s: ResourceState) -> bool {
    matches!(
        s,
        ResourceState::Online
            | ResourceState::OnlinePending
            | ResourceState::OfflinePending
            | ResourceState::Pending
    )
}

/// A transition plan: resources in the order they change, each once.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// The order.
    pub(crate) order: Vec<ResourceId>,
    /// What `order` holds (membership only, never iterated).
    seen: HashSet<ResourceId>,
}

impl Cluster {
    /// Re-computes a group's aggregate state (O(1), from its tally); emits `GROUP_STATE`
    /// if it changed.
    pub(crate) fn refresh_group(&mut self, g: GroupId, fx: &mut Vec<Effect>) {
        let group = &self.groups[g];
        let new = group.tally.aggregate(group.resources.len());
        debug_assert_eq!(new, {
            let states: Vec<ResourceState> =
                group.resources.iter().map(|&r| self.resources[r].state).collect();
            aggregate(&states)
        });
        if new != self.groups[g].state {
            self.groups[g].state = new;
            self.emit_group_state(g, fx);
        }
    }

    /// Changes a resource's state and its group's tally (no event).
    pub(crate) fn set_resource_state(&mut self, r: ResourceId, s: ResourceState) {
        let (old, g) = (self.resources[r].state, self.resources[r].group);
        self.resources[r].state = s;
        self.groups[g].tally.add(old, -1);
        self.groups[g].tally.add(s, 1);
    }

    /// Changes a resource's state and announces it: `RESOURCE_STATE` (and `QUORUM_STATE`
    /// for the quorum resource), then `GROUP_STATE` if the aggregate changed.
    pub(crate) fn set_state(&mut self, r: ResourceId, s: ResourceState, fx: &mut Vec<Effect>) {
        self.set_resource_state(r, s);
        self.emit_resource_state(r, fx);
        let g = self.resources[r].group;
        self.refresh_group(g, fx);
    }

    /// Providers first (depth first, dependency order), `r` last, no repeats.
    pub(crate) fn online_plan(&self, r: ResourceId, out: &mut Plan) {
        self.plan_walk(r, out, |x| &x.deps);
    }

    /// Dependents first (depth first, creation order), `r` last, no repeats.
    pub(crate) fn offline_plan(&self, r: ResourceId, out: &mut Plan) {
        self.plan_walk(r, out, |x| &x.dependents);
    }

    /// Depth-first post-order from `r` over `next`, skipping what `out` already holds.
    /// Iterative: a dependency chain of any length costs no stack; each resource it
    /// reaches is visited once (dependencies are acyclic, `add_dependency`).
    fn plan_walk(&self, r: ResourceId, out: &mut Plan, next: impl Fn(&Resource) -> &[ResourceId]) {
        if !out.seen.insert(r) {
            return;
        }
        let mut stack = vec![(r, 0usize)];
        while let Some(top) = stack.last_mut() {
            let (x, i) = *top;
            match next(&self.resources[x]).get(i) {
                Some(&child) => {
                    top.1 += 1;
                    if out.seen.insert(child) {
                        stack.push((child, 0));
                    }
                }
                None => {
                    stack.pop();
                    out.order.push(x);
                }
            }
        }
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

    /// Refuses a plan with a pending resource (`ERROR_INVALID_STATE`, a decision: the
    /// transition in progress has to finish first).
    fn check_not_pending(&self, plan: &[ResourceId]) -> Result<()> {
        if plan.iter().any(|&x| is_pending(self.resources[x].state)) {
            return Err(Win32Error::ERROR_INVALID_STATE);
        }
        Ok(())
    }

    /// `OnlineClusterResource`. Already online: success, no event. Returns
    /// `ERROR_IO_PENDING` while the transition goes on on simulated time.
    pub fn online_resource(&mut self, r: ResourceId, fx: &mut Vec<Effect>) -> Result<()> {
        self.resource(r)?;
        let mut plan = Plan::default();
        self.online_plan(r, &mut plan);
        let owner = self.groups[self.resources[r].group].owner;
        self.check_can_host(&plan.order, owner)?;
        self.check_not_pending(&plan.order)?;
        self.start_run(plan.order.iter().map(|&x| Step::Online(x)).collect(), fx);
        self.settled(&plan.order)
    }

    /// `OfflineClusterResource`. Already offline: success, no event. Returns
    /// `ERROR_IO_PENDING` while the transition goes on.
    pub fn offline_resource(&mut self, r: ResourceId, fx: &mut Vec<Effect>) -> Result<()> {
        self.resource(r)?;
        let mut plan = Plan::default();
        self.offline_plan(r, &mut plan);
        self.start_run(plan.order.iter().map(|&x| Step::Offline(x)).collect(), fx);
        self.settled(&plan.order)
    }

    /// `FailClusterResource`: the resource must be online (`ERROR_RESOURCE_NOT_ONLINE`);
    /// it goes Online → Failed (one event), its online dependents are taken offline, and
    /// the restart policy runs (crate::failure).
    pub fn fail_resource(&mut self, r: ResourceId, fx: &mut Vec<Effect>) -> Result<()> {
        if self.resource(r)?.state != ResourceState::Online {
            return Err(Win32Error::ERROR_RESOURCE_NOT_ONLINE);
        }
        self.resource_failed(r, fx);
        Ok(())
    }

    /// `OnlineClusterGroup`: moves first when `node` names another node, then brings every
    /// resource online in group order (providers first). An empty group stays Offline
    /// (SDK CLUSTER_GROUP_STATE: a group with no resources is Offline); only its
    /// persistent state changes. `ERROR_IO_PENDING` while transitions go on.
    pub fn online_group(&mut self, g: GroupId, node: Option<NodeId>, fx: &mut Vec<Effect>) -> Result<()> {
        self.group(g)?;
        let all: Vec<ResourceId> = self.groups[g].resources.clone();
        if let Some(n) = node {
            self.node(n)?;
            self.check_can_host(&all, n)?;
        }
        let owner = node.unwrap_or(self.groups[g].owner);
        let mut plan = Plan::default();
        for &r in &all {
            self.online_plan(r, &mut plan);
        }
        self.check_can_host(&plan.order, owner)?;
        let mut steps = Vec::new();
        if let Some(n) = node {
            steps = self.move_steps(g, Some(n))?;
        }
        self.check_not_pending(&all)?;
        self.groups[g].want_online = true;
        steps.extend(plan.order.iter().map(|&x| Step::Online(x)));
        self.start_run(steps, fx);
        self.refresh_group(g, fx);
        self.settled(&all)
    }

    /// `OfflineClusterGroup`: every resource offline, dependents first, last-created
    /// first. `ERROR_IO_PENDING` while transitions go on.
    pub fn offline_group(&mut self, g: GroupId, fx: &mut Vec<Effect>) -> Result<()> {
        self.group(g)?;
        let mut plan = Plan::default();
        for r in self.groups[g].resources.clone().into_iter().rev() {
            self.offline_plan(r, &mut plan);
        }
        self.groups[g].want_online = false;
        self.start_run(plan.order.iter().map(|&x| Step::Offline(x)).collect(), fx);
        self.refresh_group(g, fx);
        self.settled(&plan.order)
    }

    /// The node `MoveClusterGroup(…, NULL)` picks among the nodes that are Up and a possible
    /// owner of every resource in the group (ClusResGroup.Move: "the set of nodes listed
    /// as possible owners by all resources in the group"): the first such preferred owner
    /// other than the current owner, else the next such node after the owner in node
    /// order. None: `ERROR_HOST_NODE_NOT_AVAILABLE` (the SDK page: "If there are no
    /// available nodes that can accept the group, the function fails"; code a decision).
    fn pick_move_target(&self, g: GroupId) -> Result<NodeId> {
        self.best_other_node(g).ok_or(Win32Error::ERROR_HOST_NODE_NOT_AVAILABLE)
    }

    /// `MoveClusterGroup`. Target paused: `ERROR_CLUSTER_NODE_PAUSED`; down:
    /// `ERROR_HOST_NODE_NOT_AVAILABLE`; not a possible owner of every resource:
    /// `ERROR_NODE_CANT_HOST_RESOURCE`; a member pending: `ERROR_INVALID_STATE`; the
    /// current owner: success, no event. The online resources go offline (dependents
    /// first), the owner changes (`GROUP_STATE`), and they come back online on the
    /// target (providers first). `ERROR_IO_PENDING` while transitions go on.
    pub fn move_group(&mut self, g: GroupId, target: Option<NodeId>, fx: &mut Vec<Effect>) -> Result<()> {
        self.group(g)?;
        let steps = self.move_steps(g, target)?;
        self.start_run(steps, fx);
        let members = self.groups[g].resources.clone();
        self.settled(&members)
    }

    /// The validated steps of a move (none when the target is the owner).
    fn move_steps(&self, g: GroupId, target: Option<NodeId>) -> Result<Vec<Step>> {
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
            return Ok(Vec::new());
        }
        let members = &self.groups[g].resources;
        self.check_can_host(members, target)?;
        self.check_not_pending(members)?;
        let was_online: Vec<ResourceId> =
            members.iter().copied().filter(|&r| is_online_or_pending(self.resources[r].state)).collect();
        let mut steps = self.relocation_steps(g, target);
        let mut up = Plan::default();
        for &r in &was_online {
            self.online_plan(r, &mut up);
        }
        steps.extend(up.order.iter().map(|&x| Step::Online(x)));
        Ok(steps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ResourceState as R;

    #[test]
    fn aggregate_follows_api_get_group_state_precedence() {
        // [MS-CMRP] 3.1.4.2.46 ApiGetGroupState; SDK CLUSTER_GROUP_STATE.
        assert_eq!(aggregate(&[]), GroupState::Offline);
        assert_eq!(aggregate(&[R::Online, R::Online]), GroupState::Online);
        assert_eq!(aggregate(&[R::Online, R::Offline]), GroupState::PartialOnline);
        assert_eq!(aggregate(&[R::Online, R::OnlinePending]), GroupState::Pending);
        assert_eq!(aggregate(&[R::Offline, R::OfflinePending]), GroupState::Pending);
        assert_eq!(aggregate(&[R::Failed, R::Online]), GroupState::Failed);
        assert_eq!(aggregate(&[R::Failed, R::OfflinePending]), GroupState::Failed);
        assert_eq!(aggregate(&[R::Offline, R::Offline]), GroupState::Offline);
        assert_eq!(aggregate(&[R::Offline, R::Initializing]), GroupState::Offline);
    }
}
