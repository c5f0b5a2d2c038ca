//! Deep and long input through the public API on a 64 KiB stack (spec/registry.md
//! REG-LIMITS, spec/model.md MODEL-DEPS): no walk over caller-controlled depth recurses,
//! so none of these can overflow a small thread stack, and the registry limits answer
//! with their codes. Ports watch every change, so the notification paths run too.

use clusim::client::{Cluster, Key, NotifyPort};
use clusim::registry::*;
use clusim::*;
use std::time::Duration;

/// Runs `f` on a thread with a 64 KiB stack; a stack overflow would abort the process.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    let t = std::thread::Builder::new().stack_size(64 * 1024).spawn(f).expect("spawn");
    t.join().expect("no panic");
}

fn chain(levels: usize) -> String {
    vec!["k"; levels].join("\\")
}

/// Makes a chain of `levels` `k` keys below `key`, 32 levels per call (REG-LIMITS).
fn deep_chain(key: &Key, levels: usize) -> Key {
    let mut cur = key.create("").unwrap();
    let mut made = 0;
    while made < levels {
        let n = (levels - made).min(32);
        cur = cur.create(&chain(n)).unwrap();
        made += n;
    }
    cur
}

/// Drains a port without blocking; returns how many notifications it held.
fn drain(port: &NotifyPort) -> usize {
    let mut n = 0;
    loop {
        match port.get(Timeout::from(Duration::ZERO)) {
            Ok(_) => n += 1,
            Err(e) => {
                assert_eq!(e, Win32Error::WAIT_TIMEOUT);
                return n;
            }
        }
    }
}

fn setup() -> (Sim, Cluster, NotifyPort) {
    let sim = Sim::builder().manual_clock().instant_transitions(true).build();
    let c = sim.open(None).unwrap();
    let flags = ChangeFlags::REGISTRY_EVENTS | ChangeFlags::REGISTRY_SUBTREE | ChangeFlags::RESOURCE_STATE;
    let port = c.notify_port(flags, NotifyKey(1)).unwrap();
    (sim, c, port)
}

/// REG-LIMITS: the 16,383-level path in one ClusterRegCreateKey and 33 levels in
/// one call are ERROR_INVALID_PARAMETER; 512 levels made 32 at a time are accepted, the
/// 513th is refused; a batch DELETE_KEY of the top deletes the whole chain and a batch
/// port sees it.
#[test]
fn deep_key_chain_created_and_deleted_by_a_batch() {
    on_small_stack(|| {
        let (_sim, c, port) = setup();
        let root = c.root_key().unwrap();
        let batch_port = root.batch_port().unwrap();
        assert_eq!(root.create(&chain(16_383)).unwrap_err(), Win32Error::ERROR_INVALID_PARAMETER);
        assert_eq!(root.create(&chain(33)).unwrap_err(), Win32Error::ERROR_INVALID_PARAMETER);
        assert_eq!(root.open("k").unwrap_err(), Win32Error::ERROR_FILE_NOT_FOUND);
        let deepest = deep_chain(&root, 512);
        assert_eq!(deepest.create("x").unwrap_err(), Win32Error::ERROR_INVALID_PARAMETER);
        assert_eq!(drain(&port), 512);
        deepest.set_value("v", REG_DWORD, &1u32.to_le_bytes()).unwrap();
        let mut b = root.batch().unwrap();
        b.delete_key("k").unwrap();
        b.commit().unwrap();
        assert_eq!(deepest.value("v").unwrap_err(), Win32Error::ERROR_KEY_DELETED);
        assert_eq!(root.open("k").unwrap_err(), Win32Error::ERROR_FILE_NOT_FOUND);
        assert!(drain(&port) >= 512);
        let n = batch_port.get(Timeout::from(Duration::ZERO)).unwrap();
        let records: Vec<BatchCommand> = n.commands().map(|r| r.unwrap()).collect();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].command, CLUSREG_DELETE_KEY);
    });
}

/// MODEL-DELETE: DeleteClusterResource and DeleteClusterGroup of objects whose keys hold
/// chains as deep as the registry allows.
#[test]
fn deep_chains_under_object_keys_go_with_their_objects() {
    on_small_stack(|| {
        let (_sim, c, port) = setup();
        let g = c.create_group("Deep").unwrap();
        let r = g.create_resource("DeepRes", "Generic Service").unwrap();
        // Object keys are Groups\<id> and Resources\<id>: 2 levels below the root.
        let in_resource = deep_chain(&r.key().unwrap(), 510);
        let in_group = deep_chain(&g.key().unwrap(), 510);
        r.delete().unwrap();
        assert_eq!(in_resource.subkeys().unwrap_err(), Win32Error::ERROR_KEY_DELETED);
        g.delete().unwrap();
        assert_eq!(in_group.subkeys().unwrap_err(), Win32Error::ERROR_KEY_DELETED);
        assert!(drain(&port) >= 4 * 510);
    });
}

/// MODEL-DEPS (N16): a 1,000-resource dependency chain goes online providers first,
/// offline dependents first, and deletes from the top.
#[test]
fn long_dependency_chain_online_offline_delete() {
    on_small_stack(|| {
        let (_sim, c, port) = setup();
        let g = c.create_group("Chain").unwrap();
        let mut rs: Vec<clusim::client::Resource> = Vec::new();
        for i in 0..1_000 {
            let r = g.create_resource(&format!("R{i}"), "Generic Service").unwrap();
            if let Some(prev) = rs.last() {
                r.add_dependency(prev).unwrap();
            }
            rs.push(r);
        }
        drain(&port);
        rs.last().unwrap().online().unwrap();
        assert_eq!(rs[0].state().unwrap(), ResourceState::Online);
        assert_eq!(drain(&port), 2_000);
        rs[0].offline().unwrap();
        assert_eq!(rs.last().unwrap().state().unwrap(), ResourceState::Offline);
        assert_eq!(drain(&port), 2_000);
        assert_eq!(rs[0].delete().unwrap_err(), Win32Error::ERROR_DEPENDENT_RESOURCE_EXISTS);
        for r in rs.iter().rev() {
            r.delete().unwrap();
        }
        g.delete().unwrap();
    });
}

/// REG-PATHS, REG-VALUE, MODEL-NAMES: the longest names accepted (key 255, value 16,383,
/// object 1,024 characters) work on a small stack; one more is ERROR_INVALID_PARAMETER.
#[test]
fn longest_names_through_the_api() {
    on_small_stack(|| {
        let (_sim, c, port) = setup();
        let root = c.root_key().unwrap();
        let k = root.create(&"n".repeat(255)).unwrap();
        assert_eq!(root.create(&"n".repeat(256)).unwrap_err(), Win32Error::ERROR_INVALID_PARAMETER);
        let name = "v".repeat(16_383);
        k.set_value(&name, REG_DWORD, &1u32.to_le_bytes()).unwrap();
        let long = k.set_value(&format!("{name}v"), REG_DWORD, &1u32.to_le_bytes());
        assert_eq!(long.unwrap_err(), Win32Error::ERROR_INVALID_PARAMETER);
        k.delete_value(&name).unwrap();
        let g = c.create_group(&"g".repeat(1024)).unwrap();
        assert_eq!(c.create_group(&"g".repeat(1025)).unwrap_err(), Win32Error::ERROR_INVALID_PARAMETER);
        g.delete().unwrap();
        assert!(drain(&port) >= 3);
    });
}
