//! Prints each round of one paired case: both sides' ns/op and the round's own ratio,
//! so the spread behind a median can be seen (spec/perf.md, "Medians of pairs"):
//!
//! ```text
//! cargo run --release -p clusim-bench --example rounds -- P4 1000 31
//! ```

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [id, iters, rounds] = args.as_slice() else {
        eprintln!("usage: rounds CASE ITERATIONS ROUNDS");
        std::process::exit(2);
    };
    let (Ok(iters), Ok(rounds)) = (iters.parse::<u64>(), rounds.parse::<usize>()) else {
        eprintln!("rounds: ITERATIONS and ROUNDS are numbers");
        std::process::exit(2)
    };
    let mut pair = clusim_bench::paired_case(id).unwrap_or_else(|why| {
        eprintln!("rounds: {why}");
        std::process::exit(2)
    });
    println!("{:>12} {:>12} {:>7}", "clusim ns", "baseline ns", "ratio");
    for _ in 0..rounds {
        let a = pair.clusim.ns_per_op(iters.max(1));
        let b = pair.baseline.ns_per_op(iters.max(1));
        println!("{a:12.1} {b:12.1} {:7.2}", a / b);
    }
}
