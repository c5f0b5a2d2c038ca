//! `clusim run | record | diff | check | watch`.

use clusim_api::client::Cluster;
use clusim_api::ClusterApi;
use clusim_api::{Backend, ChangeFlags, NotifyKey, Timeout, Win32Error};
use clusim_conformance::guarantees;
use clusim_conformance::suite::{self, Outcome};
use clusim_conformance::{RunOptions, Scenario, Trace};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

macro_rules! out {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

fn default_scenarios() -> Result<Vec<PathBuf>, String> {
    let dir = Path::new("spec/scenarios");
    suite::scenario_files(dir)
        .map_err(|e| format!("{}: {e} (run from the repository root, or name scenario files)", dir.display()))
}

/// The real-ClusAPI backend: `clusapi.dll` on Windows; elsewhere the same code over
/// libclusapi's exports, i.e. the simulator behind the C ABI in this process (real clock).
fn clusapi_backend() -> Result<Arc<dyn Backend>, String> {
    Ok(clusim_clusapi::ClusApiBackend::shared())
}

/// The backends `--backend` accepts.
pub const BACKENDS: [&str; 2] = ["sim", "clusapi"];

/// Refuses an unknown `--backend` before anything runs, listing the valid ones.
fn known_backend(backend: &str) -> Result<(), String> {
    if BACKENDS.contains(&backend) {
        Ok(())
    } else {
        Err(format!("unknown backend {backend:?}: the backends are {}", BACKENDS.join(", ")))
    }
}

/// How a command runs its scenarios.
#[derive(Clone, Copy)]
pub struct RunArgs<'a> {
    /// `--backend`.
    pub backend: &'a str,
    /// `--cluster`: one cluster shared by every scenario.
    pub cluster: Option<&'a str>,
    /// `--step-timeout`.
    pub step_timeout: Option<Duration>,
    /// `--allow-irreversible`.
    pub allow_irreversible: bool,
}

fn run_one(sc: &Scenario, args: RunArgs<'_>) -> Result<Outcome, String> {
    match args.backend {
        "sim" => suite::run_on_sim_with(sc, args.step_timeout),
        "clusapi" => {
            let b = clusapi_backend()?;
            let name = args.cluster.map(str::to_string).unwrap_or_else(|| suite::cluster_name(sc));
            let opts = RunOptions { step_timeout: args.step_timeout, ..RunOptions::new("clusapi", &name) };
            suite::run_with(sc, b, opts)
        }
        o => Err(format!("unknown backend {o:?}: the backends are {}", BACKENDS.join(", "))),
    }
}

/// Why a scenario is not run with these arguments, if it is not.
fn skip_reason(sc: &Scenario, args: RunArgs<'_>) -> Option<String> {
    if !sc.applies.includes(args.backend) {
        return Some(format!("{}-only", sc.applies.label()));
    }
    let steps = sc.irreversible_steps();
    match (args.cluster, steps.first()) {
        (Some(c), Some(s)) if !args.allow_irreversible => Some(format!(
            "line {}: {} cannot be undone on the shared cluster {c}; --allow-irreversible runs it anyway",
            s.line, s.op
        )),
        _ => None,
    }
}

/// Says which ClusAPI implementation answers (libclusapi reports the vendor `clusim`).
fn describe_clusapi(cluster: Option<&str>) -> Result<(), String> {
    let b = clusim_clusapi::ClusApiBackend::new();
    let c =
        b.open_cluster(cluster).map_err(|e| format!("OpenCluster({}): {e}", cluster.unwrap_or("NULL")))?;
    let vendor = b.vendor(c).map_err(|e| format!("GetClusterInformation: {e}"))?;
    let what = if vendor == "clusim" { "libclusapi, the simulator" } else { "a real cluster" };
    out!("clusapi backend: ClusAPI answered by {vendor:?} ({what})");
    Ok(())
}

pub fn run(files: &[PathBuf], args: RunArgs<'_>, verbose: bool) -> Result<(), String> {
    let (backend, cluster) = (args.backend, args.cluster);
    known_backend(backend)?;
    let files = if files.is_empty() { default_scenarios()? } else { files.to_vec() };
    if backend == "clusapi" {
        describe_clusapi(cluster)?;
    }
    let color = std::io::stdout().is_terminal();
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    for path in &files {
        let sc = suite::load(path)?;
        if let Some(why) = skip_reason(&sc, args) {
            out!("skip  {} ({why})", sc.name);
            skipped += 1;
            continue;
        }
        let o = run_one(&sc, args).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut problems = Vec::new();
        problems.extend(o.failures.iter().map(|f| format!("{}:{}: {}", path.display(), f.line, f.message)));
        problems.extend(o.violations.iter().map(|v| format!("{}: {v}", path.display())));
        problems.extend(o.cleanup.iter().map(|c| format!("{}: cleanup: {c}", path.display())));
        let golden = suite::golden_path(path);
        match std::fs::read_to_string(&golden) {
            Ok(text) => {
                let expected = Trace::from_jsonl(&text).map_err(|e| format!("{}: {e}", golden.display()))?;
                if let Some(d) = suite::compare(&expected, &o.trace, color) {
                    problems.push(format!("{} differs from {}:\n{d}", path.display(), golden.display()));
                }
            }
            Err(_) => problems.push(format!("{}: no golden trace at {}", path.display(), golden.display())),
        }
        if verbose {
            out!("{}", o.trace.render());
        }
        if problems.is_empty() {
            out!("ok    {}  ({})", sc.name, sc.display_title());
            passed += 1;
        } else {
            out!("FAIL  {}  ({})", sc.name, sc.display_title());
            for p in problems {
                out!("      {}", p.replace('\n', "\n      "));
            }
            failed += 1;
        }
    }
    out!("{passed} passed, {failed} failed, {skipped} skipped");
    if failed > 0 {
        Err(format!("{failed} scenario(s) failed on {backend}"))
    } else {
        Ok(())
    }
}

/// Records a scenario's trace (failed steps marked in it, see `Entry::failed`); exits
/// non-zero when an expectation failed, a step was stuck, a guarantee broke or the
/// cleanup left something behind — after writing the trace.
pub fn record(path: &Path, output: &Path, args: RunArgs<'_>) -> Result<(), String> {
    known_backend(args.backend)?;
    let sc = suite::load(path)?;
    if let Some(why) = skip_reason(&sc, args) {
        return Err(format!("{}: not run ({why})", path.display()));
    }
    let o = run_one(&sc, args)?;
    for f in &o.failures {
        eprintln!("{}:{}: {}", path.display(), f.line, f.message);
    }
    for v in &o.violations {
        eprintln!("{}: {v}", path.display());
    }
    for c in &o.cleanup {
        eprintln!("{}: cleanup: {c}", path.display());
    }
    if let Some(dir) = output.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(output, o.trace.to_jsonl()).map_err(|e| format!("{}: {e}", output.display()))?;
    out!("{}", o.trace.render());
    let n = o.failures.len() + o.violations.len() + o.cleanup.len();
    if n == 0 {
        Ok(())
    } else {
        Err(format!("{n} problem(s) in {} (trace written to {})", sc.name, output.display()))
    }
}

fn read_trace(p: &Path) -> Result<Trace, String> {
    let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
    Trace::from_jsonl(&text).map_err(|e| format!("{}: {e}", p.display()))
}

pub fn diff(a: &Path, b: &Path) -> Result<(), String> {
    let (ta, tb) = (read_trace(a)?, read_trace(b)?);
    match suite::compare(&ta, &tb, std::io::stdout().is_terminal()) {
        None => {
            out!("traces are equal");
            Ok(())
        }
        Some(d) => {
            out!("{d}");
            Err("traces differ".into())
        }
    }
}

pub fn check(p: &Path) -> Result<(), String> {
    let t = read_trace(p)?;
    let v = guarantees::check(&t);
    let failed: Vec<_> = t.failed_steps().collect();
    for e in &failed {
        out!(
            "step {} line {}: {} -> {}: {}",
            e.step,
            e.line,
            e.op,
            e.code,
            e.failed.as_deref().unwrap_or("")
        );
    }
    for x in &v {
        out!("{x}");
    }
    match (failed.len(), v.len()) {
        (0, 0) => {
            out!("all guarantees hold ({} steps)", t.entries.len());
            Ok(())
        }
        (f, v) => Err(format!("{f} failed step(s), {v} guarantee violation(s)")),
    }
}

/// What `clusim watch` reads: a V1 port (`--filter` of CLUSTER_CHANGE names) or, with
/// `--v2`, a V2 port (`--filter` of `TYPE:FLAGS` filters).
enum Source {
    V1(clusim_api::client::NotifyPort),
    V2(crate::watch_v2::V2Watch),
}

impl Source {
    /// The next event as table cells, or the get's code.
    fn next(&mut self, timeout: Timeout) -> Result<Vec<String>, Win32Error> {
        match self {
            Source::V1(port) => port.get(timeout).map(|n| {
                let change = n.change.name().unwrap_or("?").trim_start_matches("CLUSTER_CHANGE_").to_string();
                vec![change, n.name]
            }),
            Source::V2(w) => {
                w.next(timeout).map(|[t, change, name, payload]| vec![format!("{t} {change}"), name, payload])
            }
        }
    }
}

pub fn watch(
    backend: &str,
    cluster: Option<&str>,
    filter: Option<&str>,
    v2: bool,
    scenario: Option<&Path>,
    idle_exit: Option<u64>,
) -> Result<(), String> {
    let filter = filter.unwrap_or(if v2 { crate::watch_v2::DEFAULT_FILTER } else { "ALL" });
    let mut f = ChangeFlags::empty();
    let v2_filters = if v2 { crate::watch_v2::parse_filters(filter)? } else { Vec::new() };
    for part in filter.split('|').filter(|_| !v2) {
        f |= ChangeFlags::parse_one(part).ok_or_else(|| format!("unknown change flag {part:?}"))?;
    }
    known_backend(backend)?;
    let sim = clusim_sim::Sim::builder().instant_transitions(true).build();
    let (b, label): (Arc<dyn Backend>, &str) = match backend {
        "sim" => (sim.shared(), "sim"),
        _ => (clusapi_backend()?, "clusapi"),
    };
    let sc = scenario.map(suite::load).transpose()?;
    // The scenario runs on the watched cluster: `--cluster`, else its own.
    let name = cluster.map(str::to_string).or_else(|| sc.as_ref().map(suite::cluster_name));
    let c = Cluster::open(b.clone(), name.as_deref()).map_err(|e| format!("OpenCluster: {e}"))?;
    let mut source = if v2 {
        Source::V2(crate::watch_v2::V2Watch::open(b.clone(), c.raw(), &v2_filters)?)
    } else {
        Source::V1(c.notify_port(f, NotifyKey(1)).map_err(|e| format!("CreateClusterNotifyPort: {e}"))?)
    };
    out!("watching {} on {label} for {filter} (Ctrl-C to stop)", c.name().unwrap_or_default());
    if v2 {
        out!("{:>10}  {:<34}  {:<24}  {}", "ms", "object type and change", "object name", "payload");
    } else {
        out!("{:>10}  {:<34}  {}", "ms", "change", "object name");
    }
    let start = std::time::Instant::now();
    let runner = sc.map(|sc| {
        let b = b.clone();
        let probe = (label == "sim").then(|| suite::sim_probe(&sim));
        let cluster_name = name.clone().unwrap_or_default();
        let faults = (label == "sim").then(|| suite::sim_faults(&sim, &cluster_name));
        std::thread::spawn(move || {
            let opts = RunOptions { probe, faults, ..RunOptions::new(label, &cluster_name) };
            clusim_conformance::run(&sc, b, opts).map(|_| ())
        })
    });
    let mut idle = Duration::ZERO;
    loop {
        match source.next(Timeout::from(Duration::from_millis(500))) {
            Ok(cells) => {
                idle = Duration::ZERO;
                match cells.as_slice() {
                    [change, name] => out!("{:>10}  {change:<34}  {name}", start.elapsed().as_millis()),
                    [change, name, payload] => {
                        out!("{:>10}  {change:<34}  {name:<24}  {payload}", start.elapsed().as_millis())
                    }
                    _ => {}
                }
            }
            Err(Win32Error::WAIT_TIMEOUT) => {
                idle += Duration::from_millis(500);
                let scenario_done = runner.as_ref().is_some_and(|r| r.is_finished());
                if scenario_done || idle_exit.is_some_and(|s| idle >= Duration::from_secs(s)) {
                    break;
                }
            }
            Err(e) => {
                return Err(format!("{}: {e}", if v2 { "GetClusterNotifyV2" } else { "GetClusterNotify" }))
            }
        }
    }
    if let Some(r) = runner {
        r.join().map_err(|_| "scenario thread panicked".to_string())??;
    }
    Ok(())
}
