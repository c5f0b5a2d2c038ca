//! `GetClusterNotifyV2` mechanics and the V2 port rules that need the simulator's knobs
//! (spec/v2.md). Each test names its rule.
//! The sequences checked here are those of the instant switch (MODEL-ASYNC: every
//! transition completes inside its call), as in the other pre-asynchronous test files.

use clusim::change_v2::*;
use clusim::client::{Cluster, NotifyPortV2};
use clusim::*;
use std::sync::Arc;
use std::time::Duration;

fn setup() -> (Sim, Cluster) {
    let sim = Sim::builder().manual_clock().instant_transitions(true).build();
    let c = sim.open(None).unwrap();
    (sim, c)
}

fn group_state() -> NotifyFilterAndType {
    NotifyFilterAndType::group(GroupChangeV2::STATE)
}

/// V2-MORE-DATA (N17): each output too small on its own → ERROR_MORE_DATA with every
/// size, the event stays queued; the retry with those sizes gets it.
#[test]
fn more_data_for_each_output_keeps_the_event_for_the_retry() {
    let (_s, c) = setup();
    let p = NotifyPortV2::create(&c, &[NotifyFilterAndType::resource(ResourceChangeV2::STATE)], NotifyKey(1))
        .unwrap();
    c.open_resource("Cluster Disk 1").unwrap().offline().unwrap();
    let b = c.backend();
    // Sizes from the table: DWORD payload, resource id (36), group id (36), name, type.
    let want = NotifyV2Sizes { buffer: 4, object_id: 36, parent_id: 36, name: 14, type_name: 13 };
    for short in 0..5 {
        let (mut buf, mut id, mut parent, mut name, mut ty) =
            (vec![0u8; 4], vec![0u16; 37], vec![0u16; 37], vec![0u16; 15], vec![0u16; 14]);
        match short {
            0 => buf.truncate(3),
            1 => id.truncate(36),
            2 => parent.truncate(36),
            3 => name.truncate(14),
            _ => ty.truncate(13),
        }
        let mut out = NotifyV2Buffers::all(&mut buf, &mut id, &mut parent, &mut name, &mut ty);
        assert_eq!(
            b.get_notify_v2(p.raw(), &mut out, Timeout::POLL),
            Err(GetNotifyV2Error::MoreData(want)),
            "{short}"
        );
    }
    let (mut buf, mut name) = ([0u8; 4], [0u16; 15]);
    let mut out = NotifyV2Buffers { buffer: Some(&mut buf), name: Some(&mut name), ..Default::default() };
    let h = b.get_notify_v2(p.raw(), &mut out, Timeout::POLL).unwrap();
    assert_eq!(
        (h.key, h.sizes, h.filter),
        (NotifyKey(1), want, NotifyFilterAndType::resource(ResourceChangeV2::STATE))
    );
    assert_eq!(u32::from_le_bytes(buf), ResourceState::OfflinePending as u32);
    assert_eq!(String::from_utf16(&name[..14]).unwrap(), "Cluster Disk 1");
    assert_eq!(name[14], 0, "NUL after the name");
}

/// V2-OPTIONAL: outputs not wanted (NULL) are skipped; the sizes still come back.
#[test]
fn unwanted_outputs_are_skipped() {
    let (_s, c) = setup();
    let p =
        NotifyPortV2::create(&c, &[NotifyFilterAndType::cluster(ClusterChangeV2::GROUP_ADDED)], NotifyKey(3))
            .unwrap();
    c.create_group("Web").unwrap();
    let h = p.get_into(&mut NotifyV2Buffers::default(), Timeout::POLL).unwrap();
    assert_eq!((h.key, h.sizes.name, h.sizes.buffer), (NotifyKey(3), 3, 4));
    assert_eq!(p.get(Timeout::POLL).unwrap_err(), Win32Error::WAIT_TIMEOUT);
}

/// V2-TIMEOUT (N2): 0 polls, a finite wait ends when the manual clock passes it.
#[test]
fn finite_timeout_returns_wait_timeout_under_the_manual_clock() {
    let (s, c) = setup();
    let p = Arc::new(NotifyPortV2::create(&c, &[group_state()], NotifyKey(1)).unwrap());
    assert_eq!(p.get(Timeout::POLL).unwrap_err(), Win32Error::WAIT_TIMEOUT);
    let p2 = p.clone();
    let t = std::thread::spawn(move || p2.get(Timeout::from(Duration::from_secs(3))));
    assert!(s.clock().wait_for_timed_waiters(1, Duration::from_secs(10)));
    s.clock().advance(Duration::from_secs(3));
    assert_eq!(t.join().unwrap().unwrap_err(), Win32Error::WAIT_TIMEOUT);
}

/// V2-CLOSE (N3): a waiter blocked on a port another thread closes returns at once
/// with ERROR_INVALID_HANDLE; so does every later call.
#[test]
fn close_wakes_a_blocked_v2_waiter() {
    let (s, c) = setup();
    let p = Arc::new(NotifyPortV2::create(&c, &[group_state()], NotifyKey(1)).unwrap());
    let p2 = p.clone();
    let t = std::thread::spawn(move || p2.get(Timeout::Infinite));
    while s.port_v2_waiters(p.raw()).unwrap() == 0 {
        std::thread::yield_now();
    }
    p.close().unwrap();
    assert_eq!(t.join().unwrap().unwrap_err(), Win32Error::ERROR_INVALID_HANDLE);
    assert_eq!(p.get(Timeout::POLL).unwrap_err(), Win32Error::ERROR_INVALID_HANDLE);
}

/// V2-EVENT (N15): signalled while the port holds events (waiting consumes nothing),
/// WAIT_TIMEOUT on the manual clock, woken by an arriving event and by the port's close;
/// the handle dies with the port.
#[test]
fn the_event_handle_is_signalled_while_the_port_holds_events() {
    let (s, c) = setup();
    let p = Arc::new(
        NotifyPortV2::create(&c, &[NotifyFilterAndType::cluster(ClusterChangeV2::GROUP_ADDED)], NotifyKey(1))
            .unwrap(),
    );
    let ev = p.event_handle().unwrap();
    assert_eq!(p.event_handle().unwrap(), ev, "one event per port");
    assert_eq!(s.handle_kind(ev.raw()), Some(ObjectKind::NotifyEvent));
    let p2 = p.clone();
    let t = std::thread::spawn(move || p2.wait(Timeout::from(Duration::from_secs(2))));
    assert!(s.clock().wait_for_timed_waiters(1, Duration::from_secs(10)));
    s.clock().advance(Duration::from_secs(2));
    assert_eq!(t.join().unwrap().unwrap_err(), Win32Error::WAIT_TIMEOUT);
    let p2 = p.clone();
    let t = std::thread::spawn(move || p2.wait(Timeout::Infinite));
    while s.port_v2_waiters(p.raw()).unwrap() == 0 {
        std::thread::yield_now();
    }
    c.create_group("Web").unwrap();
    assert_eq!(t.join().unwrap(), Ok(()));
    assert_eq!(p.wait(Timeout::POLL), Ok(()), "still signalled: nothing was consumed");
    p.get(Timeout::POLL).unwrap();
    assert_eq!(p.wait(Timeout::POLL).unwrap_err(), Win32Error::WAIT_TIMEOUT, "drained: not signalled");
    let p2 = p.clone();
    let t = std::thread::spawn(move || p2.backend().wait_notify_event(ev, Timeout::Infinite));
    while s.port_v2_waiters(p.raw()).unwrap() == 0 {
        std::thread::yield_now();
    }
    p.close().unwrap();
    assert_eq!(t.join().unwrap().unwrap_err(), Win32Error::ERROR_INVALID_HANDLE);
    assert_eq!(s.handle_kind(ev.raw()), None, "the event handle went with the port");
}

/// V2-LOST (N10): a full port drops, then queues one CLUSTER LOST_NOTIFICATIONS_V2
/// (empty payload) with the first lost key in the place of the loss, whatever the filter.
#[test]
fn a_full_v2_port_reports_lost_notifications() {
    let s = Sim::builder().manual_clock().instant_transitions(true).port_capacity(2).build();
    let c = s.open(None).unwrap();
    let p =
        NotifyPortV2::create(&c, &[NotifyFilterAndType::cluster(ClusterChangeV2::GROUP_ADDED)], NotifyKey(5))
            .unwrap();
    for i in 0..4 {
        c.create_group(&format!("g{i}")).unwrap();
    }
    let got = p.drain().unwrap();
    let names: Vec<(u64, &str)> = got.iter().map(|n| (n.flag, n.name.as_str())).collect();
    assert_eq!(names, vec![(0x4, "g0"), (0x4, "g1"), (0x200, "")]);
    let lost = &got[2];
    assert_eq!((lost.object_type, lost.key, lost.buffer.len()), (ObjectType::Cluster, NotifyKey(5), 0));
    assert_eq!((lost.object_id.as_str(), lost.parent_id.as_str(), lost.type_name.as_str()), ("", "", ""));
}

/// V2-HANDLE-CLOSE (CMRP 3.2.4.7): closing a handle a V2 registration was made with
/// queues that handle type's HANDLE_CLOSE_V2 once per port, with the registration's key,
/// then the registrations go.
#[test]
fn closing_registered_handles_queues_handle_close_v2() {
    let (s, c) = setup();
    let c2 = s.open(None).unwrap();
    let p = NotifyPortV2::create(
        &c2,
        &[group_state(), NotifyFilterAndType::cluster(ClusterChangeV2::GROUP_ADDED)],
        NotifyKey(9),
    )
    .unwrap();
    let g = c.open_group("Available Storage").unwrap();
    let gid = c.backend().object_id(g.raw().into()).unwrap();
    p.register(&g, group_state(), NotifyKey(7)).unwrap();
    g.close().unwrap();
    let n = p.get(Timeout::POLL).unwrap();
    assert_eq!((n.object_type, n.flag, n.key), (ObjectType::Group, 0x200, NotifyKey(7)));
    assert_eq!((n.object_id, n.name.as_str(), n.buffer.len()), (gid, "Available Storage", 0));
    c2.close().unwrap();
    let n = p.get(Timeout::POLL).unwrap();
    assert_eq!(
        (n.object_type, n.flag, n.key, n.name.as_str()),
        (ObjectType::Cluster, 0x8, NotifyKey(9), "CLUSTER")
    );
    assert_eq!(p.get(Timeout::POLL).unwrap_err(), Win32Error::WAIT_TIMEOUT, "one per port");
    c.create_group("After").unwrap();
    assert_eq!(p.get(Timeout::POLL).unwrap_err(), Win32Error::WAIT_TIMEOUT, "the registrations went");
}

/// V2-CLIENT-EVENTS: CLUSTER STATE_V2 and RECONNECT_V2 (the faults) reach every V2
/// port once, with the cluster name, though no filter may hold them.
#[test]
fn cluster_state_and_reconnect_reach_every_v2_port() {
    let (s, c) = setup();
    let p = NotifyPortV2::create(&c, &[group_state()], NotifyKey(4)).unwrap();
    p.add(&c, &[NotifyFilterAndType::cluster(ClusterChangeV2::GROUP_ADDED)], NotifyKey(5)).unwrap();
    s.faults(None).cluster_unreachable().unwrap();
    s.faults(None).reconnect().unwrap();
    let got: Vec<(u64, NotifyKey, String)> =
        p.drain().unwrap().into_iter().map(|n| (n.flag, n.key, n.name)).collect();
    assert_eq!(got, vec![(0x2, NotifyKey(4), "CLUSTER".into()), (0x1, NotifyKey(4), "CLUSTER".into())]);
}

/// V2-TARGETED: a registration on an object follows that object (by id) through a
/// rename, and sees nothing of other objects.
#[test]
fn a_targeted_registration_follows_its_object() {
    let (_s, c) = setup();
    let (a, b) = (c.create_group("A").unwrap(), c.create_group("B").unwrap());
    let p = NotifyPortV2::create(&c, &[], NotifyKey(0)).unwrap();
    p.register(&a, NotifyFilterAndType::group(GroupChangeV2::COMMON_PROPERTY), NotifyKey(1)).unwrap();
    b.rename("B2").unwrap();
    a.rename("A2").unwrap();
    let got = p.drain().unwrap();
    assert_eq!(got.iter().map(|n| n.name.as_str()).collect::<Vec<_>>(), vec!["A2"]);
}

/// V2-BAD-INPUT (§3.8): unknown object type, flags outside the type's enum, client-only
/// flags → ERROR_INVALID_PARAMETER; a handle of the wrong kind → ERROR_INVALID_HANDLE;
/// nothing is registered.
#[test]
fn bad_filters_and_handles_register_nothing() {
    let (_s, c) = setup();
    let b = c.backend();
    let bad = [
        NotifyFilterAndType { object_type: 0x77, flags: 1 },
        NotifyFilterAndType { object_type: 0, flags: 1 },
        NotifyFilterAndType::new(ObjectType::Group, 0x400),
        NotifyFilterAndType::new(ObjectType::Group, 0),
        NotifyFilterAndType::group(GroupChangeV2::ALL),
        NotifyFilterAndType::cluster(ClusterChangeV2::STATE),
        NotifyFilterAndType::cluster(ClusterChangeV2::RECONNECT),
        NotifyFilterAndType::cluster(ClusterChangeV2::HANDLE_CLOSE),
    ];
    for f in bad {
        let err =
            b.create_notify_port_v2(None, Some(c.raw()), &[group_state(), f], NotifyKey(1)).unwrap_err();
        assert_eq!(err, Win32Error::ERROR_INVALID_PARAMETER, "{f:?}");
    }
    let p = NotifyPortV2::create(&c, &[], NotifyKey(0)).unwrap();
    let g = c.open_group("Available Storage").unwrap();
    let node = c.open_node("NODE1").unwrap();
    assert_eq!(
        p.register(&g, NotifyFilterAndType::group(GroupChangeV2::ALL), NotifyKey(1)),
        Err(Win32Error::ERROR_INVALID_PARAMETER)
    );
    assert_eq!(p.register(&node, group_state(), NotifyKey(1)), Err(Win32Error::ERROR_INVALID_HANDLE));
    assert_eq!(
        p.register(&g, NotifyFilterAndType::node(NodeChangeV2::STATE), NotifyKey(1)),
        Err(Win32Error::ERROR_INVALID_HANDLE)
    );
    assert_eq!(
        p.register(&g, NotifyFilterAndType::new(ObjectType::GroupSet, 0x8), NotifyKey(1)),
        Err(Win32Error::ERROR_INVALID_HANDLE)
    );
    let forged = ObjectHandle::Group(HGroup::from_raw(0xdead0));
    assert_eq!(p.register_handle(forged, group_state(), NotifyKey(1)), Err(Win32Error::ERROR_INVALID_HANDLE));
    assert_eq!(
        p.register_resource_type(&c, 0x40, "Physical Disk", NotifyKey(1)),
        Err(Win32Error::ERROR_INVALID_PARAMETER)
    );
    assert_eq!(
        b.create_notify_port_v2(None, None, &[group_state()], NotifyKey(1)).unwrap_err(),
        Win32Error::ERROR_INVALID_PARAMETER,
        "filters need a cluster"
    );
    g.offline().unwrap();
    assert_eq!(p.get(Timeout::POLL).unwrap_err(), Win32Error::WAIT_TIMEOUT, "nothing was registered");
}

/// V2-V1-MIX: V1 calls on a V2 port and V2 calls on a V1 port are ERROR_INVALID_HANDLE;
/// CloseClusterNotifyPort closes both; one change reaches both kinds of port.
#[test]
fn v1_and_v2_ports_do_not_mix_but_see_the_same_changes() {
    let (_s, c) = setup();
    let b = c.backend();
    let v2 =
        NotifyPortV2::create(&c, &[NotifyFilterAndType::cluster(ClusterChangeV2::GROUP_ADDED)], NotifyKey(2))
            .unwrap();
    let v1 = c.notify_port(ChangeFlags::GROUP_ADDED, NotifyKey(1)).unwrap();
    let mut name = [0u16; 16];
    assert_eq!(
        b.get_notify(v2.raw(), &mut name, Timeout::POLL).unwrap_err().code(),
        Win32Error::ERROR_INVALID_HANDLE
    );
    assert_eq!(
        b.create_notify_port(Some(v2.raw()), Some(c.raw()), ChangeFlags::GROUP_ADDED, NotifyKey(1))
            .unwrap_err(),
        Win32Error::ERROR_INVALID_HANDLE
    );
    let g = c.open_group("Available Storage").unwrap();
    assert_eq!(
        b.register_notify(v2.raw(), ChangeFlags::GROUP_STATE, g.raw().into(), NotifyKey(1)),
        Err(Win32Error::ERROR_INVALID_HANDLE)
    );
    let mut none = NotifyV2Buffers::default();
    assert_eq!(
        b.get_notify_v2(v1.raw(), &mut none, Timeout::POLL).unwrap_err().code(),
        Win32Error::ERROR_INVALID_HANDLE
    );
    assert_eq!(b.get_notify_event_handle(v1.raw()).unwrap_err(), Win32Error::ERROR_INVALID_HANDLE);
    assert_eq!(
        b.register_notify_v2(v1.raw(), group_state(), g.raw().into(), NotifyKey(1)),
        Err(Win32Error::ERROR_INVALID_HANDLE)
    );
    c.create_group("Both").unwrap();
    assert_eq!(v1.get(Timeout::POLL).unwrap().name, "Both");
    assert_eq!(v2.get(Timeout::POLL).unwrap().name, "Both");
    v2.close().unwrap();
    v1.close().unwrap();
}

/// V2-FIFO / V2-DUP-PER-KEY: one event per registration, in registration order.
#[test]
fn overlapping_registrations_deliver_once_per_key_in_order() {
    let (_s, c) = setup();
    let p = NotifyPortV2::create(&c, &[group_state()], NotifyKey(1)).unwrap();
    let g = c.open_group("Available Storage").unwrap();
    p.register(&g, group_state(), NotifyKey(2)).unwrap();
    p.add(&c, &[group_state()], NotifyKey(3)).unwrap();
    g.offline().unwrap();
    let keys: Vec<usize> = p.drain().unwrap().iter().map(|n| n.key.0).collect();
    assert_eq!(&keys[..3], &[1, 2, 3]);
    assert!(keys.len().is_multiple_of(3));
}
