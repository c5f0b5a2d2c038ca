//! P2: routing at scale. 10,000 ports, each registered on its own object; every event
//! names a random one of them (seeded), so each route is a lookup among 10,000 objects
//! that finds a different one each time, not a repeat of a cached best case.

use super::{Payload, Seeded};
use crate::measure::{Pair, Side};
use clusim_api::{ChangeFlags, NotifyKey, ObjectKind, Timeout};
use clusim_clock::Clock;
use clusim_model::ModelEvent;
use clusim_notify::{HandleId, PortId, PortQueue, Router, Scope};
use clusim_sim::DEFAULT_PORT_CAPACITY;
use crossbeam_channel::{unbounded, Receiver, Sender};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

/// Ports (and objects) of P2.
pub const P2_PORTS: usize = 10_000;

/// Length of P2's seeded sequence of objects (the sides cycle through it).
pub const P2_EVENTS: usize = 1 << 14;

/// The seed of P2's sequence.
const P2_SEED: u64 = 0x5EED_0002;

/// The name of the `i`th object of a per-object router.
fn object_name(i: usize) -> Arc<str> {
    Arc::from(format!("Resource {i:05}"))
}

/// A router with `ports` ports, port `i` registered for `RESOURCE_STATE` of resource
/// `object_name(i)` only (`RegisterClusterNotify` with the resource's handle), and the
/// event of each object (sharing the object's name, as the model's events do).
pub fn per_object_router(ports: usize) -> (Router, Vec<Arc<PortQueue>>, Vec<ModelEvent>) {
    let mut router = Router::new();
    let mut queues = Vec::with_capacity(ports);
    let mut events = Vec::with_capacity(ports);
    for i in 0..ports {
        let name = object_name(i);
        let q = PortQueue::new(DEFAULT_PORT_CAPACITY);
        let scope = Scope::Object { kind: ObjectKind::Resource, name: name.clone() };
        router.add(
            PortId(i as u64 + 1),
            q.clone(),
            ChangeFlags::RESOURCE_STATE,
            NotifyKey(i),
            HandleId(i as u64 + 1),
            scope,
        );
        queues.push(q);
        events.push(ModelEvent { change: ChangeFlags::RESOURCE_STATE, kind: ObjectKind::Resource, name });
    }
    (router, queues, events)
}

/// The seeded sequence of objects events are about.
fn sequence(objects: usize) -> Vec<usize> {
    let mut rng = Seeded::new(P2_SEED);
    (0..P2_EVENTS).map(|_| rng.below(objects)).collect()
}

/// P2: an event on a random one of 10,000 objects, each watched by its own port,
/// routed and drained with a zero-timeout get, against the same routing by hand: a
/// `BTreeMap` from object name to that object's crossbeam channel, looked up, sent to,
/// received from.
pub fn p2_routing() -> Pair {
    let order = sequence(P2_PORTS);
    let (router, queues, events) = per_object_router(P2_PORTS);
    let clock = Clock::real();
    let clusim_order = order.clone();
    let clusim = Side::new("route + get(0), 10,000 per-object ports, random object", move |iters| {
        let mut buf = [0u16; 64];
        let mut at = 0;
        let start = Instant::now();
        for _ in 0..iters {
            let i = clusim_order[at];
            at = (at + 1) % clusim_order.len();
            assert_eq!(router.route(black_box(&events[i])), 1, "one port watches the object");
            let h = queues[i].get(&clock, &mut buf, Timeout::POLL).expect("the routed event is queued");
            black_box((h, &buf));
        }
        start.elapsed()
    });
    let names: Vec<Arc<str>> = (0..P2_PORTS).map(object_name).collect();
    let table: BTreeMap<String, (Sender<Payload>, Receiver<Payload>)> =
        names.iter().map(|n| (n.to_string(), unbounded())).collect();
    let baseline = Side::new("BTreeMap lookup + crossbeam send + try_recv", move |iters| {
        let mut at = 0;
        let start = Instant::now();
        for _ in 0..iters {
            let i = order[at];
            at = (at + 1) % order.len();
            let name = &names[i];
            let (tx, rx) = table.get(black_box(&**name)).expect("one channel per object");
            let p = Payload { key: i, change: ChangeFlags::RESOURCE_STATE.bits(), name: name.clone() };
            tx.send(p).expect("receiver alive");
            black_box(rx.try_recv().expect("the sent payload is there"));
        }
        start.elapsed()
    });
    Pair { clusim, baseline }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_per_object_port_gets_only_its_objects_events() {
        let (router, queues, events) = per_object_router(100);
        assert_eq!(router.len(), 100, "one registration per port");
        assert_eq!(router.route(&events[42]), 1);
        let queued: Vec<usize> = queues.iter().map(|q| q.stats().queued).collect();
        assert_eq!(queued.iter().sum::<usize>(), 1);
        assert_eq!(queued[42], 1);
    }

    #[test]
    fn the_sequence_visits_many_objects() {
        let seq = sequence(P2_PORTS);
        let mut distinct = seq.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert!(distinct.len() > P2_PORTS / 2, "random objects, not one repeated: {}", distinct.len());
        assert_eq!(seq, sequence(P2_PORTS), "seeded");
    }
}
