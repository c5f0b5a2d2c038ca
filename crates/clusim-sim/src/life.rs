//! Transitions on simulated time and scripted resource behaviour: the builder's
//! settings, the runtime instant switch, and the script controls on [`Faults`]
//! (spec/model.md MODEL-ASYNC, MODEL-DURATIONS, MODEL-SCRIPT).

use crate::faults::Faults;
use crate::sim::Sim;
use clusim_api::Result;
use clusim_clock::Clock;
use clusim_model::policy::{Durations, FailoverPolicy, OnlineScript, RestartPolicy};
use clusim_model::scripting::Target;
use std::time::Duration;

/// How much shorter the default durations are on a real clock (MODEL-DURATIONS: a test on
/// wall time waits milliseconds, not seconds).
pub const REAL_CLOCK_DURATION_DIVISOR: u32 = 100;

/// What a setting applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LifeTarget {
    Type(String),
    Resource(String),
}

impl LifeTarget {
    fn as_target(&self) -> Target<'_> {
        match self {
            LifeTarget::Type(t) => Target::Type(t),
            LifeTarget::Resource(r) => Target::Resource(r),
        }
    }
}

/// The builder's lifecycle settings, applied to every cluster when it is created.
#[derive(Debug, Clone, Default)]
pub(crate) struct LifeConfig {
    pub(crate) instant: Option<bool>,
    pub(crate) durations: Vec<(LifeTarget, Durations)>,
}

impl LifeConfig {
    /// Applies the settings to a new cluster's model (a setting naming an object the
    /// topology lacks is ignored).
    pub(crate) fn apply(&self, model: &mut clusim_model::Cluster, clock: &Clock, instant: Option<bool>) {
        if !clock.is_manual() {
            model.set_default_duration_divisor(REAL_CLOCK_DURATION_DIVISOR);
        }
        for (target, d) in &self.durations {
            let _ = model.set_durations(target.as_target(), *d);
        }
        if let Some(yes) = instant.or(self.instant) {
            model.set_instant_transitions(yes);
        }
    }
}

impl Sim {
    /// The instant switch at run time, for every cluster (existing and future): what
    /// [`crate::SimBuilder::instant_transitions`] sets at build time. For a simulator
    /// shared by code that cannot reach the builder (libclusapi's).
    pub fn set_instant_transitions(&self, yes: bool) {
        *self.inner.instant.lock() = Some(yes);
        let cells: Vec<_> = self.inner.clusters.lock().values().cloned().collect();
        for cell in cells {
            let _ = cell.mutate(self.clock(), |m, _| {
                m.set_instant_transitions(yes);
                Ok(())
            });
        }
    }
}

impl Faults<'_> {
    fn target_mut(
        &self,
        target: Target<'_>,
        f: impl FnOnce(&mut clusim_model::Cluster, Target<'_>) -> Result<()>,
    ) -> Result<()> {
        self.mutate(|m, _| f(m, target))
    }

    /// What the resource does on every online from now on (MODEL-SCRIPT): come online,
    /// fail at the end of its online duration, or hang in OnlinePending until its
    /// PendingTimeout fails it.
    pub fn online_behaviour(&self, resource: &str, b: OnlineScript) -> Result<()> {
        self.target_mut(Target::Resource(resource), |m, t| m.set_online_script(t, b))
    }

    /// [`Faults::online_behaviour`] for every resource of a type without its own setting.
    pub fn type_online_behaviour(&self, type_name: &str, b: OnlineScript) -> Result<()> {
        self.target_mut(Target::Type(type_name), |m, t| m.set_online_script(t, b))
    }

    /// The resource fails to come online (OnlinePending → Failed) on every attempt.
    pub fn fail_online(&self, resource: &str) -> Result<()> {
        self.online_behaviour(resource, OnlineScript::Fail)
    }

    /// The resource hangs in OnlinePending on every attempt.
    pub fn hang_online(&self, resource: &str) -> Result<()> {
        self.online_behaviour(resource, OnlineScript::Hang)
    }

    /// An IsAlive failure of the resource at simulated time `at` (clock time, as
    /// `Clock::now` reads it): if it is online then, it fails and its restart policy
    /// runs.
    pub fn is_alive_failure_at(&self, resource: &str, at: Duration) -> Result<()> {
        self.target_mut(Target::Resource(resource), |m, t| m.schedule_is_alive_failure(t, at))
    }

    /// [`Faults::is_alive_failure_at`] for every resource of a type.
    pub fn type_is_alive_failure_at(&self, type_name: &str, at: Duration) -> Result<()> {
        self.target_mut(Target::Type(type_name), |m, t| m.schedule_is_alive_failure(t, at))
    }

    /// Online and offline durations of one resource.
    pub fn resource_durations(&self, resource: &str, d: Durations) -> Result<()> {
        self.target_mut(Target::Resource(resource), |m, t| m.set_durations(t, d))
    }

    /// Online and offline durations of every resource of a type.
    pub fn type_durations(&self, type_name: &str, d: Durations) -> Result<()> {
        self.target_mut(Target::Type(type_name), |m, t| m.set_durations(t, d))
    }

    fn read<T>(&self, f: impl FnOnce(&clusim_model::Cluster) -> Result<T>) -> Result<T> {
        let cell = self.sim.cluster_named(self.cluster)?;
        let st = cell.lock(self.sim.clock());
        f(&st.model)
    }

    /// A resource's restart policy (RestartAction, RestartThreshold, …).
    pub fn restart_policy(&self, resource: &str) -> Result<RestartPolicy> {
        self.read(|m| m.restart_policy(m.resource_by_name(resource)?))
    }

    /// Replaces a resource's restart policy.
    pub fn set_restart_policy(&self, resource: &str, p: RestartPolicy) -> Result<()> {
        self.mutate(|m, _| m.set_restart_policy(m.resource_by_name(resource)?, p))
    }

    /// A group's failover policy (FailoverThreshold, AutoFailbackType, …).
    pub fn failover_policy(&self, group: &str) -> Result<FailoverPolicy> {
        self.read(|m| m.failover_policy(m.group_by_name(group)?))
    }

    /// Replaces a group's failover policy.
    pub fn set_failover_policy(&self, group: &str, p: FailoverPolicy) -> Result<()> {
        self.mutate(|m, _| m.set_failover_policy(m.group_by_name(group)?, p))
    }
}
