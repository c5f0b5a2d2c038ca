//! The cluster-database exports (issue 6, phase 2) through their C entry points: keys,
//! values, enumeration, key information, security, write batches, batch notification
//! ports and read batches, with every bad-input row of spec/c-abi.md (CABI-REG-*,
//! CABI-BATCH-*). Part of the `abi` suite.

use super::*;
use clusapi::types as t;
use clusim_api::registry::{
    CLUSREG_CONDITION_EXISTS, CLUSREG_CONDITION_KEY_NOT_EXISTS, CLUSREG_CREATE_KEY,
    CLUSREG_DATABASE_ISOLATE_READ, CLUSREG_DATABASE_SYNC_WRITE_TO_ALL_NODES, CLUSREG_DELETE_KEY,
    CLUSREG_DELETE_VALUE, CLUSREG_LAST_COMMAND, CLUSREG_READ_ERROR, CLUSREG_READ_VALUE, CLUSREG_SET_VALUE,
    CLUSREG_VALUE_DELETED, REG_BINARY, REG_CREATED_NEW_KEY, REG_DWORD, REG_EXPAND_SZ, REG_MULTI_SZ, REG_NONE,
    REG_OPENED_EXISTING_KEY, REG_QWORD, REG_SZ,
};
use std::ffi::c_void;
use windows_sys::Win32::Foundation::FILETIME;

type Hkey = *mut c_void;

const KEY_READ: u32 = 0x0002_0019;
const KEY_ALL_ACCESS: u32 = 0x000F_003F;
const KEY_DELETED: u32 = 1018;
const FILE_NOT_FOUND: u32 = 2;
const ACCESS_DENIED: u32 = 5;
const INSUFFICIENT_BUFFER: u32 = 122;
const INVALID_SECURITY_DESCR: u32 = 1338;
/// `CLUSREG_*` commands as windows-sys's `CLUSTER_REG_COMMAND` (`i32`).
const SET_VALUE: i32 = CLUSREG_SET_VALUE as i32;
const CREATE_KEY: i32 = CLUSREG_CREATE_KEY as i32;
const DELETE_KEY: i32 = CLUSREG_DELETE_KEY as i32;
const DELETE_VALUE: i32 = CLUSREG_DELETE_VALUE as i32;

fn lc(v: i32) -> u32 {
    v as u32
}

/// An out-parameter that windows-sys declares `*const` (a metadata quirk: the header
/// has `LPDWORD`/`PFILETIME`): derived from a unique borrow, since the function writes it.
fn out<T>(v: &mut T) -> *const T {
    (v as *mut T).cast_const()
}

fn hk(h: isize) -> Hkey {
    h as Hkey
}

fn dw(v: u32) -> [u8; 4] {
    v.to_le_bytes()
}

fn utf16_bytes(s: &str) -> Vec<u8> {
    s.encode_utf16().chain(std::iter::once(0)).flat_map(u16::to_le_bytes).collect()
}

/// A NUL-terminated UTF-16 string the library handed out.
///
/// # Safety
/// `p` is NULL or NUL-terminated.
unsafe fn wstr(p: *const u16) -> Option<String> {
    if p.is_null() {
        return None;
    }
    let mut n = 0;
    // SAFETY: NUL-terminated (caller contract).
    while unsafe { *p.add(n) } != 0 {
        n += 1;
    }
    // SAFETY: `n` readable units.
    Some(String::from_utf16_lossy(unsafe { std::slice::from_raw_parts(p, n) }))
}

/// # Safety
/// `p` is NULL or readable for `n` bytes.
unsafe fn bytes(p: *const u8, n: u32) -> Vec<u8> {
    if p.is_null() {
        assert_eq!(n, 0, "NULL data with a size");
        return Vec::new();
    }
    // SAFETY: readable for `n` bytes (caller contract).
    unsafe { std::slice::from_raw_parts(p, n as usize) }.to_vec()
}

impl Fx {
    fn root(&self) -> Hkey {
        // SAFETY: no pointers.
        let k = unsafe { GetClusterKey(self.cluster, 0) };
        assert!(!k.is_null(), "{:?}", gle());
        k
    }

    /// Creates (or opens) `path` below `parent`.
    fn create_key(&self, parent: Hkey, path: &str) -> Hkey {
        let mut k = std::ptr::null_mut();
        // SAFETY: NUL-terminated path; out-pointers to locals.
        let rc = unsafe { ClusterRegCreateKey(parent, w(path).as_ptr(), 0, 0, null(), &mut k, null_mut()) };
        assert_eq!(rc, 0, "create {path}");
        k
    }

    fn set_dword(&self, key: Hkey, name: &str, v: u32) {
        // SAFETY: NUL-terminated name; 4 bytes of data.
        let rc = unsafe { ClusterRegSetValue(key, w(name).as_ptr(), REG_DWORD, dw(v).as_ptr(), 4) };
        assert_eq!(rc, 0, "set {name}");
    }

    fn query(&self, key: Hkey, name: &str) -> Result<(u32, Vec<u8>), u32> {
        let mut buf = vec![0u8; 256];
        let (mut ty, mut cb) = (0u32, 256u32);
        // SAFETY: buffer valid for `cb` bytes.
        let rc = unsafe { ClusterRegQueryValue(key, w(name).as_ptr(), &mut ty, buf.as_mut_ptr(), &mut cb) };
        if rc != 0 {
            return Err(lc(rc));
        }
        buf.truncate(cb as usize);
        Ok((ty, buf))
    }

    fn closed_key(&self) -> Hkey {
        let k = self.root();
        // SAFETY: no pointers.
        assert_eq!(unsafe { ClusterRegCloseKey(k) }, 0);
        k
    }

    /// The bad handles of [`Fx::bad`], plus a live group handle as another wrong kind.
    fn bad_keys(&self) -> Vec<(&'static str, Hkey)> {
        let mut v: Vec<(&'static str, Hkey)> =
            self.bad(self.closed_key() as isize).into_iter().map(|(l, h)| (l, hk(h))).collect();
        v.push(("wrong kind (group)", hk(self.group("Cluster Group"))));
        v
    }

    fn batch(&self, key: Hkey) -> isize {
        let mut b = 0isize;
        // SAFETY: out-pointer to a local.
        assert_eq!(unsafe { ClusterRegCreateBatch(key, &mut b) }, 0);
        b
    }

    fn add(&self, batch: isize, command: i32, name: &str, data: Option<(u32, &[u8])>) -> u32 {
        let (ty, d) = data.unwrap_or((0, &[]));
        let p = if d.is_empty() { null() } else { d.as_ptr().cast() };
        // SAFETY: NUL-terminated name; data readable for its length.
        lc(unsafe { ClusterRegBatchAddCommand(batch, command, w(name).as_ptr(), ty, p, d.len() as u32) })
    }

    fn batch_port(&self, key: Hkey) -> isize {
        let mut p = 0isize;
        // SAFETY: out-pointer to a local.
        assert_eq!(unsafe { ClusterRegCreateBatchNotifyPort(key, &mut p) }, 0);
        p
    }
}

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

#[test]
fn write_batches_commit_atomically_and_report_the_failing_command() {
    let fx = Fx::new("reg-batches");
    let root = fx.root();
    let k = fx.create_key(root, "Batch");
    fx.create_key(k, "victim");
    // SAFETY: buffers valid for the sizes passed; handles looked up.
    unsafe {
        // Creating: NULL key is the documented ERROR_INVALID_PARAMETER; other bad keys 6.
        let mut b = 0x5555isize;
        assert_eq!(lc(ClusterRegCreateBatch(null_mut(), &mut b)), INVALID_PARAMETER);
        for (label, h) in fx.bad_keys() {
            let want = if h.is_null() { INVALID_PARAMETER } else { INVALID_HANDLE };
            assert_eq!(lc(ClusterRegCreateBatch(h, &mut b)), want, "{label}");
            assert_eq!(lc(ClusterRegCreateReadBatch(h, &mut b)), want, "{label}");
        }
        assert_eq!(lc(ClusterRegCreateBatch(k, null_mut())), INVALID_PARAMETER);
        assert_eq!(b, 0x5555, "*pHREGBATCH untouched");

        // Adding: each command checked at once.
        let b = fx.batch(k);
        assert_eq!(fx.add(b, SET_VALUE, "first", Some((REG_DWORD, &dw(1)))), 0);
        assert_eq!(fx.add(b, DELETE_KEY, "victim", None), 0);
        assert_eq!(fx.add(b, SET_VALUE, "orphan", Some((REG_DWORD, &dw(2)))), 0);
        assert_eq!(fx.add(b, 42, "x", None), INVALID_FUNCTION);
        assert_eq!(fx.add(b, CLUSREG_CONDITION_EXISTS as i32, "x", None), INVALID_FUNCTION, "B4");
        assert_eq!(fx.add(b, CREATE_KEY, "\\lead", None), INVALID_PARAMETER);
        assert_eq!(fx.add(b, SET_VALUE, "bad", Some((REG_DWORD, &[1]))), INVALID_PARAMETER);
        let four = dw(1);
        let add = |cmd: i32, name: *const u16, p: *const c_void, n: u32| {
            lc(ClusterRegBatchAddCommand(b, cmd, name, REG_BINARY, p, n))
        };
        assert_eq!(add(SET_VALUE, w("big").as_ptr(), four.as_ptr().cast(), u32::MAX), INVALID_PARAMETER);
        assert_eq!(add(SET_VALUE, w("big").as_ptr(), four.as_ptr().cast(), (1 << 20) + 1), INVALID_PARAMETER);
        assert_eq!(add(SET_VALUE, w("nul").as_ptr(), null(), 4), INVALID_PARAMETER);
        assert_eq!(lc(ClusterRegBatchAddCommand(b, CREATE_KEY, null(), 0, null(), 0)), INVALID_PARAMETER);
        // B5: the value command after DELETE_KEY fails the batch at commit, at its number.
        let mut failed = 77i32;
        assert_eq!(lc(ClusterRegCloseBatch(b, 1, &mut failed)), INVALID_PARAMETER);
        assert_eq!(failed, 2, "0-based (B1)");
        assert_eq!(fx.query(k, "first"), Err(FILE_NOT_FOUND), "atomic");
        let mut h = null_mut();
        assert_eq!(ClusterRegOpenKey(k, w("victim").as_ptr(), 0, &mut h), 0, "atomic");
        // The handle is gone whatever the outcome: -1 for a closed batch.
        failed = 77;
        assert_eq!(lc(ClusterRegCloseBatch(b, 1, &mut failed)), INVALID_HANDLE);
        assert_eq!(failed, -1);
        assert_eq!(fx.add(b, SET_VALUE, "late", Some((REG_DWORD, &dw(1)))), INVALID_HANDLE);

        // A good batch; failedCommandNumber is optional and untouched on success.
        let g = fx.batch(k);
        assert_eq!(fx.add(g, CREATE_KEY, "x\\y", None), 0);
        assert_eq!(fx.add(g, SET_VALUE, "deep", Some((REG_DWORD, &dw(4)))), 0);
        assert_eq!(
            lc(ClusterRegBatchAddCommand(g, DELETE_VALUE, null(), 0, null(), 0)),
            0,
            "NULL: default value"
        );
        failed = 77;
        assert_eq!(ClusterRegCloseBatch(g, 1, &mut failed), 0);
        assert_eq!(failed, 77);
        let mut deep = null_mut();
        assert_eq!(ClusterRegOpenKey(k, w("x\\y").as_ptr(), 0, &mut deep), 0);
        assert_eq!(fx.query(deep, "deep"), Ok((REG_DWORD, dw(4).to_vec())));
        // Discarded, and Ex with its flags (B3).
        let d = fx.batch(k);
        assert_eq!(fx.add(d, SET_VALUE, "discarded", Some((REG_DWORD, &dw(3)))), 0);
        assert_eq!(ClusterRegCloseBatch(d, 0, null_mut()), 0);
        assert_eq!(fx.query(k, "discarded"), Err(FILE_NOT_FOUND));
        let e = fx.batch(k);
        assert_eq!(fx.add(e, SET_VALUE, "ex", Some((REG_DWORD, &dw(5)))), 0);
        failed = 77;
        assert_eq!(lc(ClusterRegCloseBatchEx(e, 8, &mut failed)), INVALID_PARAMETER);
        assert_eq!(failed, -1);
        assert_eq!(fx.query(k, "ex"), Err(FILE_NOT_FOUND));
        let e = fx.batch(k);
        assert_eq!(fx.add(e, SET_VALUE, "ex", Some((REG_DWORD, &dw(5)))), 0);
        assert_eq!(ClusterRegCloseBatchEx(e, CLUSREG_DATABASE_SYNC_WRITE_TO_ALL_NODES, null_mut()), 0);
        assert_eq!(fx.query(k, "ex"), Ok((REG_DWORD, dw(5).to_vec())));

        let port = fx.batch_port(k);
        let batch_handles = [port, fx.port(0, 0), 0, 0x7777_7770, IHV, k as isize];
        for h in batch_handles {
            assert_eq!(fx.add(h, SET_VALUE, "v", Some((REG_DWORD, &dw(1)))), INVALID_HANDLE, "{h:#x}");
            assert_eq!(lc(ClusterRegBatchAddCommand(h, 42, null(), 9, null(), u32::MAX)), INVALID_HANDLE);
            failed = 77;
            assert_eq!(lc(ClusterRegCloseBatch(h, 1, &mut failed)), INVALID_HANDLE, "{h:#x}");
            assert_eq!(failed, -1);
            assert_eq!(lc(ClusterRegCloseBatchEx(h, 0, null_mut())), INVALID_HANDLE, "{h:#x}");
        }
        assert_eq!(ClusterRegCloseBatchNotifyPort(port), 0, "the port survived being misused as a batch");
    }
}

/// A record as (command, name, options, data).
type Record = (u32, String, u32, Vec<u8>);

/// The records of one notification, read with `ClusterRegBatchReadCommand` until
/// `ERROR_NO_MORE_ITEMS`, and the raw structures (whose pointers must stay valid).
///
/// # Safety
/// `n` is an open notification handle.
unsafe fn read_all(n: isize) -> (Vec<Record>, Vec<CLUSTER_BATCH_COMMAND>) {
    let mut out = Vec::new();
    let mut raw = Vec::new();
    loop {
        let mut c = CLUSTER_BATCH_COMMAND::default();
        // SAFETY: an out-pointer to a local.
        match lc(unsafe { ClusterRegBatchReadCommand(n, &mut c) }) {
            0 => {
                // SAFETY: pointers handed out by the library, valid until the close.
                let rec = unsafe {
                    (
                        c.Command as u32,
                        wstr(c.wzName).expect("never NULL"),
                        c.dwOptions,
                        bytes(c.lpData, c.cbData),
                    )
                };
                out.push(rec);
                raw.push(c);
            }
            NO_MORE_ITEMS => return (out, raw),
            e => panic!("ClusterRegBatchReadCommand: {e}"),
        }
    }
}

#[test]
fn batch_notifications_hand_out_records_whose_pointers_live_until_the_close() {
    let fx = Fx::new("reg-batchport");
    let k = fx.create_key(fx.root(), "NotifyKey");
    // SAFETY: buffers valid for the sizes passed; handles looked up.
    unsafe {
        let port = fx.batch_port(k);
        let mut out = 0x5555isize;
        assert_eq!(lc(ClusterRegCreateBatchNotifyPort(k, null_mut())), INVALID_PARAMETER);
        for (label, h) in fx.bad_keys() {
            assert_eq!(lc(ClusterRegCreateBatchNotifyPort(h, &mut out)), INVALID_HANDLE, "{label}");
        }
        // NULL out-pointer: refused before waiting (nothing is queued: it would block).
        assert_eq!(lc(ClusterRegGetBatchNotification(port, null_mut())), INVALID_PARAMETER);

        // The [MS-CMRP] example.
        let b = fx.batch(k);
        let world = utf16_bytes("hello world");
        let universe = utf16_bytes("hello universe");
        assert_eq!(fx.add(b, DELETE_VALUE, "NotifyTest", None), 0);
        assert_eq!(fx.add(b, SET_VALUE, "NotifyTest", Some((REG_SZ, &world))), 0);
        assert_eq!(fx.add(b, SET_VALUE, "NotifyTest", Some((REG_SZ, &universe))), 0);
        assert_eq!(fx.add(b, DELETE_VALUE, "NotifyTest", None), 0);
        assert_eq!(ClusterRegCloseBatch(b, 1, null_mut()), 0);
        // A plain write does not reach batch ports.
        fx.set_dword(k, "plain", 1);

        let mut n = 0isize;
        assert_eq!(ClusterRegGetBatchNotification(port, &mut n), 0);
        assert_eq!(lc(ClusterRegBatchReadCommand(n, null_mut())), INVALID_PARAMETER, "nothing consumed");
        assert_eq!(clusapi::kept_allocations(n as usize), 0);
        let (records, raw) = read_all(n);
        assert_eq!(
            records,
            [
                (CLUSREG_DELETE_VALUE, "NotifyTest".to_string(), REG_NONE, vec![]),
                (CLUSREG_SET_VALUE, "NotifyTest".to_string(), REG_SZ, world.clone()),
                (CLUSREG_VALUE_DELETED, "NotifyTest".to_string(), REG_SZ, world.clone()),
                (CLUSREG_SET_VALUE, "NotifyTest".to_string(), REG_SZ, universe.clone()),
                (CLUSREG_VALUE_DELETED, "NotifyTest".to_string(), REG_SZ, universe.clone()),
                (CLUSREG_DELETE_VALUE, "NotifyTest".to_string(), REG_SZ, universe.clone()),
            ]
        );
        assert_eq!(raw[0].lpData, std::ptr::null(), "no data: NULL");
        assert_eq!(clusapi::kept_allocations(n as usize), 6 + 5, "six names, five data buffers");
        // Still readable after the end was reached and other calls were made.
        fx.set_dword(k, "other", 2);
        assert_eq!(lc(ClusterRegBatchReadCommand(n, &mut CLUSTER_BATCH_COMMAND::default())), NO_MORE_ITEMS);
        assert_eq!(wstr(raw[1].wzName).as_deref(), Some("NotifyTest"));
        assert_eq!(bytes(raw[3].lpData, raw[3].cbData), universe);
        assert_eq!(ClusterRegBatchCloseNotification(n), 0);
        assert_eq!(clusapi::kept_allocations(n as usize), 0, "the close frees what was handed out");
        assert_eq!(lc(ClusterRegBatchCloseNotification(n)), INVALID_HANDLE);
        assert_eq!(lc(ClusterRegBatchReadCommand(n, &mut CLUSTER_BATCH_COMMAND::default())), INVALID_HANDLE);

        // Bad handles for the port and notification functions.
        let mut c = CLUSTER_BATCH_COMMAND::default();
        let others = [0, 0x7777_7770, IHV, fx.port(0, 0), k as isize, fx.batch(k)];
        for h in others {
            assert_eq!(lc(ClusterRegGetBatchNotification(h, &mut out)), INVALID_HANDLE, "{h:#x}");
            assert_eq!(lc(ClusterRegGetBatchNotification(h, null_mut())), INVALID_HANDLE, "{h:#x}");
            assert_eq!(lc(ClusterRegBatchReadCommand(h, &mut c)), INVALID_HANDLE, "{h:#x}");
            assert_eq!(lc(ClusterRegBatchReadCommand(h, null_mut())), INVALID_HANDLE, "{h:#x}");
            assert_eq!(lc(ClusterRegBatchCloseNotification(h)), INVALID_HANDLE, "{h:#x}");
            if h != others[5] {
                assert_eq!(lc(ClusterRegCloseBatchNotifyPort(h)), INVALID_HANDLE, "{h:#x}");
            }
        }
        assert_eq!(
            lc(ClusterRegBatchReadCommand(port, &mut c)),
            INVALID_HANDLE,
            "a port is not a notification"
        );
        assert_eq!(out, 0x5555);

        // B13: a waiter wakes with ERROR_NO_MORE_ITEMS when the port is closed; later
        // calls with the closed handle are ERROR_INVALID_HANDLE.
        let waiter = std::thread::spawn(move || {
            let mut n = 0isize;
            // (Inside the test's unsafe block: an out-pointer to a local.)
            lc(ClusterRegGetBatchNotification(port, &mut n))
        });
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert_eq!(ClusterRegCloseBatchNotifyPort(port), 0);
        assert_eq!(waiter.join().unwrap(), NO_MORE_ITEMS);
        assert_eq!(lc(ClusterRegGetBatchNotification(port, &mut out)), INVALID_HANDLE);
        assert_eq!(lc(ClusterRegCloseBatchNotifyPort(port)), INVALID_HANDLE);
    }
}

#[test]
fn read_batches_echo_the_requests_and_report_each_result() {
    let fx = Fx::new("reg-readbatch");
    let k = fx.create_key(fx.root(), "Read");
    let sub = fx.create_key(k, "sub");
    fx.set_dword(k, "top", 1);
    fx.set_dword(sub, "inner", 2);
    // SAFETY: buffers valid for the sizes passed; handles looked up.
    unsafe {
        assert_eq!(ClusterRegSetValue(k, null(), REG_DWORD, dw(3).as_ptr(), 4), 0);
        let mut rb = 0isize;
        assert_eq!(ClusterRegCreateReadBatch(k, &mut rb), 0);
        assert_eq!(lc(ClusterRegCreateReadBatch(k, null_mut())), INVALID_PARAMETER);
        assert_eq!(ClusterRegReadBatchAddCommand(rb, null(), w("top").as_ptr()), 0);
        assert_eq!(ClusterRegReadBatchAddCommand(rb, w("sub").as_ptr(), w("inner").as_ptr()), 0);
        assert_eq!(ClusterRegReadBatchAddCommand(rb, w("missing").as_ptr(), w("x").as_ptr()), 0);
        assert_eq!(ClusterRegReadBatchAddCommand(rb, null(), null()), 0);
        assert_eq!(lc(ClusterRegReadBatchAddCommand(rb, w("\\lead").as_ptr(), null())), INVALID_PARAMETER);
        // A NULL out-pointer leaves the batch open: nothing runs.
        assert_eq!(lc(ClusterRegCloseReadBatch(rb, null_mut())), INVALID_PARAMETER);
        assert_eq!(lc(ClusterRegCloseReadBatchEx(rb, 2, null_mut())), INVALID_PARAMETER);
        let mut reply = 0isize;
        assert_eq!(ClusterRegCloseReadBatchEx(rb, CLUSREG_DATABASE_ISOLATE_READ, &mut reply), 0);
        assert_eq!(lc(ClusterRegReadBatchAddCommand(rb, null(), null())), INVALID_HANDLE, "consumed");

        assert_eq!(lc(ClusterRegReadBatchReplyNextCommand(reply, null_mut())), INVALID_PARAMETER);
        let mut got = Vec::new();
        let mut raw = Vec::new();
        loop {
            let mut c = CLUSTER_READ_BATCH_COMMAND::default();
            match lc(ClusterRegReadBatchReplyNextCommand(reply, &mut c)) {
                0 => {
                    got.push((
                        c.Command as u32,
                        c.dwOptions,
                        wstr(c.wzSubkeyName),
                        wstr(c.wzValueName),
                        bytes(c.lpData, c.cbData),
                    ));
                    raw.push(c);
                }
                NO_MORE_ITEMS => break,
                e => panic!("{e}"),
            }
        }
        let s = |x: &str| Some(x.to_string());
        assert_eq!(
            got,
            [
                (CLUSREG_READ_VALUE, REG_DWORD, None, s("top"), dw(1).to_vec()),
                (CLUSREG_READ_VALUE, REG_DWORD, s("sub"), s("inner"), dw(2).to_vec()),
                (CLUSREG_READ_ERROR, FILE_NOT_FOUND, s("missing"), s("x"), vec![]),
                (CLUSREG_READ_VALUE, REG_DWORD, None, None, dw(3).to_vec()),
            ]
        );
        assert_eq!(wstr(raw[1].wzSubkeyName), s("sub"), "valid until the reply is closed");
        assert_eq!(ClusterRegCloseReadBatchReply(reply), 0);
        assert_eq!(lc(ClusterRegCloseReadBatchReply(reply)), INVALID_HANDLE);
        assert_eq!(
            lc(ClusterRegReadBatchReplyNextCommand(reply, &mut CLUSTER_READ_BATCH_COMMAND::default())),
            INVALID_HANDLE
        );

        // Plain close; unknown flags consume the batch (READ-ISOLATED).
        assert_eq!(ClusterRegCreateReadBatch(k, &mut rb), 0);
        assert_eq!(ClusterRegCloseReadBatch(rb, &mut reply), 0);
        assert_eq!(
            lc(ClusterRegReadBatchReplyNextCommand(reply, &mut CLUSTER_READ_BATCH_COMMAND::default())),
            NO_MORE_ITEMS
        );
        assert_eq!(ClusterRegCloseReadBatchReply(reply), 0);
        assert_eq!(ClusterRegCreateReadBatch(k, &mut rb), 0);
        assert_eq!(lc(ClusterRegCloseReadBatchEx(rb, 5, &mut reply)), INVALID_PARAMETER);
        assert_eq!(lc(ClusterRegCloseReadBatch(rb, &mut reply)), INVALID_HANDLE);

        let mut c = CLUSTER_READ_BATCH_COMMAND::default();
        for h in [0, 0x7777_7770, IHV, fx.port(0, 0), k as isize, fx.batch(k)] {
            assert_eq!(lc(ClusterRegReadBatchAddCommand(h, null(), null())), INVALID_HANDLE, "{h:#x}");
            assert_eq!(lc(ClusterRegCloseReadBatch(h, &mut reply)), INVALID_HANDLE, "{h:#x}");
            assert_eq!(lc(ClusterRegCloseReadBatch(h, null_mut())), INVALID_HANDLE, "{h:#x}");
            assert_eq!(lc(ClusterRegCloseReadBatchEx(h, 2, &mut reply)), INVALID_HANDLE, "{h:#x}");
            assert_eq!(lc(ClusterRegReadBatchReplyNextCommand(h, &mut c)), INVALID_HANDLE, "{h:#x}");
            assert_eq!(lc(ClusterRegReadBatchReplyNextCommand(h, null_mut())), INVALID_HANDLE, "{h:#x}");
            assert_eq!(lc(ClusterRegCloseReadBatchReply(h)), INVALID_HANDLE, "{h:#x}");
        }
    }
}

#[test]
fn concurrent_reads_and_closes_of_one_notification_never_crash_or_leak_storage() {
    let fx = Fx::new("reg-readclose");
    let k = fx.create_key(fx.root(), "Race");
    for round in 0..50 {
        let port = fx.batch_port(k);
        let b = fx.batch(k);
        for i in 0..20 {
            assert_eq!(fx.add(b, SET_VALUE, &format!("v{i}"), Some((REG_DWORD, &dw(round)))), 0);
        }
        // SAFETY: handles looked up; out-pointers to locals.
        unsafe {
            assert_eq!(ClusterRegCloseBatch(b, 1, null_mut()), 0);
            let mut n = 0isize;
            assert_eq!(ClusterRegGetBatchNotification(port, &mut n), 0);
            let reader = std::thread::spawn(move || {
                let mut seen = 0;
                loop {
                    let mut c = CLUSTER_BATCH_COMMAND::default();
                    // (Inside the round's unsafe block: an out-pointer to a local; the
                    // handle may be closed meanwhile.)
                    match lc(ClusterRegBatchReadCommand(n, &mut c)) {
                        0 => seen += 1,
                        NO_MORE_ITEMS | INVALID_HANDLE => return seen,
                        e => panic!("{e}"),
                    }
                }
            });
            std::thread::yield_now();
            assert_eq!(ClusterRegBatchCloseNotification(n), 0);
            assert!(reader.join().unwrap() <= 40);
            assert_eq!(clusapi::kept_allocations(n as usize), 0, "round {round}: storage of a closed handle");
            assert_eq!(ClusterRegCloseBatchNotifyPort(port), 0);
        }
    }
}

#[test]
fn a_deleted_keys_handle_answers_key_deleted_everywhere() {
    let fx = Fx::new("reg-deleted");
    let root = fx.root();
    let k = fx.create_key(root, "Gone");
    fx.set_dword(k, "v", 1);
    // SAFETY: buffers valid for the sizes passed; handles looked up.
    unsafe {
        assert_eq!(ClusterRegDeleteKey(root, w("Gone").as_ptr()), 0);
        let mut out = null_mut();
        let mut h = 0isize;
        let mut buf = string_buf(16);
        let (mut cch, mut cb) = (16u32, 64u32);
        let mut sd = [0u8; 64];
        let desc = [1u8, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        let answers: Vec<(&str, u32)> = vec![
            (
                "ClusterRegCreateKey",
                lc(ClusterRegCreateKey(k, w("x").as_ptr(), 0, 0, null(), &mut out, null_mut())),
            ),
            ("ClusterRegOpenKey", lc(ClusterRegOpenKey(k, w("").as_ptr(), 0, &mut out))),
            ("ClusterRegDeleteKey", lc(ClusterRegDeleteKey(k, w("x").as_ptr()))),
            ("ClusterRegSetValue", ClusterRegSetValue(k, w("v").as_ptr(), REG_DWORD, dw(2).as_ptr(), 4)),
            ("ClusterRegDeleteValue", ClusterRegDeleteValue(k, w("v").as_ptr())),
            (
                "ClusterRegQueryValue",
                lc(ClusterRegQueryValue(k, w("v").as_ptr(), null_mut(), null_mut(), null_mut())),
            ),
            ("ClusterRegEnumKey", lc(ClusterRegEnumKey(k, 0, buf.as_mut_ptr(), &mut cch, null_mut()))),
            (
                "ClusterRegEnumValue",
                ClusterRegEnumValue(k, 0, buf.as_mut_ptr(), &mut cch, null_mut(), null_mut(), null_mut()),
            ),
            (
                "ClusterRegQueryInfoKey",
                lc(ClusterRegQueryInfoKey(k, null(), null(), null(), null(), null(), null(), null())),
            ),
            ("ClusterRegGetKeySecurity", lc(ClusterRegGetKeySecurity(k, 4, sd.as_mut_ptr().cast(), &mut cb))),
            ("ClusterRegSetKeySecurity", lc(ClusterRegSetKeySecurity(k, 4, desc.as_ptr() as *mut c_void))),
            ("ClusterRegCreateBatch", lc(ClusterRegCreateBatch(k, &mut h))),
            ("ClusterRegCreateBatchNotifyPort", lc(ClusterRegCreateBatchNotifyPort(k, &mut h))),
            ("ClusterRegCreateReadBatch", lc(ClusterRegCreateReadBatch(k, &mut h))),
        ];
        for (f, code) in answers {
            assert_eq!(code, KEY_DELETED, "{f}");
        }
        assert!(out.is_null() && h == 0, "nothing returned through the out-pointers");
        assert_eq!(ClusterRegCloseKey(k), 0, "the handle itself is still open");
    }
}
