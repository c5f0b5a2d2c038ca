//! The chaos runner's own guarantees: replay, validators that pass on the simulator and
//! catch a corrupted history, and shrinking.

use clusim_chaos::{run, run_ops, ChaosConfig, Tamper};

#[test]
fn same_seed_gives_the_same_trace_byte_for_byte() {
    let cfg = ChaosConfig { seed: 11, steps: 150, faults: true, ..Default::default() };
    let (a, b) = (run(&cfg), run(&cfg));
    assert_eq!(a.trace, b.trace);
    assert_ne!(a.trace, run(&ChaosConfig { seed: 12, ..cfg }).trace);
}

#[test]
fn short_runs_pass_every_validator() {
    for seed in 1..=4 {
        for faults in [false, true] {
            let r = run(&ChaosConfig { seed, steps: 300, faults, ..Default::default() });
            assert!(r.violations.is_empty(), "{}", r.summary());
        }
    }
}

/// Both readings of N9 (PORT-PER-OBJECT by name, PORT-OBJECT-IDENTITY by object) pass
/// their own validators; seed 2 re-creates a registered group under its old name.
#[test]
fn both_readings_of_per_object_matching_pass() {
    for follow in [false, true] {
        for seed in [2, 5] {
            let cfg =
                ChaosConfig { seed, steps: 300, registrations_follow_objects: follow, ..Default::default() };
            let r = run(&cfg);
            assert!(r.violations.is_empty(), "{}", r.summary());
        }
    }
}

#[test]
fn a_dropped_delivery_is_caught_and_shrunk() {
    let cfg =
        ChaosConfig { seed: 3, steps: 200, tamper: Some(Tamper::DropDelivered(5)), ..Default::default() };
    let r = run(&cfg);
    assert!(r.violations.iter().any(|v| v.contains("PORT-")), "{}", r.summary());
    let (small, trace) = r.shrunk.clone().expect("a failing run is shrunk");
    assert!(small.len() < r.ops.len(), "shrinking removed nothing");
    assert!(!run_ops(&cfg, &small).1.is_empty(), "the shrunk list still fails");
    assert!(r.summary().contains("clusim chaos --seed 3 --steps 200"));
    assert!(!trace.is_empty());
}

#[test]
fn a_duplicated_delivery_is_caught() {
    let cfg = ChaosConfig {
        seed: 3,
        steps: 200,
        tamper: Some(Tamper::DuplicateDelivered(7)),
        ..Default::default()
    };
    let r = run(&cfg);
    assert!(r.violations.iter().any(|v| v.contains("PORT-FIFO")), "{}", r.summary());
}
