//! V2 cases (spec/v2.md, issue 10 item 11): the `GetClusterNotifyV2` drain of one
//! event with a `DWORD` payload against the V1 get of the same event, in the same run
//! (V2-GET), and the V2 fan-out to 1,000 ports against the V1 one (V2-FANOUT).

use super::{add_wide, fan_out, resource_state, route_and_get, EVENT_NAME};
use crate::measure::{Pair, Side};
use clusim_api::change_v2::ResourceChangeV2;
use clusim_api::notify_v2::NotifyV2Buffers;
use clusim_api::{ChangeFlags, NotifyKey, ObjectType, Timeout};
use clusim_clock::Clock;
use clusim_model::{EventV2Data, ModelEventV2};
use clusim_notify::{HandleId, PortId, PortQueueV2, Router, ScopeV2};
use clusim_sim::DEFAULT_PORT_CAPACITY;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

/// The RESOURCE STATE_V2 event of [`EVENT_NAME`] as the model emits it (ids shaped as
/// the simulator's, a `DWORD` state payload).
fn resource_state_v2() -> ModelEventV2 {
    let id: Arc<str> = Arc::from("3f0c2a51-7d4e-4b1a-9c2e-5a6b7c8d9e0f");
    ModelEventV2 {
        object_type: ObjectType::Resource,
        flag: ResourceChangeV2::STATE.bits(),
        subject: id.clone(),
        data: Arc::new(EventV2Data::with_type(
            id,
            Arc::from("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"),
            Arc::from(EVENT_NAME),
            Arc::from("Physical Disk"),
            Arc::from(2u32.to_le_bytes().as_slice()),
        )),
    }
}

fn add_wide_v2(router: &mut Router, id: u64, key: usize) -> Arc<PortQueueV2> {
    let port = PortQueueV2::new(DEFAULT_PORT_CAPACITY);
    let flags = u64::from(ResourceChangeV2::STATE.bits());
    router.v2.add(
        PortId(id),
        port.clone(),
        ObjectType::Resource,
        flags,
        NotifyKey(key),
        HandleId(id),
        ScopeV2::Cluster,
    );
    port
}

/// The five output buffers of a `GetClusterNotifyV2` caller, reused across calls (as
/// the V1 side reuses its name buffer).
struct OutputsV2 {
    buf: [u8; 16],
    id: [u16; 40],
    parent: [u16; 40],
    name: [u16; 64],
    ty: [u16; 32],
}

impl OutputsV2 {
    fn new() -> Self {
        OutputsV2 { buf: [0; 16], id: [0; 40], parent: [0; 40], name: [0; 64], ty: [0; 32] }
    }
}

/// One `GetClusterNotifyV2(0)` with every output wanted.
fn get_v2(port: &Arc<PortQueueV2>, clock: &Clock, o: &mut OutputsV2) {
    let mut out = NotifyV2Buffers::all(&mut o.buf, &mut o.id, &mut o.parent, &mut o.name, &mut o.ty);
    let h = port.get(clock, &mut out, Timeout::POLL).expect("the routed event is queued");
    black_box((h, &o.buf, &o.name));
}

/// V2 routing of one event to `ports` ports, then one full V2 get per port.
fn v2_route_and_get(label: &'static str, ports: usize) -> Side {
    let mut router = Router::new();
    let queues: Vec<Arc<PortQueueV2>> =
        (0..ports).map(|i| add_wide_v2(&mut router, i as u64 + 1, i)).collect();
    let ev = resource_state_v2();
    let clock = Clock::real();
    Side::with_ops(label, ports as u64, move |iters| {
        let mut outputs = OutputsV2::new();
        let start = Instant::now();
        for _ in 0..iters {
            let n = router.v2.route(black_box(&ev));
            assert_eq!(n, queues.len(), "every port matches");
            for q in &queues {
                get_v2(q, &clock, &mut outputs);
            }
        }
        start.elapsed()
    })
}

/// V2 routing of one event to one port, then one full V2 get: the loop of
/// `route_and_get` (the V1 side) with the V2 calls, so the harness costs both sides alike.
fn v2_route_and_get_one(label: &'static str) -> Side {
    let mut router = Router::new();
    let port = add_wide_v2(&mut router, 1, 7);
    let ev = resource_state_v2();
    let clock = Clock::real();
    Side::new(label, move |iters| {
        let mut outputs = OutputsV2::new();
        let start = Instant::now();
        for _ in 0..iters {
            let n = router.v2.route(black_box(&ev));
            assert_eq!(n, 1, "the event matches one registration");
            get_v2(&port, &clock, &mut outputs);
        }
        start.elapsed()
    })
}

/// V2-GET: route + `GetClusterNotifyV2(0)` (all five outputs) of a RESOURCE STATE_V2
/// event, against route + `GetClusterNotify(0)` of the same change's RESOURCE_STATE.
pub fn v2_get_vs_v1_get() -> Pair {
    let mut router = Router::new();
    let port = add_wide(&mut router, 1, ChangeFlags::RESOURCE_STATE, 7);
    debug_assert_eq!(resource_state(&Arc::from(EVENT_NAME)).change, ChangeFlags::RESOURCE_STATE);
    Pair {
        clusim: v2_route_and_get_one("V2 route + GetClusterNotifyV2(0), 1 port"),
        baseline: route_and_get("V1 route + GetClusterNotify(0), 1 port", router, port),
    }
}

/// V2-FANOUT: one V2 event to 1,000 ports, per delivery, against the V1 fan-out (P3).
pub fn v2_fan_out() -> Pair {
    Pair {
        clusim: v2_route_and_get("V2 route to 1,000 ports + 1,000 gets, per delivery", 1_000),
        baseline: fan_out("V1 route to 1,000 ports + 1,000 gets, per delivery", 1_000),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Both sides of both cases deliver what they route (a few iterations, not a bench).
    #[test]
    fn the_v2_cases_deliver_what_they_route() {
        for mut pair in [v2_get_vs_v1_get(), v2_fan_out()] {
            assert!(pair.clusim.ns_per_op(3) > 0.0);
            assert!(pair.baseline.ns_per_op(3) > 0.0);
        }
    }
}
