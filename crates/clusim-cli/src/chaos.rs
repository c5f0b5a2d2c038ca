//! `clusim chaos`: the seeded chaos runner (crates/clusim-chaos).

use clusim_chaos::{run, ChaosConfig};

/// Runs one seed (or `seeds` consecutive ones) and prints the outcome; an error when a
/// validator failed, after printing the replay command and the shrunk trace.
pub fn chaos(
    seed: u64,
    steps: usize,
    faults: bool,
    actors: usize,
    seeds: u64,
    trace: bool,
) -> Result<(), String> {
    let mut failed = Vec::new();
    for s in seed..seed.saturating_add(seeds.max(1)) {
        let report = run(&ChaosConfig { seed: s, steps, faults, actors, ..ChaosConfig::default() });
        if trace {
            print!("{}", report.trace);
        }
        println!("{}", report.summary().trim_end());
        if !report.violations.is_empty() {
            failed.push(s);
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("validators failed for seed(s) {failed:?}"))
    }
}
