//! criterion benchmarks of every case of `clusim bench` (crates/clusim-bench), for
//! criterion's plots and HTML report (`target/criterion/report/index.html`).
//!
//! Each case is a group named by its id (`P1`, `E1`, … see `clusim bench` or
//! spec/perf.md) with two functions, `clusim` and `baseline`; a scaling sweep is one
//! group (`S-ports`, `S-regs`, `S-batch`, `S-db`) with the swept value as the
//! parameter, so criterion draws it as a line. The memory cases (`M-*`) are byte
//! counts: printed on stderr, not timed. `cargo bench` runs them all; `cargo bench -- P1/` one case.
//! The ratios are `clusim bench`'s job: it interleaves the two sides round by round,
//! which criterion does not (spec/perf.md).

use clusim_bench::{all_cases, Case, Plan};
use criterion::{criterion_group, criterion_main, BenchmarkGroup, BenchmarkId, Criterion, Throughput};
use std::time::Duration;

fn add_case(group: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>, case: &Case) {
    let id = |which: &str| match case.sweep {
        Some((_, value)) => BenchmarkId::new(which, value),
        None => BenchmarkId::from_parameter(which),
    };
    match &case.plan {
        Plan::Paired(make) => {
            let mut pair = make();
            for (which, side) in [("clusim", &mut pair.clusim), ("baseline", &mut pair.baseline)] {
                group.throughput(Throughput::Elements(side.ops_per_iter));
                group.bench_function(id(which), |b| b.iter_custom(|iters| (side.run)(iters)));
            }
        }
        Plan::Wall { ops, run } => {
            group.sample_size(10);
            group.throughput(Throughput::Elements(*ops));
            group.bench_function(id("clusim"), |b| {
                b.iter_custom(|iters| (0..iters).map(|_| run(*ops)).sum::<Duration>())
            });
        }
        Plan::Memory(_) | Plan::NotYet(_) => report_untimed(case),
    }
}

/// Whether criterion can time the case (memory cases are byte counts).
fn timed(case: &Case) -> bool {
    matches!(case.plan, Plan::Paired(_) | Plan::Wall { .. })
}

/// A case criterion does not time: its byte count, or why it has no figure, on stderr.
fn report_untimed(case: &Case) {
    match &case.plan {
        Plan::Memory(measure) => {
            let m = measure();
            eprintln!("{} ({}): {:.1} B per queued event", case.id, case.title, m.bytes_per_event);
        }
        Plan::NotYet(why) => eprintln!("{} ({}): n/a ({why})", case.id, case.title),
        Plan::Paired(_) | Plan::Wall { .. } => {}
    }
}

fn cases(c: &mut Criterion) {
    let all = all_cases();
    let mut i = 0;
    while i < all.len() {
        // A sweep's points are consecutive: one group for all of them.
        let name = all[i].sweep.map_or(all[i].id.as_str(), |(name, _)| name);
        let end = all[i..]
            .iter()
            .position(|c| c.sweep.map_or(c.id.as_str(), |(n, _)| n) != name)
            .map_or(all.len(), |n| i + n);
        if all[i..end].iter().all(|c| !timed(c)) {
            all[i..end].iter().for_each(report_untimed);
        } else {
            let mut group = c.benchmark_group(name);
            for case in &all[i..end] {
                add_case(&mut group, case);
            }
            group.finish();
        }
        i = end;
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    targets = cases
}
criterion_main!(benches);
