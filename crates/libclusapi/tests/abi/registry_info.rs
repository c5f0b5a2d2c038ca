//! Cluster-database enumeration, key information, key security and registry
//! notifications through `RegisterClusterNotify`. Part of the `abi` suite.

use super::*;

#[test]
fn enumeration_and_key_information_follow_the_string_and_size_conventions() {
    let fx = Fx::new("reg-enum");
    let k = fx.create_key(fx.root(), "Enum");
    for sub in ["beta", "Alpha", "gamma-long-name"] {
        fx.create_key(k, sub);
    }
    fx.set_dword(k, "first", 1);
    // SAFETY: strings NUL-terminated; buffers valid for the sizes passed.
    unsafe {
        let data = utf16_bytes("twelve chars");
        assert_eq!(ClusterRegSetValue(k, w("second").as_ptr(), REG_SZ, data.as_ptr(), data.len() as u32), 0);

        // Subkeys in name order, each with its last-write time.
        let mut names = Vec::new();
        for i in 0.. {
            let mut buf = string_buf(64);
            let mut cch = 64u32;
            let mut ft = FILETIME { dwLowDateTime: 0, dwHighDateTime: 0 };
            match lc(ClusterRegEnumKey(k, i, buf.as_mut_ptr(), &mut cch, &mut ft)) {
                0 => {
                    assert_ne!((ft.dwLowDateTime, ft.dwHighDateTime), (0, 0));
                    names.push(String::from_utf16_lossy(&buf[..cch as usize]));
                }
                NO_MORE_ITEMS => break,
                e => panic!("ClusterRegEnumKey: {e}"),
            }
        }
        assert_eq!(names, ["Alpha", "beta", "gamma-long-name"]);
        // cch: capacity incl. NUL in, length excl. NUL out; too small → MORE_DATA, untouched.
        let mut buf = string_buf(5);
        let mut cch = 5u32;
        assert_eq!(lc(ClusterRegEnumKey(k, 0, buf.as_mut_ptr(), &mut cch, null_mut())), MORE_DATA);
        assert_eq!((cch, buf[0]), (5, 0xFFFF));
        cch = 6;
        assert_eq!(ClusterRegEnumKey(k, 0, buf.as_mut_ptr(), &mut cch, null_mut()), 0, "NULL time is fine");
        assert_eq!(cch, 5);
        let mut cch = 0u32;
        assert_eq!(lc(ClusterRegEnumKey(k, 0, null_mut(), &mut cch, null_mut())), MORE_DATA, "size query");
        assert_eq!(cch, 5);
        assert_eq!(lc(ClusterRegEnumKey(k, 0, buf.as_mut_ptr(), null_mut(), null_mut())), INVALID_PARAMETER);
        assert_eq!(lc(ClusterRegEnumKey(k, 3, buf.as_mut_ptr(), &mut cch, null_mut())), NO_MORE_ITEMS);

        // Values in creation order, name and data both negotiated.
        let mut name = string_buf(16);
        let mut d = [0u8; 64];
        let (mut cch, mut ty, mut cb) = (16u32, 0u32, 64u32);
        assert_eq!(
            ClusterRegEnumValue(k, 1, name.as_mut_ptr(), &mut cch, &mut ty, d.as_mut_ptr(), &mut cb),
            0
        );
        assert_eq!(
            (String::from_utf16_lossy(&name[..cch as usize]), ty, d[..cb as usize].to_vec()),
            ("second".to_string(), REG_SZ, data.clone())
        );
        // Name too small: MORE_DATA, both sizes, nothing copied.
        let mut d = [0xAAu8; 64];
        let (mut cch, mut cb) = (3u32, 64u32);
        assert_eq!(
            ClusterRegEnumValue(k, 1, name.as_mut_ptr(), &mut cch, null_mut(), d.as_mut_ptr(), &mut cb),
            MORE_DATA
        );
        assert_eq!((cch, cb, d[0]), (6, 26, 0xAA));
        // Data too small: the same.
        let (mut cch, mut cb) = (16u32, 4u32);
        assert_eq!(
            ClusterRegEnumValue(k, 1, name.as_mut_ptr(), &mut cch, null_mut(), d.as_mut_ptr(), &mut cb),
            MORE_DATA
        );
        assert_eq!((cch, cb, d[0]), (6, 26, 0xAA));
        // NULL lpData: the data size only, and the name.
        let (mut cch, mut cb) = (16u32, 0u32);
        assert_eq!(
            ClusterRegEnumValue(k, 1, name.as_mut_ptr(), &mut cch, null_mut(), null_mut(), &mut cb),
            0
        );
        assert_eq!((cch, cb), (6, 26));
        assert_eq!(
            ClusterRegEnumValue(k, 0, name.as_mut_ptr(), &mut cch, null_mut(), null_mut(), null_mut()),
            0
        );
        assert_eq!(String::from_utf16_lossy(&name[..cch as usize]), "first");
        assert_eq!(
            ClusterRegEnumValue(k, 0, name.as_mut_ptr(), null_mut(), null_mut(), null_mut(), null_mut()),
            INVALID_PARAMETER
        );
        let mut cch = 16u32;
        assert_eq!(
            ClusterRegEnumValue(k, 0, name.as_mut_ptr(), &mut cch, null_mut(), d.as_mut_ptr(), null_mut()),
            INVALID_PARAMETER
        );
        assert_eq!(
            ClusterRegEnumValue(k, 2, name.as_mut_ptr(), &mut cch, null_mut(), null_mut(), null_mut()),
            NO_MORE_ITEMS
        );

        // Key information: every pointer optional.
        assert_eq!(ClusterRegQueryInfoKey(k, null(), null(), null(), null(), null(), null(), null()), 0);
        let mut v = [0u32; 6];
        let mut ft = FILETIME { dwLowDateTime: 0, dwHighDateTime: 0 };
        let [a, b, c, dd, e, f] = &mut v;
        assert_eq!(
            ClusterRegQueryInfoKey(k, out(a), out(b), out(c), out(dd), out(e), out(f), out(&mut ft)),
            0
        );
        assert_ne!((ft.dwLowDateTime, ft.dwHighDateTime), (0, 0));
        assert_eq!(v, [3, 15, 2, 6, 26, 20]);
        for (label, h) in fx.bad_keys() {
            let mut cch = 8u32;
            assert_eq!(
                lc(ClusterRegEnumKey(h, 0, buf.as_mut_ptr(), &mut cch, null_mut())),
                INVALID_HANDLE,
                "{label}"
            );
            assert_eq!(
                lc(ClusterRegEnumKey(h, 0, null_mut(), null_mut(), null_mut())),
                INVALID_HANDLE,
                "{label}"
            );
            assert_eq!(
                ClusterRegEnumValue(h, 0, null_mut(), null_mut(), null_mut(), null_mut(), null_mut()),
                INVALID_HANDLE
            );
            assert_eq!(
                lc(ClusterRegQueryInfoKey(h, null(), null(), null(), null(), null(), null(), null())),
                INVALID_HANDLE
            );
        }
    }
}

#[test]
fn key_security_negotiates_with_insufficient_buffer_and_reads_the_descriptor_length_from_its_contents() {
    let fx = Fx::new("reg-security");
    let root = fx.root();
    let k = fx.create_key(root, "Secured");
    // SAFETY: buffers valid for the sizes passed.
    unsafe {
        let port = fx.port(0, 0);
        assert_eq!(RegisterClusterNotify(port, CLUSTER_CHANGE_REGISTRY_ATTRIBUTES as u32, k, 3), 0);
        // Win32's RegGetKeySecurity convention (CABI-REG-SECURITY): NULL buffer or too
        // small → ERROR_INSUFFICIENT_BUFFER with the size needed.
        let mut cb = 0u32;
        assert_eq!(lc(ClusterRegGetKeySecurity(k, 4, null_mut(), &mut cb)), INSUFFICIENT_BUFFER);
        assert_eq!(cb, 20);
        let mut small = [0xAAu8; 8];
        cb = 8;
        assert_eq!(
            lc(ClusterRegGetKeySecurity(k, 4, small.as_mut_ptr().cast(), &mut cb)),
            INSUFFICIENT_BUFFER
        );
        assert_eq!((cb, small[0]), (20, 0xAA));
        let mut sd = [0u8; 64];
        cb = 64;
        assert_eq!(ClusterRegGetKeySecurity(k, 4, sd.as_mut_ptr().cast(), &mut cb), 0);
        assert_eq!((cb, &sd[..4]), (20, &[1u8, 0, 0, 0x80][..]));
        assert_eq!(lc(ClusterRegGetKeySecurity(k, 4, sd.as_mut_ptr().cast(), null_mut())), INVALID_PARAMETER);

        // A descriptor with an owner SID (S-1-5-32-544) and an empty DACL, followed by
        // bytes that are not part of it: only the descriptor is stored.
        let mut desc = vec![1u8, 0, 0x04, 0x80];
        for off in [20u32, 0, 0, 36] {
            desc.extend_from_slice(&off.to_le_bytes());
        }
        desc.extend_from_slice(&[1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 32, 2, 0, 0]);
        desc.extend_from_slice(&[2, 0, 8, 0, 0, 0, 0, 0]);
        let stored = desc.clone();
        desc.extend_from_slice(&[0xEE; 16]);
        assert_eq!(ClusterRegSetKeySecurity(k, 5, desc.as_mut_ptr().cast()), 0);
        cb = 64;
        assert_eq!(ClusterRegGetKeySecurity(k, 1, sd.as_mut_ptr().cast(), &mut cb), 0);
        assert_eq!(sd[..cb as usize].to_vec(), stored);
        let mut key = 0usize;
        let (mut filter, mut cch) = (0u32, 8u32);
        let mut name = string_buf(8);
        assert_eq!(GetClusterNotify(port, &mut key, &mut filter, name.as_mut_ptr(), &mut cch, 0), 0);
        assert_eq!((key, filter, cch), (3, CLUSTER_CHANGE_REGISTRY_ATTRIBUTES as u32, 0));

        // Not a self-relative descriptor: ERROR_INVALID_SECURITY_DESCR, nothing changes.
        let mut absolute = stored.clone();
        absolute[3] = 0;
        let mut rev2 = stored.clone();
        rev2[0] = 2;
        let mut wild = stored.clone();
        wild[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        for (label, mut d) in [("absolute", absolute), ("revision 2", rev2), ("offset past 64 KiB", wild)] {
            assert_eq!(
                lc(ClusterRegSetKeySecurity(k, 4, d.as_mut_ptr().cast())),
                INVALID_SECURITY_DESCR,
                "{label}"
            );
        }
        assert_eq!(lc(ClusterRegSetKeySecurity(k, 4, null_mut())), INVALID_PARAMETER);
        cb = 64;
        assert_eq!(ClusterRegGetKeySecurity(k, 1, sd.as_mut_ptr().cast(), &mut cb), 0);
        assert_eq!(sd[..cb as usize].to_vec(), stored, "failed sets change nothing");
        assert_eq!(
            GetClusterNotify(port, &mut key, &mut filter, name.as_mut_ptr(), &mut cch, 0),
            WAIT_TIMEOUT
        );

        for (label, h) in fx.bad_keys() {
            let mut cb = 64u32;
            assert_eq!(
                lc(ClusterRegGetKeySecurity(h, 4, sd.as_mut_ptr().cast(), &mut cb)),
                INVALID_HANDLE,
                "{label}"
            );
            assert_eq!(lc(ClusterRegGetKeySecurity(h, 4, null_mut(), null_mut())), INVALID_HANDLE, "{label}");
            assert_eq!(lc(ClusterRegSetKeySecurity(h, 4, stored.as_ptr() as *mut c_void)), INVALID_HANDLE);
            assert_eq!(lc(ClusterRegSetKeySecurity(h, 4, null_mut())), INVALID_HANDLE, "{label}");
        }
    }
}

#[test]
fn register_cluster_notify_takes_a_key_handle_and_its_close_queues_handle_close() {
    let fx = Fx::new("reg-register");
    let k = fx.create_key(fx.root(), "Watched");
    // SAFETY: buffers valid for the sizes passed.
    unsafe {
        let port = fx.port(0, 0);
        let filter = (CLUSTER_CHANGE_REGISTRY_VALUE
            | CLUSTER_CHANGE_REGISTRY_SUBTREE
            | CLUSTER_CHANGE_HANDLE_CLOSE) as u32;
        assert_eq!(RegisterClusterNotify(port, filter, k, 11), 0);
        assert_eq!(RegisterClusterNotify(port, CLUSTER_CHANGE_GROUP_ADDED as u32, k, 12), INVALID_PARAMETER);
        let sub = fx.create_key(k, "Sub");
        fx.set_dword(sub, "v", 1);
        let mut got = Vec::new();
        let mut name = string_buf(64);
        loop {
            let (mut key, mut f, mut cch) = (0usize, 0u32, 64u32);
            match GetClusterNotify(port, &mut key, &mut f, name.as_mut_ptr(), &mut cch, 0) {
                0 => got.push((key, f, String::from_utf16_lossy(&name[..cch as usize]))),
                WAIT_TIMEOUT => break,
                e => panic!("{e}"),
            }
            if got.len() == 1 {
                assert_eq!(ClusterRegCloseKey(k), 0);
            }
        }
        assert_eq!(
            got,
            [
                (11, CLUSTER_CHANGE_REGISTRY_VALUE as u32, "Sub".to_string()),
                (11, CLUSTER_CHANGE_HANDLE_CLOSE as u32, "Watched".to_string())
            ]
        );
    }
}
