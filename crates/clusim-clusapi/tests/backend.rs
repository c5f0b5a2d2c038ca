//! `ClusApiBackend`'s own behaviour, over libclusapi: the handle ledger, ownership on
//! drop, buffer negotiation, the timed batch get (spec/conformance.md CONF-*). Built off
//! Windows only, where the ClusAPI functions are libclusapi's and `clusapi::sim()` shows
//! what happened behind them.
#![cfg(not(windows))]

use clusim_api::registry::{sz, CLUSREG_SET_VALUE, REG_BINARY, REG_DWORD, REG_SZ};
use clusim_api::*;
use clusim_clusapi::ClusApiBackend;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

fn fresh(prefix: &str) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    format!("clusapi-backend-{prefix}-{}", N.fetch_add(1, Ordering::Relaxed))
}

fn open(b: &ClusApiBackend, prefix: &str) -> HCluster {
    b.open_cluster(Some(&fresh(prefix))).unwrap()
}

fn commit_one(b: &ClusApiBackend, key: HKey, name: &str, v: u32) {
    let batch = b.reg_create_batch(key).unwrap();
    b.reg_batch_add_command(batch, CLUSREG_SET_VALUE, Some(name), REG_DWORD, &v.to_le_bytes()).unwrap();
    b.reg_close_batch(batch, true).unwrap();
}

fn names(b: &ClusApiBackend, n: HRegBatchNotification) -> Vec<String> {
    let mut out = Vec::new();
    loop {
        match b.reg_batch_read_command(n) {
            Ok(c) => out.push(c.name),
            Err(Win32Error::ERROR_NO_MORE_ITEMS) => return out,
            Err(e) => panic!("{e}"),
        }
    }
}

#[test]
fn dropping_the_backend_closes_every_handle_it_holds() {
    let b = ClusApiBackend::new();
    let c = open(&b, "drop");
    let g = b.open_group(c, "Cluster Group").unwrap();
    let root = b.get_cluster_key(c, 0).unwrap();
    let (k, _) = b.reg_create_key(root, "Dropped", 0, 0).unwrap();
    let port = b.create_notify_port(None, Some(c), ChangeFlags::ALL, NotifyKey(1)).unwrap();
    let bport = b.reg_create_batch_notify_port(k).unwrap();
    commit_one(&b, k, "v", 1);
    let n = b.reg_get_batch_notification(bport, Timeout::Infinite).unwrap();
    let batch = b.reg_create_batch(k).unwrap();
    let rb = b.reg_create_read_batch(k).unwrap();
    let raws = [c.0, g.0, root.0, k.0, port.0, bport.0, n.0, batch.0, rb.0];
    assert_eq!(b.open_handles(), raws.len());
    let sim = clusapi::sim();
    assert!(raws.iter().all(|r| sim.handle_kind(*r).is_some()));
    drop(b);
    for r in raws {
        assert_eq!(sim.handle_kind(r), None, "{r:?} still open after the drop");
    }
}

#[test]
fn closed_foreign_and_wrong_kind_handles_never_reach_clusapi() {
    let a = ClusApiBackend::new();
    let b = ClusApiBackend::new();
    let c = open(&a, "ledger");
    let g = a.open_group(c, "Cluster Group").unwrap();
    // libclusapi would accept `g` (it is open there), but it is not this backend's.
    assert_eq!(b.group_state(g).unwrap_err(), Win32Error::ERROR_INVALID_HANDLE);
    assert_eq!(b.close_group(g).unwrap_err(), Win32Error::ERROR_INVALID_HANDLE);
    assert!(clusapi::sim().handle_kind(g.0).is_some(), "the other backend's close did nothing");
    // The kind a handle was opened as is the only kind it is accepted as.
    assert_eq!(a.online_resource(HResource(g.0)).unwrap_err(), Win32Error::ERROR_INVALID_HANDLE);
    let p = a.create_notify_port(None, Some(c), ChangeFlags::GROUP_STATE, NotifyKey(1)).unwrap();
    let claimed = ObjectHandle::Node(HNode(g.0));
    assert_eq!(
        a.register_notify(p, ChangeFlags::NODE_STATE, claimed, NotifyKey(2)).unwrap_err(),
        Win32Error::ERROR_INVALID_HANDLE
    );
    a.close_group(g).unwrap();
    assert_eq!(a.close_group(g).unwrap_err(), Win32Error::ERROR_INVALID_HANDLE);
    assert_eq!(a.group_state(g).unwrap_err(), Win32Error::ERROR_INVALID_HANDLE);
    // A NULL key for a batch is ClusAPI's documented ERROR_INVALID_PARAMETER.
    assert_eq!(a.reg_create_batch(HKey::from_raw(0)).unwrap_err(), Win32Error::ERROR_INVALID_PARAMETER);
    assert_eq!(a.reg_create_read_batch(HKey::from_raw(0)).unwrap_err(), Win32Error::ERROR_INVALID_PARAMETER);
    let failure = a.reg_close_batch(HRegBatch::from_raw(0x7777_7770), true).unwrap_err();
    assert_eq!((failure.code, failure.failed_command), (Win32Error::ERROR_INVALID_HANDLE, -1));
}

#[test]
fn long_names_and_large_values_are_read_by_growing_the_buffers() {
    let b = ClusApiBackend::new();
    let c = open(&b, "grow");
    let long = format!("group-{}", "x".repeat(300));
    let g = b.create_group(c, &long).unwrap();
    assert_eq!(b.object_name(g.into()).unwrap(), long);
    let root = b.get_cluster_key(c, 0).unwrap();
    let (k, _) = b.reg_create_key(root, &"k".repeat(200), 0, 0).unwrap();
    let big: Vec<u8> = (0..100_000u32).map(|i| i as u8).collect();
    let value_name = "v".repeat(500);
    b.reg_set_value(k, &value_name, REG_BINARY, &big).unwrap();
    assert_eq!(b.reg_query_value(k, &value_name).unwrap(), (REG_BINARY, big.clone()));
    assert_eq!(b.reg_enum_value(k, 0).unwrap(), (value_name, REG_BINARY, big));
    let subkeys: Vec<String> = (0..).map_while(|i| b.reg_enum_key(root, i).ok().map(|(n, _)| n)).collect();
    assert!(subkeys.contains(&"k".repeat(200)), "{subkeys:?}");
    b.reg_set_value(k, "", REG_SZ, &sz("default")).unwrap();
    assert_eq!(b.reg_query_value(k, "").unwrap(), (REG_SZ, sz("default")));
    assert_eq!(b.reg_get_key_security(k, 4).unwrap().len(), 20);
    assert_eq!(b.vendor(c).unwrap(), "clusim");
}

#[test]
fn a_timed_out_batch_get_stays_posted_and_the_next_get_takes_its_answer() {
    let b = ClusApiBackend::new().with_batch_poll_grace(Duration::from_millis(300));
    let c = open(&b, "posted");
    let root = b.get_cluster_key(c, 0).unwrap();
    let (k, _) = b.reg_create_key(root, "Posted", 0, 0).unwrap();
    let port = b.reg_create_batch_notify_port(k).unwrap();

    let started = Instant::now();
    assert_eq!(b.reg_get_batch_notification(port, Timeout::POLL).unwrap_err(), Win32Error::WAIT_TIMEOUT);
    assert!(started.elapsed() >= Duration::from_millis(300), "a poll waits the grace");
    // The posted call answers the next get: it returns as soon as it is woken by the first
    // commit, so later batches may come in a notification of their own (CONF-BATCH-TIMEOUT)
    // — but each exactly once, in order.
    commit_one(&b, k, "first", 1);
    commit_one(&b, k, "second", 2);
    let n = b.reg_get_batch_notification(port, Timeout::Infinite).unwrap();
    let mut seen = names(&b, n);
    b.reg_batch_close_notification(n).unwrap();
    assert_eq!(seen[0], "first");
    if seen.len() == 1 {
        let n = b.reg_get_batch_notification(port, Timeout::POLL).unwrap();
        seen.extend(names(&b, n));
        b.reg_batch_close_notification(n).unwrap();
    }
    assert_eq!(seen, ["first", "second"]);
    // Without a posted call, batches before a get are coalesced as on the simulator.
    commit_one(&b, k, "third", 3);
    commit_one(&b, k, "fourth", 4);
    let n = b.reg_get_batch_notification(port, Timeout::from(Duration::from_millis(10))).unwrap();
    assert_eq!(names(&b, n), ["third", "fourth"]);
    b.reg_batch_close_notification(n).unwrap();

    // A call still posted when the port closes wakes with ERROR_NO_MORE_ITEMS.
    assert_eq!(b.reg_get_batch_notification(port, Timeout::POLL).unwrap_err(), Win32Error::WAIT_TIMEOUT);
    b.reg_close_batch_notify_port(port).unwrap();
    assert_eq!(
        b.reg_get_batch_notification(port, Timeout::Infinite).unwrap_err(),
        Win32Error::ERROR_INVALID_HANDLE
    );
    assert_eq!(b.open_handles(), 3, "cluster, root and key: nothing leaked into the ledger");
}

// CONF-V2 (N15): the event handle belongs to its port; the ledger forgets it when the port
// closes, so a later wait is ERROR_INVALID_HANDLE without reaching WaitForSingleObject.
#[test]
fn v2_port_event_dies_with_the_port_in_the_ledger() {
    let b = ClusApiBackend::new();
    let c = open(&b, "v2-event");
    let before = b.open_handles();
    let port = b
        .create_notify_port_v2(
            None,
            Some(c),
            &[NotifyFilterAndType::cluster(change_v2::ClusterChangeV2::GROUP_ADDED)],
            NotifyKey(1),
        )
        .unwrap();
    let e = b.get_notify_event_handle(port).unwrap();
    assert_eq!(b.get_notify_event_handle(port).unwrap(), e, "the same handle on every call");
    assert_eq!(b.wait_notify_event(e, Timeout::POLL), Err(Win32Error::WAIT_TIMEOUT));
    b.create_group(c, "V2 ledger group").unwrap();
    assert_eq!(b.wait_notify_event(e, Timeout::POLL), Ok(()));
    assert_eq!(b.open_handles(), before + 3, "the port, its event, the new group");
    b.close_notify_port(port).unwrap();
    assert_eq!(b.open_handles(), before + 1, "the event went with its port");
    assert_eq!(b.wait_notify_event(e, Timeout::POLL), Err(Win32Error::ERROR_INVALID_HANDLE));
}
