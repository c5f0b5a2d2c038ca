//! The case list, in report order: the hot path (P1–P7), what must not grow with the
//! cluster (P2, P7, B1, H1, T1, S-db), contention (C1), end to end (E1), memory per
//! queued event (M-*), and the scaling sweeps. spec/perf.md explains every case.

use crate::cases::{self, DeliveryKind, MemoryFigure};
use crate::report::thousands;
use crate::{Case, Goal, Plan};
use std::time::Duration;

/// P6's goal: this many gets of 500 ms.
pub const P6_GETS: u64 = 10_000;

/// Events (or batch records) queued for each memory figure: a power of two, so the
/// queue's capacity is exactly full (cases::memory).
pub const MEMORY_EVENTS: usize = 1 << 17;

/// Memory goal: bytes per queued event, in every kind of delivery.
pub const MEMORY_GOAL: f64 = 48.0;

fn ratio(max: f64) -> Goal {
    Goal::Ratio { max, of: None }
}

fn memory_case(kind: DeliveryKind, title: &str, measure: fn() -> MemoryFigure) -> Case {
    Case {
        id: format!("M-{}", kind.id()),
        title: format!("memory per queued event: {title}"),
        clusim: "reserved queue slots + copied names, per queued event, 200-char names",
        baseline: "none (a byte count)",
        goal: Goal::BytesAtMost(MEMORY_GOAL),
        plan: Plan::Memory(measure),
        sweep: None,
        alternate_operations: false,
    }
}

fn wall_case(id: &str, title: &str, clusim: &'static str, run: crate::WallFn) -> Case {
    Case {
        id: id.into(),
        title: title.into(),
        clusim,
        baseline: "none (5,000 s of simulated time)",
        goal: Goal::WallUnder(Duration::from_secs(1)),
        plan: Plan::Wall { ops: P6_GETS, run },
        sweep: None,
        alternate_operations: false,
    }
}

/// The cases (P*, B1, H1, T1, C1, E1) and the memory cases.
fn gated_cases() -> Vec<Case> {
    vec![
        Case::paired(
            "P1",
            "hot path: 1 event → 1 port, get(0)",
            "Router::route + PortQueue::get(0)",
            "crossbeam send + try_recv",
            ratio(1.5),
            cases::p1_hot_path,
        ),
        Case::paired(
            "P2",
            "routing: random object of 10,000, each its own port",
            "route + get(0), 10,000 per-object registrations, seeded random object",
            "BTreeMap name → channel lookup + crossbeam send + try_recv",
            ratio(1.2),
            cases::p2_routing,
        ),
        Case::paired(
            "P3",
            "fan-out: 1 event → 1,000 ports, per delivery",
            "route to 1,000 ports + 1,000 gets",
            "P1 clusim path",
            Goal::Ratio { max: 2.0, of: Some("P1") },
            cases::p3_fan_out,
        ),
        Case::paired(
            "P4",
            "wake-up: ping-pong, get(INFINITE)",
            "2 threads, 2 ports, get(INFINITE)",
            "2 threads, 2 crossbeam channels, recv",
            ratio(1.2),
            cases::p4_ping_pong,
        )
        // Its wake-ups spin, park or wait for a halted vCPU as the machine decides,
        // and the regime changes faster than a round: the sides alternate round trip
        // by round trip, threads pinned (spec/perf.md, "Alternated operations").
        .alternating_operations(),
        Case::paired(
            "P5",
            "GetClusterNotify via libclusapi vs Rust API",
            "ClusApiBackend::get_notify(0) → libclusapi's GetClusterNotify",
            "Sim's Backend::get_notify(0)",
            ratio(1.25),
            cases::p5_libclusapi,
        ),
        wall_case(
            "P6",
            "manual clock: 10,000 gets of 500 ms time out",
            "get(500 ms), helper thread advances the clock",
            cases::p6_manual_clock,
        ),
        wall_case(
            "P6-auto",
            "the same, one thread, auto-advancing clock",
            "get(500 ms) under Clock::manual_auto_advance",
            cases::p6_auto_advance,
        ),
        Case::paired(
            "P7",
            "batches: 100 ports, 2,000 vs 1,000 commands, same db",
            "commit 2,000 SET_VALUEs, 100 batch ports get + read; 2,000 values in the db",
            "the same with 1,000 commands, the same 2,000 values",
            ratio(2.2),
            cases::p7_batches,
        ),
        Case::paired(
            "B1",
            "batch cost: 1,000 commands → 1 port, per command",
            "Sim: add, commit, get, read every record",
            "the same validation, indexed store and records by hand + a channel",
            ratio(3.0),
            cases::b1_batch_cost,
        ),
        Case::paired(
            "H1",
            "close a handle: 10,000 ports vs 1",
            "open + register + close + get HANDLE_CLOSE, 10,000 ports",
            "the same with 1 port",
            ratio(2.0),
            cases::h1_close,
        ),
        Case::paired(
            "T1",
            "online + offline: 10,000 resources vs 10",
            "online + offline one resource, 10,000 resources (groups of 10)",
            "the same with 10 resources",
            ratio(1.5),
            cases::t1_transitions,
        ),
        Case::paired(
            "C1",
            "contention: 8 producers × 64 ports, 1 thread each",
            "8 threads route to 512 per-object ports, each drained by its thread",
            "the same topology of crossbeam channels",
            Goal::ThroughputAtLeast { min: 0.5 },
            cases::c1_contention,
        ),
        Case::paired(
            "E1",
            "end to end: property change → drained port",
            "Backend::set_properties + get_notify(0)",
            "the same property change, no port",
            Goal::None,
            cases::e1_end_to_end,
        ),
        Case::paired(
            "V2-GET",
            "V2: GetClusterNotifyV2 of one DWORD-payload event vs the V1 get",
            "route RESOURCE STATE_V2 + GetClusterNotifyV2(0), all five outputs",
            "route RESOURCE_STATE + GetClusterNotify(0), same run",
            ratio(1.3),
            cases::v2_get_vs_v1_get,
        ),
        Case::paired(
            "V2-FANOUT",
            "V2: fan-out 1 event → 1,000 V2 ports, per delivery",
            "V2 route to 1,000 ports + 1,000 GetClusterNotifyV2(0)",
            "the V1 fan-out to 1,000 ports (P3's clusim side)",
            ratio(1.3),
            cases::v2_fan_out,
        ),
        memory_case(DeliveryKind::ClusterWide, "cluster-wide registration", || {
            cases::memory_per_queued_event(DeliveryKind::ClusterWide, MEMORY_EVENTS)
        }),
        memory_case(DeliveryKind::PerObject, "per-object registration", || {
            cases::memory_per_queued_event(DeliveryKind::PerObject, MEMORY_EVENTS)
        }),
        memory_case(DeliveryKind::PerKey, "per-key registry registration", || {
            cases::memory_per_queued_event(DeliveryKind::PerKey, MEMORY_EVENTS)
        }),
        memory_case(DeliveryKind::BatchRecord, "batch port record", || {
            cases::memory_per_queued_event(DeliveryKind::BatchRecord, MEMORY_EVENTS)
        }),
    ]
}

/// The point `value` of sweep `name`: case id `name-value`.
fn sweep_point(
    (name, value): (&'static str, usize),
    title: String,
    (clusim, baseline): (&'static str, &'static str),
    goal: Goal,
    make: impl Fn() -> crate::measure::Pair + 'static,
) -> Case {
    Case::paired(format!("{name}-{value}"), title, clusim, baseline, goal, make).in_sweep(name, value as u64)
}

/// Every case, in report order: the gated cases, then the sweeps.
pub fn all_cases() -> Vec<Case> {
    let mut v = gated_cases();
    for ports in [1usize, 10, 100, 1_000, 10_000] {
        v.push(
            Case::paired(
                format!("S-ports-{ports}"),
                format!("sweep: {} matching ports, per delivery", thousands(ports as u64)),
                "route to N ports + N gets",
                "N crossbeam channels: send + recv each",
                Goal::None,
                move || cases::sweep_ports(ports),
            )
            .in_sweep("S-ports", ports as u64),
        );
    }
    for regs in [1usize, 10, 100] {
        v.push(
            Case::paired(
                format!("S-regs-{regs}"),
                format!("sweep: {regs} registrations on 1 port, per delivery"),
                "route to R registrations + R gets",
                "1 crossbeam channel: R sends + R recvs",
                Goal::None,
                move || cases::sweep_registrations(regs),
            )
            .in_sweep("S-regs", regs as u64),
        );
    }
    for commands in [10usize, 100, 1_000, 10_000, 100_000] {
        v.push(sweep_point(
            ("S-batch", commands),
            format!("sweep: {}-command batch → 1 port, per command", thousands(commands as u64)),
            ("commit N SET_VALUEs, 1 batch port gets + reads", "1 crossbeam channel: N sends + N recvs"),
            Goal::None,
            move || cases::sweep_batch(commands),
        ));
    }
    for values in [0usize, 1_000, 10_000, 100_000] {
        let goal = if values == 100_000 { Goal::Ratio { max: 1.3, of: Some("S-db-0") } } else { Goal::None };
        v.push(sweep_point(
            ("S-db", values),
            format!("sweep: 10-command commit, {} values in the db", thousands(values as u64)),
            (
                "10-command commit, N values already in the database",
                "the same commit, 0 values (the S-db-0 point)",
            ),
            goal,
            move || cases::sweep_db(values),
        ));
    }
    v
}
