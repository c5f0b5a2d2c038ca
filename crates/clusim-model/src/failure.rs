//! What the cluster does when a resource fails: restart in place, fail the group over,
//! retry later; and failback when a preferred owner returns (spec/model.md, "Failure
//! policies").
//!
//! Guarantees:
//! - Every failure — `FailClusterResource`, a scripted IsAlive failure, an online that
//!   fails, a PendingTimeout — goes through [`Cluster::resource_failed`]: `RESOURCE_STATE`
//!   (Failed), its online dependents taken offline, then the policy.
//! - Policy (off under the instant switch): `RestartAction` 0 → stays failed. Otherwise a
//!   failure within `RestartThreshold` restarts of the last `RestartPeriod` restarts the
//!   resource after `RestartDelay` (then the dependents it took down). Past the
//!   threshold, with `RestartAction` 2 and fewer than `FailoverThreshold` failovers in
//!   the last `FailoverPeriod` hours, the group fails over to the best possible node;
//!   when that is not possible the resource stays failed and is tried again in place
//!   after `RetryPeriodOnFailure` (0xFFFFFFFF: never).
//! - Failback: when a node comes up, every group with `AutoFailbackType` 1 whose
//!   preferred list ranks that node above its owner moves there, inside its failback
//!   window (else when the window opens).

use crate::cluster::Cluster;
use crate::event::Effect;
use crate::ids::*;
use crate::lifecycle::{is_online_or_pending, Plan};
use crate::policy::restart_action;
use crate::transitions::{Job, Step};
use clusim_api::*;
use std::time::Duration;

/// The shortest delay a policy schedules (a zero delay would let a resource that always
/// fails loop without time passing).
const MIN_DELAY: Duration = Duration::from_millis(1);

fn ms(v: u32) -> Duration {
    Duration::from_millis(v.into())
}

impl Cluster {
    /// A resource fails (see the module documentation).
    pub(crate) fn resource_failed(&mut self, r: ResourceId, fx: &mut Vec<Effect>) {
        self.abort_run_of(r);
        if self.resources[r].state != ResourceState::Failed {
            self.set_state(r, ResourceState::Failed, fx);
        }
        let mut plan = Plan::default();
        self.offline_plan(r, &mut plan);
        plan.order.pop();
        let restore: Vec<ResourceId> = plan
            .order
            .iter()
            .copied()
            .filter(|&d| !matches!(self.resources[d].state, ResourceState::Offline | ResourceState::Failed))
            .collect();
        let mut steps: Vec<Step> = plan.order.iter().map(|&d| Step::Offline(d)).collect();
        let policy = self.restart_policy(r).unwrap_or_default();
        if !self.agenda.instant && policy.restart_action != restart_action::DONT_RESTART {
            let now = self.now;
            let window = ms(policy.restart_period_ms);
            let history = &mut self.resources[r].life.restarts;
            history.retain(|&t| now.saturating_sub(t) < window);
            if (history.len() as u64) < u64::from(policy.restart_threshold) {
                history.push(now);
                steps.push(Step::Delay(ms(policy.restart_delay_ms).max(MIN_DELAY)));
                steps.extend(self.restart_steps(r, &restore));
            } else {
                history.clear();
                let target = match policy.restart_action {
                    restart_action::RESTART_NOTIFY => self.failover_target(r),
                    _ => None,
                };
                if let Some(target) = target {
                    steps = self.failover_steps(r, &restore, target);
                } else if policy.retry_period_on_failure_ms != u32::MAX {
                    steps.push(Step::Delay(ms(policy.retry_period_on_failure_ms).max(MIN_DELAY)));
                    steps.extend(self.restart_steps(r, &restore));
                }
            }
        }
        self.start_run(steps, fx);
    }

    /// `r` restarted in place (a restart step, so the run ends if it is no longer
    /// failed), then `restore` online, providers first.
    fn restart_steps(&self, r: ResourceId, restore: &[ResourceId]) -> Vec<Step> {
        let mut plan = Plan::default();
        self.online_plan(r, &mut plan);
        for &d in restore {
            self.online_plan(d, &mut plan);
        }
        plan.order.iter().map(|&x| if x == r { Step::Restart(x) } else { Step::Online(x) }).collect()
    }

    /// The best node for `g` other than its owner: Up and a possible owner of every
    /// member; the first such preferred owner, else the next such node in node order.
    pub(crate) fn best_other_node(&self, g: GroupId) -> Option<NodeId> {
        let group = &self.groups[g];
        let owner = group.owner;
        let fits = |n: &NodeId| {
            *n != owner
                && self.nodes[*n].state == NodeState::Up
                && group.resources.iter().all(|&r| self.resources[r].possible_owners.contains(n))
        };
        if let Some(&n) = group.preferred.iter().find(|n| fits(n)) {
            return Some(n);
        }
        let order = self.nodes.keys();
        let start = order.iter().position(|&n| n == owner).unwrap_or(0);
        (1..=order.len()).map(|i| order[(start + i) % order.len()]).find(fits)
    }

    /// Where the group of `r` fails over to, if its FailoverThreshold allows another
    /// failover and a node qualifies (the failover is then counted).
    fn failover_target(&mut self, r: ResourceId) -> Option<NodeId> {
        let g = self.resources[r].group;
        let policy = self.failover_policy(g).unwrap_or_default();
        let threshold = match policy.failover_threshold {
            u32::MAX => self.nodes.len().saturating_sub(1) as u64,
            t => u64::from(t),
        };
        let now = self.now;
        let window = Duration::from_secs(u64::from(policy.failover_period_hours) * 3600);
        let history = &mut self.groups[g].life.failovers;
        history.retain(|&t| now.saturating_sub(t) < window);
        if history.len() as u64 >= threshold {
            return None;
        }
        let target = self.best_other_node(g)?;
        self.groups[g].life.failovers.push(now);
        Some(target)
    }

    /// The failover of the group of the failed `r` to `target`: everything not offline
    /// goes offline, the owner changes, and what was up (with `r` and `restore`) comes
    /// online there.
    fn failover_steps(&self, r: ResourceId, restore: &[ResourceId], target: NodeId) -> Vec<Step> {
        let g = self.resources[r].group;
        let mut bring_back: Vec<ResourceId> = self.groups[g]
            .resources
            .iter()
            .copied()
            .filter(|&x| is_online_or_pending(self.resources[x].state))
            .collect();
        bring_back.push(r);
        bring_back.extend_from_slice(restore);
        let mut steps = self.relocation_steps(g, target);
        let mut up = Plan::default();
        for &x in &bring_back {
            self.online_plan(x, &mut up);
        }
        steps.extend(up.order.iter().map(|&x| Step::Online(x)));
        steps
    }

    /// The steps that move `g` to `target`: the members that are online or pending go
    /// offline (dependents first, last created first), then the owner changes.
    pub(crate) fn relocation_steps(&self, g: GroupId, target: NodeId) -> Vec<Step> {
        let mut down = Plan::default();
        for &x in self.groups[g].resources.iter().rev() {
            if is_online_or_pending(self.resources[x].state) {
                self.offline_plan(x, &mut down);
            }
        }
        let mut steps: Vec<Step> = down.order.iter().map(|&x| Step::Offline(x)).collect();
        steps.push(Step::Owner(g, target));
        steps
    }

    /// Failback after `node` came up: see the module documentation.
    pub(crate) fn failback_to(&mut self, node: NodeId, fx: &mut Vec<Effect>) {
        if self.agenda.instant {
            return;
        }
        let groups: Vec<GroupId> =
            self.groups.iter().filter(|(_, g)| g.preferred.contains(&node)).map(|(k, _)| k).collect();
        for g in groups {
            self.try_failback(g, fx);
        }
    }

    /// Moves `g` to its highest-ranked Up preferred owner above its current owner, if
    /// failback is allowed now (else schedules the attempt for its window).
    pub(crate) fn try_failback(&mut self, g: GroupId, fx: &mut Vec<Effect>) {
        let Ok(policy) = self.failover_policy(g) else { return };
        if policy.auto_failback_type != 1 {
            return;
        }
        let group = &self.groups[g];
        let rank = |n: NodeId| group.preferred.iter().position(|&p| p == n).unwrap_or(usize::MAX);
        let owner_rank = rank(group.owner);
        let target = group.preferred.iter().copied().take(owner_rank).find(|&n| {
            self.nodes[n].state == NodeState::Up
                && group.resources.iter().all(|&r| self.resources[r].possible_owners.contains(&n))
        });
        let Some(target) = target else { return };
        let busy = group.resources.iter().any(|&r| {
            matches!(
                self.resources[r].state,
                ResourceState::OnlinePending | ResourceState::OfflinePending | ResourceState::Pending
            )
        });
        if busy {
            return;
        }
        if let Some(wait) = policy.failback_wait(self.now) {
            self.schedule(wait, Job::Failback(g));
            return;
        }
        let was_online: Vec<ResourceId> = group
            .resources
            .iter()
            .copied()
            .filter(|&r| self.resources[r].state == ResourceState::Online)
            .collect();
        let mut steps = self.relocation_steps(g, target);
        let mut up = Plan::default();
        for &x in &was_online {
            self.online_plan(x, &mut up);
        }
        steps.extend(up.order.iter().map(|&x| Step::Online(x)));
        self.start_run(steps, fx);
    }

    /// Scripts an IsAlive failure of `r` at simulated time `at` (a resource that is not
    /// online then is left alone).
    pub fn script_is_alive_failure(&mut self, r: ResourceId, at: Duration) -> Result<()> {
        self.resource(r)?;
        self.schedule_at(at, Job::IsAlive(r));
        Ok(())
    }
}
