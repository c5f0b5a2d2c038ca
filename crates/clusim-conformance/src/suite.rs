//! Running the stored suite: scenario files, the simulator backend they default to, and
//! golden traces next to each scenario.

use crate::diff::diff;
use crate::guarantees::{check, Violation};
use crate::normalize::normalize;
use crate::runner::{run, FaultHook, RunOptions, StepFailure, Waitable, WaiterProbe};
use crate::scenario::{parse, Scenario};
use crate::trace::Trace;
use clusim_api::{Backend, BatchGranularity, Win32Error};
use clusim_clock::Clock;
use clusim_sim::Sim;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Every `*.scenario` file in a directory, sorted by name.
pub fn scenario_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "scenario"))
        .collect();
    v.sort();
    Ok(v)
}

/// Reads and parses a scenario file.
pub fn load(path: &Path) -> Result<Scenario, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse(&path.display().to_string(), &text).map_err(|e| e.to_string())
}

/// The golden trace's path: `<scenario>.trace.jsonl` beside the scenario.
pub fn golden_path(scenario: &Path) -> PathBuf {
    scenario.with_extension("trace.jsonl")
}

/// A fresh simulator for a scenario: manual clock, instant transitions (the golden
/// traces of the scenarios written before transitions took time; a scenario about
/// transitions says `instant_transitions=false`), with the scenario's `sim-options`.
pub fn sim_for(sc: &Scenario) -> Result<Sim, String> {
    let mut b = Sim::builder().manual_clock().instant_transitions(true);
    for (k, v) in &sc.sim_options {
        let num =
            || v.parse::<usize>().map_err(|_| format!("sim option {k}: expected a number, found {v:?}"));
        let flag =
            || v.parse::<bool>().map_err(|_| format!("sim option {k}: expected true or false, found {v:?}"));
        b = match k.as_str() {
            "port_capacity" => b.port_capacity(num()?),
            "batch_port_capacity" => b.batch_port_capacity(num()?),
            "handle_close_requires_filter" => b.handle_close_requires_filter(flag()?),
            "batch_conditions" => b.batch_conditions(flag()?),
            "instant_transitions" => b.instant_transitions(flag()?),
            "granularity" => b.batch_granularity(match v.as_str() {
                "coalesced" => BatchGranularity::Coalesced,
                "per-batch" => BatchGranularity::PerBatch,
                o => return Err(format!("granularity {o:?}: expected coalesced or per-batch")),
            }),
            o => return Err(format!("unknown sim option {o:?}")),
        };
    }
    Ok(b.build())
}

/// The outcome of one scenario on one backend.
#[derive(Debug)]
pub struct Outcome {
    /// The normalized trace.
    pub trace: Trace,
    /// Failed `-> CODE` expectations.
    pub failures: Vec<StepFailure>,
    /// Broken guarantees.
    pub violations: Vec<Violation>,
    /// What the cleanup after the scenario could not undo.
    pub cleanup: Vec<String>,
}

impl Outcome {
    /// No failed expectation, no stuck step, no broken guarantee, a clean cleanup.
    pub fn passed(&self) -> bool {
        self.failures.is_empty() && self.violations.is_empty() && self.cleanup.is_empty()
    }
}

/// The cluster name a scenario runs on (normalized to `<cluster>` in traces).
pub fn cluster_name(sc: &Scenario) -> String {
    format!("conformance-{}", sc.name)
}

/// Runs a scenario on a backend; `clock` is its manual clock if any.
pub fn run_on(
    sc: &Scenario,
    backend: Arc<dyn Backend>,
    label: &str,
    clock: Option<Clock>,
    cluster: &str,
) -> Result<Outcome, String> {
    run_with(sc, backend, RunOptions { clock, ..RunOptions::new(label, cluster) })
}

/// Runs a scenario with explicit options (deadline, probe).
pub fn run_with(sc: &Scenario, backend: Arc<dyn Backend>, opts: RunOptions) -> Result<Outcome, String> {
    let cluster = opts.cluster_name.clone();
    let r = run(sc, backend, opts)?;
    let violations = check(&r.trace);
    Ok(Outcome { trace: normalize(&r.trace, &cluster), failures: r.failures, violations, cleanup: r.cleanup })
}

/// `WaitBlocked`'s probe on a simulator: the waiter counts of its ports.
pub fn sim_probe(sim: &Sim) -> WaiterProbe {
    let sim = sim.clone();
    Arc::new(move |w| match w {
        Waitable::Port(p) => sim.port_stats(p).ok().map(|s| s.waiters),
        Waitable::BatchPort(p) => sim.batch_port_waiters(p).ok(),
    })
}

/// The `Fault` verb on a simulator: its fault injection for the cluster `cluster`.
pub fn sim_faults(sim: &Sim, cluster: &str) -> FaultHook {
    let (sim, cluster) = (sim.clone(), cluster.to_string());
    Arc::new(move |what, node| {
        let f = sim.faults(Some(&cluster));
        match what {
            "node_down" => f.node_down(node),
            "node_up" => f.node_up(node),
            "cluster_unreachable" => f.cluster_unreachable(),
            "reconnect" => f.reconnect(),
            _ => Err(Win32Error::ERROR_INVALID_PARAMETER),
        }
    })
}

/// The verbs `SimOnlineBehaviour` / `SimIsAliveFailure` on a simulator (its
/// `sim.faults` script controls, on the scenario's cluster).
pub fn sim_script(sim: &Sim, cluster: &str) -> crate::runner::SimScript {
    let (sim, cluster) = (sim.clone(), cluster.to_string());
    Arc::new(move |verb, name, value| {
        let f = sim.faults(Some(&cluster));
        let r = match verb {
            "SimOnlineBehaviour" => f.online_behaviour(name, value.parse()?),
            _ => {
                let at = sim.clock().now() + crate::runner::parse_duration(value)?;
                f.is_alive_failure_at(name, at)
            }
        };
        r.map_err(|e| format!("{verb} {name:?}: {e}"))
    })
}

/// Options for a scenario on a simulator: its manual clock, its probe, its faults and its scripts.
pub fn sim_options(sc: &Scenario, sim: &Sim) -> RunOptions {
    RunOptions {
        clock: Some(sim.clock().clone()),
        probe: Some(sim_probe(sim)),
        faults: Some(sim_faults(sim, &cluster_name(sc))),
        sim_script: Some(sim_script(sim, &cluster_name(sc))),
        ..RunOptions::new("sim", &cluster_name(sc))
    }
}

/// Runs a scenario on a fresh simulator.
pub fn run_on_sim(sc: &Scenario) -> Result<Outcome, String> {
    run_on_sim_with(sc, None)
}

/// Runs a scenario on a fresh simulator with a step deadline (`None`: the scenario's).
pub fn run_on_sim_with(sc: &Scenario, step_timeout: Option<std::time::Duration>) -> Result<Outcome, String> {
    let sim = sim_for(sc)?;
    let opts = RunOptions { step_timeout, ..sim_options(sc, &sim) };
    run_with(sc, sim.shared(), opts)
}

/// Compares a trace with a golden trace (restricted to the steps that apply to the
/// trace's backend); the diff names the first differing step.
pub fn compare(golden: &Trace, actual: &Trace, color: bool) -> Option<String> {
    diff(&golden.for_backend(&actual.header.backend), actual, color)
}
