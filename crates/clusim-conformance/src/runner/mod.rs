//! Runs a scenario against any [`Backend`] and records its trace.
//!
//! Guarantees: every step is one backend call (or a runner verb: `Drain`,
//! `ReadBatchNotification`, `ReadBatchReply`, `Advance`, `WaitBlocked`, `join`);
//! handles are named by scenario variables, never by value; no step runs longer than
//! the step deadline ([`RunOptions::step_timeout`], the scenario's `# step-timeout:`, or
//! [`DEFAULT_STEP_TIMEOUT`]): a stuck step — a get nothing satisfies, a `join` on an actor
//! that never returns — is recorded as `HANG`, reported as a [`StepFailure`] naming its
//! line and every actor still blocked with what it waits on, and ends the scenario;
//! afterwards the cluster is left as the scenario found it ([`cleanup`]).
//!
//! Files: [`args`] (argument parsing, variables), one file per op family ([`objects`],
//! [`ports`], [`registry`], [`batches`], [`read_batches`], [`verbs`]), the cleanup
//! ([`cleanup`], [`keys`]), and the loop (here).

mod args;
mod batches;
mod cleanup;
mod expect;
mod keys;
mod membership;
mod notify_v2;
mod objects;
mod ports;
mod read_batches;
mod registry;
mod verbs;

pub use verbs::parse_duration;

use crate::scenario::{Applies, Arg, Scenario, Step};
use crate::trace::{Entry, Header, Record, Trace};
use args::{code_name, notif_record, StepResult, Vars};
use cleanup::Undo;
use clusim_api::*;
use clusim_clock::Clock;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A step's deadline when neither the options nor the scenario set one.
pub const DEFAULT_STEP_TIMEOUT: Duration = Duration::from_secs(10);

/// What `WaitBlocked` waits for on a backend that cannot count blocked threads (no
/// [`RunOptions::probe`], or a timed get without a manual clock): real time.
pub const BLOCKED_GRACE: Duration = Duration::from_millis(50);

/// A port a spawned get may block on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waitable {
    /// A V1 notification port.
    Port(HChange),
    /// A batch notification port.
    BatchPort(HRegBatchPort),
}

/// Counts the threads blocked in a get on a port (`None`: unknown, e.g. a closed
/// handle). The simulator-backed callers supply it from the simulator's port counters.
pub type WaiterProbe = Arc<dyn Fn(Waitable) -> Option<u32> + Send + Sync>;

/// The simulator's fault injection for the `Fault` verb: `(fault, node)` with fault one of
/// `node_down`, `node_up` (a node name), `cluster_unreachable`, `reconnect` (`""`).
pub type FaultHook = Arc<dyn Fn(&str, &str) -> Result<()> + Send + Sync>;
/// The simulator's resource scripts (spec/model.md MODEL-SCRIPT) for the verbs
/// `SimOnlineBehaviour "res" fail|hang|normal` and `SimIsAliveFailure "res" 500ms`:
/// called with (verb, resource name, value). `None` (a real cluster): the verbs fail.
pub type SimScript = Arc<dyn Fn(&str, &str, &str) -> Result<(), String> + Send + Sync>;

/// How to run.
#[derive(Clone)]
pub struct RunOptions {
    /// The backend label recorded in the trace and matched against markers.
    pub backend_label: String,
    /// The cluster the scenario's `OpenCluster` opens (fresh for each run).
    pub cluster_name: String,
    /// The backend's manual clock, if it has one (`Advance` moves it; otherwise
    /// `Advance` sleeps for real).
    pub clock: Option<Clock>,
    /// The deadline of every step (real time); `None`: the scenario's `# step-timeout:`,
    /// else [`DEFAULT_STEP_TIMEOUT`].
    pub step_timeout: Option<Duration>,
    /// How `WaitBlocked` sees a get blocked on a port; `None` (a real cluster): it waits
    /// [`BLOCKED_GRACE`] of real time instead.
    pub probe: Option<WaiterProbe>,
    /// What the `Fault` verb calls; `None` (a real cluster): `Fault` is an error, so
    /// scenarios that use it are `# backends: sim`.
    pub faults: Option<FaultHook>,
    /// The simulator's resource scripts, when the backend is a simulator.
    pub sim_script: Option<SimScript>,
}

impl RunOptions {
    /// Options for a backend label and a cluster name: no clock, no probe, the default
    /// deadline.
    pub fn new(backend_label: &str, cluster_name: &str) -> RunOptions {
        RunOptions {
            backend_label: backend_label.into(),
            cluster_name: cluster_name.into(),
            clock: None,
            step_timeout: None,
            probe: None,
            faults: None,
            sim_script: None,
        }
    }
}

/// A step whose `-> CODE` expectation failed, or a step that was stuck.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepFailure {
    /// Scenario line.
    pub line: usize,
    /// What happened.
    pub message: String,
}

/// The outcome of a run: the trace and the expectations that failed.
#[derive(Debug, Clone)]
pub struct RunResult {
    /// The trace (not yet normalized).
    pub trace: Trace,
    /// Failed `-> CODE` expectations, a stuck step, actors never joined.
    pub failures: Vec<StepFailure>,
    /// What the cleanup after the scenario could not undo (not part of the trace).
    pub cleanup: Vec<String>,
}

/// A spawned actor, as `WaitBlocked` and stuck reports see it.
pub(crate) struct Actor {
    step: Step,
    done: Arc<AtomicBool>,
}

pub(crate) struct Ctx {
    backend: Arc<dyn Backend>,
    opts: RunOptions,
    vars: Vars,
    step_timeout: Duration,
    actors: Mutex<BTreeMap<String, Actor>>,
    undo: Undo,
}

fn exec(ctx: &Ctx, step: &Step) -> StepResult {
    for family in [
        objects::exec,
        membership::exec,
        ports::exec,
        notify_v2::exec,
        registry::exec,
        batches::exec,
        read_batches::exec,
        verbs::exec,
    ] {
        if let Some(o) = family(ctx, step)? {
            return Ok(o);
        }
    }
    Err(format!("unknown operation {}", step.op))
}

fn drain_observer(backend: &dyn Backend, port: HChange) -> Vec<Record> {
    let mut out = Vec::new();
    let mut buf = vec![0u16; 1024];
    loop {
        match backend.get_notify(port, &mut buf, Timeout::POLL) {
            Ok(h) => {
                let mut r = notif_record(h.key, h.change, &String::from_utf16_lossy(&buf[..h.name_len]));
                r.remove("key");
                out.push(r);
            }
            Err(GetNotifyError::MoreData { needed }) => buf.resize(needed + 1, 0),
            Err(_) => return out,
        }
    }
}

/// Runs `step` on its own thread; `done` is set when it returns.
fn start(ctx: &Arc<Ctx>, step: &Step, done: Arc<AtomicBool>) -> mpsc::Receiver<StepResult> {
    let (tx, rx) = mpsc::channel();
    let (ctx, step) = (ctx.clone(), step.clone());
    std::thread::spawn(move || {
        let r = exec(&ctx, &step);
        done.store(true, Ordering::Release);
        let _ = tx.send(r);
    });
    rx
}

fn describe(who: &str, step: &Step) -> String {
    let args = if step.args.is_empty() { String::new() } else { format!(" {}", step.args_text()) };
    format!("{who} (line {}): {}{args}", step.line, step.op)
}

/// The stuck report: the step, the deadline, every actor still blocked.
fn stuck(ctx: &Ctx, step: &Step, main: bool) -> StepFailure {
    let mut blocked = Vec::new();
    if main {
        blocked.push(describe("main", step));
    }
    for (who, a) in ctx.actors.lock().unwrap().iter() {
        if !a.done.load(Ordering::Acquire) {
            blocked.push(describe(who, &a.step));
        }
    }
    let what =
        if step.args.is_empty() { step.op.clone() } else { format!("{} {}", step.op, step.args_text()) };
    StepFailure {
        line: step.line,
        message: format!(
            "stuck: `{what}` did not finish within the step deadline of {:?}; still blocked: {}",
            ctx.step_timeout,
            if blocked.is_empty() { "none".to_string() } else { blocked.join("; ") }
        ),
    }
}

/// Runs a scenario. Steps marked for another backend are skipped (not recorded).
/// Errors are scenario errors (unknown variable, bad argument) with the line.
pub fn run(
    sc: &Scenario,
    backend: Arc<dyn Backend>,
    opts: RunOptions,
) -> std::result::Result<RunResult, String> {
    if !sc.applies.includes(&opts.backend_label) {
        return Err(format!("scenario {} is {}-only", sc.name, sc.applies.label()));
    }
    let observer_cluster =
        backend.open_cluster(Some(&opts.cluster_name)).map_err(|e| format!("observer OpenCluster: {e}"))?;
    let observer = backend
        .create_notify_port(
            None,
            Some(observer_cluster),
            ChangeFlags::ALL - ChangeFlags::HANDLE_CLOSE,
            NotifyKey(0),
        )
        .map_err(|e| format!("observer port: {e}"))?;
    let ctx = Arc::new(Ctx {
        backend: backend.clone(),
        step_timeout: opts.step_timeout.or(sc.step_timeout).unwrap_or(DEFAULT_STEP_TIMEOUT),
        opts: opts.clone(),
        vars: Arc::new(Mutex::new(BTreeMap::new())),
        actors: Mutex::new(BTreeMap::new()),
        undo: Undo::new(backend.clone(), observer_cluster),
    });
    let r = steps(sc, &ctx, observer);
    let _ = backend.close_notify_port(observer);
    let cleanup = ctx.undo.finish();
    let _ = backend.close_cluster(observer_cluster);
    let (entries, failures) = r?;
    Ok(RunResult {
        trace: Trace {
            header: Header { scenario: sc.name.clone(), backend: opts.backend_label.clone() },
            entries,
        },
        failures,
        cleanup,
    })
}

/// Ends a run at a stuck step: its entry is `HANG`, marked failed with the report.
fn hang(
    mut entries: Vec<Entry>,
    mut failures: Vec<StepFailure>,
    mut entry: Entry,
    f: StepFailure,
) -> (Vec<Entry>, Vec<StepFailure>) {
    entry.failed = Some(f.message.clone());
    entry.code = "HANG".into();
    failures.push(f);
    entries.push(entry);
    (entries, failures)
}

type Steps = std::result::Result<(Vec<Entry>, Vec<StepFailure>), String>;

fn steps(sc: &Scenario, ctx: &Arc<Ctx>, observer: HChange) -> Steps {
    let opts = &ctx.opts;
    let backend = &*ctx.backend;
    let mut entries = Vec::new();
    let mut failures = Vec::new();
    let mut pending: BTreeMap<String, (usize, mpsc::Receiver<StepResult>)> = BTreeMap::new();
    // Spawned steps that may change the cluster: while any is outstanding, what the
    // observer sees cannot be pinned to one step, so it is kept and attached, sorted, to
    // the join that ends the concurrent section.
    let mut mutating: BTreeMap<String, ()> = BTreeMap::new();
    let mut deferred: Vec<Record> = Vec::new();
    for (i, step) in sc.steps.iter().enumerate() {
        if !step.applies.includes(&opts.backend_label) {
            continue;
        }
        let only = match step.applies {
            Applies::Any => None,
            o => Some(o.label().to_string()),
        };
        let mut entry = Entry {
            step: i,
            line: step.line,
            actor: step.spawn.clone().unwrap_or_else(|| "main".into()),
            op: step.op.clone(),
            args: step.args_text(),
            bind: step.bind.clone(),
            code: String::new(),
            out: Vec::new(),
            observed: Vec::new(),
            only,
            confirm: step.confirm.clone(),
            failed: None,
        };
        let outcome = if let Some(actor) = &step.spawn {
            let done = Arc::new(AtomicBool::new(false));
            let rx = start(ctx, step, done.clone());
            ctx.actors.lock().unwrap().insert(actor.clone(), Actor { step: step.clone(), done });
            pending.insert(actor.clone(), (i, rx));
            if !matches!(
                step.op.as_str(),
                "GetClusterNotify"
                    | "GetClusterNotifyV2"
                    | "WaitForSingleObject"
                    | "ClusterRegGetBatchNotification"
            ) {
                mutating.insert(actor.clone(), ());
            }
            entry.code = "PENDING".into();
            None
        } else if step.op == "join" {
            let who = match step.args.first() {
                Some(Arg::Word(w)) => w.clone(),
                _ => return Err(format!("line {}: expected `join ACTOR`", step.line)),
            };
            let (spawned_at, rx) =
                pending.remove(&who).ok_or_else(|| format!("line {}: no actor {who}", step.line))?;
            mutating.remove(&who);
            match rx.recv_timeout(ctx.step_timeout) {
                Ok(r) => {
                    ctx.actors.lock().unwrap().remove(&who);
                    Some(r.map_err(|e| format!("line {}: {e}", sc.steps[spawned_at].line))?)
                }
                Err(_) => return Ok(hang(entries, failures, entry, stuck(ctx, step, false))),
            }
        } else {
            let rx = start(ctx, step, Arc::new(AtomicBool::new(false)));
            match rx.recv_timeout(ctx.step_timeout) {
                Ok(r) => Some(r.map_err(|e| format!("{}:{}: {e}", sc.name, step.line))?),
                Err(_) => return Ok(hang(entries, failures, entry, stuck(ctx, step, true))),
            }
        };
        if let Some(o) = outcome {
            entry.code = code_name(o.code);
            entry.out = o.out;
            if let (Some(var), Some(v)) = (&step.bind, o.bind) {
                ctx.undo.bound(v);
                ctx.vars.lock().unwrap().insert(var.clone(), v);
            }
        }
        if let Some(exp) = &step.expect {
            if &entry.code != exp && !(entry.code == "PENDING" && step.spawn.is_some()) {
                entry.failed = Some(format!("expected {exp}"));
                failures.push(StepFailure {
                    line: step.line,
                    message: format!("{} returned {}, expected {exp}", step.op, entry.code),
                });
            }
        }
        if entry.code != "PENDING" {
            if let Some(m) = expect::outputs(ctx, step, &entry.out) {
                entry.failed.get_or_insert_with(|| m.clone());
                failures.push(StepFailure { line: step.line, message: format!("{}: {m}", step.op) });
            }
        }
        let seen = drain_observer(backend, observer);
        if !mutating.is_empty() {
            deferred.extend(seen);
        } else if !deferred.is_empty() {
            deferred.extend(seen);
            deferred.sort();
            entry.observed = std::mem::take(&mut deferred);
        } else {
            entry.observed = seen;
        }
        entries.push(entry);
    }
    for who in pending.keys() {
        failures.push(StepFailure { line: 0, message: format!("actor {who} was never joined") });
    }
    Ok((entries, failures))
}
