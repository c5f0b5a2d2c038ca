//! # clusim-chaos
//!
//! A seeded chaos runner: a random mix of model operations, registry writes and write
//! batches, port opens, closes, registrations and drains, and (with `faults`) node
//! down/up and connection loss/return, run by several actor threads against one
//! simulated cluster on the manual clock, then checked by the validators in
//! [`validate`](validate::validate) on the recorded history.
//!
//! Guarantees:
//! - The same [`ChaosConfig`] gives the same trace, byte for byte: the operations come
//!   from a SplitMix64 stream of the seed, and the actors run them in lockstep (one
//!   call at a time, on the thread the seed chose), so nothing depends on scheduling.
//! - A run either passes every validator or its [`ChaosReport`] carries the violations,
//!   the command that replays the seed, and a shrunk list of operations that still
//!   fails.
//!
//! ```
//! let report = clusim_chaos::run(&clusim_chaos::ChaosConfig { steps: 50, ..Default::default() });
//! assert!(report.violations.is_empty(), "{}", report.summary());
//! ```
//!
//! V1 and V2 ports are mixed: V2 ports are opened with filter presets, extended,
//! registered on a group (targeted), drained and closed ([`v2`]), checked against a V2
//! reference watcher.
//!
//! Ports run with a small capacity ([`ChaosConfig::port_capacity`], V1 and V2 alike), so
//! ports that are drained rarely overflow and must say so with `CLUSTER_RECONNECT` (V1)
//! or `CLUSTER_CHANGE_CLUSTER_LOST_NOTIFICATIONS_V2` (V2, N10); the reference watchers
//! are drained after every step and never overflow.
//!
//! Not covered yet: a cluster that stays without quorum across steps, gets that block
//! across steps.

#![warn(missing_docs)]

mod exec;
pub mod history;
pub mod ops;
mod quorum;
mod rng;
mod shrink;
pub mod v2;
pub mod validate;
mod validate_v2;

pub use exec::filter_preset;
pub use ops::Op;
pub use rng::Rng;

/// How to run.
#[derive(Debug, Clone)]
pub struct ChaosConfig {
    /// The seed: fixes the operations, their actors and the simulator's object ids.
    pub seed: u64,
    /// How many operations.
    pub steps: usize,
    /// Include faults (node down/up, connection loss and return).
    pub faults: bool,
    /// Actor threads.
    pub actors: usize,
    /// Every port's capacity, V1 and V2 (the reference watchers' too; they are drained
    /// every step).
    pub port_capacity: usize,
    /// The simulator's N9 switch (`SimBuilder::registrations_follow_objects`): whether a
    /// group registration ends with its group or keeps matching its name. The
    /// validators follow the same reading.
    pub registrations_follow_objects: bool,
    /// Deliberately corrupt what one port delivered (for testing the validators).
    pub tamper: Option<Tamper>,
}

impl Default for ChaosConfig {
    fn default() -> Self {
        ChaosConfig {
            seed: 1,
            steps: 200,
            faults: false,
            actors: 3,
            port_capacity: 64,
            registrations_follow_objects: false,
            tamper: None,
        }
    }
}

/// A deliberate corruption of the recorded deliveries, to prove the validators catch it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tamper {
    /// Forget the n-th (1-based) indication a port delivered.
    DropDelivered(usize),
    /// Record the n-th (1-based) indication a port delivered twice.
    DuplicateDelivered(usize),
    /// Forget the n-th (1-based) event a V2 port delivered.
    DropDeliveredV2(usize),
}

/// The outcome of a run.
#[derive(Debug, Clone)]
pub struct ChaosReport {
    /// The configuration it ran with.
    pub config: ChaosConfig,
    /// The operations it ran, with their actors.
    pub ops: Vec<(u8, Op)>,
    /// The trace (same seed, same bytes).
    pub trace: String,
    /// Every violation; empty when the run passed.
    pub violations: Vec<String>,
    /// For a failing run: a shrunk list of operations that still fails, and its trace.
    pub shrunk: Option<(Vec<(u8, Op)>, String)>,
}

impl ChaosReport {
    /// The command that replays this run.
    pub fn replay_command(&self) -> String {
        let c = &self.config;
        format!(
            "clusim chaos --seed {} --steps {}{} --actors {}",
            c.seed,
            c.steps,
            if c.faults { " --faults" } else { "" },
            c.actors
        )
    }

    /// A human summary: pass, or the violations, the replay command and the shrunk trace.
    pub fn summary(&self) -> String {
        if self.violations.is_empty() {
            return format!(
                "chaos: seed {} passed {} steps, every validator held",
                self.config.seed,
                self.ops.len()
            );
        }
        let mut s =
            format!("chaos: seed {} FAILED with {} violation(s):\n", self.config.seed, self.violations.len());
        for v in self.violations.iter().take(20) {
            s.push_str(&format!("  {v}\n"));
        }
        s.push_str(&format!("replay: {}\n", self.replay_command()));
        if let Some((ops, trace)) = &self.shrunk {
            s.push_str(&format!("shrunk to {} operation(s):\n{trace}", ops.len()));
        }
        s
    }
}

/// The operations a configuration runs.
pub fn generate(cfg: &ChaosConfig) -> Vec<(u8, Op)> {
    let mut rng = Rng::new(cfg.seed);
    (0..cfg.steps)
        .map(|_| (rng.pick(cfg.actors.clamp(1, 255) as u8), Op::generate(&mut rng, cfg.faults)))
        .collect()
}

/// Runs a given list of operations (no shrinking): the trace and the violations.
pub fn run_ops(cfg: &ChaosConfig, ops: &[(u8, Op)]) -> (String, Vec<String>) {
    let h = exec::run(cfg, ops);
    let v = validate::validate(&h, cfg.registrations_follow_objects);
    (h.trace, v)
}

/// Runs a configuration; a failing run is shrunk (at most 300 re-runs).
pub fn run(cfg: &ChaosConfig) -> ChaosReport {
    let ops = generate(cfg);
    let (trace, violations) = run_ops(cfg, &ops);
    let shrunk = (!violations.is_empty()).then(|| {
        let small = shrink::shrink(&ops, 300, |c| !run_ops(cfg, c).1.is_empty());
        let trace = run_ops(cfg, &small).0;
        (small, trace)
    });
    ChaosReport { config: cfg.clone(), ops, trace, violations, shrunk }
}
