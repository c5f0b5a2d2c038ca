//! The harness: both sides of a case measured side by side, interleaved, median of rounds.
//!
//! Method (spec/perf.md):
//! 1. Calibrate each side on its own: double the iteration count until one call takes
//!    at least a tenth of the round time, then scale it to the round time. This also
//!    warms caches and the allocator.
//! 2. Run `rounds` rounds; each round runs both sides once, alternating which goes
//!    first (ABBA…), so slow drift on a shared machine hits both sides alike.
//! 3. Report the median ns/op of each side, and as the ratio the median of the rounds'
//!    paired ratios (clusim's ns/op over the baseline's in the same round): the two
//!    sides of a round run back to back, so a disturbance that lasts longer than a
//!    round (another process, a change of CPU or of scheduling regime) hits both
//!    sides of it and cancels in its ratio, where it would shift one side's median.

use std::time::Duration;

/// Runs `iters` iterations of one side and returns the wall time they took.
pub type RunFn = Box<dyn FnMut(u64) -> Duration>;

/// One side of a case.
pub struct Side {
    /// What this side does, for reports and criterion labels.
    pub label: &'static str,
    /// Operations per iteration: the reported figure is ns per operation (for a fan-out,
    /// an iteration is one event and its operations are its deliveries).
    pub ops_per_iter: u64,
    /// The measured code.
    pub run: RunFn,
}

impl Side {
    /// A side whose iteration is one operation.
    pub fn new(label: &'static str, run: impl FnMut(u64) -> Duration + 'static) -> Side {
        Side { label, ops_per_iter: 1, run: Box::new(run) }
    }

    /// A side whose iteration counts `ops` operations.
    pub fn with_ops(label: &'static str, ops: u64, run: impl FnMut(u64) -> Duration + 'static) -> Side {
        Side { label, ops_per_iter: ops.max(1), run: Box::new(run) }
    }

    /// Runs `iters` iterations and returns ns per operation.
    pub fn ns_per_op(&mut self, iters: u64) -> f64 {
        let d = (self.run)(iters);
        d.as_nanos() as f64 / (iters.max(1) * self.ops_per_iter) as f64
    }
}

/// The two sides of a case.
pub struct Pair {
    /// The clusim code path.
    pub clusim: Side,
    /// What it is compared with.
    pub baseline: Side,
}

/// How long and how often to measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Rounds per case (odd, so the median is one of them).
    pub rounds: usize,
    /// Target wall time of one side in one round.
    pub round_time: Duration,
}

impl Budget {
    /// `clusim bench --quick`: the whole run stays well under a minute on 2 cores.
    pub const QUICK: Budget = Budget { rounds: 9, round_time: Duration::from_millis(25) };
    /// The default run.
    pub const FULL: Budget = Budget { rounds: 15, round_time: Duration::from_millis(100) };
    /// For tests of the harness: tiny, timings meaningless.
    pub const SMOKE: Budget = Budget { rounds: 1, round_time: Duration::from_micros(1) };
}

/// The medians of one measured pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Medians {
    /// clusim, ns per operation.
    pub clusim_ns: f64,
    /// Baseline, ns per operation.
    pub baseline_ns: f64,
    /// The median over rounds of clusim's ns/op over the baseline's in the same round.
    pub ratio: f64,
}

/// Iterations that make one call of `side` last about `target`.
pub fn calibrate(side: &mut Side, target: Duration) -> u64 {
    let floor = target / 10;
    let mut iters = 1u64;
    loop {
        let d = (side.run)(iters);
        if d >= floor || iters >= 1 << 40 {
            let per_iter = d.as_nanos().max(1) as f64 / iters as f64;
            return ((target.as_nanos() as f64 / per_iter) as u64).clamp(1, 1 << 40);
        }
        iters *= 2;
    }
}

/// The median of `xs` (mean of the two middle values for an even count).
pub fn median(xs: &mut [f64]) -> f64 {
    assert!(!xs.is_empty(), "median of nothing");
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

/// The median over rounds of `clusim[i] / baseline[i]` (ns per operation, one round
/// each).
pub fn paired_ratio(clusim: &[f64], baseline: &[f64]) -> f64 {
    let mut ratios: Vec<f64> =
        clusim.iter().zip(baseline).map(|(c, b)| c / b.max(f64::MIN_POSITIVE)).collect();
    median(&mut ratios)
}

/// Measures both sides of `pair` under `budget`: interleaved rounds, medians.
pub fn measure(pair: &mut Pair, budget: Budget) -> Medians {
    let ni = calibrate(&mut pair.clusim, budget.round_time);
    let nb = calibrate(&mut pair.baseline, budget.round_time);
    let rounds = budget.rounds.max(1);
    let (mut a, mut b) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
    for r in 0..rounds {
        if r % 2 == 0 {
            a.push(pair.clusim.ns_per_op(ni));
            b.push(pair.baseline.ns_per_op(nb));
        } else {
            b.push(pair.baseline.ns_per_op(nb));
            a.push(pair.clusim.ns_per_op(ni));
        }
    }
    let ratio = paired_ratio(&a, &b);
    Medians { clusim_ns: median(&mut a), baseline_ns: median(&mut b), ratio }
}

/// Measures both sides of `pair` under `budget`, alternating them operation by
/// operation within each round (clusim, baseline, baseline, clusim, …) instead of round
/// by round: for a case whose regime changes faster than a round (P4's wake-ups), so
/// that both sides of a round see the same regimes. Each operation is timed on its own
/// (both sides pay the same clock read per operation); a round runs as many
/// operations of each side as the slower side's calibration fits in the round time.
pub fn measure_alternating(pair: &mut Pair, budget: Budget) -> Medians {
    let n =
        calibrate(&mut pair.clusim, budget.round_time).min(calibrate(&mut pair.baseline, budget.round_time));
    let rounds = budget.rounds.max(1);
    let (mut a, mut b) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
    for _ in 0..rounds {
        let (mut ta, mut tb) = (0.0, 0.0);
        for i in 0..n {
            if i % 2 == 0 {
                ta += pair.clusim.ns_per_op(1);
                tb += pair.baseline.ns_per_op(1);
            } else {
                tb += pair.baseline.ns_per_op(1);
                ta += pair.clusim.ns_per_op(1);
            }
        }
        a.push(ta / n as f64);
        b.push(tb / n as f64);
    }
    let ratio = paired_ratio(&a, &b);
    Medians { clusim_ns: median(&mut a), baseline_ns: median(&mut b), ratio }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
    }

    #[test]
    fn ns_per_op_divides_by_operations_per_iteration() {
        let mut s = Side::with_ops("x", 4, |iters| Duration::from_nanos(100 * iters));
        assert_eq!(s.ns_per_op(10), 25.0);
    }

    // Slow spells in rounds 2 and 5 hit both sides of their round: every pair but
    // one says 1.2×, while the medians' quotient would say 24 / 10 = 2.4×.
    #[test]
    fn the_ratio_is_the_median_of_the_rounds_paired_ratios() {
        let (a, b) = ([10.0, 24.0, 30.0, 12.0, 60.0], [10.0, 20.0, 10.0, 10.0, 50.0]);
        assert!((paired_ratio(&a, &b) - 1.2).abs() < 1e-12);
        assert_eq!(median(&mut a.clone()) / median(&mut b.clone()), 2.4);
    }

    // Alternating by operation: every timed call is one iteration, and both sides
    // get the same number of them.
    #[test]
    fn alternating_runs_both_sides_one_operation_at_a_time() {
        use std::cell::RefCell;
        use std::rc::Rc;
        let (seen_a, seen_b) = (Rc::new(RefCell::new(Vec::new())), Rc::new(RefCell::new(Vec::new())));
        let (a2, b2) = (seen_a.clone(), seen_b.clone());
        let mut pair = Pair {
            clusim: Side::new("a", move |i| {
                a2.borrow_mut().push(i);
                Duration::from_nanos(3 * i)
            }),
            baseline: Side::new("b", move |i| {
                b2.borrow_mut().push(i);
                Duration::from_nanos(2 * i)
            }),
        };
        let m = measure_alternating(&mut pair, Budget { rounds: 3, round_time: Duration::from_nanos(20) });
        assert_eq!((m.clusim_ns, m.baseline_ns, m.ratio), (3.0, 2.0, 1.5));
        let timed = |v: &[u64]| v.iter().rev().take_while(|&&i| i == 1).count();
        assert_eq!(timed(&seen_a.borrow()), timed(&seen_b.borrow()), "as many operations each");
    }

    #[test]
    fn measure_runs_both_sides_every_round() {
        use std::cell::Cell;
        use std::rc::Rc;
        let (ca, cb) = (Rc::new(Cell::new(0u32)), Rc::new(Cell::new(0u32)));
        let (a2, b2) = (ca.clone(), cb.clone());
        let mut pair = Pair {
            clusim: Side::new("a", move |i| {
                a2.set(a2.get() + 1);
                Duration::from_nanos(2 * i)
            }),
            baseline: Side::new("b", move |i| {
                b2.set(b2.get() + 1);
                Duration::from_nanos(i)
            }),
        };
        let m = measure(&mut pair, Budget { rounds: 3, round_time: Duration::from_micros(10) });
        assert_eq!((m.clusim_ns, m.baseline_ns, m.ratio), (2.0, 1.0, 2.0));
        assert!(ca.get() >= 4 && cb.get() >= 4, "calibration plus three rounds each");
    }
}
