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

/// QUORUM-LOSS / QUORUM-RECOVERY in the fault mix: a `NodeDown` that breaks the majority
/// and a `QuorumLoss` each post one `CLUSTER_STATE` and one `CLUSTER_RECONNECT` to the
/// reference watcher in their own step, calls fail with `RPC_S_SERVER_UNAVAILABLE` in
/// between (checked by the executor), and every validator holds.
#[test]
fn quorum_loss_cycles_pass_every_validator() {
    use clusim_chaos::ops::Op;
    let ops = vec![(0, Op::NodeDown(1)), (1, Op::NodeDown(2)), (2, Op::QuorumLoss), (0, Op::NodeUp(1))];
    let cfg = ChaosConfig { seed: 1, steps: ops.len(), faults: true, ..Default::default() };
    let (trace, violations) = run_ops(&cfg, &ops);
    assert!(violations.is_empty(), "{violations:?}\n{trace}");
    assert_eq!(trace.matches("W CLUSTER_STATE").count(), 2, "{trace}");
    assert_eq!(trace.matches("W CLUSTER_RECONNECT").count(), 2, "{trace}");
}
