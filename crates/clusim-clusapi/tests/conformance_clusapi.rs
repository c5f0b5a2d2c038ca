//! The differential conformance run (spec/conformance.md, "Differential run"): every
//! scenario in spec/scenarios runs on the simulator directly and on `ClusApiBackend`
//! over libclusapi's C exports (in this process: the library's global simulator, real
//! clock, a fresh cluster `conformance-<scenario>` per scenario). Both normalized traces
//! must keep their `-> CODE` expectations and every guarantee, equal the golden trace,
//! and equal each other; a difference prints the readable diff. Scenarios marked
//! `# backends: sim` need simulator knobs and are skipped here with the reason.
//!
//! Built off Windows only, where `ClusApiBackend` drives libclusapi. On Windows it drives
//! clusapi.dll, which needs a real cluster — `clusim run --backend clusapi --cluster NAME`
//! is the way to run the scenarios there (README, "Running against a real cluster").
#![cfg(not(windows))]

use clusim_clusapi::ClusApiBackend;
use clusim_conformance::suite::{
    cluster_name, compare, golden_path, load, run_on, run_on_sim, scenario_files,
};
use clusim_conformance::{Scenario, Trace};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn scenarios() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/scenarios");
    scenario_files(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

fn skip_reason(sc: &Scenario) -> String {
    if sc.sim_options.is_empty() {
        format!("`# backends: {}`", sc.applies.label())
    } else {
        let knobs: Vec<String> = sc.sim_options.iter().map(|(k, v)| format!("{k}={v}")).collect();
        format!("needs simulator knobs ({})", knobs.join(", "))
    }
}

/// One scenario on both backends: the problems found, and how long the clusapi run took.
fn differential(path: &Path) -> (Vec<String>, Duration) {
    let sc = load(path).unwrap();
    let golden_file = golden_path(path);
    let golden = Trace::from_jsonl(
        &std::fs::read_to_string(&golden_file).unwrap_or_else(|e| panic!("{}: {e}", golden_file.display())),
    )
    .unwrap();
    let sim = run_on_sim(&sc).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let started = Instant::now();
    // Off Windows the C ABI's simulator gets the simulator run's instant transitions
    // (suite::sim_for); a real cluster is asynchronous (spec/conformance.md).
    #[cfg(not(windows))]
    clusapi::sim().set_instant_transitions(true);
    let backend = Arc::new(ClusApiBackend::new());
    let capi = run_on(&sc, backend.clone(), "clusapi", None, &cluster_name(&sc))
        .unwrap_or_else(|e| panic!("{} on clusapi: {e}", path.display()));
    let took = started.elapsed();
    let mut problems = Vec::new();
    for (label, o) in [("sim", &sim), ("clusapi", &capi)] {
        for f in &o.failures {
            problems.push(format!("{}:{} on {label}: {}", path.display(), f.line, f.message));
        }
        for v in &o.violations {
            problems.push(format!("{} on {label}: {v}", path.display()));
        }
    }
    if let Some(d) = compare(&golden, &capi.trace, false) {
        problems.push(format!("{} on clusapi differs from {}:\n{d}", path.display(), golden_file.display()));
    }
    if let Some(d) = compare(&golden, &sim.trace, false) {
        problems.push(format!("{} on sim differs from {}:\n{d}", path.display(), golden_file.display()));
    }
    // The two runs against each other, on the steps both record.
    if let Some(d) = compare(&sim.trace.for_backend("clusapi"), &capi.trace, false) {
        problems.push(format!("{}: sim (-) and clusapi (+) differ:\n{d}", path.display()));
    }
    drop(backend);
    (problems, took)
}

#[test]
fn every_scenario_gives_the_same_trace_on_the_simulator_and_through_the_c_abi() {
    let files = scenarios();
    assert!(files.len() >= 20, "the suite has lost scenarios");
    let (mut passed, mut skipped) = (0, 0);
    let mut problems = Vec::new();
    // The scenarios use separate clusters of the library's simulator, so they run two at
    // a time (the waits of the timed ones overlap).
    let (runnable, skip): (Vec<_>, Vec<_>) =
        files.iter().partition(|p| load(p).unwrap().applies.includes("clusapi"));
    for p in &skip {
        let sc = load(p).unwrap();
        println!("skip  {:<28} {}", sc.name, skip_reason(&sc));
        skipped += 1;
    }
    let results: Vec<(PathBuf, Vec<String>, Duration)> = std::thread::scope(|s| {
        let (a, b) = runnable.split_at(runnable.len() / 2);
        let run = |part: &[&PathBuf]| {
            part.iter()
                .map(|p| {
                    let (problems, took) = differential(p);
                    ((*p).clone(), problems, took)
                })
                .collect::<Vec<_>>()
        };
        let ha = s.spawn(move || run(a));
        let hb = s.spawn(move || run(b));
        let mut v = ha.join().expect("runner panicked");
        v.extend(hb.join().expect("runner panicked"));
        v
    });
    for (path, p, took) in results {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if p.is_empty() {
            println!("ok    {name:<28} ({} ms on clusapi)", took.as_millis());
            passed += 1;
        } else {
            println!("FAIL  {name}");
            problems.extend(p);
        }
    }
    println!("differential: {passed} passed, {} failed, {skipped} skipped", files.len() - passed - skipped);
    assert!(skipped < files.len() / 2, "most scenarios must run on both backends");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_difference_between_the_backends_prints_the_step_that_differs() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../spec/scenarios/batch_notification_pattern.scenario");
    let sc = load(&path).unwrap();
    let sim = run_on_sim(&sc).unwrap();
    let mut capi = run_on(
        &sc,
        Arc::new(ClusApiBackend::new()),
        "clusapi",
        None,
        &format!("{}-tampered", cluster_name(&sc)),
    )
    .unwrap();
    assert!(compare(&sim.trace, &capi.trace, false).is_none(), "the same scenario on a fresh cluster agrees");
    let e = capi.trace.entries.iter_mut().find(|e| e.op == "ReadBatchNotification").unwrap();
    e.out.swap(1, 2);
    let line = e.line;
    let d = compare(&sim.trace, &capi.trace, false).expect("a difference");
    assert!(d.contains(&format!("line {line:>3}")), "{d}");
    assert!(d.contains("VALUE_DELETED"), "{d}");
}
