//! The conformance suite on the simulator: every scenario in spec/scenarios runs, keeps
//! its `-> CODE` expectations and every named guarantee, and equals its golden trace.
//! Regenerate goldens after an intended change with `CLUSIM_BLESS=1 cargo test --test
//! conformance` and review the diff.

use clusim_conformance::suite::*;
use clusim_conformance::Trace;
use std::path::Path;

fn scenarios() -> Vec<std::path::PathBuf> {
    scenario_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/scenarios")).unwrap()
}

#[test]
fn every_scenario_matches_its_golden_trace_on_the_simulator() {
    let bless = std::env::var_os("CLUSIM_BLESS").is_some();
    let files = scenarios();
    assert!(files.len() >= 20, "the suite has lost scenarios");
    let mut problems = Vec::new();
    for path in &files {
        let sc = load(path).unwrap();
        let out = run_on_sim(&sc).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for f in &out.failures {
            problems.push(format!("{}:{}: {}", path.display(), f.line, f.message));
        }
        for v in &out.violations {
            problems.push(format!("{}: {v}", path.display()));
        }
        let golden = golden_path(path);
        if bless {
            std::fs::write(&golden, out.trace.to_jsonl()).unwrap();
            continue;
        }
        let text = std::fs::read_to_string(&golden)
            .unwrap_or_else(|_| panic!("{} has no golden trace", path.display()));
        let expected = Trace::from_jsonl(&text).unwrap();
        if let Some(d) = compare(&expected, &out.trace, false) {
            problems.push(format!("{} differs from {}:\n{d}", path.display(), golden.display()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_broken_golden_fails_with_a_diff_naming_the_step() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/scenarios/more_data.scenario");
    let sc = load(&path).unwrap();
    let out = run_on_sim(&sc).unwrap();
    let mut broken = Trace::from_jsonl(&std::fs::read_to_string(golden_path(&path)).unwrap()).unwrap();
    let e = broken.entries.iter_mut().find(|e| e.code == "ERROR_MORE_DATA").unwrap();
    e.code = "ERROR_SUCCESS".into();
    let line = e.line;
    let d = compare(&broken, &out.trace, false).expect("a difference");
    assert!(d.contains(&format!("line {line:>3}")), "{d}");
    assert!(d.contains("-step") && d.contains("+step"), "{d}");
}

#[test]
fn guarantees_catch_a_tampered_trace() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/scenarios/fifo_duplicates_one_bit.scenario");
    let out = run_on_sim(&load(&path).unwrap()).unwrap();
    assert!(out.violations.is_empty());
    let mut t = out.trace.clone();
    let drain = t.entries.iter_mut().rev().find(|e| e.op == "Drain" && e.out.len() > 1).unwrap();
    drain.out.swap(0, 1);
    drain.out.push(drain.out[0].clone());
    let v = clusim_conformance::guarantees::check(&t);
    assert!(v.iter().any(|v| v.guarantee == "fifo"), "{v:?}");
    let mut t2 = out.trace.clone();
    let drain = t2.entries.iter_mut().rev().find(|e| e.op == "Drain" && !e.out.is_empty()).unwrap();
    drain.out.remove(0);
    assert!(clusim_conformance::guarantees::check(&t2).iter().any(|v| v.guarantee == "no-silent-loss"));
    let mut t3 = out.trace;
    let drain = t3.entries.iter_mut().rev().find(|e| e.op == "Drain" && !e.out.is_empty()).unwrap();
    drain.out[0].insert("key".into(), "77".into());
    assert!(clusim_conformance::guarantees::check(&t3).iter().any(|v| v.guarantee == "key-echo"));
}
