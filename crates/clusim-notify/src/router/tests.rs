use super::*;
use clusim_api::Timeout;
use clusim_clock::Clock;

fn ev(change: ChangeFlags, kind: ObjectKind, name: &str) -> ModelEvent {
    ModelEvent { change, kind, name: Arc::from(name) }
}

fn drain(p: &Arc<PortQueue>) -> Vec<(usize, u32, String)> {
    let c = Clock::manual();
    let mut out = Vec::new();
    let mut buf = [0u16; 256];
    while let Ok(h) = p.get(&c, &mut buf, Timeout::POLL) {
        out.push((h.key.0, h.change.bits(), String::from_utf16(&buf[..h.name_len]).unwrap()));
    }
    out
}

#[test]
fn overlapping_registrations_deliver_once_per_key_in_registration_order() {
    let mut r = Router::new();
    let p = PortQueue::new(100);
    r.add(PortId(1), p.clone(), ChangeFlags::RESOURCE_STATE, NotifyKey(10), HandleId(5), Scope::Cluster);
    let name: Arc<str> = Arc::from("Disk");
    r.add(
        PortId(1),
        p.clone(),
        ChangeFlags::RESOURCE_STATE,
        NotifyKey(20),
        HandleId(6),
        Scope::Object { kind: ObjectKind::Resource, name },
    );
    r.add(PortId(1), p.clone(), ChangeFlags::ALL, NotifyKey(30), HandleId(5), Scope::Cluster);
    assert_eq!(r.route(&ev(ChangeFlags::RESOURCE_STATE, ObjectKind::Resource, "disk")), 3);
    let got: Vec<usize> = drain(&p).into_iter().map(|x| x.0).collect();
    assert_eq!(got, vec![10, 20, 30]);
}

#[test]
fn per_object_registrations_follow_renames() {
    let mut r = Router::new();
    let p = PortQueue::new(100);
    r.add(
        PortId(1),
        p.clone(),
        ChangeFlags::GROUP_PROPERTY,
        NotifyKey(1),
        HandleId(9),
        Scope::Object { kind: ObjectKind::Group, name: Arc::from("G") },
    );
    r.rename(ObjectKind::Group, &Arc::from("G"), &Arc::from("H"));
    assert_eq!(r.route(&ev(ChangeFlags::GROUP_PROPERTY, ObjectKind::Group, "G")), 0);
    assert_eq!(r.route(&ev(ChangeFlags::GROUP_PROPERTY, ObjectKind::Group, "h")), 1);
    assert_eq!(r.remove_handle(HandleId(9)).len(), 1);
    assert!(r.is_empty());
}

#[test]
fn registry_names_are_relative_to_the_registered_key() {
    let mut r = Router::new();
    let p = PortQueue::new(100);
    let reg = ChangeFlags::REGISTRY_VALUE;
    r.add(PortId(1), p.clone(), reg, NotifyKey(1), HandleId(1), Scope::Cluster);
    r.add(
        PortId(1),
        p.clone(),
        reg | ChangeFlags::REGISTRY_SUBTREE,
        NotifyKey(2),
        HandleId(1),
        Scope::Cluster,
    );
    r.add(PortId(1), p.clone(), reg, NotifyKey(3), HandleId(2), Scope::Key { path: Arc::from("A") });
    r.add(
        PortId(1),
        p.clone(),
        reg | ChangeFlags::REGISTRY_SUBTREE,
        NotifyKey(4),
        HandleId(3),
        Scope::Key { path: Arc::from("a") },
    );
    r.route(&ev(reg, ObjectKind::Key, "A\\B\\C"));
    r.route(&ev(reg, ObjectKind::Key, "A"));
    r.route(&ev(reg, ObjectKind::Key, ""));
    assert_eq!(
        drain(&p),
        vec![
            (2, 0x40, "A\\B\\C".into()),
            (4, 0x40, "B\\C".into()),
            (2, 0x40, "A".into()),
            (3, 0x40, "".into()),
            (4, 0x40, "".into()),
            (1, 0x40, "".into()),
            (2, 0x40, "".into()),
        ]
    );
}

#[test]
fn key_name_changes_of_direct_subkeys_reach_non_subtree_watchers() {
    let mut r = Router::new();
    let p = PortQueue::new(100);
    let name = ChangeFlags::REGISTRY_NAME;
    r.add(PortId(1), p.clone(), name, NotifyKey(1), HandleId(1), Scope::Cluster);
    r.add(PortId(1), p.clone(), name, NotifyKey(2), HandleId(2), Scope::Key { path: Arc::from("A") });
    r.route(&ev(name, ObjectKind::Key, "A"));
    r.route(&ev(name, ObjectKind::Key, "A\\B"));
    r.route(&ev(name, ObjectKind::Key, "A\\B\\C"));
    assert_eq!(drain(&p), vec![(1, 0x10, "A".into()), (2, 0x10, "".into()), (2, 0x10, "B".into())]);
    r.route(&ev(ChangeFlags::REGISTRY_VALUE, ObjectKind::Key, "A\\B"));
    assert!(drain(&p).is_empty(), "values of a subkey need REGISTRY_SUBTREE");
}

#[test]
fn per_object_names_match_without_case_beyond_ascii() {
    let mut r = Router::new();
    let p = PortQueue::new(100);
    let obj = |name: &str| Scope::Object { kind: ObjectKind::Resource, name: Arc::from(name) };
    r.add(PortId(1), p.clone(), ChangeFlags::RESOURCE_STATE, NotifyKey(1), HandleId(1), obj("Straße"));
    r.add(PortId(1), p.clone(), ChangeFlags::RESOURCE_STATE, NotifyKey(2), HandleId(2), obj("disk"));
    assert_eq!(r.route(&ev(ChangeFlags::RESOURCE_STATE, ObjectKind::Resource, "STRASSE")), 1);
    assert_eq!(r.route(&ev(ChangeFlags::RESOURCE_STATE, ObjectKind::Resource, "DISK")), 1);
    // Same name, other kind: no match.
    assert_eq!(r.route(&ev(ChangeFlags::GROUP_STATE, ObjectKind::Group, "disk")), 0);
    assert_eq!(drain(&p).into_iter().map(|x| x.0).collect::<Vec<_>>(), vec![1, 2]);
}

#[test]
fn removing_a_per_object_registration_keeps_the_others_in_order() {
    let mut r = Router::new();
    let p = PortQueue::new(100);
    let obj = || Scope::Object { kind: ObjectKind::Node, name: Arc::from("NODE1") };
    for (key, handle) in [(1, 10), (2, 11), (3, 10), (4, 12)] {
        r.add(PortId(1), p.clone(), ChangeFlags::NODE_STATE, NotifyKey(key), HandleId(handle), obj());
    }
    assert_eq!(r.remove_handle(HandleId(11)).len(), 1);
    r.route(&ev(ChangeFlags::NODE_STATE, ObjectKind::Node, "node1"));
    assert_eq!(drain(&p).into_iter().map(|x| x.0).collect::<Vec<_>>(), vec![1, 3, 4]);
    assert_eq!(r.remove_port(PortId(1)), 3);
    assert_eq!(r.route(&ev(ChangeFlags::NODE_STATE, ObjectKind::Node, "NODE1")), 0);
}

#[test]
fn a_rename_onto_a_watched_name_merges_in_registration_order() {
    let mut r = Router::new();
    let p = PortQueue::new(100);
    let obj = |name: &str| Scope::Object { kind: ObjectKind::Group, name: Arc::from(name) };
    r.add(PortId(1), p.clone(), ChangeFlags::GROUP_STATE, NotifyKey(1), HandleId(1), obj("B"));
    r.add(PortId(1), p.clone(), ChangeFlags::GROUP_STATE, NotifyKey(2), HandleId(2), obj("A"));
    r.add(PortId(1), p.clone(), ChangeFlags::GROUP_STATE, NotifyKey(3), HandleId(3), obj("B"));
    // "A" was deleted and "B" renamed to "A": every registration now looks at "A".
    r.rename(ObjectKind::Group, &Arc::from("b"), &Arc::from("A"));
    assert_eq!(r.route(&ev(ChangeFlags::GROUP_STATE, ObjectKind::Group, "a")), 3);
    assert_eq!(drain(&p).into_iter().map(|x| x.0).collect::<Vec<_>>(), vec![1, 2, 3]);
}

#[test]
fn every_delivery_shares_the_event_name() {
    let mut r = Router::new();
    let ports: Vec<_> = (0..10).map(|_| PortQueue::new(100)).collect();
    for (i, p) in ports.iter().enumerate() {
        r.add(
            PortId(i as u64),
            p.clone(),
            ChangeFlags::RESOURCE_STATE,
            NotifyKey(i),
            HandleId(1),
            Scope::Cluster,
        );
    }
    let e = ev(ChangeFlags::RESOURCE_STATE, ObjectKind::Resource, "Cluster Disk 1");
    assert_eq!(r.route(&e), 10);
    // One reference held by the event, one per queued indication: nothing copied.
    assert_eq!(Arc::strong_count(&e.name), 11);
}

#[test]
fn subtree_bit_alone_is_never_delivered() {
    let mut r = Router::new();
    let p = PortQueue::new(100);
    r.add(PortId(1), p.clone(), ChangeFlags::REGISTRY_SUBTREE, NotifyKey(1), HandleId(1), Scope::Cluster);
    assert_eq!(r.route(&ev(ChangeFlags::REGISTRY_VALUE, ObjectKind::Key, "x")), 0);
}

// PORT-HANDLE-CLOSE (N4): one HANDLE_CLOSE per registration made with the handle, in
// registration order, with its key and the object's name; other handles keep theirs.
#[test]
fn closing_a_handle_queues_handle_close_for_each_of_its_registrations() {
    let mut r = Router::new();
    let p = PortQueue::new(100);
    let cluster: Arc<str> = Arc::from("C1");
    let obj = Scope::Object { kind: ObjectKind::Group, name: Arc::from("G") };
    r.add(PortId(1), p.clone(), ChangeFlags::GROUP_STATE, NotifyKey(1), HandleId(7), obj);
    r.add(PortId(1), p.clone(), ChangeFlags::NODE_ADDED, NotifyKey(2), HandleId(8), Scope::Cluster);
    r.add(
        PortId(1),
        p.clone(),
        ChangeFlags::REGISTRY_VALUE,
        NotifyKey(3),
        HandleId(7),
        Scope::Key { path: Arc::from("A\\B") },
    );
    assert_eq!(r.close_handle(HandleId(7), &cluster, false), 2);
    assert_eq!(drain(&p), vec![(1, 0x8000_0000, "G".into()), (3, 0x8000_0000, "A\\B".into())]);
    assert_eq!(r.len(), 1);
    assert_eq!(r.close_handle(HandleId(8), &cluster, false), 1);
    assert_eq!(drain(&p), vec![(2, 0x8000_0000, "C1".into())]);
}

// PORT-HANDLE-CLOSE (N4 switch): with the filter required, only registrations that
// asked for HANDLE_CLOSE get one; the others go silently.
#[test]
fn handle_close_reaches_only_asking_registrations_when_the_filter_is_required() {
    let mut r = Router::new();
    let p = PortQueue::new(100);
    let asked = ChangeFlags::NODE_ADDED | ChangeFlags::HANDLE_CLOSE;
    r.add(PortId(1), p.clone(), ChangeFlags::NODE_ADDED, NotifyKey(1), HandleId(7), Scope::Cluster);
    r.add(PortId(1), p.clone(), asked, NotifyKey(2), HandleId(7), Scope::Cluster);
    assert_eq!(r.close_handle(HandleId(7), &Arc::from("C1"), true), 1);
    assert_eq!(drain(&p).into_iter().map(|x| x.0).collect::<Vec<_>>(), vec![2]);
    assert!(r.is_empty());
}

// BATCH-PORT (B9): every batch port receives the projection onto its own key, ports
// in creation order; a removed port receives nothing more.
#[test]
fn committed_batches_reach_each_batch_port_projected_onto_its_key() {
    use crate::batch_port::BatchPortQueue;
    use clusim_api::registry::CLUSREG_SET_VALUE;
    use clusim_api::BatchGranularity;
    use clusim_model::ExecRecord;
    let mut r = Router::new();
    let at_a = BatchPortQueue::new(100, BatchGranularity::Coalesced);
    let at_b = BatchPortQueue::new(100, BatchGranularity::Coalesced);
    r.add_batch_port(PortId(2), Arc::from("A"), at_a.clone());
    r.add_batch_port(PortId(3), Arc::from("B"), at_b.clone());
    let rec = |key: &str| ExecRecord {
        command: CLUSREG_SET_VALUE,
        key_path: Arc::from(key),
        name: Arc::from("v"),
        options: 4,
        data: Arc::from(&[1u8, 0, 0, 0][..]),
    };
    r.route_batch(&[rec("A"), rec("A\\S")]);
    assert_eq!((at_a.queued_records(), at_b.queued_records()), (3, 0));
    assert!(r.remove_batch_port(PortId(2)));
    r.route_batch(&[rec("A"), rec("B")]);
    assert_eq!((at_a.queued_records(), at_b.queued_records()), (3, 1));
}

// Issue 13: closing a handle looks only at that handle's registrations (counted, not
// timed), and closing a port only at that port's.
#[test]
fn closing_a_handle_touches_only_its_own_registrations() {
    let mut r = Router::new();
    let p = PortQueue::new(100);
    for i in 0..10_000u64 {
        let scope = if i % 2 == 0 {
            Scope::Cluster
        } else {
            Scope::Object { kind: ObjectKind::Resource, name: Arc::from(format!("R{i}")) }
        };
        r.add(
            PortId(100 + i),
            p.clone(),
            ChangeFlags::RESOURCE_STATE,
            NotifyKey(0),
            HandleId(100 + i),
            scope,
        );
    }
    let obj = Scope::Object { kind: ObjectKind::Resource, name: Arc::from("R1") };
    r.add(PortId(1), p.clone(), ChangeFlags::RESOURCE_STATE, NotifyKey(1), HandleId(1), obj);
    r.add(PortId(1), p.clone(), ChangeFlags::RESOURCE_STATE, NotifyKey(2), HandleId(1), Scope::Cluster);
    r.examined = 0;
    assert_eq!(r.close_handle(HandleId(1), &Arc::from("C1"), false), 2);
    assert_eq!(r.examined, 2);
    assert_eq!(r.close_handle(HandleId(1), &Arc::from("C1"), false), 0);
    assert_eq!(r.examined, 2, "an unknown handle looks at nothing");
    assert_eq!(r.remove_port(PortId(101)), 1);
    assert_eq!(r.examined, 3);
    assert_eq!(r.len(), 9_999);
    // The others still route, in registration order.
    assert_eq!(r.route(&ev(ChangeFlags::RESOURCE_STATE, ObjectKind::Resource, "R3")), 5_001);
}

// Issue 13: a registry event delivered through per-key registrations shares the
// event's name (no fresh name per delivery) and each slot stays 32 bytes.
#[test]
fn per_key_registry_deliveries_share_the_event_name() {
    let mut r = Router::new();
    let p = PortQueue::new(100);
    let reg = ChangeFlags::REGISTRY_VALUE | ChangeFlags::REGISTRY_SUBTREE;
    for (i, path) in ["", "A", "A\\B", "A\\B\\C"].into_iter().enumerate() {
        r.add(PortId(1), p.clone(), reg, NotifyKey(i), HandleId(1), Scope::Key { path: Arc::from(path) });
    }
    r.add(PortId(1), p.clone(), reg, NotifyKey(9), HandleId(1), Scope::Cluster);
    let e = ev(ChangeFlags::REGISTRY_VALUE, ObjectKind::Key, "A\\B\\C");
    assert_eq!(r.route(&e), 5);
    assert_eq!(Arc::strong_count(&e.name), 6, "one reference per queued delivery, nothing copied");
    assert!(std::mem::size_of::<Indication>() <= 32);
    let names: Vec<String> = drain(&p).into_iter().map(|x| x.2).collect();
    assert_eq!(names, ["A\\B\\C", "B\\C", "C", "", "A\\B\\C"]);
}

/// PORT-OBJECT-IDENTITY: a per-object registration follows the object, not its name:
/// after the object's deletion an object created under the same name does not reach it,
/// and closing the registration's handle still queues HANDLE_CLOSE with the old name.
#[test]
fn a_deleted_objects_registration_ignores_a_new_object_of_the_same_name() {
    let mut r = Router::new();
    let q = PortQueue::new(16);
    let name: Arc<str> = Arc::from("G");
    let scope = Scope::Object { kind: ObjectKind::Group, name: name.clone() };
    let filter = ChangeFlags::GROUP_STATE | ChangeFlags::GROUP_DELETED;
    r.add(PortId(1), q.clone(), filter, NotifyKey(3), HandleId(9), scope);
    let ev = |change| ModelEvent { kind: ObjectKind::Group, change, name: name.clone() };
    assert_eq!(r.route(&ev(ChangeFlags::GROUP_DELETED)), 1);
    r.object_deleted(ObjectKind::Group, &name);
    assert_eq!(r.route(&ev(ChangeFlags::GROUP_STATE)), 0, "the new G is another object");
    assert_eq!(r.close_handle(HandleId(9), &Arc::from("C"), false), 1);
    let got: Vec<_> =
        std::iter::from_fn(|| q.try_pop().unwrap()).map(|i| (i.change, i.name().to_string())).collect();
    assert_eq!(got, [(ChangeFlags::GROUP_DELETED, "G".into()), (ChangeFlags::HANDLE_CLOSE, "G".into())]);
    assert!(r.is_empty());
}
