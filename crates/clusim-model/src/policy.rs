//! The values that drive a resource's life: transition durations, the scripted
//! behaviour that stands in for a resource DLL, and the restart and failover policies
//! (spec/model.md, "Asynchronous transitions" and "Failure policies").
//!
//! Every default is the documented one (Resource Common Properties, Group Common
//! Properties); durations are a decision (MODEL-DURATIONS).

use std::time::Duration;

/// How long a resource takes to come online and to go offline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Durations {
    /// OnlinePending → Online.
    pub online: Duration,
    /// OfflinePending → Offline.
    pub offline: Duration,
}

impl Durations {
    /// No simulated time at all: the transition completes inside the call.
    pub const INSTANT: Durations = Durations { online: Duration::ZERO, offline: Duration::ZERO };

    /// Milliseconds to durations.
    pub const fn ms(online: u64, offline: u64) -> Durations {
        Durations { online: Duration::from_millis(online), offline: Duration::from_millis(offline) }
    }

    /// The default for a resource type, resembling a real cluster (MODEL-DURATIONS, a
    /// decision: disks arbitrate before they come online, network names register in DNS,
    /// IP addresses are quick).
    pub fn typical(type_name: &str) -> Durations {
        match type_name.to_ascii_lowercase().as_str() {
            "physical disk" => Durations::ms(2000, 1000),
            "ip address" | "ipv6 address" => Durations::ms(500, 250),
            "network name" | "distributed network name" => Durations::ms(3000, 1000),
            _ => Durations::ms(1000, 500),
        }
    }

    /// These durations divided by `divisor` (the real clock's short defaults).
    pub fn scaled_down(self, divisor: u32) -> Durations {
        let d = divisor.max(1);
        Durations { online: self.online / d, offline: self.offline / d }
    }
}

/// What the stand-in for the resource DLL does when the resource is brought online.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnlineScript {
    /// Comes online after its online duration.
    #[default]
    Normal,
    /// Fails at the end of its online duration (OnlinePending → Failed).
    Fail,
    /// Stays OnlinePending until PendingTimeout fails it.
    Hang,
}

impl std::str::FromStr for OnlineScript {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "normal" => Ok(OnlineScript::Normal),
            "fail" | "fail_online" => Ok(OnlineScript::Fail),
            "hang" | "hang_pending" => Ok(OnlineScript::Hang),
            other => Err(format!("unknown online behaviour {other:?} (normal, fail, hang)")),
        }
    }
}

/// `RestartAction` values (CLUSTER_RESOURCE_RESTART_ACTION).
pub mod restart_action {
    /// `ClusterResourceDontRestart`.
    pub const DONT_RESTART: u32 = 0;
    /// `ClusterResourceRestartNoNotify`: restart, never fail the group over.
    pub const RESTART_NO_NOTIFY: u32 = 1;
    /// `ClusterResourceRestartNotify`: restart, then fail the group over (the default).
    pub const RESTART_NOTIFY: u32 = 2;
}

/// A resource's restart policy: the common properties with their documented defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RestartPolicy {
    /// `RestartAction` (default `ClusterResourceRestartNotify`, 2).
    pub restart_action: u32,
    /// `RestartThreshold`: restarts tolerated within `RestartPeriod` (default 3).
    pub restart_threshold: u32,
    /// `RestartPeriod` in ms (default 900000).
    pub restart_period_ms: u32,
    /// `RestartDelay` in ms before a failed resource is restarted (default 500).
    pub restart_delay_ms: u32,
    /// `RetryPeriodOnFailure` in ms a resource stays failed before the next attempt
    /// (default 0x36EE80 = 3600000; 0xFFFFFFFF: no retry).
    pub retry_period_on_failure_ms: u32,
    /// `PendingTimeout` in ms a resource may stay pending (default 180000).
    pub pending_timeout_ms: u32,
}

impl Default for RestartPolicy {
    fn default() -> Self {
        RestartPolicy {
            restart_action: restart_action::RESTART_NOTIFY,
            restart_threshold: 3,
            restart_period_ms: 900_000,
            restart_delay_ms: 500,
            retry_period_on_failure_ms: 0x36EE80,
            pending_timeout_ms: 180_000,
        }
    }
}

/// A group's failover and failback policy: the common properties with their documented
/// defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailoverPolicy {
    /// `FailoverThreshold` (default 0xFFFFFFFF: the number of nodes minus one).
    pub failover_threshold: u32,
    /// `FailoverPeriod` in hours (default 6).
    pub failover_period_hours: u32,
    /// `AutoFailbackType` (default `ClusterGroupPreventFailback`, 0; 1 allows).
    pub auto_failback_type: u32,
    /// `FailbackWindowStart`, hour 0–23 (default 0xFFFFFFFF: no window).
    pub failback_window_start: u32,
    /// `FailbackWindowEnd`, hour 0–23 (default 0xFFFFFFFF: no window).
    pub failback_window_end: u32,
}

impl Default for FailoverPolicy {
    fn default() -> Self {
        FailoverPolicy {
            failover_threshold: u32::MAX,
            failover_period_hours: 6,
            auto_failback_type: 0,
            failback_window_start: u32::MAX,
            failback_window_end: u32::MAX,
        }
    }
}

impl FailoverPolicy {
    /// Whether failback may happen at simulated time `now` (hour of day = whole hours
    /// since the clock started, modulo 24); `None` when it may, else how long until the
    /// window opens. Both ends must be set for a window to exist.
    pub fn failback_wait(&self, now: Duration) -> Option<Duration> {
        let (s, e) = (self.failback_window_start, self.failback_window_end);
        if s > 23 || e > 23 {
            return None;
        }
        let hour = (now.as_secs() / 3600 % 24) as u32;
        let inside = if s <= e { (s..e).contains(&hour) || s == e } else { hour >= s || hour < e };
        if inside {
            return None;
        }
        let into_day =
            Duration::from_secs(now.as_secs() % 86_400) + Duration::from_nanos(now.subsec_nanos().into());
        let start = Duration::from_secs(u64::from(s) * 3600);
        Some(if start > into_day { start - into_day } else { Duration::from_secs(86_400) - into_day + start })
    }
}

/// Per-resource life: its own durations and script (over its type's) and its restart
/// history (the policy itself lives in the common properties, crate::props).
#[derive(Debug, Clone, Default)]
pub struct ResourceLife {
    /// Durations for this resource alone (else its type's).
    pub durations: Option<Durations>,
    /// Online behaviour for this resource alone (else its type's).
    pub script: Option<OnlineScript>,
    /// Times of the restarts counted against `RestartThreshold`.
    pub restarts: Vec<Duration>,
    /// The transition run this resource is waiting in, if any.
    pub(crate) run: Option<u64>,
}

/// Per-group life: its failover history (the policy lives in the common properties).
#[derive(Debug, Clone, Default)]
pub struct GroupLife {
    /// Times of the failovers counted against `FailoverThreshold`.
    pub failovers: Vec<Duration>,
}

/// Per-type life: durations and script for every resource of the type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TypeLife {
    /// Durations of its resources.
    pub durations: Durations,
    /// Online behaviour of its resources.
    pub script: OnlineScript,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failback_window_opens_at_its_start_hour() {
        let h = |n: u64| Duration::from_secs(n * 3600);
        let none = FailoverPolicy::default();
        assert_eq!(none.failback_wait(h(5)), None);
        let w = FailoverPolicy { failback_window_start: 10, failback_window_end: 12, ..none };
        assert_eq!(w.failback_wait(h(11)), None);
        assert_eq!(w.failback_wait(h(9)), Some(h(1)));
        assert_eq!(w.failback_wait(h(13)), Some(h(21)));
        let wrap = FailoverPolicy { failback_window_start: 22, failback_window_end: 2, ..none };
        assert_eq!(wrap.failback_wait(h(23)), None);
        assert_eq!(wrap.failback_wait(h(1)), None);
        assert_eq!(wrap.failback_wait(h(3)), Some(h(19)));
    }
}
