//! The cases: each builds both sides of one comparison, ready to be measured.
//!
//! Every side checks what it measures: a clusim side that does not receive the event it
//! routed panics (`expect`), and so does a baseline that loses its message. The checks
//! are one predictable branch per operation, on both sides alike.
//!
//! This module holds what the cases share and the engine-level cases (P1, P3, the port
//! and registration sweeps); the others live in one file per concept.

mod api;
mod batches;
mod contention;
mod memory;
mod routing;
mod scale;
mod v2;
mod wakeup;

pub use api::{e1_end_to_end, p5_libclusapi, P5_VALUES};
pub use batches::{b1_batch_cost, p7_batches, sweep_batch, sweep_db, P7_DB_VALUES, P7_PORTS};
pub use contention::{c1_contention, C1_PORTS_PER_PRODUCER, C1_PRODUCERS};
pub use memory::{memory_per_queued_event, DeliveryKind, MemoryFigure, LONG_NAME_LEN};
pub use routing::{p2_routing, per_object_router, P2_EVENTS, P2_PORTS};
pub use scale::{h1_close, t1_transitions};
pub use v2::{v2_fan_out, v2_get_vs_v1_get};
pub use wakeup::{p4_ping_pong, p6_auto_advance, p6_manual_clock};

use crate::measure::{Pair, Side};
use clusim_api::{ChangeFlags, NotifyKey, ObjectKind, Timeout};
use clusim_clock::Clock;
use clusim_model::ModelEvent;
use clusim_notify::{HandleId, PortId, PortQueue, Router, Scope};
use clusim_sim::DEFAULT_PORT_CAPACITY;
use crossbeam_channel::{unbounded, Receiver, Sender};
use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

/// The name every hot-path event carries (a resource of the default topology).
pub const EVENT_NAME: &str = "Cluster Disk 1";

/// The baseline's message: the same fields an indication carries.
#[derive(Debug, Clone)]
pub struct Payload {
    /// The notify key.
    pub key: usize,
    /// The change bit.
    pub change: u32,
    /// The object name, shared as clusim shares it.
    pub name: Arc<str>,
}

pub(crate) fn resource_state(name: &Arc<str>) -> ModelEvent {
    ModelEvent { change: ChangeFlags::RESOURCE_STATE, kind: ObjectKind::Resource, name: name.clone() }
}

pub(crate) fn payload(name: &Arc<str>) -> Payload {
    Payload { key: 7, change: ChangeFlags::RESOURCE_STATE.bits(), name: name.clone() }
}

/// A port registered cluster-wide for `filter` with `key`.
pub(crate) fn add_wide(router: &mut Router, id: u64, filter: ChangeFlags, key: usize) -> Arc<PortQueue> {
    let port = PortQueue::new(DEFAULT_PORT_CAPACITY);
    router.add(PortId(id), port.clone(), filter, NotifyKey(key), HandleId(id), Scope::Cluster);
    port
}

/// clusim's hot path on `router`: route one `RESOURCE_STATE` event (which must reach
/// exactly `port`), drain it with a zero-timeout get.
pub(crate) fn route_and_get(label: &'static str, router: Router, port: Arc<PortQueue>) -> Side {
    let ev = resource_state(&Arc::from(EVENT_NAME));
    let clock = Clock::real();
    Side::new(label, move |iters| {
        let mut buf = [0u16; 64];
        let start = Instant::now();
        for _ in 0..iters {
            let n = router.route(black_box(&ev));
            assert_eq!(n, 1, "the event matches one registration");
            let h = port.get(&clock, &mut buf, Timeout::POLL).expect("the routed event is queued");
            black_box((h, &buf));
        }
        start.elapsed()
    })
}

/// The raw-channel baseline: crossbeam `send` + `try_recv` of a [`Payload`].
fn channel_send_recv() -> Side {
    let name: Arc<str> = Arc::from(EVENT_NAME);
    let (tx, rx) = unbounded::<Payload>();
    Side::new("crossbeam send + try_recv", move |iters| {
        let start = Instant::now();
        for _ in 0..iters {
            tx.send(payload(black_box(&name))).expect("receiver alive");
            let p = rx.try_recv().expect("the sent payload is there");
            black_box(p);
        }
        start.elapsed()
    })
}

/// P1: one event published to one matching port, drained with a zero-timeout get,
/// against a crossbeam-channel send + recv of the same payload.
pub fn p1_hot_path() -> Pair {
    let mut router = Router::new();
    let port = add_wide(&mut router, 1, ChangeFlags::RESOURCE_STATE, 7);
    Pair { clusim: route_and_get("route + get(0), 1 port", router, port), baseline: channel_send_recv() }
}

/// `ports` ports all registered for the event: one route, then one get per port.
/// One iteration is one event; its operations are its `ports` deliveries.
fn fan_out(label: &'static str, ports: usize) -> Side {
    let mut router = Router::new();
    let queues: Vec<Arc<PortQueue>> =
        (0..ports).map(|i| add_wide(&mut router, i as u64 + 1, ChangeFlags::RESOURCE_STATE, i)).collect();
    let ev = resource_state(&Arc::from(EVENT_NAME));
    let clock = Clock::real();
    Side::with_ops(label, ports as u64, move |iters| {
        let mut buf = [0u16; 64];
        let start = Instant::now();
        for _ in 0..iters {
            let n = router.route(black_box(&ev));
            assert_eq!(n, queues.len(), "every port matches");
            for q in &queues {
                let h = q.get(&clock, &mut buf, Timeout::POLL).expect("each port got the event");
                black_box(h);
            }
        }
        start.elapsed()
    })
}

/// P3: one event to 1,000 matching ports, cost per delivery, against P1's clusim path.
pub fn p3_fan_out() -> Pair {
    let mut router = Router::new();
    let port = add_wide(&mut router, 1, ChangeFlags::RESOURCE_STATE, 7);
    Pair {
        clusim: fan_out("route to 1,000 ports + 1,000 get(0), per delivery", 1_000),
        baseline: route_and_get("P1: route + get(0), 1 port", router, port),
    }
}

/// Sweep over ports: `ports` matching ports, per delivery, against `ports` crossbeam
/// channels (one send + one recv each).
pub fn sweep_ports(ports: usize) -> Pair {
    let name: Arc<str> = Arc::from(EVENT_NAME);
    let channels: Vec<(Sender<Payload>, Receiver<Payload>)> = (0..ports).map(|_| unbounded()).collect();
    let baseline = Side::with_ops("crossbeam: send to N channels + recv each", ports as u64, move |iters| {
        let start = Instant::now();
        for _ in 0..iters {
            for (tx, _) in &channels {
                tx.send(payload(&name)).expect("receiver alive");
            }
            for (_, rx) in &channels {
                black_box(rx.try_recv().expect("sent"));
            }
        }
        start.elapsed()
    });
    Pair { clusim: fan_out("route to N ports + N get(0), per delivery", ports), baseline }
}

/// Sweep over registrations per port: one port with `regs` cluster-wide registrations
/// that all match (each delivers its own indication, N7), per delivery, against one
/// crossbeam channel carrying `regs` messages per event.
pub fn sweep_registrations(regs: usize) -> Pair {
    let mut router = Router::new();
    let port = PortQueue::new(DEFAULT_PORT_CAPACITY);
    for k in 0..regs {
        router.add(
            PortId(1),
            port.clone(),
            ChangeFlags::RESOURCE_STATE,
            NotifyKey(k),
            HandleId(1),
            Scope::Cluster,
        );
    }
    let ev = resource_state(&Arc::from(EVENT_NAME));
    let clock = Clock::real();
    let clusim =
        Side::with_ops("route to R registrations + R get(0), per delivery", regs as u64, move |iters| {
            let mut buf = [0u16; 64];
            let start = Instant::now();
            for _ in 0..iters {
                assert_eq!(router.route(black_box(&ev)), regs, "every registration matches");
                for _ in 0..regs {
                    black_box(port.get(&clock, &mut buf, Timeout::POLL).expect("queued"));
                }
            }
            start.elapsed()
        });
    let baseline = channel_burst("crossbeam: R sends + R recvs, per message", regs);
    Pair { clusim, baseline }
}

/// One crossbeam channel carrying `n` messages per iteration (send all, then receive
/// all), per message.
pub(crate) fn channel_burst(label: &'static str, n: usize) -> Side {
    let name: Arc<str> = Arc::from(EVENT_NAME);
    let (tx, rx) = unbounded::<Payload>();
    Side::with_ops(label, n as u64, move |iters| {
        let start = Instant::now();
        for _ in 0..iters {
            for _ in 0..n {
                tx.send(payload(&name)).expect("receiver alive");
            }
            for _ in 0..n {
                black_box(rx.try_recv().expect("sent"));
            }
        }
        start.elapsed()
    })
}

/// A seeded xorshift64* generator: the bench's random choices are the same every run.
pub(crate) struct Seeded(u64);

impl Seeded {
    /// A generator from `seed` (any value; 0 is moved off the fixed point).
    pub(crate) fn new(seed: u64) -> Seeded {
        Seeded(seed.max(1))
    }

    /// A value in `0..n`.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::{measure, Budget};

    /// Cases whose setup or single operation is heavy in a debug build; each is run
    /// at a smaller size by the tests of its own module (same code, smaller numbers).
    fn heavy(c: &crate::Case) -> bool {
        ["P7", "H1", "T1", "C1"].contains(&c.id.as_str()) || c.sweep.is_some_and(|(_, n)| n > 1_000)
    }

    #[test]
    fn every_paired_case_delivers_what_it_measures() {
        // Each side panics on a missing delivery; run every paired case a little.
        for case in crate::all_cases().iter().filter(|c| !heavy(c)) {
            if let crate::Plan::Paired(make) = &case.plan {
                let mut pair = make();
                let m = measure(&mut pair, Budget::SMOKE);
                assert!(m.clusim_ns > 0.0 && m.baseline_ns > 0.0, "{}", case.id);
                assert!(pair.clusim.ns_per_op(3).is_finite(), "{}", case.id);
            }
        }
    }

    #[test]
    fn fan_out_counts_one_operation_per_delivery() {
        let pair = p3_fan_out();
        assert_eq!((pair.clusim.ops_per_iter, pair.baseline.ops_per_iter), (1_000, 1));
        assert_eq!(sweep_registrations(10).clusim.ops_per_iter, 10);
    }

    #[test]
    fn seeded_choices_repeat_and_stay_in_range() {
        let draw = || {
            let mut r = Seeded::new(13);
            (0..100).map(|_| r.below(7)).collect::<Vec<_>>()
        };
        assert_eq!(draw(), draw());
        assert!(draw().iter().all(|&x| x < 7));
        assert!(draw().iter().any(|&x| x != draw()[0]), "not constant");
    }
}
