//! `clusim bench`: every case against its baseline, side by side, with its margin.
//!
//! It reports; it does not judge: the exit status is 0 whatever the ratios are.

use clusim_bench::measure::Budget;
use clusim_bench::report::{json_line, Table};
use clusim_bench::{all_cases, machine, run as run_cases, Case};
use std::io::Write;

/// Prints a line; a closed stdout (`clusim bench | head`) is not an error.
macro_rules! out {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// Runs the cases whose id starts with one of `only` (all when empty).
pub fn run(quick: bool, json: bool, only: &[String]) -> Result<(), String> {
    let cases: Vec<Case> = all_cases()
        .into_iter()
        .filter(|c| {
            only.is_empty() || only.iter().any(|p| c.id.to_lowercase().starts_with(&p.to_lowercase()))
        })
        .collect();
    if cases.is_empty() {
        let ids: Vec<String> = all_cases().into_iter().map(|c| c.id).collect();
        return Err(format!("no case matches {only:?}; cases are {}", ids.join(", ")));
    }
    let budget = if quick { Budget::QUICK } else { Budget::FULL };
    let intro = format!(
        "clusim bench{}: {} rounds of ~{} ms per side, medians and paired ratios; machine: {}",
        if quick { " --quick" } else { "" },
        budget.rounds,
        budget.round_time.as_millis(),
        machine()
    );
    if cfg!(debug_assertions) {
        eprintln!(
            "clusim bench: this is a debug build; for meaningful figures run `cargo run --release -- bench`"
        );
    }
    if json {
        eprintln!("{intro}");
        run_cases(&cases, budget, |r| out!("{}", json_line(r)));
        return Ok(());
    }
    out!("{intro}\n");
    let table = Table::new(&cases);
    out!("{}", table.header());
    let results = run_cases(&cases, budget, |r| out!("{}", table.row(r)));
    out!("{}", table.legend(&cases, &results));
    out!(
        "Ratios, not absolute times, are what carries from machine to machine. \
         This command reports; it does not judge (exit status 0 whatever the ratios).\n\
         Plots: `cargo bench` (criterion; HTML report in target/criterion/report/index.html)."
    );
    Ok(())
}
