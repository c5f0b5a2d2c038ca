//! Transitions on simulated time: runs of steps and the agenda of what is due.
//!
//! A call (online, offline, move) becomes a *run*: an ordered list of steps, the same
//! order the instant model uses (spec/model.md). A step that takes time puts its
//! resource in the pending state and parks the run until its duration has passed; the
//! simulator fires [`Cluster::run_due`] when the clock reaches [`Cluster::next_due`].
//! With zero durations (the instant switch) every run completes inside its call, event
//! for event as before.
//!
//! Guarantees:
//! - Steps of one run happen in order; a resource already in the target state is
//!   skipped; an online step on a resource another run has pending is skipped.
//! - A run waiting on a resource for longer than its `PendingTimeout` is abandoned and
//!   the resource fails ([`Cluster::resource_failed`]).
//! - Jobs due at the same time run in the order they were scheduled.

use crate::cluster::Cluster;
use crate::event::Effect;
use crate::ids::*;
use crate::lifecycle::is_pending;
use crate::policy::{Durations, OnlineScript};
use clusim_api::*;
use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

/// One step of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// Bring the resource online.
    Online(ResourceId),
    /// Take the resource offline.
    Offline(ResourceId),
    /// The group's owner changes (one `GROUP_STATE`).
    Owner(GroupId, NodeId),
    /// Wait this long (a restart delay, a retry period).
    Delay(Duration),
    /// Restart a failed resource; the run ends when it is no longer failed (someone
    /// took it offline or online meanwhile) or its owner is down.
    Restart(ResourceId),
}

/// Something scheduled at a simulated time.
#[derive(Debug, Clone)]
pub(crate) enum Job {
    /// The pending step of `run` (parked with `token`) completes.
    Finish { run: u64, token: u64 },
    /// The pending step of `run` (parked with `token`) has hit PendingTimeout.
    PendingTimeout { run: u64, token: u64 },
    /// The delay `run` waits in (parked with `token`) has passed.
    Resume { run: u64, token: u64 },
    /// The scripted IsAlive failure of a resource.
    IsAlive(ResourceId),
    /// Try a group's failback again (its window opened).
    Failback(GroupId),
}

#[derive(Debug, Clone)]
struct Run {
    steps: VecDeque<Step>,
    /// What the run waits for, with its token.
    waiting: Option<(Wait, u64)>,
}

/// What a parked run waits for.
#[derive(Debug, Clone, Copy)]
enum Wait {
    /// A resource's pending step, finishing in this state.
    On(ResourceId, ResourceState),
    /// A delay.
    Delay,
}

/// The agenda of one cluster: runs in progress and jobs by due time.
#[derive(Debug, Clone, Default)]
pub struct Agenda {
    /// Transitions complete inside their call and failure policies do not run (the
    /// instant switch).
    pub(crate) instant: bool,
    /// The default durations are divided by this (0 and 1: as documented).
    pub(crate) divisor: u32,
    next: u64,
    runs: BTreeMap<u64, Run>,
    jobs: BTreeMap<(Duration, u64), Job>,
}

impl Agenda {
    fn id(&mut self) -> u64 {
        self.next += 1;
        self.next
    }
}

impl Cluster {
    /// The instant switch: `true` makes every transition complete inside its call and
    /// turns the failure policies off (a failed resource stays failed), as before
    /// transitions took time.
    pub fn set_instant_transitions(&mut self, instant: bool) {
        self.agenda.instant = instant;
    }

    /// Whether the instant switch is on.
    pub fn instant_transitions(&self) -> bool {
        self.agenda.instant
    }

    /// The earliest simulated time something is due.
    pub fn next_due(&self) -> Option<Duration> {
        self.agenda.jobs.keys().next().map(|k| k.0)
    }

    /// Runs every job due at or before the cluster's time (`set_now`), in time order.
    pub fn run_due(&mut self, fx: &mut Vec<Effect>) {
        loop {
            let Some((&key, _)) = self.agenda.jobs.iter().next().filter(|(k, _)| k.0 <= self.now) else {
                return;
            };
            let job = self.agenda.jobs.remove(&key).expect("just seen");
            self.run_job(job, fx);
        }
    }

    /// Schedules `job` `after` from now.
    pub(crate) fn schedule(&mut self, after: Duration, job: Job) {
        let id = self.agenda.id();
        self.agenda.jobs.insert((self.now.saturating_add(after), id), job);
    }

    /// Schedules `job` at simulated time `at`.
    pub(crate) fn schedule_at(&mut self, at: Duration, job: Job) {
        let id = self.agenda.id();
        self.agenda.jobs.insert((at, id), job);
    }

    fn run_job(&mut self, job: Job, fx: &mut Vec<Effect>) {
        match job {
            Job::Finish { run, token } => {
                if let Some((r, to)) = self.unpark(run, token) {
                    if to == ResourceState::Online && self.script_of(r) == OnlineScript::Fail {
                        self.agenda.runs.remove(&run);
                        self.resource_failed(r, fx);
                        return;
                    }
                    self.set_state(r, to, fx);
                    self.drive(run, fx);
                }
            }
            Job::PendingTimeout { run, token } => {
                if let Some((r, _)) = self.unpark(run, token) {
                    self.agenda.runs.remove(&run);
                    self.resource_failed(r, fx);
                }
            }
            Job::Resume { run, token } => {
                let w = self.agenda.runs.get_mut(&run);
                if let Some(w) = w.filter(|w| matches!(w.waiting, Some((Wait::Delay, t)) if t == token)) {
                    w.waiting = None;
                    self.drive(run, fx);
                }
            }
            Job::IsAlive(r) => {
                if self.resources.get(r).is_some_and(|x| x.state == ResourceState::Online) {
                    self.resource_failed(r, fx);
                }
            }
            Job::Failback(g) => self.try_failback(g, fx),
        }
    }

    /// Takes the parked resource off `run` when `token` still matches.
    fn unpark(&mut self, run: u64, token: u64) -> Option<(ResourceId, ResourceState)> {
        let w = self.agenda.runs.get_mut(&run)?;
        match w.waiting {
            Some((Wait::On(r, to), t)) if t == token => {
                w.waiting = None;
                let x = self.resources.get_mut(r)?;
                x.life.run = None;
                Some((r, to))
            }
            _ => None,
        }
    }

    /// Abandons the run `r` waits in (its remaining steps are dropped).
    pub(crate) fn abort_run_of(&mut self, r: ResourceId) {
        if let Some(run) = self.resources.get_mut(r).and_then(|x| x.life.run.take()) {
            self.agenda.runs.remove(&run);
        }
    }

    /// The durations of a resource: its own, else its type's.
    pub(crate) fn durations_of(&self, r: ResourceId) -> Durations {
        if self.agenda.instant {
            return Durations::INSTANT;
        }
        let x = &self.resources[r];
        x.life
            .durations
            .unwrap_or_else(|| self.restypes.get(x.rtype).map_or(Durations::INSTANT, |t| t.life.durations))
    }

    /// The online behaviour of a resource: its own, else its type's.
    pub(crate) fn script_of(&self, r: ResourceId) -> OnlineScript {
        let x = &self.resources[r];
        x.life
            .script
            .unwrap_or_else(|| self.restypes.get(x.rtype).map_or(OnlineScript::Normal, |t| t.life.script))
    }

    /// Starts a run of `steps` and drives it as far as it goes without time passing.
    pub(crate) fn start_run(&mut self, steps: Vec<Step>, fx: &mut Vec<Effect>) {
        if steps.is_empty() {
            return;
        }
        let id = self.agenda.id();
        self.agenda.runs.insert(id, Run { steps: steps.into(), waiting: None });
        self.drive(id, fx);
    }

    /// `Ok` when none of `touched` is pending any more, else `ERROR_IO_PENDING` (the
    /// call's transitions go on on simulated time).
    pub(crate) fn settled(&self, touched: &[ResourceId]) -> Result<()> {
        if touched.iter().any(|&r| self.resources.get(r).is_some_and(|x| is_pending(x.state))) {
            Err(Win32Error::ERROR_IO_PENDING)
        } else {
            Ok(())
        }
    }

    fn drive(&mut self, id: u64, fx: &mut Vec<Effect>) {
        loop {
            let Some(run) = self.agenda.runs.get_mut(&id) else { return };
            let Some(step) = run.steps.pop_front() else {
                self.agenda.runs.remove(&id);
                return;
            };
            let parked = match step {
                Step::Online(r) => self.step_online(id, r, fx),
                Step::Offline(r) => self.step_offline(id, r, fx),
                Step::Owner(g, n) => {
                    if self.groups.get(g).is_some() && self.nodes.get(n).is_some() {
                        let old_owner = std::mem::replace(&mut self.groups[g].owner, n);
                        self.emit_group_owner(g, old_owner, fx);
                        self.refresh_group(g, fx);
                    }
                    false
                }
                Step::Delay(d) => {
                    let token = self.agenda.id();
                    if let Some(run) = self.agenda.runs.get_mut(&id) {
                        run.waiting = Some((Wait::Delay, token));
                    }
                    self.schedule(d, Job::Resume { run: id, token });
                    true
                }
                Step::Restart(r) => {
                    if !self.may_restart(r) {
                        self.agenda.runs.remove(&id);
                        return;
                    }
                    self.step_online(id, r, fx)
                }
            };
            if parked {
                return;
            }
        }
    }

    /// Returns whether the run parked.
    fn step_online(&mut self, id: u64, r: ResourceId, fx: &mut Vec<Effect>) -> bool {
        let Some(x) = self.resources.get(r) else { return false };
        if x.state == ResourceState::Online || is_pending(x.state) {
            return false;
        }
        self.set_state(r, ResourceState::OnlinePending, fx);
        let script = self.script_of(r);
        let d = self.durations_of(r).online;
        match script {
            OnlineScript::Hang => self.park(id, r, ResourceState::Online, None),
            _ if d.is_zero() => {
                if script == OnlineScript::Fail {
                    self.agenda.runs.remove(&id);
                    self.resource_failed(r, fx);
                    return true;
                }
                self.set_state(r, ResourceState::Online, fx);
                false
            }
            _ => self.park(id, r, ResourceState::Online, Some(d)),
        }
    }

    fn step_offline(&mut self, id: u64, r: ResourceId, fx: &mut Vec<Effect>) -> bool {
        let Some(x) = self.resources.get(r) else { return false };
        match x.state {
            ResourceState::Offline | ResourceState::OfflinePending => false,
            ResourceState::Failed | ResourceState::Initializing => {
                self.set_state(r, ResourceState::Offline, fx);
                false
            }
            _ => {
                self.abort_run_of(r);
                self.set_state(r, ResourceState::OfflinePending, fx);
                let d = self.durations_of(r).offline;
                if d.is_zero() {
                    self.set_state(r, ResourceState::Offline, fx);
                    false
                } else {
                    self.park(id, r, ResourceState::Offline, Some(d))
                }
            }
        }
    }

    /// Parks run `id` on `r` until `after` (never, for a hang) or its PendingTimeout.
    fn park(&mut self, id: u64, r: ResourceId, to: ResourceState, after: Option<Duration>) -> bool {
        let token = self.agenda.id();
        if let Some(run) = self.agenda.runs.get_mut(&id) {
            run.waiting = Some((Wait::On(r, to), token));
        }
        self.resources[r].life.run = Some(id);
        let timeout =
            Duration::from_millis(self.restart_policy(r).unwrap_or_default().pending_timeout_ms.into());
        match after {
            Some(d) if d < timeout => self.schedule(d, Job::Finish { run: id, token }),
            _ => self.schedule(timeout, Job::PendingTimeout { run: id, token }),
        }
        true
    }

    /// Whether a restart step may bring `r` online: it is still failed and its group's
    /// owner can host it.
    fn may_restart(&self, r: ResourceId) -> bool {
        self.resources.get(r).is_some_and(|x| {
            x.state == ResourceState::Failed
                && matches!(self.nodes[self.groups[x.group].owner].state, NodeState::Up | NodeState::Paused)
        })
    }
}
