//! The cases. Each names the spec rule it checks; each opens a fresh default cluster.

use crate::{Ctx, Fixture};
use clusim_api::client::{Notification, NotifyPort};
use clusim_api::*;
use std::sync::Arc;
use std::time::Duration;

pub use crate::drain::*;

fn port(ctx: &Ctx, filter: ChangeFlags, key: usize) -> Arc<NotifyPort> {
    Arc::new(ctx.cluster.notify_port(filter, NotifyKey(key)).expect("create port"))
}

fn summary(events: &[Notification]) -> Vec<(usize, &'static str, String)> {
    events.iter().map(|n| (n.key.0, n.change.name().expect("one bit"), n.name.clone())).collect()
}

fn storage(ctx: &Ctx) -> client::Group {
    ctx.cluster.open_group("Available Storage").expect("default topology has Available Storage")
}

/// PORT-FIFO: a port is a FIFO (CMRP 3.1.1.8).
pub fn fifo_order_within_a_port(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let p = port(&ctx, ChangeFlags::GROUP_ADDED, 1);
    let names: Vec<String> = (0..20).map(|i| format!("fifo-{i:02}")).collect();
    for n in &names {
        ctx.cluster.create_group(n).unwrap();
    }
    let got: Vec<String> = p.drain().unwrap().into_iter().map(|n| n.name).collect();
    assert_eq!(got, names);
}

/// PORT-NOTHING-BEFORE-FIRST: nothing is queued before the first registration (CMRP
/// ApiCreateNotify); an unassociated port (N13) receives nothing until it registers.
pub fn nothing_is_queued_before_the_first_registration(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let p = NotifyPort::unassociated(ctx.backend.clone()).unwrap();
    ctx.cluster.create_group("before").unwrap();
    assert_eq!(p.get(Timeout::POLL).unwrap_err(), Win32Error::WAIT_TIMEOUT);
    p.add(&ctx.cluster, ChangeFlags::GROUP_ADDED, NotifyKey(5)).unwrap();
    ctx.cluster.create_group("after").unwrap();
    let got = p.drain().unwrap();
    assert_eq!(summary(&got), vec![(5, "CLUSTER_CHANGE_GROUP_ADDED", "after".into())]);
}

/// PORT-DUP-PER-KEY (N7): every matching registration queues its own indication, with
/// its own key, in registration order.
pub fn overlapping_registrations_deliver_once_per_key(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let p = port(&ctx, ChangeFlags::GROUP_ADDED, 1);
    p.add(&ctx.cluster, ChangeFlags::GROUP_ADDED | ChangeFlags::GROUP_DELETED, NotifyKey(2)).unwrap();
    p.add(&ctx.cluster, ChangeFlags::NODE_STATE, NotifyKey(3)).unwrap();
    ctx.cluster.create_group("dup").unwrap();
    let got = p.drain().unwrap();
    assert_eq!(
        summary(&got),
        vec![
            (1, "CLUSTER_CHANGE_GROUP_ADDED", "dup".into()),
            (2, "CLUSTER_CHANGE_GROUP_ADDED", "dup".into())
        ]
    );
}

/// PORT-ONE-BIT: each indication carries exactly one `CLUSTER_CHANGE` bit, and only
/// subscribed ones (CMRP 2.2.2.7), even with `CLUSTER_CHANGE_ALL` (N14).
pub fn every_indication_carries_exactly_one_bit(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let all = port(&ctx, ChangeFlags::ALL, 1);
    let some = port(&ctx, ChangeFlags::RESOURCE_STATE | ChangeFlags::GROUP_STATE, 2);
    let g = storage(&ctx);
    let r = g.create_resource("one-bit", "Physical Disk").unwrap();
    r.online().unwrap();
    g.move_to(None).unwrap();
    let every = all.drain().unwrap();
    assert!(every.len() >= 8, "{every:?}");
    for n in &every {
        assert!(n.change.is_single(), "{n:?}");
        assert_ne!(n.change, ChangeFlags::REGISTRY_SUBTREE);
    }
    for n in some.drain().unwrap() {
        assert!(n.change == ChangeFlags::RESOURCE_STATE || n.change == ChangeFlags::GROUP_STATE, "{n:?}");
    }
}

/// PORT-TIMEOUT (N2): a zero timeout polls.
pub fn zero_timeout_polls(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let p = port(&ctx, ChangeFlags::GROUP_ADDED, 1);
    assert_eq!(p.get(Timeout::POLL).unwrap_err(), Win32Error::WAIT_TIMEOUT);
    assert_eq!(p.get(Timeout::from_millis(0)).unwrap_err(), Win32Error::WAIT_TIMEOUT);
    ctx.cluster.create_group("poll").unwrap();
    assert_eq!(p.get(Timeout::POLL).unwrap().name, "poll");
}

/// PORT-TIMEOUT (N2, SDK-GCN): a finite wait with nothing arriving returns
/// `WAIT_TIMEOUT` (258).
pub fn finite_timeout_returns_wait_timeout(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let p = port(&ctx, ChangeFlags::GROUP_ADDED, 1);
    ctx.get_expecting_timeout(&p, Duration::from_millis(500)).unwrap();
    assert_eq!(Win32Error::WAIT_TIMEOUT.code(), 258);
}

/// PORT-TIMEOUT (N2): `INFINITE` waits until an event arrives.
pub fn infinite_timeout_waits_for_the_next_event(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let p = port(&ctx, ChangeFlags::GROUP_ADDED, 9);
    let t = ctx.spawn_blocked_get(&p);
    ctx.cluster.create_group("late").unwrap();
    let n = t.join().unwrap().unwrap();
    assert_eq!((n.key, n.name.as_str()), (NotifyKey(9), "late"));
}

/// PORT-MORE-DATA (N1): a buffer too small gives `ERROR_MORE_DATA` with the length
/// excluding the NUL, and the same event on the retry.
pub fn more_data_keeps_the_event_for_the_retry(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let p = port(&ctx, ChangeFlags::GROUP_ADDED, 1);
    ctx.cluster.create_group("a-rather-long-group-name").unwrap();
    ctx.cluster.create_group("next").unwrap();
    let mut small = [0u16; 4];
    match p.get_into(&mut small, Timeout::POLL) {
        Err(GetNotifyError::MoreData { needed }) => assert_eq!(needed, 24),
        other => panic!("expected ERROR_MORE_DATA, got {other:?}"),
    }
    let mut exact = vec![0u16; 24];
    assert_eq!(p.get_into(&mut exact, Timeout::POLL).unwrap_err(), GetNotifyError::MoreData { needed: 24 });
    let mut big = vec![0u16; 25];
    let h = p.get_into(&mut big, Timeout::POLL).unwrap();
    assert_eq!(h.name_len, 24);
    assert_eq!(String::from_utf16(&big[..24]).unwrap(), "a-rather-long-group-name");
    assert_eq!(big[24], 0);
    assert_eq!(p.get(Timeout::POLL).unwrap().name, "next");
}

/// PORT-CLOSE (N3): closing a port wakes a thread blocked in an `INFINITE` get with
/// `ERROR_INVALID_HANDLE`.
pub fn close_wakes_a_blocked_waiter_with_invalid_handle(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let p = port(&ctx, ChangeFlags::GROUP_ADDED, 1);
    let t = ctx.spawn_blocked_get(&p);
    p.close().unwrap();
    assert_eq!(t.join().unwrap().unwrap_err(), Win32Error::ERROR_INVALID_HANDLE);
}

/// PORT-CLOSE (N3): after close, queued events are gone and every call with the handle
/// answers `ERROR_INVALID_HANDLE`.
pub fn closed_port_handle_is_invalid_afterwards(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let p = ctx.cluster.notify_port(ChangeFlags::GROUP_ADDED, NotifyKey(1)).unwrap();
    ctx.cluster.create_group("queued").unwrap();
    let raw = p.raw();
    p.close().unwrap();
    let b = &ctx.backend;
    let mut buf = [0u16; 64];
    assert_eq!(
        b.get_notify(raw, &mut buf, Timeout::POLL).unwrap_err(),
        GetNotifyError::Failed(Win32Error::ERROR_INVALID_HANDLE)
    );
    assert_eq!(
        b.create_notify_port(Some(raw), Some(ctx.cluster.raw()), ChangeFlags::GROUP_ADDED, NotifyKey(2))
            .unwrap_err(),
        Win32Error::ERROR_INVALID_HANDLE
    );
    assert_eq!(
        b.register_notify(raw, ChangeFlags::CLUSTER_PROPERTY, ctx.cluster.raw().into(), NotifyKey(3))
            .unwrap_err(),
        Win32Error::ERROR_INVALID_HANDLE
    );
}

/// PORT-HANDLE-CLOSE (N4): closing a handle registered with `RegisterClusterNotify`
/// queues `CLUSTER_CHANGE_HANDLE_CLOSE` with that registration's key and the object's
/// name; the registration then stops matching.
pub fn closing_a_registered_object_handle_queues_handle_close(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let p = port(&ctx, ChangeFlags::NODE_ADDED, 1);
    let g = ctx.cluster.create_group("watched").unwrap();
    p.register(&g, ChangeFlags::GROUP_PROPERTY | ChangeFlags::HANDLE_CLOSE, NotifyKey(77)).unwrap();
    g.close().unwrap();
    let got = p.drain().unwrap();
    assert_eq!(summary(&got), vec![(77, "CLUSTER_CHANGE_HANDLE_CLOSE", "watched".into())]);
    let again = ctx.cluster.open_group("watched").unwrap();
    again
        .set_properties(PropertyScope::Common, &vec![("Description".into(), PropertyValue::Sz("x".into()))])
        .unwrap();
    assert!(p.drain().unwrap().is_empty(), "a closed handle's registration must not match");
}

/// PORT-HANDLE-CLOSE (N4, MSCS-EX): closing the cluster handle a port was created on
/// queues `HANDLE_CLOSE` (cluster name) so the watcher thread can exit.
pub fn closing_the_ports_cluster_handle_queues_handle_close(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let name = ctx.cluster.name().unwrap();
    let second = client::Cluster::open(ctx.backend.clone(), Some(&name)).unwrap();
    let p = Arc::new(
        second.notify_port(ChangeFlags::GROUP_ADDED | ChangeFlags::HANDLE_CLOSE, NotifyKey(3)).unwrap(),
    );
    let p2 = p.clone();
    let watcher = std::thread::spawn(move || {
        let mut seen = Vec::new();
        loop {
            let n = p2.get(Timeout::Infinite).unwrap();
            let done = n.change == ChangeFlags::HANDLE_CLOSE;
            seen.push(n);
            if done {
                return seen;
            }
        }
    });
    ctx.cluster.create_group("seen-before-close").unwrap();
    second.close().unwrap();
    let seen = watcher.join().unwrap();
    assert_eq!(
        summary(&seen),
        vec![
            (3, "CLUSTER_CHANGE_GROUP_ADDED", "seen-before-close".into()),
            (3, "CLUSTER_CHANGE_HANDLE_CLOSE", name.clone())
        ]
    );
    ctx.cluster.create_group("after-close").unwrap();
    assert!(p.drain().unwrap().is_empty(), "the closed cluster handle's registration is gone");
}

/// PORT-FILTER-KIND (N8): a filter that does not fit the object's kind, or an empty
/// one, is `ERROR_INVALID_PARAMETER` and registers nothing.
pub fn registration_filter_must_fit_the_object_kind(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let p = port(&ctx, ChangeFlags::empty(), 1);
    let g = storage(&ctx);
    let node = ctx.cluster.open_node("NODE1").unwrap();
    for (obj, bad) in [
        (&g as &dyn client::Registrable, ChangeFlags::RESOURCE_STATE),
        (&g, ChangeFlags::GROUP_ADDED),
        (&g, ChangeFlags::ALL),
        (&node, ChangeFlags::GROUP_STATE),
        (&ctx.cluster, ChangeFlags::RESOURCE_STATE),
        (&g, ChangeFlags::empty()),
    ] {
        assert_eq!(
            p.register(obj, bad, NotifyKey(2)).unwrap_err(),
            Win32Error::ERROR_INVALID_PARAMETER,
            "{bad:?}"
        );
    }
    g.offline().unwrap();
    assert!(p.drain().unwrap().is_empty(), "refused registrations must not match");
    p.register(&g, ChangeFlags::GROUP_STATE | ChangeFlags::HANDLE_CLOSE, NotifyKey(3)).unwrap();
    p.register(&node, ChangeFlags::NODE_STATE, NotifyKey(4)).unwrap();
}

/// PORT-PER-OBJECT (N9, CMRP ApiAddNotify*): a per-object registration sees its own
/// object's events only.
pub fn per_object_registration_sees_only_its_object(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let p = port(&ctx, ChangeFlags::empty(), 1);
    let disk = ctx.cluster.open_resource("Cluster Disk 1").unwrap();
    p.register(&disk, ChangeFlags::RESOURCE_STATE, NotifyKey(11)).unwrap();
    let ip = ctx.cluster.open_resource("Cluster IP Address").unwrap();
    let name = ctx.cluster.open_resource("Cluster Name").unwrap();
    name.offline().unwrap();
    ip.offline().unwrap();
    disk.offline().unwrap();
    let got = p.drain().unwrap();
    assert_eq!(
        summary(&got),
        vec![
            (11, "CLUSTER_CHANGE_RESOURCE_STATE", "Cluster Disk 1".into()),
            (11, "CLUSTER_CHANGE_RESOURCE_STATE", "Cluster Disk 1".into())
        ]
    );
    assert_eq!(disk.state().unwrap(), ResourceState::Offline);
}

/// MODEL-CREATE-RESOURCE (SDK-CHG): creating a resource emits `RESOURCE_ADDED` (resource
/// name) and `GROUP_PROPERTY` (group name); no initial `RESOURCE_STATE` (N16).
pub fn create_resource_emits_added_and_group_property(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let p = port(
        &ctx,
        ChangeFlags::RESOURCE_ADDED | ChangeFlags::GROUP_PROPERTY | ChangeFlags::RESOURCE_STATE,
        1,
    );
    let r = storage(&ctx).create_resource("Disk 9", "Physical Disk").unwrap();
    assert_eq!(
        summary(&p.drain().unwrap()),
        vec![
            (1, "CLUSTER_CHANGE_RESOURCE_ADDED", "Disk 9".into()),
            (1, "CLUSTER_CHANGE_GROUP_PROPERTY", "Available Storage".into())
        ]
    );
    assert_eq!(r.state().unwrap(), ResourceState::Offline);
    assert_eq!(r.type_name().unwrap(), "Physical Disk");
}

/// MODEL-ONLINE (N16): online walks Offline → OnlinePending → Online, one
/// `RESOURCE_STATE` per transition; the group goes Pending then back to its aggregate.
pub fn online_walks_through_online_pending(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let g = ctx.cluster.create_group("G-online").unwrap();
    let r = g.create_resource("App 1", "Generic Application").unwrap();
    let p = port(&ctx, ChangeFlags::RESOURCE_STATE | ChangeFlags::GROUP_STATE, 1);
    r.online().unwrap();
    assert_eq!(
        summary(&p.drain().unwrap()),
        vec![
            (1, "CLUSTER_CHANGE_RESOURCE_STATE", "App 1".into()),
            (1, "CLUSTER_CHANGE_GROUP_STATE", "G-online".into()),
            (1, "CLUSTER_CHANGE_RESOURCE_STATE", "App 1".into()),
            (1, "CLUSTER_CHANGE_GROUP_STATE", "G-online".into()),
        ]
    );
    assert_eq!(r.state().unwrap(), ResourceState::Online);
    assert_eq!(g.state().unwrap().0, GroupState::Online);
    r.online().unwrap();
    assert!(p.drain().unwrap().is_empty(), "already online: no event");
}

/// PATTERN-WATCHER (MSCS-CREATE, MSCS-RETR): the documented watcher: resource events
/// under one key, database events under another, a 500 ms get loop; it acts only on a
/// `RESOURCE_ADDED` whose type, looked up by opening the resource, is Physical Disk.
pub fn watcher_reacts_only_to_physical_disks(f: &dyn Fixture) {
    const RESOURCE_EVENTS: usize = 1;
    const DATABASE_EVENTS: usize = 2;
    let ctx = Ctx::new(f);
    let p = port(
        &ctx,
        ChangeFlags::RESOURCE_ADDED
            | ChangeFlags::RESOURCE_DELETED
            | ChangeFlags::RESOURCE_PROPERTY
            | ChangeFlags::RESOURCE_STATE,
        RESOURCE_EVENTS,
    );
    p.add(
        &ctx.cluster,
        ChangeFlags::REGISTRY_ATTRIBUTES
            | ChangeFlags::REGISTRY_NAME
            | ChangeFlags::REGISTRY_SUBTREE
            | ChangeFlags::REGISTRY_VALUE,
        NotifyKey(DATABASE_EVENTS),
    )
    .unwrap();
    let name = ctx.cluster.name().unwrap();
    let watcher_cluster = client::Cluster::open(ctx.backend.clone(), Some(&name)).unwrap();
    let p2 = p.clone();
    let watcher = std::thread::spawn(move || {
        let mut disks = Vec::new();
        let mut database_events = 0;
        loop {
            match p2.get(Timeout::from_millis(500)) {
                Ok(n) if n.key == NotifyKey(RESOURCE_EVENTS) && n.change == ChangeFlags::RESOURCE_ADDED => {
                    if n.name == "stop" {
                        return (disks, database_events);
                    }
                    let r = watcher_cluster.open_resource(&n.name).unwrap();
                    if r.type_name().unwrap() == "Physical Disk" {
                        disks.push(n.name);
                    }
                }
                Ok(n) if n.key == NotifyKey(DATABASE_EVENTS) => database_events += 1,
                Ok(_) | Err(Win32Error::WAIT_TIMEOUT) => {}
                Err(e) => panic!("watcher: {e}"),
            }
        }
    });
    let g = storage(&ctx);
    let types =
        ["Physical Disk", "IP Address", "Generic Service", "Physical Disk", "Network Name", "Physical Disk"];
    for (i, t) in types.iter().enumerate() {
        g.create_resource(&format!("res-{i}"), t).unwrap();
    }
    g.create_resource("stop", "Generic Application").unwrap();
    let (disks, database_events) = watcher.join().unwrap();
    assert_eq!(disks, vec!["res-0", "res-3", "res-5"]);
    assert!(database_events >= types.len(), "each creation writes the cluster database");
}

/// PORT-BAD-INPUT: NULL, closed, forged and wrong-kind handles give
/// `ERROR_INVALID_HANDLE`, and nothing changes.
pub fn bad_handles_are_invalid_handle_and_change_nothing(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let b = &ctx.backend;
    let p = port(&ctx, ChangeFlags::ALL, 1);
    let inv = Win32Error::ERROR_INVALID_HANDLE;
    assert_eq!(b.open_group(HCluster::from_raw(0), "Cluster Group").unwrap_err(), inv);
    assert_eq!(b.create_group(HCluster::from_raw(0x7777_7770), "x").unwrap_err(), inv);
    let g = storage(&ctx);
    let wrong_kind = HResource::from_raw(g.raw().0 .0);
    assert_eq!(b.online_resource(wrong_kind).unwrap_err(), inv);
    assert_eq!(b.delete_resource(wrong_kind).unwrap_err(), inv);
    let as_cluster = HCluster::from_raw(p.raw().0 .0);
    assert_eq!(b.create_group(as_cluster, "x").unwrap_err(), inv);
    let node = ctx.cluster.open_node("NODE2").unwrap();
    let raw_node = node.raw();
    node.close().unwrap();
    assert_eq!(b.pause_node(raw_node).unwrap_err(), inv);
    assert_eq!(b.close_node(raw_node).unwrap_err(), inv);
    assert_eq!(
        b.register_notify(p.raw(), ChangeFlags::NODE_STATE, raw_node.into(), NotifyKey(2)).unwrap_err(),
        inv
    );
    let claimed = ObjectHandle::Node(HNode::from_raw(g.raw().0 .0));
    assert_eq!(b.register_notify(p.raw(), ChangeFlags::NODE_STATE, claimed, NotifyKey(2)).unwrap_err(), inv);
    assert!(p.drain().unwrap().is_empty(), "failed calls must not emit events");
    assert_eq!(ctx.cluster.open_node("NODE2").unwrap().state().unwrap(), NodeState::Up);
}

/// MODEL-NAMES: empty, over-long and NUL-containing names are refused with
/// `ERROR_INVALID_PARAMETER` at creation; unknown names give each kind's not-found code.
pub fn bad_names_are_documented_errors_and_change_nothing(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let p = port(&ctx, ChangeFlags::ALL, 1);
    let inv = Win32Error::ERROR_INVALID_PARAMETER;
    let long = "n".repeat(5000);
    for bad in ["", long.as_str(), "nul\0inside"] {
        assert_eq!(ctx.cluster.create_group(bad).unwrap_err(), inv, "group {bad:?}");
        assert_eq!(storage(&ctx).create_resource(bad, "Physical Disk").unwrap_err(), inv);
    }
    assert_eq!(ctx.cluster.open_group("no such group").unwrap_err(), Win32Error::ERROR_GROUP_NOT_FOUND);
    assert_eq!(ctx.cluster.open_resource("no such").unwrap_err(), Win32Error::ERROR_RESOURCE_NOT_FOUND);
    assert_eq!(ctx.cluster.open_node("NODE9").unwrap_err(), Win32Error::ERROR_CLUSTER_NODE_NOT_FOUND);
    assert_eq!(ctx.cluster.open_network("nope").unwrap_err(), Win32Error::ERROR_CLUSTER_NETWORK_NOT_FOUND);
    assert_eq!(
        ctx.cluster.open_net_interface("nope").unwrap_err(),
        Win32Error::ERROR_CLUSTER_NETINTERFACE_NOT_FOUND
    );
    assert_eq!(ctx.cluster.open_group("").unwrap_err(), Win32Error::ERROR_GROUP_NOT_FOUND);
    assert_eq!(
        storage(&ctx).create_resource("typo", "Physical Disc").unwrap_err(),
        Win32Error::ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND
    );
    assert_eq!(
        ctx.cluster.create_group("Cluster Group").unwrap_err(),
        Win32Error::ERROR_OBJECT_ALREADY_EXISTS
    );
    assert_eq!(
        ctx.cluster.create_group("cluster group").unwrap_err(),
        Win32Error::ERROR_OBJECT_ALREADY_EXISTS
    );
    assert!(p.drain().unwrap().is_empty(), "failed calls must not emit events");
    assert_eq!(ctx.cluster.groups().unwrap().count(), 2);
}

/// PORT-PER-OBJECT (N9): a rename carries per-object registrations to the new name; the
/// event is delivered under the new name.
pub fn rename_carries_per_object_registrations(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let p = port(&ctx, ChangeFlags::empty(), 1);
    let g = ctx.cluster.create_group("before-rename").unwrap();
    p.register(&g, ChangeFlags::GROUP_PROPERTY, NotifyKey(4)).unwrap();
    g.rename("after-rename").unwrap();
    g.set_properties(PropertyScope::Common, &vec![("Description".into(), PropertyValue::Sz("d".into()))])
        .unwrap();
    assert_eq!(
        summary(&p.drain().unwrap()),
        vec![
            (4, "CLUSTER_CHANGE_GROUP_PROPERTY", "after-rename".into()),
            (4, "CLUSTER_CHANGE_GROUP_PROPERTY", "after-rename".into())
        ]
    );
}

fn scratch_key(ctx: &Ctx, name: &str) -> client::Key {
    ctx.cluster.root_key().unwrap().create(&format!("clusim-compliance\\{name}")).unwrap()
}

/// REG-VALUES, REG-EVENTS: a value written and read back; the write raises
/// REGISTRY_VALUE on a per-key registration with the name relative to the key.
pub fn registry_value_round_trip_raises_registry_value(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let k = scratch_key(&ctx, "values");
    let p = port(&ctx, ChangeFlags::empty(), 1);
    p.register(&k, ChangeFlags::REGISTRY_VALUE, NotifyKey(6)).unwrap();
    k.set_value("Answer", registry::REG_DWORD, &42u32.to_le_bytes()).unwrap();
    assert_eq!(k.value("Answer").unwrap(), (registry::REG_DWORD, 42u32.to_le_bytes().to_vec()));
    assert_eq!(summary(&p.drain().unwrap()), vec![(6, "CLUSTER_CHANGE_REGISTRY_VALUE", String::new())]);
    assert_eq!(k.value("Missing").unwrap_err(), Win32Error::ERROR_FILE_NOT_FOUND);
}

/// PATTERN-BATCH (SDK-BGET, CMRP ApiGetBatchNotification): create a batch notification
/// port, commit a batch, get the notification, read every command, close it — the
/// [MS-CMRP] example comes out exactly (B7, B8).
pub fn batch_notification_get_read_close(f: &dyn Fixture) {
    use registry::*;
    let ctx = Ctx::new(f);
    let k = scratch_key(&ctx, "batch");
    let port = k.batch_port().unwrap();
    let mut b = k.batch().unwrap();
    b.delete_value("NotifyTest").unwrap();
    b.set_value("NotifyTest", REG_SZ, &sz("hello world")).unwrap();
    b.set_value("NotifyTest", REG_SZ, &sz("hello universe")).unwrap();
    b.delete_value("NotifyTest").unwrap();
    b.commit().unwrap();
    let n = port.get(Timeout::Infinite).unwrap();
    let got: Vec<(u32, String, u32, Vec<u8>)> =
        n.read_all().unwrap().into_iter().map(|c| (c.command, c.name, c.options, c.data)).collect();
    let t = "NotifyTest".to_string();
    assert_eq!(
        got,
        vec![
            (CLUSREG_DELETE_VALUE, t.clone(), REG_NONE, vec![]),
            (CLUSREG_SET_VALUE, t.clone(), REG_SZ, sz("hello world")),
            (CLUSREG_VALUE_DELETED, t.clone(), REG_SZ, sz("hello world")),
            (CLUSREG_SET_VALUE, t.clone(), REG_SZ, sz("hello universe")),
            (CLUSREG_VALUE_DELETED, t.clone(), REG_SZ, sz("hello universe")),
            (CLUSREG_DELETE_VALUE, t, REG_SZ, sz("hello universe")),
        ]
    );
    n.close().unwrap();
    port.close().unwrap();
}

/// BATCH-ATOMIC (B1, B11): a batch whose third command fails applies nothing, reports
/// number 2, and notifies nothing.
pub fn failed_batch_is_atomic_and_silent(f: &dyn Fixture) {
    use registry::*;
    let ctx = Ctx::new(f);
    let k = scratch_key(&ctx, "atomic");
    k.create("victim").unwrap();
    let port = k.batch_port().unwrap();
    let mut b = k.batch().unwrap();
    b.set_value("first", REG_DWORD, &1u32.to_le_bytes()).unwrap();
    b.delete_key("victim").unwrap();
    b.set_value("orphan", REG_DWORD, &2u32.to_le_bytes()).unwrap();
    let failure = b.commit().unwrap_err();
    assert_eq!(failure, BatchFailure { code: Win32Error::ERROR_INVALID_PARAMETER, failed_command: 2 });
    assert_eq!(k.value("first").unwrap_err(), Win32Error::ERROR_FILE_NOT_FOUND);
    assert!(k.open("victim").is_ok());
    assert_eq!(port.get(Timeout::POLL).unwrap_err(), Win32Error::WAIT_TIMEOUT);
}

/// READ-BATCH (B14): one result per read, in order; errors are per command.
pub fn read_batch_results_in_order(f: &dyn Fixture) {
    use registry::*;
    let ctx = Ctx::new(f);
    let k = scratch_key(&ctx, "read");
    k.set_value("a", REG_DWORD, &7u32.to_le_bytes()).unwrap();
    let mut rb = k.read_batch().unwrap();
    rb.read(None, Some("a")).unwrap();
    rb.read(None, Some("nope")).unwrap();
    rb.read(Some("nokey"), Some("a")).unwrap();
    let r = rb.execute(0).unwrap().results().unwrap();
    let got: Vec<(u32, u32)> = r.iter().map(|x| (x.command, x.options)).collect();
    assert_eq!(got, vec![(CLUSREG_READ_VALUE, REG_DWORD), (CLUSREG_READ_ERROR, 2), (CLUSREG_READ_ERROR, 2)]);
    assert_eq!(r[0].data, 7u32.to_le_bytes());
}

/// CTL-NAME-ID (spec/c-abi.md): `CLUSCTL_*_GET_NAME` answers the object's current name
/// and `CLUSCTL_*_GET_ID` its id — the node number for a node, distinct non-empty ids for
/// the other kinds, stable across a rename; the cluster has no id control.
pub fn object_names_and_ids_answer_the_get_controls(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let b = &ctx.backend;
    let node = ctx.cluster.open_node("NODE2").unwrap();
    let group = ctx.cluster.create_group("named").unwrap();
    let res = storage(&ctx).create_resource("named disk", "Physical Disk").unwrap();
    let net = ctx.cluster.open_network("Cluster Network 1").unwrap();
    let netif = ctx.cluster.open_net_interface("NODE1 - Ethernet").unwrap();
    let objects: [(ObjectHandle, &str); 5] = [
        (node.raw().into(), "NODE2"),
        (group.raw().into(), "named"),
        (res.raw().into(), "named disk"),
        (net.raw().into(), "Cluster Network 1"),
        (netif.raw().into(), "NODE1 - Ethernet"),
    ];
    let mut ids = Vec::new();
    for (h, name) in objects {
        assert_eq!(b.object_name(h).unwrap(), name);
        let id = b.object_id(h).unwrap();
        assert!(!id.is_empty() && !ids.contains(&id), "{name}: id {id:?} among {ids:?}");
        ids.push(id);
    }
    assert_eq!(ids[0], "2", "node ids are node numbers");
    group.rename("renamed").unwrap();
    assert_eq!(b.object_name(group.raw().into()).unwrap(), "renamed");
    assert_eq!(b.object_id(group.raw().into()).unwrap(), ids[1], "an id survives a rename");
    assert_eq!(b.object_name(ctx.cluster.raw().into()).unwrap(), ctx.cluster.name().unwrap());
    assert_eq!(b.object_id(ctx.cluster.raw().into()).unwrap_err(), Win32Error::ERROR_INVALID_FUNCTION);
    let closed = node.raw();
    node.close().unwrap();
    assert_eq!(b.object_id(closed.into()).unwrap_err(), Win32Error::ERROR_INVALID_HANDLE);
}
