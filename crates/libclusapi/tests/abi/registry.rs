//! The cluster-database exports (issue 6, phase 2) through their C entry points: keys,
//! values, enumeration, key information, security, write batches, batch notification
//! ports and read batches, with every bad-input row of spec/c-abi.md (CABI-REG-*,
//! CABI-BATCH-*). Part of the `abi` suite: the shared helpers here, the tests in
//! `registry_keys.rs`, `registry_info.rs` and `registry_batches.rs`.

use super::*;

#[path = "registry_batches.rs"]
mod batches;
#[path = "registry_info.rs"]
mod info;
#[path = "registry_keys.rs"]
mod keys;

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
