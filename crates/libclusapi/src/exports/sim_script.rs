//! Simulator controls for resource behaviour (`include/clusim.h`, "resource behaviour";
//! spec/c-abi.md CABI-SIM-LIFE): the instant switch, transition durations, and the
//! scripted stand-in for a resource DLL (fail to come online, hang in pending, an
//! IsAlive failure later). Not ClusAPI. Every function returns a Win32 code and leaves
//! the last error alone.
//!
//! Environment, read once when the simulator is built: `CLUSIM_TRANSITIONS=instant`
//! starts it with the instant switch on (`=async`, empty or unset: asynchronous, the
//! default); any other value is reported on stderr and ignored.

use crate::ffi::{code, read_wstr, WChar};
use crate::global::sim;
use crate::types::*;
use clusim_api::{Result, Win32Error};
use clusim_sim::{Durations, Faults, OnlineScript, SimBuilder};
use std::time::Duration;

/// `CLUSIM_ONLINE_NORMAL`: the resource comes online after its online duration.
pub const CLUSIM_ONLINE_NORMAL: u32 = 0;
/// `CLUSIM_ONLINE_FAIL`: OnlinePending, then Failed at the end of its online duration.
pub const CLUSIM_ONLINE_FAIL: u32 = 1;
/// `CLUSIM_ONLINE_HANG`: stays OnlinePending until its PendingTimeout fails it.
pub const CLUSIM_ONLINE_HANG: u32 = 2;

/// The builder with `CLUSIM_TRANSITIONS` applied.
pub(crate) fn with_transitions_env(b: SimBuilder) -> SimBuilder {
    match std::env::var("CLUSIM_TRANSITIONS").as_deref() {
        Ok("instant") => b.instant_transitions(true),
        Ok("async") | Ok("") | Err(_) => b,
        Ok(other) => {
            eprintln!("libclusapi: CLUSIM_TRANSITIONS={other:?}: expected \"instant\" or \"async\"; ignored");
            b
        }
    }
}

fn behaviour(b: u32) -> Result<OnlineScript> {
    match b {
        CLUSIM_ONLINE_NORMAL => Ok(OnlineScript::Normal),
        CLUSIM_ONLINE_FAIL => Ok(OnlineScript::Fail),
        CLUSIM_ONLINE_HANG => Ok(OnlineScript::Hang),
        _ => Err(Win32Error::ERROR_INVALID_PARAMETER),
    }
}

/// Reads the cluster name (NULL or `""`: the local cluster) and a required object name,
/// then runs `f` on the cluster's fault controls.
///
/// # Safety
/// `cluster` and `name` are NULL or NUL-terminated.
unsafe fn on_object(
    cluster: *const WChar,
    name: *const WChar,
    f: impl FnOnce(Faults<'_>, &str) -> Result<()>,
) -> u32 {
    code((|| {
        // SAFETY: forwarded caller contract.
        let cluster = unsafe { read_wstr(cluster) }?;
        // SAFETY: forwarded caller contract.
        let name = unsafe { read_wstr(name) }?.ok_or(Win32Error::ERROR_INVALID_PARAMETER)?;
        f(sim().faults(cluster.as_deref()), &name)
    })())
}

fn ms(v: u32) -> Duration {
    Duration::from_millis(v.into())
}

export! {
    /// `ClusimSetInstantTransitions`: TRUE makes every online, offline and move complete
    /// inside its call (never `ERROR_IO_PENDING`) and turns failure policies off, for
    /// every cluster; FALSE: asynchronous (the default).
    fn ClusimSetInstantTransitions(bInstant: BOOL) -> u32;
    on_panic = Win32Error::ERROR_GEN_FAILURE.0;
    {
        sim().set_instant_transitions(bInstant != 0);
        0
    }
}

export! {
    /// `ClusimSetResourceBehaviour`: what the resource does on every online from now on
    /// (`CLUSIM_ONLINE_NORMAL`, `_FAIL`, `_HANG`). `ERROR_INVALID_PARAMETER` (NULL name,
    /// unknown behaviour), `ERROR_RESOURCE_NOT_FOUND`.
    fn ClusimSetResourceBehaviour(lpszCluster: *const WChar, lpszResource: *const WChar, dwBehaviour: u32) -> u32;
    on_panic = Win32Error::ERROR_GEN_FAILURE.0;
    {
        // SAFETY: caller contract (export! docs).
        unsafe { on_object(lpszCluster, lpszResource, |f, n| f.online_behaviour(n, behaviour(dwBehaviour)?)) }
    }
}

export! {
    /// `ClusimSetResourceTypeBehaviour`: the same for every resource of a type without its
    /// own setting. `ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND` for an unknown type.
    fn ClusimSetResourceTypeBehaviour(lpszCluster: *const WChar, lpszType: *const WChar, dwBehaviour: u32) -> u32;
    on_panic = Win32Error::ERROR_GEN_FAILURE.0;
    {
        // SAFETY: caller contract (export! docs).
        unsafe { on_object(lpszCluster, lpszType, |f, n| f.type_online_behaviour(n, behaviour(dwBehaviour)?)) }
    }
}

export! {
    /// `ClusimScheduleIsAliveFailure`: the resource fails its IsAlive check
    /// `dwAfterMs` of simulated time from now (if it is online then; its restart policy
    /// runs). `ERROR_RESOURCE_NOT_FOUND`.
    fn ClusimScheduleIsAliveFailure(lpszCluster: *const WChar, lpszResource: *const WChar, dwAfterMs: u32) -> u32;
    on_panic = Win32Error::ERROR_GEN_FAILURE.0;
    {
        let at = sim().clock().now() + ms(dwAfterMs);
        // SAFETY: caller contract (export! docs).
        unsafe { on_object(lpszCluster, lpszResource, |f, n| f.is_alive_failure_at(n, at)) }
    }
}

export! {
    /// `ClusimSetResourceDurations`: the resource's online and offline durations in ms.
    fn ClusimSetResourceDurations(lpszCluster: *const WChar, lpszResource: *const WChar, dwOnlineMs: u32, dwOfflineMs: u32) -> u32;
    on_panic = Win32Error::ERROR_GEN_FAILURE.0;
    {
        let d = Durations { online: ms(dwOnlineMs), offline: ms(dwOfflineMs) };
        // SAFETY: caller contract (export! docs).
        unsafe { on_object(lpszCluster, lpszResource, |f, n| f.resource_durations(n, d)) }
    }
}

export! {
    /// `ClusimSetResourceTypeDurations`: the durations of every resource of a type.
    fn ClusimSetResourceTypeDurations(lpszCluster: *const WChar, lpszType: *const WChar, dwOnlineMs: u32, dwOfflineMs: u32) -> u32;
    on_panic = Win32Error::ERROR_GEN_FAILURE.0;
    {
        let d = Durations { online: ms(dwOnlineMs), offline: ms(dwOfflineMs) };
        // SAFETY: caller contract (export! docs).
        unsafe { on_object(lpszCluster, lpszType, |f, n| f.type_durations(n, d)) }
    }
}
