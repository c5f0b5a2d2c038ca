//! Cases through the `Backend` trait: E1 (a property change end to end) and P5
//! (`GetClusterNotify` through libclusapi's C export against the Rust API).

use super::EVENT_NAME;
use crate::measure::{Pair, Side};
use clusim_api::{Backend, ChangeFlags, NotifyKey, ObjectHandle, PropertyScope, PropertyValue, Timeout};
use clusim_api::{ClusterApi, ControlApi, NotifyApi, ResourceApi};
use clusim_sim::Sim;
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A simulator with the default topology, a handle to `Cluster Disk 1`, and (when
/// `with_port`) a port registered cluster-wide for `RESOURCE_PROPERTY`.
fn property_sim(with_port: bool) -> (Sim, clusim_api::HResource, Option<clusim_api::HChange>) {
    let sim = Sim::builder().instant_transitions(true).build();
    let cluster = sim.open_cluster(None).expect("default cluster");
    let resource = sim.open_resource(cluster, EVENT_NAME).expect("default resource");
    let port = with_port.then(|| {
        sim.create_notify_port(None, Some(cluster), ChangeFlags::RESOURCE_PROPERTY, NotifyKey(7))
            .expect("port")
    });
    (sim, resource, port)
}

/// E1: a property change through the [`Backend`] trait, routed to a port and drained,
/// against the same property change with no port (the model's own cost).
pub fn e1_end_to_end() -> Pair {
    let props = vec![("Description".to_string(), PropertyValue::Sz("benchmarked".into()))];
    let (sim, resource, port) = property_sim(true);
    let port = port.expect("made with a port");
    let props2 = props.clone();
    let clusim = Side::new("set property + route + get(0)", move |iters| {
        let mut buf = [0u16; 64];
        let start = Instant::now();
        for _ in 0..iters {
            sim.set_properties(ObjectHandle::Resource(resource), PropertyScope::Common, &props)
                .expect("property set");
            let h = sim.get_notify(port, &mut buf, Timeout::POLL).expect("the change is queued");
            debug_assert_eq!(h.change, ChangeFlags::RESOURCE_PROPERTY);
            black_box(h);
        }
        start.elapsed()
    });
    let (bare, bare_resource, _) = property_sim(false);
    let baseline = Side::new("set property, no port", move |iters| {
        let start = Instant::now();
        for _ in 0..iters {
            bare.set_properties(ObjectHandle::Resource(bare_resource), PropertyScope::Common, &props2)
                .expect("property set");
        }
        start.elapsed()
    });
    Pair { clusim, baseline }
}

/// Values set by one P5 refill (each a `REGISTRY_VALUE` event, plus one
/// `RESOURCE_PROPERTY`).
pub const P5_VALUES: u32 = 63;

/// Most events a P5 side queues before it times their gets.
const P5_CHUNK: usize = 1 << 16;

/// One side of P5: `GetClusterNotify` with a zero timeout through `backend`, on a port
/// registered for `RESOURCE_PROPERTY` and the database's value changes. Before the
/// clock starts, property changes (each queueing `P5_VALUES + 1` events) fill the port
/// with at least `iters` events; only the `iters` gets are timed; what is left is
/// drained after. Both sides get the same events through the same trait calls.
fn notify_gets(label: &'static str, backend: Arc<dyn Backend>) -> (Side, usize) {
    let cluster = backend.open_cluster(None).expect("local cluster");
    let resource = backend.open_resource(cluster, EVENT_NAME).expect("default resource");
    let filter = ChangeFlags::RESOURCE_PROPERTY | ChangeFlags::REGISTRY_VALUE | ChangeFlags::REGISTRY_SUBTREE;
    let port = backend.create_notify_port(None, Some(cluster), filter, NotifyKey(7)).expect("port");
    let props: clusim_api::PropertyList =
        (0..P5_VALUES).map(|i| (format!("BenchValue{i}"), PropertyValue::Dword(i))).collect();
    let refill = {
        let backend = backend.clone();
        move || {
            backend
                .set_properties(ObjectHandle::Resource(resource), PropertyScope::Private, &props)
                .expect("properties set")
        }
    };
    let drain = {
        let backend = backend.clone();
        move || {
            let mut buf = [0u16; 256];
            let mut n = 0;
            while backend.get_notify(port, &mut buf, Timeout::POLL).is_ok() {
                n += 1;
            }
            n
        }
    };
    drain();
    refill();
    let per_refill = drain();
    assert!(per_refill > 0, "a property change queues events");
    let side = Side::new(label, move |iters| {
        let _keep = (cluster, resource);
        let mut buf = [0u16; 256];
        let mut took = Duration::ZERO;
        let mut left = iters as usize;
        // In chunks, so the port never nears its capacity (a full port drops events).
        while left > 0 {
            let chunk = left.min(P5_CHUNK);
            let mut queued = 0;
            while queued < chunk {
                refill();
                queued += per_refill;
            }
            let start = Instant::now();
            for _ in 0..chunk {
                let h = backend.get_notify(port, &mut buf, Timeout::POLL).expect("a queued event");
                black_box(h);
            }
            took += start.elapsed();
            assert_eq!(drain(), queued - chunk, "every event was queued once");
            left -= chunk;
        }
        took
    });
    (side, per_refill)
}

/// P5: `GetClusterNotify` through libclusapi's C export (driven by `ClusApiBackend`,
/// the real-ClusAPI backend, which off Windows links libclusapi), against the same get
/// through the Rust API (`Sim` as a `Backend`).
pub fn p5_libclusapi() -> Pair {
    let (clusim, via_c) =
        notify_gets("GetClusterNotify(0) via libclusapi", Arc::new(clusim_clusapi::ClusApiBackend::new()));
    let (baseline, via_rust) = notify_gets(
        "Backend::get_notify(0) on Sim",
        Arc::new(Sim::builder().instant_transitions(true).build()),
    );
    assert_eq!(via_c, via_rust, "both sides queue the same events per refill");
    Pair { clusim, baseline }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_p5_refill_queues_one_event_per_value_and_one_for_the_resource() {
        let (mut side, per_refill) =
            notify_gets("t", Arc::new(Sim::builder().instant_transitions(true).build()));
        assert_eq!(per_refill, P5_VALUES as usize + 1);
        // Two refills' worth of gets: each must find its event.
        assert!((side.run)(2 * per_refill as u64) > Duration::ZERO);
    }

    #[test]
    fn end_to_end_side_queues_one_event_per_property_change() {
        let (sim, resource, port) = property_sim(true);
        let port = port.unwrap();
        let props = vec![("Description".to_string(), PropertyValue::Sz("x".into()))];
        sim.set_properties(ObjectHandle::Resource(resource), PropertyScope::Common, &props).unwrap();
        assert_eq!(
            sim.port_stats(port).unwrap().queued,
            1,
            "RESOURCE_PROPERTY only; the database events are filtered out"
        );
    }
}
