//! # clusim-bench
//!
//! The benchmark cases of clusim's event-queue hot path, each against its baseline,
//! measured side by side in one process. Used by `clusim bench` (a table or JSON lines)
//! and by the criterion benches in the workspace's `benches/` (plots).
//!
//! Guarantees:
//! - Every case measures its clusim side and its baseline in the same process,
//!   interleaved, and reports medians ([`measure`], spec/perf.md).
//! - Every side checks what it measures: a missing delivery panics, it is never timed.
//! - A case whose code has not landed yet is listed with the reason
//!   ([`Plan::NotYet`]), never with a made-up figure.
//! - Nothing here judges: [`CaseResult::pass`] says whether a goal was met, and the
//!   caller decides what to do with it (`clusim bench` always exits 0).
//!
//! ```
//! use clusim_bench::{cases, measure::{measure, Budget}};
//! let mut pair = cases::p1_hot_path();
//! let m = measure(&mut pair, Budget::SMOKE);
//! assert!(m.clusim_ns > 0.0 && m.baseline_ns > 0.0);
//! ```

#![warn(missing_docs)]

pub mod cases;
pub mod measure;
pub mod report;

use measure::{Budget, Pair};
use std::fmt;
use std::time::Duration;

/// What a case aims for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Goal {
    /// clusim's ns/op at most `max` times the baseline's.
    Ratio {
        /// The largest acceptable ratio.
        max: f64,
        /// What the baseline is, when it is another case's clusim side (`"P1"`).
        of: Option<&'static str>,
    },
    /// All the operations together take less than this much wall time.
    WallUnder(Duration),
    /// Reported for information; no goal.
    None,
}

impl fmt::Display for Goal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Goal::Ratio { max, of: None } => write!(f, "≤ {max}×"),
            Goal::Ratio { max, of: Some(case) } => write!(f, "≤ {max}× {case}"),
            Goal::WallUnder(d) if d.subsec_nanos() == 0 => write!(f, "< {} s in all", d.as_secs()),
            Goal::WallUnder(d) => write!(f, "< {} ms in all", d.as_millis()),
            Goal::None => f.write_str("—"),
        }
    }
}

/// A wall-time case: runs `n` operations and returns their total wall time.
pub type WallFn = fn(u64) -> Duration;

/// How a case is run.
pub enum Plan {
    /// Both sides measured side by side ([`measure::measure`]).
    Paired(Box<dyn Fn() -> Pair>),
    /// A fixed number of operations whose total wall time is the figure (median of
    /// the rounds); there is no baseline.
    Wall {
        /// Operations per run.
        ops: u64,
        /// The run.
        run: WallFn,
    },
    /// The code this case measures has not landed yet; the reason is shown instead.
    NotYet(&'static str),
}

/// One benchmark case.
pub struct Case {
    /// Short id: `P1`…`P7`, `E1`, `S-ports-100`, …
    pub id: String,
    /// What is measured, in a few words.
    pub title: String,
    /// The clusim side, in a few words.
    pub clusim: &'static str,
    /// The baseline, in a few words.
    pub baseline: &'static str,
    /// The goal.
    pub goal: Goal,
    /// How it runs.
    pub plan: Plan,
    /// For a point of a scaling sweep: the sweep's name and this point's value
    /// (criterion draws the sweep as one group, parameter on the x axis).
    pub sweep: Option<(&'static str, u64)>,
}

impl Case {
    fn paired(
        id: impl Into<String>,
        title: impl Into<String>,
        clusim: &'static str,
        baseline: &'static str,
        goal: Goal,
        make: impl Fn() -> Pair + 'static,
    ) -> Case {
        Case {
            id: id.into(),
            title: title.into(),
            clusim,
            baseline,
            goal,
            plan: Plan::Paired(Box::new(make)),
            sweep: None,
        }
    }

    fn in_sweep(mut self, name: &'static str, value: u64) -> Case {
        self.sweep = Some((name, value));
        self
    }

    /// Runs the case under `budget`.
    pub fn run(&self, budget: Budget) -> CaseResult {
        let outcome = match &self.plan {
            Plan::Paired(make) => {
                let mut pair = make();
                let m = measure::measure(&mut pair, budget);
                Outcome::Measured { clusim_ns: m.clusim_ns, baseline_ns: Some(m.baseline_ns), total: None }
            }
            Plan::Wall { ops, run } => {
                let rounds = budget.rounds.clamp(1, 5);
                let mut totals: Vec<f64> = (0..rounds).map(|_| run(*ops).as_nanos() as f64).collect();
                let total = measure::median(&mut totals);
                Outcome::Measured {
                    clusim_ns: total / *ops as f64,
                    baseline_ns: None,
                    total: Some(Duration::from_nanos(total as u64)),
                }
            }
            Plan::NotYet(why) => Outcome::NotYet(why),
        };
        CaseResult { id: self.id.clone(), title: self.title.clone(), goal: self.goal, outcome, memory: None }
    }
}

/// What a run of a case gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Measured.
    Measured {
        /// clusim, median ns per operation.
        clusim_ns: f64,
        /// The baseline, median ns per operation (`None`: the case has no baseline).
        baseline_ns: Option<f64>,
        /// Wall time of all the operations (wall-time cases).
        total: Option<Duration>,
    },
    /// Not available yet, with the reason.
    NotYet(&'static str),
}

/// One row of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseResult {
    /// The case id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its goal.
    pub goal: Goal,
    /// The figures, or why there are none.
    pub outcome: Outcome,
    /// The memory figure, on the row of the case whose events it concerns (P1).
    pub memory: Option<cases::MemoryFigure>,
}

impl CaseResult {
    /// clusim ns/op, when measured.
    pub fn clusim_ns(&self) -> Option<f64> {
        match self.outcome {
            Outcome::Measured { clusim_ns, .. } => Some(clusim_ns),
            Outcome::NotYet(_) => None,
        }
    }

    /// Baseline ns/op, when measured.
    pub fn baseline_ns(&self) -> Option<f64> {
        match self.outcome {
            Outcome::Measured { baseline_ns, .. } => baseline_ns,
            Outcome::NotYet(_) => None,
        }
    }

    /// clusim over baseline, when both were measured.
    pub fn ratio(&self) -> Option<f64> {
        Some(self.clusim_ns()? / self.baseline_ns()?)
    }

    /// Whether the goal was met (`None`: no goal, or nothing measured).
    pub fn pass(&self) -> Option<bool> {
        match (&self.goal, &self.outcome) {
            (_, Outcome::NotYet(_)) | (Goal::None, _) => None,
            (Goal::Ratio { max, .. }, _) => self.ratio().map(|r| r <= *max),
            (Goal::WallUnder(limit), Outcome::Measured { total, .. }) => total.map(|t| t < *limit),
        }
    }
}

/// P6's goal: this many gets of 500 ms.
pub const P6_GETS: u64 = 10_000;

/// Every case, in report order: the issue's P1–P7, the end-to-end case, the sweeps.
pub fn all_cases() -> Vec<Case> {
    let ratio = |max| Goal::Ratio { max, of: None };
    let mut v = vec![
        Case::paired(
            "P1",
            "hot path: 1 event → 1 port, get(0)",
            "Router::route + PortQueue::get(0)",
            "crossbeam send + try_recv",
            ratio(1.5),
            cases::p1_hot_path,
        ),
        Case::paired(
            "P2",
            "routing: 10,000 ports, 1 matches",
            "P1 path among 10,000 ports",
            "P1 path with 1 port",
            ratio(1.5),
            cases::p2_routing,
        ),
        Case::paired(
            "P3",
            "fan-out: 1 event → 1,000 ports, per delivery",
            "route to 1,000 ports + 1,000 gets",
            "P1 clusim path",
            Goal::Ratio { max: 2.0, of: Some("P1") },
            cases::p3_fan_out,
        ),
        Case::paired(
            "P4",
            "wake-up: ping-pong, get(INFINITE)",
            "2 threads, 2 ports, get(INFINITE)",
            "2 threads, 2 crossbeam channels, recv",
            ratio(1.5),
            cases::p4_ping_pong,
        ),
        Case::paired(
            "P5",
            "GetClusterNotify via libclusapi vs Rust API",
            "ClusApiBackend::get_notify(0) → libclusapi's GetClusterNotify",
            "Sim's Backend::get_notify(0)",
            ratio(1.5),
            cases::p5_libclusapi,
        ),
        Case {
            id: "P6".into(),
            title: "manual clock: 10,000 gets of 500 ms time out".into(),
            clusim: "get(500 ms), helper thread advances the clock",
            baseline: "none (5,000 s of simulated time)",
            goal: Goal::WallUnder(Duration::from_secs(1)),
            plan: Plan::Wall { ops: P6_GETS, run: cases::p6_manual_clock },
            sweep: None,
        },
        Case {
            id: "P6-auto".into(),
            title: "the same, one thread, auto-advancing clock".into(),
            clusim: "get(500 ms) under Clock::manual_auto_advance",
            baseline: "none (5,000 s of simulated time)",
            goal: Goal::WallUnder(Duration::from_secs(1)),
            plan: Plan::Wall { ops: P6_GETS, run: cases::p6_auto_advance },
            sweep: None,
        },
        Case::paired(
            "P7",
            "batches: 100 ports, 2,000 vs 1,000 commands",
            "commit 2,000 SET_VALUEs, 100 batch ports get + read",
            "the same with 1,000 commands",
            ratio(2.2),
            cases::p7_batches,
        ),
        Case::paired(
            "E1",
            "end to end: property change → drained port",
            "Backend::set_properties + get_notify(0)",
            "the same property change, no port",
            Goal::None,
            cases::e1_end_to_end,
        ),
    ];
    for ports in [1usize, 10, 100, 1_000, 10_000] {
        v.push(
            Case::paired(
                format!("S-ports-{ports}"),
                format!("sweep: {} matching ports, per delivery", report::thousands(ports as u64)),
                "route to N ports + N gets",
                "N crossbeam channels: send + recv each",
                Goal::None,
                move || cases::sweep_ports(ports),
            )
            .in_sweep("S-ports", ports as u64),
        );
    }
    for regs in [1usize, 10, 100] {
        v.push(
            Case::paired(
                format!("S-regs-{regs}"),
                format!("sweep: {regs} registrations on 1 port, per delivery"),
                "route to R registrations + R gets",
                "1 crossbeam channel: R sends + R recvs",
                Goal::None,
                move || cases::sweep_registrations(regs),
            )
            .in_sweep("S-regs", regs as u64),
        );
    }
    for commands in [10usize, 100, 1_000, 10_000, 100_000] {
        v.push(
            Case::paired(
                format!("S-batch-{commands}"),
                format!("sweep: {}-command batch → 1 port, per command", report::thousands(commands as u64)),
                "commit N SET_VALUEs, 1 batch port gets + reads",
                "1 crossbeam channel: N sends + N recvs",
                Goal::None,
                move || cases::sweep_batch(commands),
            )
            .in_sweep("S-batch", commands as u64),
        );
    }
    v
}

/// Events queued for the memory figure.
pub const MEMORY_EVENTS: usize = 100_000;

/// Runs `cases` in order under `budget`, handing each result to `each` as soon as it is
/// known (so a report can stream). The memory figure rides on P1's row.
pub fn run(cases: &[Case], budget: Budget, mut each: impl FnMut(&CaseResult)) -> Vec<CaseResult> {
    let mut out = Vec::with_capacity(cases.len());
    for case in cases {
        let mut r = case.run(budget);
        if r.id == "P1" {
            r.memory = Some(cases::memory_per_queued_event(MEMORY_EVENTS));
        }
        each(&r);
        out.push(r);
    }
    out
}

/// The machine, as far as the process can tell: CPU model and logical CPUs.
pub fn machine() -> String {
    let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_string());
    format!("{model}, {cpus} logical CPUs, {}", std::env::consts::OS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goals_read_as_the_issue_writes_them() {
        assert_eq!(Goal::Ratio { max: 1.5, of: None }.to_string(), "≤ 1.5×");
        assert_eq!(Goal::Ratio { max: 2.0, of: Some("P1") }.to_string(), "≤ 2× P1");
        assert_eq!(Goal::WallUnder(Duration::from_secs(1)).to_string(), "< 1 s in all");
        assert_eq!(Goal::None.to_string(), "—");
    }

    #[test]
    fn every_issue_case_is_listed_once_in_order() {
        let ids: Vec<String> = all_cases().into_iter().map(|c| c.id).collect();
        let issue: Vec<&str> = ids.iter().map(String::as_str).filter(|i| i.len() == 2).collect();
        assert_eq!(issue, ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "E1"]);
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len(), "ids are unique");
    }

    #[test]
    fn cases_not_landed_yet_report_no_figures() {
        let waiting = Case {
            id: "P9".into(),
            title: "t".into(),
            clusim: "c",
            baseline: "b",
            goal: Goal::Ratio { max: 1.5, of: None },
            plan: Plan::NotYet("not built yet"),
            sweep: None,
        };
        let r = waiting.run(Budget::SMOKE);
        assert_eq!(r.outcome, Outcome::NotYet("not built yet"));
        assert_eq!((r.clusim_ns(), r.ratio(), r.pass()), (None, None, None));
    }

    #[test]
    fn pass_compares_the_ratio_or_the_total_with_the_goal() {
        let row =
            |goal, outcome| CaseResult { id: "X".into(), title: String::new(), goal, outcome, memory: None };
        let m = |c, b| Outcome::Measured { clusim_ns: c, baseline_ns: Some(b), total: None };
        let r15 = Goal::Ratio { max: 1.5, of: None };
        assert_eq!(row(r15, m(15.0, 10.0)).pass(), Some(true));
        assert_eq!(row(r15, m(16.0, 10.0)).pass(), Some(false));
        assert_eq!(row(Goal::None, m(16.0, 10.0)).pass(), None);
        let wall = |ms| Outcome::Measured {
            clusim_ns: 1.0,
            baseline_ns: None,
            total: Some(Duration::from_millis(ms)),
        };
        let under = Goal::WallUnder(Duration::from_secs(1));
        assert_eq!(row(under, wall(999)).pass(), Some(true));
        assert_eq!(row(under, wall(1000)).pass(), Some(false));
        assert_eq!(row(under, wall(10)).ratio(), None);
    }
}
