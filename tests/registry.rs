//! The cluster registry (spec/registry.md). Each test names its rule.

use clusim::client::{sz, Cluster, Key, Notification, NotifyPort};
use clusim::registry::*;
use clusim::*;

fn setup() -> (Sim, Cluster, Key) {
    let sim = Sim::builder().manual_clock().build();
    let c = sim.open(None).unwrap();
    let root = c.root_key().unwrap();
    (sim, c, root)
}

fn summary(v: &[Notification]) -> Vec<(usize, &'static str, String)> {
    v.iter()
        .map(|n| (n.key.0, n.change.name().unwrap().trim_start_matches("CLUSTER_CHANGE_"), n.name.clone()))
        .collect()
}

/// REG-KEYS: create (with intermediate keys, disposition), open, enumerate in name
/// order, delete only leaves (B15), protected object keys.
#[test]
fn keys_create_open_enumerate_delete() {
    let (_s, c, root) = setup();
    let (app, d) = root.create_with_disposition("Software\\App").unwrap();
    assert_eq!(d, Disposition::CreatedNew);
    assert_eq!(root.create_with_disposition("software\\APP").unwrap().1, Disposition::OpenedExisting);
    app.create("b").unwrap();
    app.create("A").unwrap();
    assert_eq!(app.subkeys().unwrap(), ["A", "b"]);
    assert_eq!(root.open("Software\\App\\A").unwrap().info().unwrap().subkeys, 0);
    assert_eq!(root.open("Software\\Nope").unwrap_err(), Win32Error::ERROR_FILE_NOT_FOUND);
    assert_eq!(root.delete_subkey("Software").unwrap_err(), Win32Error::ERROR_ACCESS_DENIED);
    app.delete_subkey("A").unwrap();
    assert_eq!(app.subkeys().unwrap(), ["b"]);
    assert_eq!(root.delete_subkey("Resources").unwrap_err(), Win32Error::ERROR_ACCESS_DENIED);
    let disk_key = c.open_resource("Cluster Disk 1").unwrap().key().unwrap();
    assert_eq!(disk_key.delete_subkey("").unwrap_err(), Win32Error::ERROR_ACCESS_DENIED);
    assert_eq!(root.create("\\leading").unwrap_err(), Win32Error::ERROR_INVALID_PARAMETER);
    assert_eq!(root.create("a\\\\b").unwrap_err(), Win32Error::ERROR_INVALID_PARAMETER);
    assert_eq!(root.create(&"k".repeat(256)).unwrap_err(), Win32Error::ERROR_INVALID_PARAMETER);
    assert_eq!(root.create("nul\0x").unwrap_err(), Win32Error::ERROR_INVALID_PARAMETER);
}

/// REG-VALUES: every value type round-trips; enumeration in creation order; bad types
/// and sizes are ERROR_INVALID_PARAMETER and change nothing.
#[test]
fn values_of_every_type_round_trip() {
    let (_s, _c, root) = setup();
    let k = root.create("Values").unwrap();
    let values: Vec<(&str, u32, Vec<u8>)> = vec![
        ("none", REG_NONE, vec![9]),
        ("sz", REG_SZ, sz("text")),
        ("expand", REG_EXPAND_SZ, sz("%TEMP%")),
        ("bin", REG_BINARY, vec![1, 2, 3]),
        ("dword", REG_DWORD, 7u32.to_le_bytes().to_vec()),
        ("multi", REG_MULTI_SZ, [sz("a"), sz("b"), vec![0, 0]].concat()),
        ("qword", REG_QWORD, (1u64 << 40).to_le_bytes().to_vec()),
        ("", REG_SZ, sz("default")),
    ];
    for (n, t, d) in &values {
        k.set_value(n, *t, d).unwrap();
    }
    for (n, t, d) in &values {
        assert_eq!(k.value(n).unwrap(), (*t, d.clone()), "{n}");
    }
    let listed: Vec<String> = k.values().unwrap().into_iter().map(|v| v.0).collect();
    assert_eq!(listed, values.iter().map(|v| v.0.to_string()).collect::<Vec<_>>());
    let inv = Win32Error::ERROR_INVALID_PARAMETER;
    assert_eq!(k.set_value("bad", 99, &[]).unwrap_err(), inv);
    assert_eq!(k.set_value("bad", REG_DWORD, &[1, 2, 3]).unwrap_err(), inv);
    assert_eq!(k.set_value("bad", REG_QWORD, &[1; 4]).unwrap_err(), inv);
    assert_eq!(k.set_value("bad", REG_SZ, &[1, 2, 3]).unwrap_err(), inv);
    assert_eq!(k.set_value("bad", REG_BINARY, &vec![0; MAX_VALUE_DATA + 1]).unwrap_err(), inv);
    assert_eq!(k.set_value("bad\0name", REG_BINARY, &[]).unwrap_err(), inv);
    assert_eq!(k.value("bad").unwrap_err(), Win32Error::ERROR_FILE_NOT_FOUND);
    assert_eq!(k.delete_value("bad").unwrap_err(), Win32Error::ERROR_FILE_NOT_FOUND);
    let info = k.info().unwrap();
    assert_eq!((info.values, info.max_value_name_len, info.max_value_len), (8, 6, 16));
}

/// REG-OBJECT-PROPERTIES: properties set through the object API are values of the
/// object's key; values written through the registry are properties.
#[test]
fn object_properties_live_in_the_registry() {
    let (_s, c, _root) = setup();
    let disk = c.open_resource("Cluster Disk 1").unwrap();
    disk.set_properties(PropertyScope::Private, &vec![("Signature".into(), PropertyValue::Dword(42))])
        .unwrap();
    let key = disk.key().unwrap();
    assert_eq!(key.value("Name").unwrap(), (REG_SZ, sz("Cluster Disk 1")));
    assert_eq!(key.value("Type").unwrap(), (REG_SZ, sz("Physical Disk")));
    assert_eq!(
        key.open("Parameters").unwrap().value("Signature").unwrap(),
        (REG_DWORD, 42u32.to_le_bytes().to_vec())
    );
    key.open("Parameters").unwrap().set_value("Extra", REG_SZ, &sz("x")).unwrap();
    assert!(disk
        .properties(PropertyScope::Private)
        .unwrap()
        .contains(&("Extra".into(), PropertyValue::Sz("x".into()))));
    let g = c.open_group("Cluster Group").unwrap().key().unwrap();
    assert_eq!(g.value("Name").unwrap(), (REG_SZ, sz("Cluster Group")));
    assert!(c.root_key().unwrap().open("Nodes\\1").unwrap().value("NodeName").is_ok());
    assert!(c.resource_type_key("Physical Disk").unwrap().value("DllName").is_ok());
}

/// REG-SECURITY: a default self-relative descriptor; set needs a valid one
/// (ERROR_INVALID_SECURITY_DESCR) and raises REGISTRY_ATTRIBUTES.
#[test]
fn key_security_round_trips() {
    let (_s, c, root) = setup();
    let k = root.create("Sec").unwrap();
    let p = c
        .notify_port(ChangeFlags::REGISTRY_ATTRIBUTES | ChangeFlags::REGISTRY_SUBTREE, NotifyKey(1))
        .unwrap();
    let sd = k.security().unwrap();
    assert_eq!(sd.len(), 20);
    assert_eq!(k.info().unwrap().security_descriptor_len, 20);
    // Header with an owner SID at offset 20 (S-1-5-18: one sub-authority, 12 bytes), then
    // 4 bytes that belong to no component: the descriptor is 32 bytes long.
    let mut custom = vec![1, 0, 0x00, 0x80, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    custom.extend_from_slice(&[1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0]);
    custom.extend_from_slice(&[0xaa, 0xbb, 0xcc, 0xdd]);
    k.set_security(&custom).unwrap();
    assert_eq!(k.security().unwrap(), custom[..32].to_vec(), "stored as long as its contents say");
    assert_eq!(k.set_security(&[1, 0, 0]).unwrap_err(), Win32Error::ERROR_INVALID_SECURITY_DESCR);
    assert_eq!(k.set_security(&[0u8; 20]).unwrap_err(), Win32Error::ERROR_INVALID_SECURITY_DESCR);
    assert_eq!(summary(&p.drain().unwrap()), vec![(1, "REGISTRY_ATTRIBUTES", "Sec".into())]);
}

/// REG-EVENTS (N5): cluster-wide registrations see the root (and direct subkey
/// creation/deletion), everything below with REGISTRY_SUBTREE; per-key registrations see
/// their key, names relative to it; REGISTRY_SUBTREE is never delivered.
#[test]
fn registry_events_and_relative_names() {
    let (sim, c, root) = setup();
    let wide = c.notify_port(ChangeFlags::REGISTRY_EVENTS, NotifyKey(1)).unwrap();
    wide.add(&c, ChangeFlags::REGISTRY_EVENTS | ChangeFlags::REGISTRY_SUBTREE, NotifyKey(2)).unwrap();
    let app = root.create("App").unwrap();
    let per_key = NotifyPort::unassociated(sim.shared()).unwrap();
    let with_close = ChangeFlags::REGISTRY_VALUE | ChangeFlags::REGISTRY_NAME | ChangeFlags::HANDLE_CLOSE;
    per_key.register(&app, with_close, NotifyKey(3)).unwrap();
    per_key
        .register(&app, ChangeFlags::REGISTRY_VALUE | ChangeFlags::REGISTRY_SUBTREE, NotifyKey(4))
        .unwrap();
    assert_eq!(
        summary(&wide.drain().unwrap()),
        vec![(1, "REGISTRY_NAME", "App".into()), (2, "REGISTRY_NAME", "App".into())]
    );
    app.set_value("v", REG_DWORD, &[1, 0, 0, 0]).unwrap();
    let sub = app.create("Sub").unwrap();
    sub.set_value("w", REG_DWORD, &[2, 0, 0, 0]).unwrap();
    root.set_value("top", REG_DWORD, &[3, 0, 0, 0]).unwrap();
    assert_eq!(
        summary(&wide.drain().unwrap()),
        vec![
            (2, "REGISTRY_VALUE", "App".into()),
            (2, "REGISTRY_NAME", "App\\Sub".into()),
            (2, "REGISTRY_VALUE", "App\\Sub".into()),
            (1, "REGISTRY_VALUE", "".into()),
            (2, "REGISTRY_VALUE", "".into()),
        ]
    );
    assert_eq!(
        summary(&per_key.drain().unwrap()),
        vec![
            (3, "REGISTRY_VALUE", "".into()),
            (4, "REGISTRY_VALUE", "".into()),
            (3, "REGISTRY_NAME", "Sub".into()),
            (4, "REGISTRY_VALUE", "Sub".into()),
        ]
    );
    app.close().unwrap();
    assert_eq!(
        summary(&per_key.drain().unwrap()),
        vec![(3, "HANDLE_CLOSE", "App".into())],
        "closing a registered key handle delivers HANDLE_CLOSE to the registration asking for it (N4)"
    );
}

/// REG-STALE: a handle to a deleted key answers ERROR_KEY_DELETED; failures change
/// nothing and emit nothing.
#[test]
fn deleted_key_handles_and_bad_input() {
    let (sim, c, root) = setup();
    let k = root.create("Gone").unwrap();
    root.delete_subkey("Gone").unwrap();
    let p = c.notify_port(ChangeFlags::ALL, NotifyKey(1)).unwrap();
    assert_eq!(k.set_value("v", REG_DWORD, &[0; 4]).unwrap_err(), Win32Error::ERROR_KEY_DELETED);
    assert_eq!(k.value("v").unwrap_err(), Win32Error::ERROR_KEY_DELETED);
    assert_eq!(k.create("x").unwrap_err(), Win32Error::ERROR_KEY_DELETED);
    assert_eq!(k.batch().unwrap_err(), Win32Error::ERROR_KEY_DELETED);
    let b = sim.shared();
    assert_eq!(
        b.reg_set_value(HKey::from_raw(0), "v", REG_DWORD, &[0; 4]).unwrap_err(),
        Win32Error::ERROR_INVALID_HANDLE
    );
    assert_eq!(
        b.reg_open_key(HKey::from_raw(c.raw().0 .0), "", 0).unwrap_err(),
        Win32Error::ERROR_INVALID_HANDLE
    );
    assert_eq!(b.reg_create_key(root.raw(), "x", 7, 0).unwrap_err(), Win32Error::ERROR_INVALID_PARAMETER);
    assert!(p.drain().unwrap().is_empty());
    assert!(root.subkeys().unwrap().iter().all(|s| s != "x" && s != "Gone"));
}

/// REG-ENUM: enumeration past the end is ERROR_NO_MORE_ITEMS; last-write times come
/// from the simulator clock (FILETIME from 2026-01-01).
#[test]
fn enumeration_end_and_last_write_time() {
    let (sim, _c, root) = setup();
    let k = root.create("T").unwrap();
    sim.clock().advance(std::time::Duration::from_secs(1));
    k.set_value("v", REG_DWORD, &[0; 4]).unwrap();
    let b = sim.shared();
    assert_eq!(b.reg_enum_value(k.raw(), 1).unwrap_err(), Win32Error::ERROR_NO_MORE_ITEMS);
    assert_eq!(b.reg_enum_key(k.raw(), 0).unwrap_err(), Win32Error::ERROR_NO_MORE_ITEMS);
    assert_eq!(k.info().unwrap().last_write, FileTime(134_116_992_000_000_000 + 10_000_000));
}
