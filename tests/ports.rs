//! Port rules that need the simulator's own knobs (spec/ports.md). Each test names its
//! rule; backend-agnostic rules live in crates/clusim-compliance.

use clusim::client::{Cluster, Notification, NotifyPort};
use clusim::*;
use std::time::Duration;

fn sim() -> Sim {
    Sim::builder().manual_clock().instant_transitions(true).build()
}

fn summary(v: &[Notification]) -> Vec<(usize, &'static str, String)> {
    v.iter().map(|n| (n.key.0, n.change.name().unwrap(), n.name.clone())).collect()
}

/// PORT-KEY-WIDTH (N12): notify keys are full pointer width, never truncated.
#[test]
fn notify_keys_keep_all_pointer_bits() {
    let sim = sim();
    let c = sim.open(None).unwrap();
    let key = NotifyKey(usize::MAX - 0x1234);
    let p = c.notify_port(ChangeFlags::GROUP_ADDED, key).unwrap();
    c.create_group("k").unwrap();
    assert_eq!(p.get(Timeout::POLL).unwrap().key, key);
}

/// PORT-OVERFLOW (N10): a full port drops, then reports the loss with one
/// CLUSTER_RECONNECT (key of the first lost indication, cluster name) in its place.
#[test]
fn full_port_reports_loss_with_one_reconnect() {
    let sim = Sim::builder().manual_clock().instant_transitions(true).port_capacity(3).build();
    let c = sim.open(None).unwrap();
    let p = c.notify_port(ChangeFlags::GROUP_ADDED, NotifyKey(1)).unwrap();
    p.add(&c, ChangeFlags::GROUP_DELETED, NotifyKey(2)).unwrap();
    for i in 0..5 {
        c.create_group(&format!("g{i}")).unwrap();
    }
    c.open_group("g0").unwrap().delete().unwrap();
    assert_eq!(sim.port_stats(p.raw()).unwrap().dropped, 3);
    let got = p.drain().unwrap();
    assert_eq!(
        summary(&got),
        vec![
            (1, "CLUSTER_CHANGE_GROUP_ADDED", "g0".into()),
            (1, "CLUSTER_CHANGE_GROUP_ADDED", "g1".into()),
            (1, "CLUSTER_CHANGE_GROUP_ADDED", "g2".into()),
            (1, "CLUSTER_CHANGE_CLUSTER_RECONNECT", "CLUSTER".into()),
        ]
    );
    c.create_group("g9").unwrap();
    assert_eq!(p.get(Timeout::POLL).unwrap().name, "g9");
}

/// PORT-HANDLE-CLOSE (N4 switch): with `handle_close_requires_filter(true)` only
/// registrations whose filter holds HANDLE_CLOSE receive it.
#[test]
fn handle_close_filter_switch() {
    for (requires, expected) in [(false, vec![10, 20]), (true, vec![20])] {
        let sim = Sim::builder()
            .manual_clock()
            .instant_transitions(true)
            .handle_close_requires_filter(requires)
            .build();
        let c = sim.open(None).unwrap();
        let p = NotifyPort::unassociated(sim.shared()).unwrap();
        let g = c.open_group("Cluster Group").unwrap();
        p.register(&g, ChangeFlags::GROUP_STATE, NotifyKey(10)).unwrap();
        p.register(&g, ChangeFlags::GROUP_STATE | ChangeFlags::HANDLE_CLOSE, NotifyKey(20)).unwrap();
        g.close().unwrap();
        let keys: Vec<usize> = p.drain().unwrap().into_iter().map(|n| n.key.0).collect();
        assert_eq!(keys, expected, "requires_filter = {requires}");
    }
}

/// PORT-HANDLE-CLOSE (N4): closing the port itself queues nothing and other handles'
/// registrations on other ports are untouched.
#[test]
fn closing_one_port_leaves_other_ports_alone() {
    let sim = sim();
    let c = sim.open(None).unwrap();
    let a = c.notify_port(ChangeFlags::GROUP_ADDED, NotifyKey(1)).unwrap();
    let b = c.notify_port(ChangeFlags::GROUP_ADDED, NotifyKey(2)).unwrap();
    a.close().unwrap();
    c.create_group("x").unwrap();
    assert_eq!(summary(&b.drain().unwrap()), vec![(2, "CLUSTER_CHANGE_GROUP_ADDED", "x".into())]);
}

/// PORT-UNASSOCIATED (N13): a port created without a cluster binds to the cluster of
/// its first registration; registrations from another cluster are refused.
#[test]
fn unassociated_port_binds_to_its_first_cluster() {
    let sim = sim();
    let a = sim.open(Some("alpha")).unwrap();
    let b = sim.open(Some("beta")).unwrap();
    let p = NotifyPort::unassociated(sim.shared()).unwrap();
    let ga = a.open_group("Cluster Group").unwrap();
    let gb = b.open_group("Cluster Group").unwrap();
    p.register(&ga, ChangeFlags::GROUP_STATE, NotifyKey(1)).unwrap();
    assert_eq!(
        p.register(&gb, ChangeFlags::GROUP_STATE, NotifyKey(2)).unwrap_err(),
        Win32Error::ERROR_INVALID_PARAMETER
    );
    assert_eq!(
        p.add(&b, ChangeFlags::GROUP_ADDED, NotifyKey(3)).unwrap_err(),
        Win32Error::ERROR_INVALID_PARAMETER
    );
    gb.offline().unwrap();
    assert!(p.drain().unwrap().is_empty());
    ga.offline().unwrap();
    assert!(!p.drain().unwrap().is_empty());
}

/// PORT-CREATE: adding to an existing port needs a cluster (SDK-CCNP).
#[test]
fn adding_to_a_port_without_a_cluster_is_invalid_parameter() {
    let sim = sim();
    let c = sim.open(None).unwrap();
    let p = c.notify_port(ChangeFlags::GROUP_ADDED, NotifyKey(1)).unwrap();
    let b = sim.shared();
    assert_eq!(
        b.create_notify_port(Some(p.raw()), None, ChangeFlags::GROUP_DELETED, NotifyKey(2)).unwrap_err(),
        Win32Error::ERROR_INVALID_PARAMETER
    );
}

/// PORT-PER-OBJECT (N9): registrations stay on a deleted object's name, so an object
/// re-created with that name is watched again.
#[test]
fn registration_survives_delete_and_recreate_by_name() {
    let sim = sim();
    let c = sim.open(None).unwrap();
    let g = c.create_group("phoenix").unwrap();
    let p = NotifyPort::unassociated(sim.shared()).unwrap();
    p.register(&g, ChangeFlags::GROUP_DELETED | ChangeFlags::GROUP_STATE, NotifyKey(5)).unwrap();
    g.delete().unwrap();
    assert_eq!(g.state().unwrap_err(), Win32Error::ERROR_GROUP_NOT_FOUND, "stale handle: object gone");
    let again = c.create_group("PHOENIX").unwrap();
    again.move_to(None).unwrap();
    assert_eq!(
        summary(&p.drain().unwrap()),
        vec![
            (5, "CLUSTER_CHANGE_GROUP_DELETED", "phoenix".into()),
            (5, "CLUSTER_CHANGE_GROUP_STATE", "PHOENIX".into())
        ]
    );
}

/// PORT-OBJECT-IDENTITY (N9 switch): with `registrations_follow_objects(true)` the
/// registration ends with its object; the re-created group does not reach it, and
/// closing the stale handle still queues HANDLE_CLOSE with the old name.
#[test]
fn with_the_identity_switch_a_registration_ends_with_its_object() {
    let sim =
        Sim::builder().manual_clock().instant_transitions(true).registrations_follow_objects(true).build();
    let c = sim.open(None).unwrap();
    let g = c.create_group("phoenix").unwrap();
    let p = NotifyPort::unassociated(sim.shared()).unwrap();
    let filter = ChangeFlags::GROUP_DELETED | ChangeFlags::GROUP_STATE | ChangeFlags::HANDLE_CLOSE;
    p.register(&g, filter, NotifyKey(5)).unwrap();
    g.delete().unwrap();
    let again = c.create_group("PHOENIX").unwrap();
    again.move_to(None).unwrap();
    drop(g);
    assert_eq!(
        summary(&p.drain().unwrap()),
        vec![
            (5, "CLUSTER_CHANGE_GROUP_DELETED", "phoenix".into()),
            (5, "CLUSTER_CHANGE_HANDLE_CLOSE", "phoenix".into())
        ]
    );
}

/// PORT-NAMES (N5): database event names are relative to the cluster root for
/// cluster-wide registrations; without REGISTRY_SUBTREE only the root itself matches.
#[test]
fn database_event_names_are_relative_to_the_root() {
    let sim = sim();
    let c = sim.open(None).unwrap();
    let p = c.notify_port(ChangeFlags::REGISTRY_VALUE, NotifyKey(1)).unwrap();
    p.add(&c, ChangeFlags::REGISTRY_VALUE | ChangeFlags::REGISTRY_SUBTREE, NotifyKey(2)).unwrap();
    c.set_properties(PropertyScope::Common, &vec![("Description".into(), PropertyValue::Sz("d".into()))])
        .unwrap();
    c.open_group("Cluster Group")
        .unwrap()
        .set_properties(PropertyScope::Common, &vec![("Description".into(), PropertyValue::Sz("d".into()))])
        .unwrap();
    let got = p.drain().unwrap();
    assert_eq!(got[0].key, NotifyKey(1));
    assert_eq!(got[0].name, "");
    assert_eq!(got[1].key, NotifyKey(2));
    assert_eq!(got[1].name, "");
    assert_eq!(got.len(), 3);
    assert_eq!(got[2].key, NotifyKey(2));
    assert!(got[2].name.starts_with("Groups\\"), "{:?}", got[2]);
}

/// PORT-NAMES (N6): network and interface events carry the object's name.
#[test]
fn network_events_carry_the_network_name() {
    let sim = sim();
    let c = sim.open(None).unwrap();
    let p = c
        .notify_port(ChangeFlags::NETWORK_PROPERTY | ChangeFlags::NETINTERFACE_DELETED, NotifyKey(1))
        .unwrap();
    c.open_network("Cluster Network 1").unwrap().rename("Public").unwrap();
    let n2 = c.open_node("NODE2").unwrap();
    n2.evict().unwrap();
    assert_eq!(
        summary(&p.drain().unwrap()),
        vec![
            (1, "CLUSTER_CHANGE_NETWORK_PROPERTY", "Public".into()),
            (1, "CLUSTER_CHANGE_NETINTERFACE_DELETED", "NODE2 - Ethernet".into())
        ]
    );
}

/// PORT-ORDER-ACROSS (N11): two ports registered for the same events see them in the
/// same order.
#[test]
fn two_ports_see_the_same_order() {
    let sim = sim();
    let c = sim.open(None).unwrap();
    let a = c.notify_port(ChangeFlags::ALL, NotifyKey(1)).unwrap();
    let b = c.notify_port(ChangeFlags::ALL, NotifyKey(1)).unwrap();
    let g = c.open_group("Cluster Group").unwrap();
    g.offline().unwrap();
    g.online().unwrap();
    let n2 = c.open_node("NODE2").unwrap();
    g.move_to(Some(&n2)).unwrap();
    assert_eq!(a.drain().unwrap(), b.drain().unwrap());
}

/// PORT-TIMEOUT (N2): a watcher loop on 500 ms gets keeps timing out as the test
/// advances the manual clock, and sees the event when it comes; no real sleeping.
#[test]
fn watcher_loop_times_out_repeatedly_under_the_manual_clock() {
    let sim = sim();
    let clock = sim.clock().clone();
    let c = sim.open(None).unwrap();
    let p = std::sync::Arc::new(c.notify_port(ChangeFlags::GROUP_ADDED, NotifyKey(1)).unwrap());
    let p2 = p.clone();
    let (timed_out, timeouts) = std::sync::mpsc::channel();
    let t = std::thread::spawn(move || loop {
        match p2.get(Timeout::from(Duration::from_millis(500))) {
            Err(Win32Error::WAIT_TIMEOUT) => timed_out.send(()).unwrap(),
            Ok(n) => return n.name,
            Err(e) => panic!("{e}"),
        }
    });
    let start = std::time::Instant::now();
    for round in 0..10 {
        // The previous get has returned (its registration is gone): this is the next one.
        assert!(clock.wait_for_timed_waiters(1, Duration::from_secs(10)));
        clock.advance(Duration::from_millis(500));
        timeouts
            .recv_timeout(Duration::from_secs(10))
            .unwrap_or_else(|_| panic!("round {round}: no WAIT_TIMEOUT"));
    }
    assert!(clock.wait_for_timed_waiters(1, Duration::from_secs(10)));
    c.create_group("finally").unwrap();
    assert_eq!(t.join().unwrap(), "finally");
    assert!(timeouts.try_recv().is_err(), "exactly ten timeouts");
    assert_eq!(clock.now(), Duration::from_millis(5000));
    assert!(start.elapsed() < Duration::from_secs(5), "no real 500 ms sleeps");
}

/// PORT-BAD-INPUT: a handle of another simulator is foreign and invalid.
#[test]
fn handles_of_another_simulator_are_invalid() {
    let a = sim();
    let b = sim();
    let ca = a.open(None).unwrap();
    let _cb = b.open(None).unwrap();
    let backend_b = b.shared();
    assert_eq!(backend_b.cluster_name(ca.raw()).unwrap_err(), Win32Error::ERROR_INVALID_HANDLE);
    assert_eq!(backend_b.create_group(ca.raw(), "x").unwrap_err(), Win32Error::ERROR_INVALID_HANDLE);
    let g = ca.open_group("Cluster Group").unwrap();
    let p = b.open(None).unwrap().notify_port(ChangeFlags::empty(), NotifyKey(0)).unwrap();
    assert_eq!(
        backend_b
            .register_notify(p.raw(), ChangeFlags::GROUP_STATE, g.raw().into(), NotifyKey(1))
            .unwrap_err(),
        Win32Error::ERROR_INVALID_HANDLE
    );
}

/// Clusters by name: each distinct name is its own cluster; the local cluster is the
/// one with no name (or its own name).
#[test]
fn clusters_by_name_are_independent() {
    let sim = sim();
    let a = sim.open(Some("east")).unwrap();
    let b = sim.open(Some("west")).unwrap();
    let a2 = sim.open(Some("EAST")).unwrap();
    a.create_group("only-east").unwrap();
    assert!(a2.open_group("only-east").is_ok());
    assert_eq!(b.open_group("only-east").unwrap_err(), Win32Error::ERROR_GROUP_NOT_FOUND);
    assert_eq!(sim.open(None).unwrap().name().unwrap(), "CLUSTER");
    assert_eq!(sim.open(Some("")).unwrap().name().unwrap(), "CLUSTER");
    let local = sim.open(None).unwrap();
    local.create_group("local-g").unwrap();
    assert!(sim.open(Some("cluster")).unwrap().open_group("local-g").is_ok());
    assert_eq!(
        Cluster::open(sim.shared(), Some("bad\0name")).unwrap_err(),
        Win32Error::ERROR_INVALID_PARAMETER
    );
}

/// Every handle a test opens is closed on drop.
#[test]
fn raii_handles_close_on_drop() {
    let sim = sim();
    {
        let c = sim.open(None).unwrap();
        let _g = c.open_group("Cluster Group").unwrap();
        let _p = c.notify_port(ChangeFlags::ALL, NotifyKey(1)).unwrap();
        assert_eq!(sim.open_handles(), 3);
    }
    assert_eq!(sim.open_handles(), 0);
}
