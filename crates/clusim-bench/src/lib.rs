//! # clusim-bench
//!
//! The benchmark cases of clusim — the event-queue hot path, and the costs that must
//! not grow with the parts of a cluster an operation does not touch — each against a
//! baseline doing the same work, measured side by side in one process. Used by `clusim bench` (a table or JSON lines)
//! and by the criterion benches in the workspace's `benches/` (plots).
//!
//! Guarantees:
//! - Every case measures its clusim side and its baseline in the same process,
//!   interleaved, and reports each side's median and the median of the rounds' paired
//!   ratios ([`measure`], spec/perf.md).
//! - Every side checks what it measures: a missing delivery panics, it is never timed.
//! - A case whose code has not landed yet is listed with the reason
//!   ([`Plan::NotYet`]), never with a made-up figure.
//! - Every gated case has a margin ([`CaseResult::margin`]) and passes only at a
//!   margin of at most 1 (its ratio at or under its goal).
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
mod catalog;
pub mod measure;
pub mod pin;
pub mod report;

pub use catalog::{all_cases, MEMORY_EVENTS, P6_GETS};

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
    /// clusim's throughput (operations per second) at least `min` times the
    /// baseline's; the ratio is then the baseline's ns/op over clusim's.
    ThroughputAtLeast {
        /// The smallest acceptable throughput ratio.
        min: f64,
    },
    /// All the operations together take less than this much wall time.
    WallUnder(Duration),
    /// A memory figure: at most this many bytes per queued event.
    BytesAtMost(f64),
    /// Reported for information; no goal.
    None,
}

impl fmt::Display for Goal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Goal::Ratio { max, of: None } => write!(f, "≤ {max}×"),
            Goal::Ratio { max, of: Some(case) } => write!(f, "≤ {max}× {case}"),
            Goal::ThroughputAtLeast { min } => write!(f, "≥ {min}× ops/s"),
            Goal::BytesAtMost(max) => write!(f, "≤ {max} B/event"),
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
    /// A memory figure, measured once (no rounds, no baseline).
    Memory(fn() -> cases::MemoryFigure),
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
    /// Its sides alternate operation by operation, the measuring thread and any echo
    /// threads each pinned to a CPU of their own ([`measure::measure_alternating`],
    /// [`pin`]): for a case whose scheduling regime changes faster than a round (P4).
    /// Otherwise they alternate round by round ([`measure::measure`]).
    pub alternate_operations: bool,
}

impl Case {
    pub(crate) fn paired(
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
            alternate_operations: false,
        }
    }

    pub(crate) fn alternating_operations(mut self) -> Case {
        self.alternate_operations = true;
        self
    }

    pub(crate) fn in_sweep(mut self, name: &'static str, value: u64) -> Case {
        self.sweep = Some((name, value));
        self
    }

    /// Runs the case under `budget`.
    pub fn run(&self, budget: Budget) -> CaseResult {
        let outcome = match &self.plan {
            Plan::Paired(make) => {
                let mut pair = make();
                let m = if self.alternate_operations {
                    let _pin = pin::pin(pin::Cpu::Measuring);
                    measure::measure_alternating(&mut pair, budget)
                } else {
                    measure::measure(&mut pair, budget)
                };
                Outcome::Measured {
                    clusim_ns: m.clusim_ns,
                    baseline_ns: Some(m.baseline_ns),
                    ratio: Some(m.ratio),
                    total: None,
                }
            }
            Plan::Wall { ops, run } => {
                let rounds = budget.rounds.clamp(1, 5);
                let mut totals: Vec<f64> = (0..rounds).map(|_| run(*ops).as_nanos() as f64).collect();
                let total = measure::median(&mut totals);
                Outcome::Measured {
                    clusim_ns: total / *ops as f64,
                    baseline_ns: None,
                    ratio: None,
                    total: Some(Duration::from_nanos(total as u64)),
                }
            }
            Plan::Memory(measure) => Outcome::Memory(measure()),
            Plan::NotYet(why) => Outcome::NotYet(why),
        };
        CaseResult { id: self.id.clone(), title: self.title.clone(), goal: self.goal, outcome }
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
        /// The median of the rounds' paired ratios, clusim over baseline (`None`: not
        /// measured in paired rounds; the ratio is then the medians' quotient).
        ratio: Option<f64>,
        /// Wall time of all the operations (wall-time cases).
        total: Option<Duration>,
    },
    /// A memory figure.
    Memory(cases::MemoryFigure),
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
}

impl CaseResult {
    /// clusim ns/op, when measured.
    pub fn clusim_ns(&self) -> Option<f64> {
        match self.outcome {
            Outcome::Measured { clusim_ns, .. } => Some(clusim_ns),
            Outcome::Memory(_) | Outcome::NotYet(_) => None,
        }
    }

    /// Baseline ns/op, when measured.
    pub fn baseline_ns(&self) -> Option<f64> {
        match self.outcome {
            Outcome::Measured { baseline_ns, .. } => baseline_ns,
            Outcome::Memory(_) | Outcome::NotYet(_) => None,
        }
    }

    /// clusim over baseline (ns/op), when both were measured; for a throughput goal,
    /// the baseline over clusim (clusim's ops/s over the baseline's).
    pub fn ratio(&self) -> Option<f64> {
        let (c, b) = (self.clusim_ns()?, self.baseline_ns()?);
        let paired = match self.outcome {
            Outcome::Measured { ratio, .. } => ratio,
            _ => None,
        };
        let r = paired.unwrap_or(c / b);
        Some(match self.goal {
            Goal::ThroughputAtLeast { .. } => 1.0 / r,
            _ => r,
        })
    }

    /// The memory figure, for a memory case.
    pub fn memory(&self) -> Option<&cases::MemoryFigure> {
        match &self.outcome {
            Outcome::Memory(m) => Some(m),
            _ => None,
        }
    }

    /// How much of the goal's allowance the figure uses: the ratio over its maximum,
    /// the minimum over the throughput ratio, the total over the wall-time limit, the
    /// bytes over their maximum. At most 1 is within the goal (a wall time must stay
    /// under 1). `None`: no goal, or nothing measured.
    pub fn margin(&self) -> Option<f64> {
        match (&self.goal, &self.outcome) {
            (_, Outcome::NotYet(_)) | (Goal::None, _) => None,
            (Goal::Ratio { max, .. }, _) => Some(self.ratio()? / max),
            (Goal::ThroughputAtLeast { min }, _) => Some(min / self.ratio()?),
            (Goal::WallUnder(limit), Outcome::Measured { total, .. }) => {
                Some(total.as_ref()?.as_secs_f64() / limit.as_secs_f64())
            }
            (Goal::BytesAtMost(max), Outcome::Memory(m)) => Some(m.bytes_per_event / max),
            _ => None,
        }
    }

    /// Whether the goal was met (`None`: no goal, or nothing measured): a ratio at or
    /// under its maximum, a throughput ratio at or above its minimum, a wall time under
    /// its limit, bytes at or under their maximum.
    pub fn pass(&self) -> Option<bool> {
        let margin = self.margin()?;
        Some(match self.goal {
            Goal::WallUnder(_) => margin < 1.0,
            _ => margin <= 1.0,
        })
    }
}

/// Runs `cases` in order under `budget`, handing each result to `each` as soon as it is
/// known (so a report can stream).
pub fn run(cases: &[Case], budget: Budget, mut each: impl FnMut(&CaseResult)) -> Vec<CaseResult> {
    let mut out = Vec::with_capacity(cases.len());
    for case in cases {
        let r = case.run(budget);
        each(&r);
        out.push(r);
    }
    out
}

/// The two sides of paired case `id` (case-insensitive), built: for the tools that
/// run one side, or one round at a time (`examples/one_side.rs`, `examples/rounds.rs`).
/// `Err` says why there is none.
pub fn paired_case(id: &str) -> Result<Pair, String> {
    let case = all_cases()
        .into_iter()
        .find(|c| c.id.eq_ignore_ascii_case(id))
        .ok_or_else(|| format!("no case {id:?}"))?;
    match &case.plan {
        Plan::Paired(make) => Ok(make()),
        _ => Err(format!("{id} is not a paired case")),
    }
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
        assert_eq!(Goal::ThroughputAtLeast { min: 0.5 }.to_string(), "≥ 0.5× ops/s");
        assert_eq!(Goal::BytesAtMost(48.0).to_string(), "≤ 48 B/event");
        assert_eq!(Goal::WallUnder(Duration::from_secs(1)).to_string(), "< 1 s in all");
        assert_eq!(Goal::None.to_string(), "—");
    }

    #[test]
    fn every_issue_case_is_listed_once_in_order() {
        let ids: Vec<String> = all_cases().into_iter().map(|c| c.id).collect();
        let issue: Vec<&str> = ids.iter().map(String::as_str).filter(|i| i.len() == 2).collect();
        assert_eq!(issue, ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "B1", "H1", "T1", "C1", "E1"]);
        let memory: Vec<&str> = ids.iter().map(String::as_str).filter(|i| i.starts_with("M-")).collect();
        assert_eq!(memory, ["M-wide", "M-object", "M-key", "M-batch"], "one per delivery kind");
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
            alternate_operations: false,
        };
        let r = waiting.run(Budget::SMOKE);
        assert_eq!(r.outcome, Outcome::NotYet("not built yet"));
        assert_eq!((r.clusim_ns(), r.ratio(), r.pass()), (None, None, None));
    }

    #[test]
    fn paired_case_builds_a_pair_or_says_why_not() {
        assert!(paired_case("p1").is_ok(), "ids match case-insensitively");
        assert_eq!(paired_case("P6").err(), Some("P6 is not a paired case".to_string()));
        assert_eq!(paired_case("Z9").err(), Some("no case \"Z9\"".to_string()));
    }

    #[test]
    fn pass_compares_the_ratio_or_the_total_with_the_goal() {
        let row = |goal, outcome| CaseResult { id: "X".into(), title: String::new(), goal, outcome };
        let m = |c, b| Outcome::Measured { clusim_ns: c, baseline_ns: Some(b), ratio: None, total: None };
        let r15 = Goal::Ratio { max: 1.5, of: None };
        assert_eq!(row(r15, m(15.0, 10.0)).pass(), Some(true));
        assert_eq!(row(r15, m(16.0, 10.0)).pass(), Some(false));
        assert_eq!(row(Goal::None, m(16.0, 10.0)).pass(), None);
        let wall = |ms| Outcome::Measured {
            clusim_ns: 1.0,
            baseline_ns: None,
            ratio: None,
            total: Some(Duration::from_millis(ms)),
        };
        let under = Goal::WallUnder(Duration::from_secs(1));
        assert_eq!(row(under, wall(999)).pass(), Some(true));
        assert_eq!(row(under, wall(1000)).pass(), Some(false));
        assert_eq!(row(under, wall(10)).ratio(), None);
        assert_eq!(row(under, wall(500)).margin(), Some(0.5));
    }

    #[test]
    fn every_goal_shows_its_margin_and_passes_only_within_it() {
        let row = |goal, outcome| CaseResult { id: "X".into(), title: String::new(), goal, outcome };
        let m = |c, b| Outcome::Measured { clusim_ns: c, baseline_ns: Some(b), ratio: None, total: None };
        let r12 = Goal::Ratio { max: 1.2, of: None };
        assert_eq!(row(r12, m(12.0, 10.0)).pass(), Some(true), "at the goal passes");
        assert!((row(r12, m(6.0, 10.0)).margin().unwrap() - 0.5).abs() < 1e-12);
        // Throughput: the ratio is clusim's ops/s over the baseline's.
        let half = Goal::ThroughputAtLeast { min: 0.5 };
        let slow = row(half, m(40.0, 10.0));
        assert_eq!((slow.ratio(), slow.margin(), slow.pass()), (Some(0.25), Some(2.0), Some(false)));
        assert_eq!(row(half, m(20.0, 10.0)).pass(), Some(true));
        let mem = |bytes_per_event| {
            Outcome::Memory(cases::MemoryFigure {
                kind: cases::DeliveryKind::PerKey,
                events: 1,
                slot_bytes: 32,
                reserved_bytes: 32,
                copied_names: 0,
                copied_bytes: 0,
                bytes_per_event,
            })
        };
        let b48 = Goal::BytesAtMost(48.0);
        assert_eq!(row(b48, mem(48.0)).pass(), Some(true));
        assert_eq!(row(b48, mem(256.0)).pass(), Some(false));
        assert_eq!(row(b48, mem(24.0)).margin(), Some(0.5));
        assert_eq!(row(Goal::None, m(1.0, 1.0)).margin(), None);
    }
}
