//! Cluster-database keys and values: constants, object keys, create/open/delete
//! with dispositions, values with the registry size convention. Part of the `abi` suite.

use super::*;

#[test]
fn registry_constants_and_structures_match_the_windows_sdk() {
    let pairs = [
        (CLUSREG_SET_VALUE, windows_sys::Win32::Networking::Clustering::CLUSREG_SET_VALUE),
        (CLUSREG_CREATE_KEY, windows_sys::Win32::Networking::Clustering::CLUSREG_CREATE_KEY),
        (CLUSREG_DELETE_KEY, windows_sys::Win32::Networking::Clustering::CLUSREG_DELETE_KEY),
        (CLUSREG_DELETE_VALUE, windows_sys::Win32::Networking::Clustering::CLUSREG_DELETE_VALUE),
        (CLUSREG_VALUE_DELETED, windows_sys::Win32::Networking::Clustering::CLUSREG_VALUE_DELETED),
        (CLUSREG_READ_VALUE, windows_sys::Win32::Networking::Clustering::CLUSREG_READ_VALUE),
        (CLUSREG_READ_ERROR, windows_sys::Win32::Networking::Clustering::CLUSREG_READ_ERROR),
        (
            CLUSREG_CONDITION_KEY_NOT_EXISTS,
            windows_sys::Win32::Networking::Clustering::CLUSREG_CONDITION_KEY_NOT_EXISTS,
        ),
        (CLUSREG_LAST_COMMAND, windows_sys::Win32::Networking::Clustering::CLUSREG_LAST_COMMAND),
    ];
    for (ours, sdk) in pairs {
        assert_eq!(ours, sdk as u32);
    }
    assert_eq!(
        CLUSREG_DATABASE_ISOLATE_READ,
        windows_sys::Win32::Networking::Clustering::CLUSREG_DATABASE_ISOLATE_READ
    );
    use std::mem::{offset_of, size_of};
    assert_eq!(size_of::<t::CLUSTER_BATCH_COMMAND>(), size_of::<CLUSTER_BATCH_COMMAND>());
    assert_eq!(offset_of!(t::CLUSTER_BATCH_COMMAND, wzName), offset_of!(CLUSTER_BATCH_COMMAND, wzName));
    assert_eq!(offset_of!(t::CLUSTER_BATCH_COMMAND, cbData), offset_of!(CLUSTER_BATCH_COMMAND, cbData));
    assert_eq!(size_of::<t::CLUSTER_READ_BATCH_COMMAND>(), size_of::<CLUSTER_READ_BATCH_COMMAND>());
    assert_eq!(
        offset_of!(t::CLUSTER_READ_BATCH_COMMAND, wzValueName),
        offset_of!(CLUSTER_READ_BATCH_COMMAND, wzValueName)
    );
    assert_eq!(
        offset_of!(t::CLUSTER_READ_BATCH_COMMAND, cbData),
        offset_of!(CLUSTER_READ_BATCH_COMMAND, cbData)
    );
    assert_eq!(size_of::<t::FILETIME>(), size_of::<FILETIME>());
}

#[test]
fn object_keys_open_the_objects_database_keys_or_answer_null_and_last_error() {
    let fx = Fx::new("reg-objkeys");
    let group = fx.group("Cluster Group");
    // SAFETY: handles are looked up; names NUL-terminated.
    unsafe {
        let gk = GetClusterGroupKey(group, KEY_READ);
        assert!(!gk.is_null());
        assert_eq!(fx.query(gk, "Name"), Ok((REG_SZ, utf16_bytes("Cluster Group"))));
        let keys = [
            GetClusterKey(fx.cluster, 0),
            GetClusterResourceKey(fx.resource("Cluster Disk 1"), 0),
            GetClusterNodeKey(fx.node("NODE1"), 0),
            GetClusterNetworkKey(fx.network(), 0),
            GetClusterNetInterfaceKey(fx.netif(), 0),
            GetClusterResourceTypeKey(fx.cluster, w("Physical Disk").as_ptr(), 0),
        ];
        assert!(keys.iter().all(|k| !k.is_null()), "{keys:?}");
        let mut len = 0u32;
        assert_eq!(
            ClusterRegQueryInfoKey(keys[5], null(), null(), out(&mut len), null(), null(), null(), null()),
            0
        );
        assert!(len > 0, "a resource type's key holds its properties");

        null_with(
            "unknown type",
            GetClusterResourceTypeKey(fx.cluster, w("Physical Disc").as_ptr(), 0) as isize,
            5078,
        );
        null_with(
            "NULL type name",
            GetClusterResourceTypeKey(fx.cluster, null(), 0) as isize,
            INVALID_PARAMETER,
        );
        for (label, h) in fx.bad(fx.closed_cluster()) {
            null_with(label, GetClusterKey(h, 0) as isize, INVALID_HANDLE);
            null_with(label, GetClusterResourceTypeKey(h, null(), 0) as isize, INVALID_HANDLE);
        }
        for (label, h) in fx.bad(fx.closed_group()) {
            null_with(label, GetClusterGroupKey(h, 0) as isize, INVALID_HANDLE);
        }
        for (label, h) in fx.bad(fx.closed_resource()) {
            null_with(label, GetClusterResourceKey(h, 0) as isize, INVALID_HANDLE);
        }
        for (label, h) in fx.bad(fx.closed_node()) {
            null_with(label, GetClusterNodeKey(h, 0) as isize, INVALID_HANDLE);
        }
        for (label, h) in fx.bad(fx.closed_network()) {
            null_with(label, GetClusterNetworkKey(h, 0) as isize, INVALID_HANDLE);
        }
        for (label, h) in fx.bad(fx.closed_netif()) {
            null_with(label, GetClusterNetInterfaceKey(h, 0) as isize, INVALID_HANDLE);
        }
        null_with("a group handle as a resource", GetClusterResourceKey(group, 0) as isize, INVALID_HANDLE);

        // A deleted group's handle answers the group's not-found code.
        let doomed = fx.new_group("doomed");
        assert_eq!(DeleteClusterGroup(doomed), 0);
        null_with("deleted group", GetClusterGroupKey(doomed, 0) as isize, 5013);
    }
}

#[test]
fn keys_are_created_opened_and_deleted_with_dispositions_and_the_models_codes() {
    let fx = Fx::new("reg-keys");
    let root = fx.root();
    // SAFETY: strings NUL-terminated; out-pointers to locals or NULL where allowed.
    unsafe {
        let (mut k, mut d) = (null_mut(), 0u32);
        assert_eq!(
            ClusterRegCreateKey(root, w("App\\Cfg").as_ptr(), 0, KEY_ALL_ACCESS, null(), &mut k, &mut d),
            0
        );
        assert_eq!(d, REG_CREATED_NEW_KEY);
        let first = k;
        assert_eq!(ClusterRegCreateKey(root, w("App\\Cfg").as_ptr(), 1, 0, null(), &mut k, &mut d), 0);
        assert_eq!(d, REG_OPENED_EXISTING_KEY, "REG_OPTION_VOLATILE is accepted");
        assert_ne!(k, first, "every open is a new handle");
        assert_eq!(ClusterRegCreateKey(root, w("Other").as_ptr(), 0, 0, null(), &mut k, null_mut()), 0);
        let mut same = null_mut();
        assert_eq!(ClusterRegOpenKey(k, w("").as_ptr(), 0, &mut same), 0, "\"\" opens the key itself");
        fx.set_dword(same, "v", 7);
        assert_eq!(fx.query(k, "v"), Ok((REG_DWORD, dw(7).to_vec())));

        // Bad input: each answer, and nothing created.
        let sentinel = 0x5555 as Hkey;
        let mut out = sentinel;
        for (label, sub, opts) in [
            ("leading backslash", "\\Lead", 0),
            ("empty component", "a\\\\b", 0),
            ("component over 255", &"c".repeat(256)[..], 0),
            ("dwOptions 2", "Opt", 2),
        ] {
            assert_eq!(
                lc(ClusterRegCreateKey(root, w(sub).as_ptr(), opts, 0, null(), &mut out, &mut d)),
                INVALID_PARAMETER,
                "{label}"
            );
            assert_eq!(out, sentinel, "{label}: *phkResult untouched");
        }
        assert_eq!(
            lc(ClusterRegCreateKey(root, null(), 0, 0, null(), &mut out, null_mut())),
            INVALID_PARAMETER
        );
        assert_eq!(
            lc(ClusterRegCreateKey(root, w("NoOut").as_ptr(), 0, 0, null(), null_mut(), null_mut())),
            INVALID_PARAMETER
        );
        assert_eq!(
            lc(ClusterRegOpenKey(root, w("NoOut").as_ptr(), 0, &mut out)),
            FILE_NOT_FOUND,
            "not created"
        );
        assert_eq!(lc(ClusterRegOpenKey(root, w("\\App").as_ptr(), 0, &mut out)), INVALID_PARAMETER);
        assert_eq!(lc(ClusterRegOpenKey(root, null(), 0, &mut out)), INVALID_PARAMETER);
        assert_eq!(lc(ClusterRegOpenKey(root, w("App").as_ptr(), 0, null_mut())), INVALID_PARAMETER);
        assert_eq!(out, sentinel);

        // Deleting: not a key with subkeys (B15), not a missing one, not a NULL name.
        assert_eq!(lc(ClusterRegDeleteKey(root, w("App").as_ptr())), ACCESS_DENIED);
        assert_eq!(lc(ClusterRegDeleteKey(root, w("Nope").as_ptr())), FILE_NOT_FOUND);
        assert_eq!(lc(ClusterRegDeleteKey(root, null())), INVALID_PARAMETER);
        assert_eq!(lc(ClusterRegDeleteKey(root, w("Groups").as_ptr())), ACCESS_DENIED, "protected");
        assert_eq!(ClusterRegDeleteKey(root, w("App\\Cfg").as_ptr()), 0);
        // A handle to a deleted key stays a handle: ERROR_KEY_DELETED through it.
        assert_eq!(lc(ClusterRegOpenKey(first, w("").as_ptr(), 0, &mut out)), KEY_DELETED);
        assert_eq!(ClusterRegSetValue(first, w("x").as_ptr(), REG_DWORD, dw(1).as_ptr(), 4), KEY_DELETED);
        let mut b = 0isize;
        assert_eq!(lc(ClusterRegCreateBatch(first, &mut b)), KEY_DELETED);
        assert_eq!(ClusterRegCloseKey(first), 0);
        assert_eq!(lc(ClusterRegCloseKey(first)), INVALID_HANDLE, "closed twice");

        for (label, h) in fx.bad_keys() {
            assert_eq!(
                lc(ClusterRegCreateKey(h, w("X").as_ptr(), 0, 0, null(), &mut out, null_mut())),
                INVALID_HANDLE,
                "{label}"
            );
            assert_eq!(
                lc(ClusterRegCreateKey(h, null(), 9, 0, null(), null_mut(), null_mut())),
                INVALID_HANDLE
            );
            assert_eq!(lc(ClusterRegOpenKey(h, w("").as_ptr(), 0, &mut out)), INVALID_HANDLE, "{label}");
            assert_eq!(lc(ClusterRegDeleteKey(h, w("X").as_ptr())), INVALID_HANDLE, "{label}");
            if label != "closed" {
                sle(SENTINEL);
                assert_eq!(lc(ClusterRegCloseKey(h)), INVALID_HANDLE, "{label}");
                assert_eq!(gle().0, SENTINEL, "LONG-returning functions leave the last error alone");
            }
        }
        assert_eq!(out, sentinel);
    }
}

#[test]
fn values_round_trip_with_the_registry_size_convention() {
    let fx = Fx::new("reg-values");
    let k = fx.create_key(fx.root(), "Values");
    // SAFETY: strings NUL-terminated; buffers valid for the sizes passed.
    unsafe {
        let multi: Vec<u8> = ["a", "bc"].iter().flat_map(|s| utf16_bytes(s)).chain([0, 0]).collect();
        let cases: Vec<(&str, u32, Vec<u8>)> = vec![
            ("dword", REG_DWORD, dw(5).to_vec()),
            ("qword", REG_QWORD, (1u64 << 40).to_le_bytes().to_vec()),
            ("text", REG_SZ, utf16_bytes("hello world")),
            ("expand", REG_EXPAND_SZ, utf16_bytes("%TEMP%")),
            ("multi", REG_MULTI_SZ, multi),
            ("blob", REG_BINARY, vec![0, 1, 2, 0xFF]),
            ("nothing", REG_NONE, Vec::new()),
        ];
        for (name, ty, data) in &cases {
            let p = if data.is_empty() { null() } else { data.as_ptr() };
            assert_eq!(ClusterRegSetValue(k, w(name).as_ptr(), *ty, p, data.len() as u32), 0, "{name}");
            assert_eq!(fx.query(k, name), Ok((*ty, data.clone())), "{name}");
        }
        // The default value: NULL and "" name it alike.
        assert_eq!(ClusterRegSetValue(k, null(), REG_DWORD, dw(9).as_ptr(), 4), 0);
        assert_eq!(fx.query(k, ""), Ok((REG_DWORD, dw(9).to_vec())));

        // Size query: NULL lpData → ERROR_SUCCESS with the size and the type.
        let (mut ty, mut cb) = (0u32, 0u32);
        assert_eq!(ClusterRegQueryValue(k, w("text").as_ptr(), &mut ty, null_mut(), &mut cb), 0);
        assert_eq!((ty, cb), (REG_SZ, 24));
        // Too small: ERROR_MORE_DATA, the size, the type; the buffer is not written.
        let mut small = [0xAAu8; 10];
        let (mut ty, mut cb) = (0u32, 10u32);
        assert_eq!(
            lc(ClusterRegQueryValue(k, w("text").as_ptr(), &mut ty, small.as_mut_ptr(), &mut cb)),
            MORE_DATA
        );
        assert_eq!((ty, cb, small), (REG_SZ, 24, [0xAA; 10]));
        // Exact fit; a NULL type pointer is fine; both NULL just checks existence.
        let mut exact = [0u8; 24];
        cb = 24;
        assert_eq!(ClusterRegQueryValue(k, w("text").as_ptr(), null_mut(), exact.as_mut_ptr(), &mut cb), 0);
        assert_eq!(exact.to_vec(), utf16_bytes("hello world"));
        assert_eq!(ClusterRegQueryValue(k, w("text").as_ptr(), null_mut(), null_mut(), null_mut()), 0);
        assert_eq!(
            lc(ClusterRegQueryValue(k, w("text").as_ptr(), null_mut(), exact.as_mut_ptr(), null_mut())),
            INVALID_PARAMETER
        );
        assert_eq!(
            lc(ClusterRegQueryValue(k, w("missing").as_ptr(), null_mut(), null_mut(), null_mut())),
            FILE_NOT_FOUND
        );

        // Bad data: refused, nothing stored. A size over 1 MiB is refused before the
        // (4-byte) buffer would be read.
        let four = dw(1);
        for (label, ty, p, n) in [
            ("cbData over 1 MiB", REG_BINARY, four.as_ptr(), (1u32 << 20) + 1),
            ("absurd cbData", REG_BINARY, four.as_ptr(), u32::MAX),
            ("NULL data with a size", REG_BINARY, null(), 4),
            ("unknown type", 99, four.as_ptr(), 4),
            ("DWORD of 3 bytes", REG_DWORD, four.as_ptr(), 3),
            ("odd string", REG_SZ, four.as_ptr(), 3),
        ] {
            dword(label, || ClusterRegSetValue(k, w("bad").as_ptr(), ty, p, n), INVALID_PARAMETER);
        }
        assert_eq!(fx.query(k, "bad"), Err(FILE_NOT_FOUND));
        // Exactly 1 MiB is accepted.
        let big = vec![7u8; 1 << 20];
        assert_eq!(ClusterRegSetValue(k, w("big").as_ptr(), REG_BINARY, big.as_ptr(), 1 << 20), 0);

        dword("delete", || ClusterRegDeleteValue(k, w("dword").as_ptr()), 0);
        dword("delete again", || ClusterRegDeleteValue(k, w("dword").as_ptr()), FILE_NOT_FOUND);
        dword("delete the default value by NULL", || ClusterRegDeleteValue(k, null()), 0);
        for (label, h) in fx.bad_keys() {
            dword(
                label,
                || ClusterRegSetValue(h, w("v").as_ptr(), REG_DWORD, dw(1).as_ptr(), 4),
                INVALID_HANDLE,
            );
            dword(label, || ClusterRegSetValue(h, null(), 99, null(), u32::MAX), INVALID_HANDLE);
            dword(label, || ClusterRegDeleteValue(h, w("v").as_ptr()), INVALID_HANDLE);
            assert_eq!(
                lc(ClusterRegQueryValue(h, null(), null_mut(), null_mut(), null_mut())),
                INVALID_HANDLE
            );
        }
    }
}
