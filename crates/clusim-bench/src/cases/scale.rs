//! Costs that must not grow with the parts of the cluster an operation does not touch:
//! H1 (closing a handle among many ports) and T1 (a resource's transitions among many
//! resources). Both sides run the same calls on a `Sim`; only the bystanders differ.

use super::EVENT_NAME;
use crate::measure::{Pair, Side};
use clusim_api::{ChangeFlags, GroupApi, HCluster, NotifyApi, NotifyKey, ObjectHandle, ResourceApi, Timeout};
use clusim_api::{ClusterApi, ResourceState};
use clusim_sim::Sim;
use std::hint::black_box;
use std::time::Instant;

/// Ports of H1's large side.
pub const H1_PORTS: usize = 10_000;

/// A simulator with `ports` notification ports: one that the measured handles register
/// on, and `ports - 1` bystanders, each registered cluster-wide for `NODE_STATE` (an
/// event the case never causes). One operation opens a handle to `Cluster Disk 1`,
/// registers it on the port (`RESOURCE_STATE | HANDLE_CLOSE`), closes it, and gets the
/// `HANDLE_CLOSE` indication its close queued.
pub(crate) fn close_side(label: &'static str, ports: usize) -> Side {
    let sim = Sim::builder().instant_transitions(true).build();
    let cluster = sim.open_cluster(None).expect("default cluster");
    let port =
        sim.create_notify_port(None, Some(cluster), ChangeFlags::NODE_STATE, NotifyKey(0)).expect("port");
    let bystanders: Vec<_> = (1..ports)
        .map(|i| {
            sim.create_notify_port(None, Some(cluster), ChangeFlags::NODE_STATE, NotifyKey(i)).expect("port")
        })
        .collect();
    let filter = ChangeFlags::RESOURCE_STATE | ChangeFlags::HANDLE_CLOSE;
    Side::new(label, move |iters| {
        let _keep = &bystanders;
        let mut buf = [0u16; 64];
        let start = Instant::now();
        for _ in 0..iters {
            let r = sim.open_resource(cluster, EVENT_NAME).expect("resource opened");
            sim.register_notify(port, filter, ObjectHandle::Resource(r), NotifyKey(9)).expect("registered");
            sim.close_resource(r).expect("handle closed");
            let h = sim.get_notify(port, &mut buf, Timeout::POLL).expect("the close queued HANDLE_CLOSE");
            assert_eq!(h.change, ChangeFlags::HANDLE_CLOSE, "the close's indication");
            black_box(h);
        }
        start.elapsed()
    })
}

/// H1: open, register, close a handle and get its `HANDLE_CLOSE`, with 10,000 ports in
/// the cluster, against the same with 1 port.
pub fn h1_close() -> Pair {
    Pair {
        clusim: close_side("open + register + close + get, 10,000 ports", H1_PORTS),
        baseline: close_side("the same, 1 port", 1),
    }
}

/// Resources of T1's large and small sides.
pub const T1_RESOURCES: (usize, usize) = (10_000, 10);

/// Resources per group in T1 (both sides: the measured resource's group is the same size).
const T1_GROUP: usize = 10;

/// Creates `resources` resources of type `Generic Application`, `T1_GROUP` to a new
/// group, and returns the first one's handle.
fn add_resources(sim: &Sim, cluster: HCluster, resources: usize) -> clusim_api::HResource {
    let mut first = None;
    for g in 0..resources.div_ceil(T1_GROUP) {
        let group = sim.create_group(cluster, &format!("T1 group {g}")).expect("group created");
        for i in 0..T1_GROUP.min(resources - g * T1_GROUP) {
            let r = sim
                .create_resource(group, &format!("T1 resource {g}-{i}"), "Generic Application")
                .expect("resource");
            match first {
                None => first = Some(r),
                Some(_) => sim.close_resource(r).expect("closed"),
            }
        }
        sim.close_group(group).expect("closed");
    }
    first.expect("at least one resource")
}

/// A simulator with `resources` more resources than the default topology, in groups of
/// ten; one operation brings the first of them online and offline again (two
/// `RESOURCE_STATE` transitions each way, N16).
pub(crate) fn transition_side(label: &'static str, resources: usize) -> Side {
    let sim = Sim::builder().instant_transitions(true).build();
    let cluster = sim.open_cluster(None).expect("default cluster");
    let r = add_resources(&sim, cluster, resources);
    Side::new(label, move |iters| {
        let start = Instant::now();
        for _ in 0..iters {
            sim.online_resource(r).expect("online");
            sim.offline_resource(r).expect("offline");
        }
        let took = start.elapsed();
        assert_eq!(sim.resource_state(r).expect("state").state, ResourceState::Offline, "back offline");
        took
    })
}

/// T1: online + offline of one resource with 10,000 resources in the cluster, against
/// the same with 10.
pub fn t1_transitions() -> Pair {
    Pair {
        clusim: transition_side("online + offline, 10,000 resources", T1_RESOURCES.0),
        baseline: transition_side("online + offline, 10 resources", T1_RESOURCES.1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn close_sides_get_the_handle_close_of_each_close() {
        // Each iteration asserts the HANDLE_CLOSE (PORT-HANDLE-CLOSE) its close queued.
        let mut side = close_side("t", 50);
        assert!((side.run)(3) > Duration::ZERO);
    }

    #[test]
    fn transition_sides_bring_the_resource_online_and_back() {
        let sim = Sim::builder().instant_transitions(true).build();
        let cluster = sim.open_cluster(None).unwrap();
        let r = add_resources(&sim, cluster, 25);
        sim.online_resource(r).unwrap();
        assert_eq!(
            sim.resource_state(r).unwrap().state,
            ResourceState::Online,
            "online is synchronous (N16)"
        );
        let mut side = transition_side("t", 25);
        assert!((side.run)(3) > Duration::ZERO);
    }
}
