//! The runner's own behaviour on the simulator: `WaitBlocked` waits on counts, and every
//! scenario leaves its cluster as it found it (spec/conformance.md).

use clusim_conformance::runner::Waitable;
use clusim_conformance::suite::*;
use clusim_conformance::{parse, RunOptions, Trace};
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

fn scenarios() -> Vec<std::path::PathBuf> {
    scenario_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/scenarios")).unwrap()
}

/// `WaitBlocked` returns only once the probe counts the INFINITE waiter on its port
/// (PORT-TIMEOUT, N2): the waiter count, not a sleep, decides.
#[test]
fn wait_blocked_returns_once_the_probe_counts_the_infinite_waiter() {
    let sc = parse(
        "blocked.scenario",
        "c = OpenCluster\np = CreateClusterNotifyPort - c GROUP_ADDED 1\nspawn w: GetClusterNotify p timeout=INFINITE\nWaitBlocked\nCreateClusterGroup c \"late\"\njoin w -> ERROR_SUCCESS\n",
    )
    .unwrap();
    let sim = sim_for(&sc).unwrap();
    let inner = sim_probe(&sim);
    let seen = Arc::new(AtomicU32::new(0));
    let seen2 = seen.clone();
    let probe: clusim_conformance::runner::WaiterProbe = Arc::new(move |w: Waitable| {
        let n = inner(w);
        seen2.fetch_max(n.unwrap_or(0), Ordering::SeqCst);
        n
    });
    let opts = RunOptions { probe: Some(probe), ..sim_options(&sc, &sim) };
    let out = run_with(&sc, sim.shared(), opts).unwrap();
    assert!(out.passed(), "{:?} {:?} {:?}", out.failures, out.violations, out.cleanup);
    assert_eq!(seen.load(Ordering::SeqCst), 1, "WaitBlocked saw the waiter blocked on the port");
    let get = out.trace.entries.iter().find(|e| e.op == "join").unwrap();
    assert_eq!(get.out[0]["name"], "late", "the event created after WaitBlocked woke the waiter");
}

/// Every scenario whose steps can all be undone runs twice on one simulated cluster and
/// equals its golden trace both times: the cleanup removes what it created and restores
/// what it changed, outside the trace.
#[test]
fn every_reversible_scenario_leaves_its_cluster_as_it_found_it() {
    let mut problems = Vec::new();
    for path in scenarios() {
        let sc = load(&path).unwrap();
        if !sc.irreversible_steps().is_empty() {
            continue;
        }
        let golden = Trace::from_jsonl(&std::fs::read_to_string(golden_path(&path)).unwrap()).unwrap();
        let sim = sim_for(&sc).unwrap();
        for round in 1..=2 {
            let out = run_with(&sc, sim.shared(), sim_options(&sc, &sim)).unwrap();
            if !out.passed() {
                problems.push(format!(
                    "{} round {round}: {:?} {:?} {:?}",
                    sc.name, out.failures, out.violations, out.cleanup
                ));
            }
            if let Some(d) = compare(&golden, &out.trace, false) {
                problems.push(format!("{} round {round} differs:\n{d}", sc.name));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// What the cleanup cannot undo is reported apart from the trace, and fails the outcome:
/// here `SetProperties` on a group the scenario did not create.
#[test]
fn a_change_the_cleanup_cannot_undo_is_reported_as_a_cleanup_problem() {
    let sc = parse(
        "props.scenario",
        "c = OpenCluster\ng = OpenClusterGroup c \"Cluster Group\"\nSetProperties g common \"Description\" sz=\"changed\"\n",
    )
    .unwrap();
    let out = run_on_sim(&sc).unwrap();
    assert!(out.failures.is_empty() && out.violations.is_empty(), "{:?} {:?}", out.failures, out.violations);
    assert_eq!(out.cleanup.len(), 1, "{:?}", out.cleanup);
    assert!(
        out.cleanup[0].contains("SetProperties") && out.cleanup[0].contains("Cluster Group"),
        "{:?}",
        out.cleanup
    );
    assert!(!out.passed());
    assert!(out.trace.entries.iter().all(|e| e.failed.is_none()), "the trace is not affected");
}
