//! The simulator's own controls (`include/clusim.h`, spec/c-abi.md CABI-SIM-*): the
//! topology and the clock (before the first ClusAPI call), the manual clock, faults
//! (spec/faults.md) and port counters. They are not ClusAPI: a program built for a real
//! cluster does not call them. Strings follow the width rule of every export
//! (`LPCWSTR` in the flavour's `WCHAR`).
//!
//! Order of checks: a startup error (`ERROR_BAD_ENVIRONMENT`) first, then handles, then
//! the other arguments, then the operation.

use super::expect;
use crate::ffi::{code, put, read_wstr, required_wstr};
use crate::global::sim;
use crate::startup::{self, startup_error};
use crate::types::*;
use clusim_api::*;
use std::time::Duration;

const GEN_FAILURE: u32 = Win32Error::ERROR_GEN_FAILURE.0;

/// `CLUSIM_PORT_STATS` (`ClusimGetPortStats`): the counters of one V1 port.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[allow(non_snake_case)]
pub struct CLUSIM_PORT_STATS {
    /// Indications accepted into the queue so far.
    pub Pushed: u64,
    /// Indications dropped because the queue was full.
    pub Dropped: u64,
    /// Indications queued now.
    pub Queued: u64,
    /// Bytes the queue reserves for indications.
    pub ReservedBytes: u64,
    /// Threads blocked in `GetClusterNotify` on the port now.
    pub Waiters: u32,
    /// Always 0.
    pub Reserved: u32,
}

/// The running simulator, or the code a bad setting left.
fn started() -> Result<&'static clusim_sim::Sim> {
    match startup_error() {
        Some(e) => Err(e),
        None => Ok(sim()),
    }
}

/// The body of the fault controls: the cluster name (NULL or `""`: the local cluster).
///
/// # Safety
/// `cluster` is NULL or NUL-terminated.
unsafe fn fault(cluster: *const WChar, f: impl FnOnce(clusim_sim::Faults<'_>) -> Result<()>) -> u32 {
    code((|| {
        let s = started()?;
        // SAFETY: forwarded caller contract.
        let name = unsafe { read_wstr(cluster) }?;
        f(s.faults(name.as_deref()))
    })())
}

/// The body of the node faults: the cluster as [`fault`], then the node name (required).
///
/// # Safety
/// `cluster` and `node` are NULL or NUL-terminated.
unsafe fn node_fault(
    cluster: *const WChar,
    node: *const WChar,
    f: impl FnOnce(clusim_sim::Faults<'_>, &str) -> Result<()>,
) -> u32 {
    // SAFETY: forwarded caller contract.
    unsafe { fault(cluster, |faults| f(faults, &required_wstr(node)?)) }
}

export! {
    /// `ClusimSetTopologyFile`: every cluster the simulator creates starts from this
    /// topology file (spec/topology.md). Only before the first ClusAPI call; wins over
    /// `CLUSIM_TOPOLOGY`. Codes: `ERROR_INVALID_PARAMETER` (NULL); `ERROR_FILE_NOT_FOUND`
    /// (cannot be read); `ERROR_INVALID_DATA` (refused, the reason on stderr);
    /// `ERROR_ALREADY_INITIALIZED` (1247) once the simulator runs.
    fn ClusimSetTopologyFile(lpszPath: *const WChar) -> u32;
    on_panic = GEN_FAILURE;
    {
        // SAFETY: NULL or NUL-terminated (caller contract).
        code(unsafe { required_wstr(lpszPath) }.and_then(|p| startup::set_topology_file(&p)))
    }
}

export! {
    /// `ClusimUseManualClock`: the simulator runs on a manual clock — time moves only by
    /// `ClusimAdvanceClock`, so a `GetClusterNotify` with a timeout waits until the
    /// program advances it. Only before the first ClusAPI call (as `CLUSIM_CLOCK=manual`).
    /// Codes: `ERROR_ALREADY_INITIALIZED` (1247) once the simulator runs.
    fn ClusimUseManualClock() -> u32;
    on_panic = GEN_FAILURE;
    { code(startup::use_manual_clock()) }
}

export! {
    /// `ClusimAdvanceClock`: advances the manual clock by `dwMilliseconds` and wakes the
    /// waits it ends. Codes: `ERROR_BAD_ENVIRONMENT`; `ERROR_INVALID_FUNCTION` on the
    /// wall clock.
    fn ClusimAdvanceClock(dwMilliseconds: u32) -> u32;
    on_panic = GEN_FAILURE;
    {
        code(started().and_then(|s| {
            if s.clock().advance(Duration::from_millis(u64::from(dwMilliseconds))) {
                Ok(())
            } else {
                Err(Win32Error::ERROR_INVALID_FUNCTION)
            }
        }))
    }
}

export! {
    /// `ClusimWaitForTimedWaiters`: blocks (real time, at most `dwTimeoutMs`) until at
    /// least `dwCount` threads wait with a timeout on the manual clock — the deterministic
    /// signal to advance it. `ERROR_SUCCESS` or `WAIT_TIMEOUT` (258); codes:
    /// `ERROR_BAD_ENVIRONMENT`; `ERROR_INVALID_FUNCTION` on the wall clock.
    fn ClusimWaitForTimedWaiters(dwCount: u32, dwTimeoutMs: u32) -> u32;
    on_panic = GEN_FAILURE;
    {
        code(started().and_then(|s| {
            if !s.clock().is_manual() {
                return Err(Win32Error::ERROR_INVALID_FUNCTION);
            }
            let limit = Duration::from_millis(u64::from(dwTimeoutMs));
            if s.clock().wait_for_timed_waiters(dwCount as usize, limit) {
                Ok(())
            } else {
                Err(Win32Error::WAIT_TIMEOUT)
            }
        }))
    }
}

export! {
    /// `ClusimNodeDown`: the node of cluster `lpszCluster` (NULL: the local cluster)
    /// stops and its groups fail over (FAULT-NODE-DOWN). Codes: `ERROR_BAD_ENVIRONMENT`;
    /// `ERROR_INVALID_PARAMETER` (NULL node); `ERROR_CLUSTER_NODE_NOT_FOUND`.
    fn ClusimNodeDown(lpszCluster: *const WChar, lpszNode: *const WChar) -> u32;
    on_panic = GEN_FAILURE;
    {
        // SAFETY: NULL or NUL-terminated strings (caller contract).
        unsafe { node_fault(lpszCluster, lpszNode, |f, node| f.node_down(node)) }
    }
}

export! {
    /// `ClusimNodeUp`: the node comes back, without failback (FAULT-NODE-UP). Codes as
    /// `ClusimNodeDown`.
    fn ClusimNodeUp(lpszCluster: *const WChar, lpszNode: *const WChar) -> u32;
    on_panic = GEN_FAILURE;
    {
        // SAFETY: NULL or NUL-terminated strings (caller contract).
        unsafe { node_fault(lpszCluster, lpszNode, |f, node| f.node_up(node)) }
    }
}

export! {
    /// `ClusimCutConnection`: the cluster becomes unreachable: `CLUSTER_CHANGE_CLUSTER_STATE`
    /// to every registration that asked for it (FAULT-CLUSTER-STATE). Codes:
    /// `ERROR_BAD_ENVIRONMENT`; `ERROR_INVALID_PARAMETER` (a malformed name).
    fn ClusimCutConnection(lpszCluster: *const WChar) -> u32;
    on_panic = GEN_FAILURE;
    {
        // SAFETY: NULL or NUL-terminated (caller contract).
        unsafe { fault(lpszCluster, |f| f.cluster_unreachable()) }
    }
}

export! {
    /// `ClusimRestoreConnection`: the connection is back: `CLUSTER_CHANGE_CLUSTER_RECONNECT`
    /// to every registration that asked for it (FAULT-RECONNECT). Codes as
    /// `ClusimCutConnection`.
    fn ClusimRestoreConnection(lpszCluster: *const WChar) -> u32;
    on_panic = GEN_FAILURE;
    {
        // SAFETY: NULL or NUL-terminated (caller contract).
        unsafe { fault(lpszCluster, |f| f.reconnect()) }
    }
}

export! {
    /// `ClusimGetPortStats`: the counters of a V1 notification port. Codes:
    /// `ERROR_BAD_ENVIRONMENT`; `ERROR_INVALID_HANDLE` (not an open port);
    /// `ERROR_INVALID_PARAMETER` (NULL `pStats`).
    fn ClusimGetPortStats(hChange: HCHANGE, pStats: *mut CLUSIM_PORT_STATS) -> u32;
    on_panic = GEN_FAILURE;
    {
        code((|| {
            let s = started()?;
            let port = HChange(expect(hChange, ObjectKind::Port)?);
            if pStats.is_null() {
                return Err(Win32Error::ERROR_INVALID_PARAMETER);
            }
            let st = s.port_stats(port)?;
            let out = CLUSIM_PORT_STATS {
                Pushed: st.pushed,
                Dropped: st.dropped,
                Queued: st.queued as u64,
                ReservedBytes: st.reserved_bytes as u64,
                Waiters: st.waiters,
                Reserved: 0,
            };
            // SAFETY: non-NULL (checked), writable (caller contract).
            unsafe { put(pStats, out) };
            Ok(())
        })())
    }
}
