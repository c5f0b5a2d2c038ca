//! Setting durations, scripted behaviour and policies: from a topology file, the
//! simulator's builder and its fault/script controls (spec/model.md, MODEL-DURATIONS,
//! MODEL-SCRIPT).

use crate::cluster::Cluster;
use crate::ids::*;
use crate::objects::ObjRef;
use crate::policy::{Durations, FailoverPolicy, OnlineScript, ResourceLife, RestartPolicy, TypeLife};
use crate::topology::{LifeSpec, Topology};
use clusim_api::*;
use std::time::Duration;

/// Where a duration or behaviour setting applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// Every resource of the named type (without its own setting).
    Type(&'a str),
    /// The named resource.
    Resource(&'a str),
}

impl Cluster {
    /// Applies a topology's `[transitions]` and its per-type / per-resource durations
    /// and behaviours (called once the topology's objects exist).
    pub(crate) fn apply_topology_life(&mut self, topo: &Topology) -> std::result::Result<(), String> {
        for t in &topo.resource_types {
            if let Some(l) = &t.transitions {
                self.apply_life_spec(Target::Type(&t.name), l)
                    .map_err(|e| format!("resource type {:?}: {e}", t.name))?;
            }
        }
        for r in topo.groups.iter().flat_map(|g| g.resources.iter()) {
            if let Some(l) = &r.transitions {
                self.apply_life_spec(Target::Resource(&r.name), l)
                    .map_err(|e| format!("resource {:?}: {e}", r.name))?;
            }
        }
        self.set_instant_transitions(topo.transitions.as_ref().is_some_and(|t| t.instant));
        Ok(())
    }

    fn apply_life_spec(&mut self, target: Target<'_>, l: &LifeSpec) -> std::result::Result<(), String> {
        if l.online_ms.is_some() || l.offline_ms.is_some() {
            let mut d = self.configured_durations(target).map_err(|e| e.to_string())?;
            if let Some(ms) = l.online_ms {
                d.online = Duration::from_millis(ms);
            }
            if let Some(ms) = l.offline_ms {
                d.offline = Duration::from_millis(ms);
            }
            self.set_durations(target, d).map_err(|e| e.to_string())?;
        }
        if let Some(b) = &l.behaviour {
            let script: OnlineScript = b.parse()?;
            self.set_online_script(target, script).map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    /// Runs `on_type` on the named type's life or `on_resource` on the resource's.
    fn with_target(
        &mut self,
        target: Target<'_>,
        on_type: impl FnOnce(&mut TypeLife),
        on_resource: impl FnOnce(&mut ResourceLife),
    ) -> Result<()> {
        match target {
            Target::Type(t) => {
                let id = self.restype_by_name(t)?;
                on_type(&mut self.restypes[id].life);
            }
            Target::Resource(r) => {
                let id = self.resource_by_name(r)?;
                on_resource(&mut self.resources[id].life);
            }
        }
        Ok(())
    }

    /// The durations configured for a type or a resource (a resource without its own:
    /// its type's), whatever the instant switch says.
    pub fn configured_durations(&self, target: Target<'_>) -> Result<Durations> {
        match target {
            Target::Type(t) => Ok(self.restype(self.restype_by_name(t)?)?.life.durations),
            Target::Resource(r) => {
                let x = self.resource(self.resource_by_name(r)?)?;
                Ok(x.life.durations.unwrap_or(self.restype(x.rtype)?.life.durations))
            }
        }
    }

    /// Sets the online and offline durations of a type's resources or of one resource.
    pub fn set_durations(&mut self, target: Target<'_>, d: Durations) -> Result<()> {
        self.with_target(target, |t| t.durations = d, |r| r.durations = Some(d))
    }

    /// Makes the default durations ([`Durations::typical`]) `divisor` times shorter: for
    /// the types created from now on, and for every existing type still at its default
    /// (the real clock's short defaults, MODEL-DURATIONS).
    pub fn set_default_duration_divisor(&mut self, divisor: u32) {
        let old = self.agenda.divisor.max(1);
        self.agenda.divisor = divisor.max(1);
        let ids: Vec<ResTypeId> = self.restypes.keys().to_vec();
        for id in ids {
            let typical = Durations::typical(&self.restypes[id].name);
            if self.restypes[id].life.durations == typical.scaled_down(old) {
                self.restypes[id].life.durations = typical.scaled_down(divisor);
            }
        }
    }

    /// The default durations of a type created now.
    pub(crate) fn default_durations(&self, type_name: &str) -> Durations {
        Durations::typical(type_name).scaled_down(self.agenda.divisor)
    }

    /// What the stand-in for the resource DLL does on online, for a type or a resource.
    pub fn set_online_script(&mut self, target: Target<'_>, script: OnlineScript) -> Result<()> {
        self.with_target(target, |t| t.script = script, |r| r.script = Some(script))
    }

    /// A scripted IsAlive failure at simulated time `at` of the resource, or of every
    /// resource of the type (each fails if it is online then).
    pub fn schedule_is_alive_failure(&mut self, target: Target<'_>, at: Duration) -> Result<()> {
        let ids: Vec<ResourceId> = match target {
            Target::Resource(r) => vec![self.resource_by_name(r)?],
            Target::Type(t) => {
                let ty = self.restype_by_name(t)?;
                self.resources.iter().filter(|(_, x)| x.rtype == ty).map(|(k, _)| k).collect()
            }
        };
        for id in ids {
            self.script_is_alive_failure(id, at)?;
        }
        Ok(())
    }

    /// A resource's restart policy, read from its common properties (the property
    /// store, crate::props: the documented default when never written).
    pub fn restart_policy(&self, r: ResourceId) -> Result<RestartPolicy> {
        let p = self.props(ObjRef::Resource(r))?;
        Ok(RestartPolicy {
            restart_action: p.dword("RestartAction"),
            restart_threshold: p.dword("RestartThreshold"),
            restart_period_ms: p.dword("RestartPeriod"),
            restart_delay_ms: p.dword("RestartDelay"),
            retry_period_on_failure_ms: p.dword("RetryPeriodOnFailure"),
            pending_timeout_ms: p.dword("PendingTimeout"),
        })
    }

    /// Writes a resource's restart policy into its common properties (no event: a
    /// simulator control, not `SetClusterResourceProperties`).
    pub fn set_restart_policy(&mut self, r: ResourceId, policy: RestartPolicy) -> Result<()> {
        self.resource(r)?;
        let obj = ObjRef::Resource(r);
        for (name, v) in [
            ("RestartAction", policy.restart_action),
            ("RestartThreshold", policy.restart_threshold),
            ("RestartPeriod", policy.restart_period_ms),
            ("RestartDelay", policy.restart_delay_ms),
            ("RetryPeriodOnFailure", policy.retry_period_on_failure_ms),
            ("PendingTimeout", policy.pending_timeout_ms),
        ] {
            self.store_property(obj, name, PropertyValue::Dword(v))?;
        }
        Ok(())
    }

    /// A group's failover policy, read from its common properties.
    pub fn failover_policy(&self, g: GroupId) -> Result<FailoverPolicy> {
        let p = self.props(ObjRef::Group(g))?;
        Ok(FailoverPolicy {
            failover_threshold: p.dword("FailoverThreshold"),
            failover_period_hours: p.dword("FailoverPeriod"),
            auto_failback_type: p.dword("AutoFailbackType"),
            failback_window_start: p.long("FailbackWindowStart") as u32,
            failback_window_end: p.long("FailbackWindowEnd") as u32,
        })
    }

    /// Writes a group's failover policy into its common properties (no event).
    pub fn set_failover_policy(&mut self, g: GroupId, policy: FailoverPolicy) -> Result<()> {
        self.group(g)?;
        let obj = ObjRef::Group(g);
        self.store_property(obj, "FailoverThreshold", PropertyValue::Dword(policy.failover_threshold))?;
        self.store_property(obj, "FailoverPeriod", PropertyValue::Dword(policy.failover_period_hours))?;
        self.store_property(obj, "AutoFailbackType", PropertyValue::Dword(policy.auto_failback_type))?;
        self.store_property(
            obj,
            "FailbackWindowStart",
            PropertyValue::Long(policy.failback_window_start as i32),
        )?;
        self.store_property(
            obj,
            "FailbackWindowEnd",
            PropertyValue::Long(policy.failback_window_end as i32),
        )?;
        Ok(())
    }
}
