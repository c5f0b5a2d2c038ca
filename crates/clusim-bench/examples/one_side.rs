//! Runs one side of one paired case for a fixed number of iterations, so an
//! instruction counter can say what one side costs on a busy machine (instruction
//! counts do not depend on the load; times do). Where the CPU's counters are not
//! available (most VMs), callgrind counts them per function:
//!
//! ```text
//! cargo build --release -p clusim-bench --example one_side
//! valgrind --tool=callgrind --callgrind-out-file=/tmp/cg target/release/examples/one_side P5 clusim 100000
//! callgrind_annotate --inclusive=yes /tmp/cg | grep get_notify
//! ```

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [id, side, iters] = args.as_slice() else {
        eprintln!("usage: one_side CASE clusim|baseline ITERATIONS");
        std::process::exit(2);
    };
    let iters: u64 = iters.parse().unwrap_or_else(|_| {
        eprintln!("one_side: ITERATIONS must be a number, not {iters:?}");
        std::process::exit(2)
    });
    let mut pair = clusim_bench::paired_case(id).unwrap_or_else(|why| {
        eprintln!("one_side: {why}");
        std::process::exit(2)
    });
    let s = match side.as_str() {
        "clusim" => &mut pair.clusim,
        "baseline" => &mut pair.baseline,
        other => {
            eprintln!("one_side: side is clusim or baseline, not {other:?}");
            std::process::exit(2)
        }
    };
    let ns = if iters == 0 { 0.0 } else { s.ns_per_op(iters) };
    println!("{id} {side}: {iters} iterations, {ns:.1} ns/op");
}
