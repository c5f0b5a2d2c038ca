//! Write batches, batch notification ports and read batches (spec/batches.md). Each test
//! names its rule.

use clusim::client::{sz, BatchPort, Cluster, Key};
use clusim::registry::*;
use clusim::*;
use std::sync::Arc;
use std::time::Duration;

fn setup_with(b: SimBuilder) -> (Sim, Cluster, Key) {
    let sim = b.manual_clock().build();
    let c = sim.open(None).unwrap();
    let root = c.root_key().unwrap();
    (sim, c, root)
}

fn setup() -> (Sim, Cluster, Key) {
    setup_with(Sim::builder())
}

fn rows(cmds: &[BatchCommand]) -> Vec<(&'static str, String, u32, Vec<u8>)> {
    cmds.iter()
        .map(|c| {
            (
                command_name(c.command).trim_start_matches("CLUSREG_"),
                c.name.clone(),
                c.options,
                c.data.clone(),
            )
        })
        .collect()
}

fn drain_port(p: &BatchPort) -> Vec<BatchCommand> {
    p.get(Timeout::POLL).unwrap().read_all().unwrap()
}

/// BATCH-NOTIFY-CONTENT (B7): the [MS-CMRP] ApiGetBatchNotification example, exactly: a
/// value deleted (absent), set twice, deleted.
#[test]
fn cmrp_example_comes_out_exactly() {
    let (_s, _c, root) = setup();
    let k = root.create("NotifyKey").unwrap();
    let port = k.batch_port().unwrap();
    let mut b = k.batch().unwrap();
    b.delete_value("NotifyTest").unwrap();
    b.set_value("NotifyTest", REG_SZ, &sz("hello world")).unwrap();
    b.set_value("NotifyTest", REG_SZ, &sz("hello universe")).unwrap();
    b.delete_value("NotifyTest").unwrap();
    b.commit().unwrap();
    let n = port.get(Timeout::POLL).unwrap();
    let got = n.read_all().unwrap();
    assert_eq!(
        rows(&got),
        vec![
            ("DELETE_VALUE", "NotifyTest".into(), REG_NONE, vec![]),
            ("SET_VALUE", "NotifyTest".into(), REG_SZ, sz("hello world")),
            ("VALUE_DELETED", "NotifyTest".into(), REG_SZ, sz("hello world")),
            ("SET_VALUE", "NotifyTest".into(), REG_SZ, sz("hello universe")),
            ("VALUE_DELETED", "NotifyTest".into(), REG_SZ, sz("hello universe")),
            ("DELETE_VALUE", "NotifyTest".into(), REG_SZ, sz("hello universe")),
        ]
    );
    assert_eq!(n.commands().count(), 0, "reading ends with ERROR_NO_MORE_ITEMS (B8)");
    assert_eq!(k.value("NotifyTest").unwrap_err(), Win32Error::ERROR_FILE_NOT_FOUND);
}

/// BATCH-CURRENT-KEY: value commands apply to the last CREATE_KEY (relative to the current
/// key) or the batch key; creating an existing key, deleting a missing key or value is
/// not an error.
#[test]
fn current_key_rules() {
    let (_s, _c, root) = setup();
    let k = root.create("B").unwrap();
    let mut b = k.batch().unwrap();
    b.set_value("top", REG_DWORD, &1u32.to_le_bytes()).unwrap();
    b.create_key("x").unwrap();
    b.set_value("in_x", REG_DWORD, &2u32.to_le_bytes()).unwrap();
    b.create_key("y").unwrap();
    b.set_value("in_xy", REG_DWORD, &3u32.to_le_bytes()).unwrap();
    b.create_key("y").unwrap();
    b.delete_key("missing").unwrap();
    b.create_key("z").unwrap();
    b.delete_value("missing").unwrap();
    b.commit().unwrap();
    assert_eq!(k.value("top").unwrap().1, 1u32.to_le_bytes());
    assert_eq!(k.open("x").unwrap().value("in_x").unwrap().1, 2u32.to_le_bytes());
    assert_eq!(k.open("x\\y").unwrap().value("in_xy").unwrap().1, 3u32.to_le_bytes());
    assert!(k.open("x\\y\\y").is_ok(), "CREATE_KEY is relative to the current key");
}

/// BATCH-ATOMIC (B1, B2, B11): a value command after DELETE_KEY with no CREATE_KEY fails
/// the batch with ERROR_INVALID_PARAMETER at its 0-based number; nothing is applied and
/// nothing is notified, on batch ports or V1 ports.
#[test]
fn failed_batch_changes_nothing_and_notifies_nothing() {
    let (_s, c, root) = setup();
    let k = root.create("Atomic").unwrap();
    k.create("doomed").unwrap();
    let port = k.batch_port().unwrap();
    let v1 = c.notify_port(ChangeFlags::ALL, NotifyKey(1)).unwrap();
    let mut b = k.batch().unwrap();
    b.set_value("first", REG_DWORD, &[1, 0, 0, 0]).unwrap();
    b.delete_key("doomed").unwrap();
    b.set_value("orphan", REG_DWORD, &[2, 0, 0, 0]).unwrap();
    assert_eq!(
        b.commit().unwrap_err(),
        BatchFailure { code: Win32Error::ERROR_INVALID_PARAMETER, failed_command: 2 }
    );
    assert_eq!(k.value("first").unwrap_err(), Win32Error::ERROR_FILE_NOT_FOUND);
    assert!(k.open("doomed").is_ok());
    assert_eq!(port.get(Timeout::POLL).unwrap_err(), Win32Error::WAIT_TIMEOUT);
    assert!(v1.drain().unwrap().is_empty());
}

/// BATCH-FAILED-NUMBER (B1): -1 when the batch fails before any command runs.
#[test]
fn failure_before_any_command_is_minus_one() {
    let (_s, _c, root) = setup();
    let k = root.create("Vanishing").unwrap();
    let mut b = k.batch().unwrap();
    b.set_value("v", REG_DWORD, &[0; 4]).unwrap();
    root.delete_subkey("Vanishing").unwrap();
    assert_eq!(
        b.commit().unwrap_err(),
        BatchFailure { code: Win32Error::ERROR_KEY_DELETED, failed_command: -1 }
    );
}

/// BATCH-DISCARD (B11): a discarded (or dropped) batch applies and notifies nothing.
#[test]
fn discarded_batch_does_nothing() {
    let (_s, c, root) = setup();
    let k = root.create("D").unwrap();
    let port = k.batch_port().unwrap();
    let v1 =
        c.notify_port(ChangeFlags::REGISTRY_EVENTS | ChangeFlags::REGISTRY_SUBTREE, NotifyKey(1)).unwrap();
    let mut b = k.batch().unwrap();
    b.set_value("v", REG_DWORD, &[0; 4]).unwrap();
    b.discard().unwrap();
    {
        let mut dropped = k.batch().unwrap();
        dropped.set_value("w", REG_DWORD, &[0; 4]).unwrap();
    }
    assert!(k.values().unwrap().is_empty());
    assert_eq!(port.get(Timeout::POLL).unwrap_err(), Win32Error::WAIT_TIMEOUT);
    assert!(v1.drain().unwrap().is_empty());
}

/// BATCH-ADD: unknown commands are ERROR_INVALID_FUNCTION; malformed arguments
/// ERROR_INVALID_PARAMETER; a NULL batch ERROR_INVALID_HANDLE; nothing is added.
#[test]
fn add_command_validation() {
    let (sim, _c, root) = setup();
    let k = root.create("Add").unwrap();
    let mut b = k.batch().unwrap();
    let f = Win32Error::ERROR_INVALID_FUNCTION;
    let p = Win32Error::ERROR_INVALID_PARAMETER;
    for cmd in [0, 5, 6, 7, 8, 9, 10, 11, 13, 18, 19, 1000] {
        assert_eq!(b.add(cmd, Some("x"), 0, &[]).unwrap_err(), f, "command {cmd}");
    }
    assert_eq!(b.add(CLUSREG_SET_VALUE, Some("v"), 99, &[]).unwrap_err(), p);
    assert_eq!(b.add(CLUSREG_SET_VALUE, Some("v"), REG_DWORD, &[1]).unwrap_err(), p);
    assert_eq!(b.add(CLUSREG_SET_VALUE, Some("v\0w"), REG_BINARY, &[]).unwrap_err(), p);
    assert_eq!(b.add(CLUSREG_CREATE_KEY, Some("\\lead"), 0, &[]).unwrap_err(), p);
    assert_eq!(b.add(CLUSREG_CREATE_KEY, None, 0, &[]).unwrap_err(), p);
    assert_eq!(b.add(CLUSREG_DELETE_KEY, Some("k"), 4, &[]).unwrap_err(), p);
    assert_eq!(b.add(CLUSREG_DELETE_VALUE, Some("v"), 0, &[1]).unwrap_err(), p);
    assert_eq!(
        b.add(CLUSREG_SET_VALUE, Some("big"), REG_BINARY, &vec![0; MAX_VALUE_DATA + 1]).unwrap_err(),
        p
    );
    b.add(CLUSREG_SET_VALUE, None, REG_SZ, &sz("default")).unwrap();
    b.commit().unwrap();
    assert_eq!(k.value("").unwrap(), (REG_SZ, sz("default")));
    let be = sim.shared();
    assert_eq!(
        be.reg_batch_add_command(HRegBatch::from_raw(0), CLUSREG_SET_VALUE, Some("v"), REG_NONE, &[])
            .unwrap_err(),
        Win32Error::ERROR_INVALID_HANDLE
    );
    assert_eq!(be.reg_create_batch(HKey::from_raw(0)).unwrap_err(), Win32Error::ERROR_INVALID_PARAMETER);
    assert_eq!(
        be.reg_close_batch(HRegBatch::from_raw(0), true).unwrap_err(),
        BatchFailure { code: Win32Error::ERROR_INVALID_HANDLE, failed_command: -1 }
    );
}

/// BATCH-CLOSE-EX (B3): ClusterRegCloseBatchEx always commits; flags 0 or
/// SYNC_WRITE_TO_ALL_NODES; others ERROR_INVALID_PARAMETER (-1) and nothing applies.
#[test]
fn close_batch_ex_flags() {
    let (_s, _c, root) = setup();
    let k = root.create("Ex").unwrap();
    let mut b = k.batch().unwrap();
    b.set_value("a", REG_DWORD, &[1, 0, 0, 0]).unwrap();
    b.commit_ex(CLUSREG_DATABASE_SYNC_WRITE_TO_ALL_NODES).unwrap();
    let mut b = k.batch().unwrap();
    b.set_value("b", REG_DWORD, &[1, 0, 0, 0]).unwrap();
    assert_eq!(
        b.commit_ex(4).unwrap_err(),
        BatchFailure { code: Win32Error::ERROR_INVALID_PARAMETER, failed_command: -1 }
    );
    assert!(k.value("a").is_ok());
    assert!(k.value("b").is_err());
}

/// BATCH-CONDITIONS (B4): with the switch on, conditions are checked in order against the
/// database as the batch has changed it; a false one fails the batch with
/// ERROR_CLUSTER_DATABASE_SEQMISMATCH at its number. Comparisons for every type.
#[test]
fn condition_commands_with_the_switch() {
    let (_s, _c, root) = setup_with(Sim::builder().batch_conditions(true));
    let k = root.create("Cond").unwrap();
    k.set_value("d", REG_DWORD, &10u32.to_le_bytes()).unwrap();
    k.set_value("q", REG_QWORD, &10u64.to_le_bytes()).unwrap();
    k.set_value("s", REG_SZ, &sz("mango")).unwrap();
    k.set_value("e", REG_EXPAND_SZ, &sz("%A%")).unwrap();
    k.set_value("m", REG_MULTI_SZ, &[sz("a"), vec![0, 0]].concat()).unwrap();
    k.set_value("b", REG_BINARY, &[5, 5]).unwrap();
    k.set_value("n", REG_NONE, &[]).unwrap();
    k.create("child").unwrap();
    let holds = |cmd: u32, name: &str, ty: u32, data: &[u8]| -> bool {
        let mut b = k.batch().unwrap();
        b.add(cmd, Some(name), ty, data).unwrap();
        b.set_value("marker", REG_DWORD, &[1, 0, 0, 0]).unwrap();
        match b.commit() {
            Ok(()) => true,
            Err(f) => {
                assert_eq!(
                    f,
                    BatchFailure { code: Win32Error::ERROR_CLUSTER_DATABASE_SEQMISMATCH, failed_command: 0 }
                );
                false
            }
        }
    };
    use clusim::registry::{
        CLUSREG_CONDITION_EXISTS as EX, CLUSREG_CONDITION_IS_EQUAL as EQ,
        CLUSREG_CONDITION_IS_GREATER_THAN as GT, CLUSREG_CONDITION_IS_LESS_THAN as LT,
        CLUSREG_CONDITION_IS_NOT_EQUAL as NE, CLUSREG_CONDITION_KEY_EXISTS as KEX,
        CLUSREG_CONDITION_KEY_NOT_EXISTS as KNX, CLUSREG_CONDITION_NOT_EXISTS as NX,
    };
    assert!(holds(EX, "d", 0, &[]));
    assert!(!holds(EX, "zz", 0, &[]));
    assert!(holds(NX, "zz", 0, &[]));
    assert!(holds(KEX, "child", 0, &[]));
    assert!(!holds(KNX, "child", 0, &[]));
    assert!(holds(KNX, "nochild", 0, &[]));
    assert!(holds(EQ, "d", REG_DWORD, &10u32.to_le_bytes()));
    assert!(!holds(EQ, "d", REG_QWORD, &10u64.to_le_bytes()), "equal needs the same type");
    assert!(holds(NE, "zz", REG_DWORD, &1u32.to_le_bytes()), "a missing value is not equal");
    assert!(holds(GT, "d", REG_DWORD, &9u32.to_le_bytes()));
    assert!(!holds(GT, "d", REG_DWORD, &10u32.to_le_bytes()));
    assert!(holds(LT, "q", REG_QWORD, &11u64.to_le_bytes()));
    assert!(holds(GT, "s", REG_SZ, &sz("apple")));
    assert!(holds(LT, "e", REG_EXPAND_SZ, &sz("%B%")));
    assert!(holds(GT, "m", REG_MULTI_SZ, &[vec![0, 0]].concat()));
    assert!(holds(LT, "b", REG_BINARY, &[5, 6]));
    assert!(holds(EQ, "n", REG_NONE, &[]));
    assert!(!holds(GT, "s", REG_DWORD, &1u32.to_le_bytes()), "different types never compare");
    let mut b = k.batch().unwrap();
    b.set_value("d", REG_DWORD, &11u32.to_le_bytes()).unwrap();
    b.add(EQ, Some("d"), REG_DWORD, &11u32.to_le_bytes()).unwrap();
    b.commit().unwrap();
    let (_s2, _c2, root2) = setup();
    let mut off = root2.batch().unwrap();
    assert_eq!(
        off.add(EX, Some("x"), 0, &[]).unwrap_err(),
        Win32Error::ERROR_INVALID_FUNCTION,
        "off by default"
    );
}

/// BATCH-V1 (B12): batch writes raise REGISTRY_* events on ordinary ports; ordinary
/// writes never reach batch ports.
#[test]
fn batch_writes_raise_v1_events_and_ordinary_writes_skip_batch_ports() {
    let (_s, c, root) = setup();
    let k = root.create("Mixed").unwrap();
    let port = k.batch_port().unwrap();
    let v1 =
        c.notify_port(ChangeFlags::REGISTRY_EVENTS | ChangeFlags::REGISTRY_SUBTREE, NotifyKey(9)).unwrap();
    k.set_value("plain", REG_DWORD, &[1, 0, 0, 0]).unwrap();
    k.create("plainkey").unwrap();
    assert_eq!(port.get(Timeout::POLL).unwrap_err(), Win32Error::WAIT_TIMEOUT);
    v1.drain().unwrap();
    let mut b = k.batch().unwrap();
    b.set_value("batched", REG_DWORD, &[2, 0, 0, 0]).unwrap();
    b.create_key("bk").unwrap();
    b.commit().unwrap();
    let events: Vec<(String, String)> =
        v1.drain().unwrap().into_iter().map(|n| (n.change.name().unwrap().to_string(), n.name)).collect();
    assert_eq!(
        events,
        vec![
            ("CLUSTER_CHANGE_REGISTRY_VALUE".into(), "Mixed".into()),
            ("CLUSTER_CHANGE_REGISTRY_NAME".into(), "Mixed\\bk".into())
        ]
    );
    assert_eq!(drain_port(&port).len(), 2);
}

/// BATCH-PORT-SCOPE (B9, B10): a port sees batches at or below its key, names relative to
/// it; a batch touching inside and outside shows only the inside; a recursive
/// DELETE_KEY is one record.
#[test]
fn port_scope_and_relative_names() {
    let (_s, _c, root) = setup();
    let app = root.create("App").unwrap();
    let cfg = app.create("Cfg").unwrap();
    cfg.create("Deep\\Deeper").unwrap().set_value("v", REG_DWORD, &[0; 4]).unwrap();
    let at_root = root.batch_port().unwrap();
    let at_app = app.batch_port().unwrap();
    let at_cfg = cfg.batch_port().unwrap();
    let other = root.create("Other").unwrap().batch_port().unwrap();
    let mut b = root.batch().unwrap();
    b.create_key("App\\Cfg").unwrap();
    b.set_value("level", REG_DWORD, &3u32.to_le_bytes()).unwrap();
    b.create_key("Deep").unwrap();
    b.delete_key("Deeper").unwrap();
    b.create_key("Elsewhere").unwrap();
    b.set_value("x", REG_DWORD, &0u32.to_le_bytes()).unwrap();
    b.commit().unwrap();
    let names = |p: &BatchPort| -> Vec<(&'static str, String)> {
        drain_port(p)
            .into_iter()
            .map(|c| (command_name(c.command).trim_start_matches("CLUSREG_"), c.name))
            .collect()
    };
    assert_eq!(
        names(&at_cfg),
        vec![
            ("CREATE_KEY", "".into()),
            ("SET_VALUE", "level".into()),
            ("CREATE_KEY", "Deep".into()),
            ("DELETE_KEY", "Deep\\Deeper".into()),
        ]
    );
    assert_eq!(names(&at_app)[0], ("CREATE_KEY", "Cfg".into()));
    assert_eq!(
        names(&at_root),
        vec![
            ("CREATE_KEY", "App\\Cfg".into()),
            ("SET_VALUE", "level".into()),
            ("CREATE_KEY", "App\\Cfg\\Deep".into()),
            ("DELETE_KEY", "App\\Cfg\\Deep\\Deeper".into()),
            // DELETE_KEY cleared the current key: the next CREATE_KEY starts at the batch key.
            ("CREATE_KEY", "Elsewhere".into()),
            ("SET_VALUE", "x".into()),
        ]
    );
    assert_eq!(other.get(Timeout::POLL).unwrap_err(), Win32Error::WAIT_TIMEOUT);
}

/// BATCH-COALESCE (B6): by default one notification holds every batch since the last
/// get, in commit order; the switch gives one notification per batch.
#[test]
fn coalesced_and_per_batch_granularity() {
    for (granularity, gets) in
        [(BatchGranularity::Coalesced, vec![3]), (BatchGranularity::PerBatch, vec![1, 1, 1])]
    {
        let (_s, _c, root) = setup_with(Sim::builder().batch_granularity(granularity));
        let k = root.create("G").unwrap();
        let port = k.batch_port().unwrap();
        for i in 0..3u32 {
            let mut b = k.batch().unwrap();
            b.set_value(&format!("v{i}"), REG_DWORD, &i.to_le_bytes()).unwrap();
            b.commit().unwrap();
        }
        let mut sizes = Vec::new();
        let mut all = Vec::new();
        while let Ok(n) = port.get(Timeout::POLL) {
            let cmds = n.read_all().unwrap();
            sizes.push(cmds.len());
            all.extend(cmds.into_iter().map(|c| c.name));
        }
        assert_eq!(sizes, gets, "{granularity:?}");
        assert_eq!(all, ["v0", "v1", "v2"]);
    }
}

/// BATCH-GET (B13): get blocks until a notification is there; a timeout gives
/// WAIT_TIMEOUT; closing the port from another thread wakes it with ERROR_NO_MORE_ITEMS;
/// the closed handle is then invalid.
#[test]
fn get_blocks_times_out_and_wakes_on_close() {
    let (sim, _c, root) = setup();
    let k = root.create("Wait").unwrap();
    let port = Arc::new(k.batch_port().unwrap());
    let p2 = port.clone();
    let t = std::thread::spawn(move || p2.get(Timeout::Infinite).map(|n| n.read_all().unwrap()));
    assert!(sim.clock().wait_for_blocked(1, Duration::from_secs(10)), "the get never blocked");
    let mut b = k.batch().unwrap();
    b.set_value("v", REG_DWORD, &[1, 0, 0, 0]).unwrap();
    b.commit().unwrap();
    assert_eq!(t.join().unwrap().unwrap().len(), 1);
    let clock = sim.clock().clone();
    let p3 = port.clone();
    let t = std::thread::spawn(move || p3.get(Timeout::from(Duration::from_millis(500))).map(|_| ()));
    assert!(clock.wait_for_timed_waiters(1, Duration::from_secs(10)));
    clock.advance(Duration::from_millis(500));
    assert_eq!(t.join().unwrap().unwrap_err(), Win32Error::WAIT_TIMEOUT);
    let p4 = port.clone();
    let t = std::thread::spawn(move || p4.get(Timeout::Infinite).map(|_| ()));
    assert!(clock.wait_for_blocked(1, Duration::from_secs(10)), "the get never blocked");
    port.close().unwrap();
    assert_eq!(t.join().unwrap().unwrap_err(), Win32Error::ERROR_NO_MORE_ITEMS);
    let raw = port.raw();
    assert_eq!(
        sim.shared().reg_get_batch_notification(raw, Timeout::POLL).unwrap_err(),
        Win32Error::ERROR_INVALID_HANDLE
    );
}

/// BATCH-CAP: a port that is never read holds at most its capacity; the reader gets what
/// was kept, then ERROR_INVALID_DATA where the loss happened, then later batches.
#[test]
fn never_read_port_is_bounded_and_reports_the_loss() {
    let (_s, _c, root) = setup_with(Sim::builder().batch_port_capacity(4));
    let k = root.create("Cap").unwrap();
    let port = k.batch_port().unwrap();
    for i in 0..10u32 {
        let mut b = k.batch().unwrap();
        b.set_value("v", REG_DWORD, &i.to_le_bytes()).unwrap();
        b.commit().unwrap();
    }
    let kept = drain_port(&port);
    // v0 (1 record) + VALUE_DELETED/SET of v1 (2) = 3; the next batch (2) would pass 4.
    assert_eq!(kept.len(), 3);
    let mut b = k.batch().unwrap();
    b.set_value("after", REG_DWORD, &[0; 4]).unwrap();
    b.commit().unwrap();
    assert_eq!(port.get(Timeout::POLL).unwrap_err(), Win32Error::ERROR_INVALID_DATA);
    assert_eq!(drain_port(&port)[0].name, "after");
}

/// BATCH-PORT-BAD-INPUT: notification and port handles are validated.
#[test]
fn batch_port_bad_handles() {
    let (sim, _c, root) = setup();
    let b = sim.shared();
    let inv = Win32Error::ERROR_INVALID_HANDLE;
    assert_eq!(b.reg_create_batch_notify_port(HKey::from_raw(0)).unwrap_err(), inv);
    assert_eq!(b.reg_batch_read_command(HRegBatchNotification::from_raw(0)).unwrap_err(), inv);
    assert_eq!(b.reg_batch_close_notification(HRegBatchNotification::from_raw(0x1234)).unwrap_err(), inv);
    assert_eq!(b.reg_close_batch_notify_port(HRegBatchPort::from_raw(root.raw().0 .0)).unwrap_err(), inv);
    let port = root.batch_port().unwrap();
    let mut batch = root.batch().unwrap();
    batch.create_key("n").unwrap();
    batch.commit().unwrap();
    let n = port.get(Timeout::POLL).unwrap();
    let raw = n.raw();
    n.close().unwrap();
    assert_eq!(b.reg_batch_read_command(raw).unwrap_err(), inv);
}

/// READ-BATCH (B14): one result per command, in order, each independent: READ_VALUE with
/// type and data or READ_ERROR with the code; ERROR_NO_MORE_ITEMS at the end.
#[test]
fn read_batch_results() {
    let (_s, _c, root) = setup();
    let k = root.create("R").unwrap();
    k.set_value("a", REG_DWORD, &1u32.to_le_bytes()).unwrap();
    k.create("sub").unwrap().set_value("", REG_SZ, &sz("dflt")).unwrap();
    let mut rb = k.read_batch().unwrap();
    rb.read(None, Some("a")).unwrap();
    rb.read(Some("sub"), None).unwrap();
    rb.read(Some("nosuch"), Some("a")).unwrap();
    rb.read(None, Some("missing")).unwrap();
    let reply = rb.execute(0).unwrap();
    let r = reply.results().unwrap();
    assert_eq!(r.len(), 4);
    assert_eq!(
        (r[0].command, r[0].options, r[0].data.clone()),
        (CLUSREG_READ_VALUE, REG_DWORD, 1u32.to_le_bytes().to_vec())
    );
    assert_eq!(
        (r[1].command, r[1].subkey.as_deref(), r[1].value.as_deref()),
        (CLUSREG_READ_VALUE, Some("sub"), None)
    );
    assert_eq!(r[1].data, sz("dflt"));
    assert_eq!((r[2].command, r[2].options), (CLUSREG_READ_ERROR, 2));
    assert_eq!((r[3].command, r[3].options), (CLUSREG_READ_ERROR, 2));
    let mut bad = k.read_batch().unwrap();
    assert_eq!(bad.read(Some("\\x"), None).unwrap_err(), Win32Error::ERROR_INVALID_PARAMETER);
    assert_eq!(bad.read(None, Some("a\0b")).unwrap_err(), Win32Error::ERROR_INVALID_PARAMETER);
    assert_eq!(bad.execute(1).unwrap_err(), Win32Error::ERROR_INVALID_PARAMETER);
}

/// READ-BATCH-ISOLATED: with CLUSREG_DATABASE_ISOLATE_READ the results come entirely
/// from before or entirely from after concurrent write batches.
#[test]
fn isolated_read_sees_one_instant() {
    let sim = Sim::builder().build();
    let c = sim.open(None).unwrap();
    let k = c.root_key().unwrap().create("Iso").unwrap();
    let init = |k: &Key| {
        let mut b = k.batch().unwrap();
        for i in 0..20 {
            b.set_value(&format!("v{i}"), REG_DWORD, &0u32.to_le_bytes()).unwrap();
        }
        b.commit().unwrap();
    };
    init(&k);
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (stop, k) = (stop.clone(), c.root_key().unwrap().open("Iso").unwrap());
        std::thread::spawn(move || {
            let mut gen = 0u32;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                gen += 1;
                let mut b = k.batch().unwrap();
                for i in 0..20 {
                    b.set_value(&format!("v{i}"), REG_DWORD, &gen.to_le_bytes()).unwrap();
                }
                b.commit().unwrap();
            }
        })
    };
    for _ in 0..200 {
        let mut rb = k.read_batch().unwrap();
        for i in 0..20 {
            rb.read(None, Some(&format!("v{i}"))).unwrap();
        }
        let r = rb.execute(CLUSREG_DATABASE_ISOLATE_READ).unwrap().results().unwrap();
        let first = r[0].data.clone();
        assert!(r.iter().all(|x| x.data == first), "isolated read mixed generations");
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    writer.join().unwrap();
}

/// BATCH-CONCURRENT: writers commit batches while readers consume batch notifications;
/// every committed command is seen exactly once, in commit order, by every port whose
/// subtree it touches.
#[test]
fn concurrent_writers_and_batch_readers() {
    const WRITERS: usize = 4;
    const BATCHES: usize = 300;
    let sim = Sim::builder().build();
    let c = sim.open(None).unwrap();
    let root = c.root_key().unwrap();
    for w in 0..WRITERS {
        root.create(&format!("W{w}")).unwrap();
    }
    let everything = Arc::new(root.batch_port().unwrap());
    let per_writer: Vec<Arc<BatchPort>> =
        (0..WRITERS).map(|w| Arc::new(root.open(&format!("W{w}")).unwrap().batch_port().unwrap())).collect();
    let reader = |p: Arc<BatchPort>, expect: usize| {
        std::thread::spawn(move || {
            let mut seen = Vec::new();
            while seen.len() < expect {
                let n = p.get(Timeout::from(Duration::from_secs(60))).expect("a notification within 60 s");
                for cmd in n.read_all().unwrap() {
                    if cmd.command == CLUSREG_SET_VALUE {
                        seen.push(u32::from_le_bytes(cmd.data[..4].try_into().unwrap()));
                    }
                }
            }
            seen
        })
    };
    let all_reader = reader(everything.clone(), WRITERS * BATCHES * 2);
    let readers: Vec<_> = per_writer.iter().map(|p| reader(p.clone(), BATCHES * 2)).collect();
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let k = root.open(&format!("W{w}")).unwrap();
            std::thread::spawn(move || {
                for i in 0..BATCHES {
                    let tag = (w * 1_000_000 + i * 2) as u32;
                    let mut b = k.batch().unwrap();
                    b.set_value("a", REG_DWORD, &tag.to_le_bytes()).unwrap();
                    b.create_key("child").unwrap();
                    b.set_value("b", REG_DWORD, &(tag + 1).to_le_bytes()).unwrap();
                    b.commit().unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let all = all_reader.join().unwrap();
    assert_eq!(all.len(), WRITERS * BATCHES * 2, "nothing lost or duplicated at the root");
    for (w, r) in readers.into_iter().enumerate() {
        let mine = r.join().unwrap();
        let expected: Vec<u32> = (0..BATCHES * 2).map(|i| (w * 1_000_000 + i) as u32).collect();
        assert_eq!(mine, expected, "writer {w}: exactly once, in commit order");
        let at_root: Vec<u32> = all.iter().copied().filter(|t| (*t as usize) / 1_000_000 == w).collect();
        assert_eq!(at_root, expected, "root port: writer {w} in commit order");
    }
    for p in per_writer {
        assert_eq!(p.get(Timeout::POLL).unwrap_err(), Win32Error::WAIT_TIMEOUT, "nothing extra");
    }
}
