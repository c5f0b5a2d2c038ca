//! V2 ports in the chaos mix (spec/reliability.md, spec/v2.md): runs that open, fill,
//! drain and close V2 ports beside V1 ones pass every validator, a small capacity makes
//! them overflow with `LOST_NOTIFICATIONS_V2`, and a corrupted V2 history is caught.

use clusim_chaos::ops::Op;
use clusim_chaos::{run, run_ops, ChaosConfig, Tamper};

/// V2-ROUTE, V2-LOST, V2-CLIENT-EVENTS, V2-OBSERVED on short mixed runs, with and
/// without faults.
#[test]
fn short_runs_with_v2_ports_pass_every_validator() {
    for seed in 1..=3 {
        for faults in [false, true] {
            let r = run(&ChaosConfig { seed, steps: 300, faults, ..Default::default() });
            assert!(r.violations.is_empty(), "{}", r.summary());
            assert!(r.trace.contains("CreateClusterNotifyPortV2 q"), "no V2 port opened");
            assert!(r.trace.contains("      q"), "no V2 port delivered anything");
            assert!(r.trace.contains("      W2 "), "the V2 reference watcher saw nothing");
        }
    }
}

/// V2-LOST (N10): with a small capacity, V2 ports that are rarely drained overflow and
/// say so with one `CLUSTER_CHANGE_CLUSTER_LOST_NOTIFICATIONS_V2`; the validators accept
/// exactly the losses it covers.
#[test]
fn a_small_capacity_overflows_v2_ports_with_lost_notifications() {
    for seed in [3, 8] {
        let r = run(&ChaosConfig { seed, steps: 300, port_capacity: 16, ..Default::default() });
        assert!(r.violations.is_empty(), "{}", r.summary());
        let lost =
            r.trace.lines().filter(|l| l.contains(" q") && l.contains("LOST_NOTIFICATIONS_V2")).count();
        assert!(lost > 0, "seed {seed}: no V2 port overflowed");
    }
}

/// V2-LOST: a V2 delivery forgotten on purpose is a loss with no signal after it.
#[test]
fn a_dropped_v2_delivery_is_caught_and_shrunk() {
    let cfg =
        ChaosConfig { seed: 3, steps: 200, tamper: Some(Tamper::DropDeliveredV2(5)), ..Default::default() };
    let r = run(&cfg);
    assert!(r.violations.iter().any(|v| v.starts_with("V2-LOST")), "{}", r.summary());
    let (small, trace) = r.shrunk.clone().expect("a failing run is shrunk");
    assert!(small.len() < r.ops.len(), "shrinking removed nothing");
    assert!(!run_ops(&cfg, &small).1.is_empty(), "the shrunk list still fails");
    assert!(trace.contains("V2"), "{trace}");
}

/// Replay: V2 ports, their ids and their deliveries are part of the seeded trace.
#[test]
fn same_seed_gives_the_same_v2_trace_byte_for_byte() {
    let cfg = ChaosConfig { seed: 11, steps: 200, faults: true, port_capacity: 24, ..Default::default() };
    let (a, b) = (run(&cfg), run(&cfg));
    assert_eq!(a.trace, b.trace);
    assert!(a.trace.contains("      q"), "no V2 delivery in the trace");
}

/// V2-REGISTER / V2-4: a targeted registration is bound to its group's id, so it sees
/// that group's events until its `DELETED_V2` and nothing of a new group with the same
/// name; the validator expects exactly that.
#[test]
fn a_targeted_v2_registration_ends_with_its_group() {
    let ops = vec![
        (0, Op::CreateGroup(0)),
        (1, Op::OpenPortV2(0, 1)),
        (2, Op::RegisterGroupV2(0, 0)),
        (0, Op::CreateResource(0, 0, 0)),
        (1, Op::OnlineGroup(0)),
        (2, Op::OfflineGroup(0)),
        (0, Op::DeleteResource(0)),
        (1, Op::DeleteGroup(0)),
        (2, Op::CreateGroup(0)),
        (0, Op::CreateResource(0, 1, 0)),
        (1, Op::OnlineGroup(0)),
        (2, Op::DrainV2(0)),
    ];
    let cfg = ChaosConfig { seed: 1, steps: ops.len(), ..Default::default() };
    let (trace, violations) = run_ops(&cfg, &ops);
    assert!(violations.is_empty(), "{violations:?}\n{trace}");
    let targeted: Vec<&str> = trace.lines().filter(|l| l.contains(" q0 k1002 ")).collect();
    assert!(targeted.iter().any(|l| l.contains("GROUP DELETED_V2")), "{trace}");
    assert_eq!(targeted.last().map(|l| l.contains("GROUP DELETED_V2")), Some(true), "{trace}");
}
