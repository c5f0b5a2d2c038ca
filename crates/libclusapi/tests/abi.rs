//! Every export, driven through its C entry point (`windows-sys`'s declarations, which
//! resolve to this library's symbols on Linux), with every bad-input row of
//! spec/c-abi.md. Each test works on its own named cluster.

#[path = "abi/cluster.rs"]
mod cluster;
mod common;
#[path = "abi/controls.rs"]
mod controls;
#[path = "abi/drain.rs"]
mod drain;
#[path = "abi/enum_ex.rs"]
mod enum_ex;
#[path = "abi/objects.rs"]
mod objects;
#[path = "abi/ops_ex.rs"]
mod ops_ex;
#[path = "abi/ports.rs"]
mod ports;
#[path = "abi/ports_v2.rs"]
mod ports_v2;
#[path = "abi/process.rs"]
mod process;
#[path = "abi/registry.rs"]
mod registry;

use clusapi::types as t;
use clusim_api::proplist;
use clusim_api::{PropertyValue, Win32Error};
use common::*;
use proptest::prelude::*;
use std::ffi::c_void;
use std::ptr::{null, null_mut};
use windows_sys::Win32::Networking::Clustering::*;

const INVALID_HANDLE: u32 = 6;
const INVALID_PARAMETER: u32 = 87;
const INVALID_DATA: u32 = 13;
const INVALID_FUNCTION: u32 = 1;
const MORE_DATA: u32 = 234;
const NO_MORE_ITEMS: u32 = 259;
const WAIT_TIMEOUT: u32 = 258;
const SENTINEL: u32 = 0xC0FF_EE00;
/// `INVALID_HANDLE_VALUE` as the `isize` handles of windows-sys.
const IHV: isize = -1;

/// One fresh cluster with a few handles of every kind.
struct Fx {
    cluster: isize,
    name: String,
}

impl Fx {
    fn new(prefix: &str) -> Fx {
        // These tests check the codes of instant transitions (0, never ERROR_IO_PENDING):
        // spec/model.md MODEL-ASYNC's switch, on the process-wide simulator.
        clusapi::sim().set_instant_transitions(true);
        let name = fresh_cluster(prefix);
        let n = w(&name);
        // SAFETY: NUL-terminated string.
        let cluster = unsafe { OpenCluster(n.as_ptr()) };
        assert_ne!(cluster, 0, "OpenCluster({name}): {:?}", gle());
        Fx { cluster, name }
    }
    fn node(&self, name: &str) -> isize {
        // SAFETY: NUL-terminated string.
        let h = unsafe { OpenClusterNode(self.cluster, w(name).as_ptr()) };
        assert_ne!(h, 0, "{:?}", gle());
        h
    }
    fn group(&self, name: &str) -> isize {
        // SAFETY: NUL-terminated string.
        let h = unsafe { OpenClusterGroup(self.cluster, w(name).as_ptr()) };
        assert_ne!(h, 0, "{:?}", gle());
        h
    }
    fn new_group(&self, name: &str) -> isize {
        // SAFETY: NUL-terminated string.
        let h = unsafe { CreateClusterGroup(self.cluster, w(name).as_ptr()) };
        assert_ne!(h, 0, "{:?}", gle());
        h
    }
    fn resource(&self, name: &str) -> isize {
        // SAFETY: NUL-terminated string.
        let h = unsafe { OpenClusterResource(self.cluster, w(name).as_ptr()) };
        assert_ne!(h, 0, "{:?}", gle());
        h
    }
    fn new_resource(&self, group: isize, name: &str, ty: &str) -> isize {
        // SAFETY: NUL-terminated strings.
        let h = unsafe { CreateClusterResource(group, w(name).as_ptr(), w(ty).as_ptr(), 0) };
        assert_ne!(h, 0, "{:?}", gle());
        h
    }
    fn network(&self) -> isize {
        // SAFETY: NUL-terminated string.
        let h = unsafe { OpenClusterNetwork(self.cluster, w("Cluster Network 1").as_ptr()) };
        assert_ne!(h, 0, "{:?}", gle());
        h
    }
    fn netif(&self) -> isize {
        // SAFETY: NUL-terminated string.
        let h = unsafe { OpenClusterNetInterface(self.cluster, w("NODE1 - Ethernet").as_ptr()) };
        assert_ne!(h, 0, "{:?}", gle());
        h
    }
    fn port(&self, filter: u32, key: usize) -> isize {
        // SAFETY: no pointers.
        let p = unsafe { CreateClusterNotifyPort(IHV, self.cluster, filter, key) };
        assert_ne!(p, 0, "{:?}", gle());
        p
    }

    /// NULL, forged, closed-of-this-kind and wrong-kind (a live port handle, a live
    /// `HNODEENUM`) values, each with a label.
    fn bad(&self, closed: isize) -> Vec<(&'static str, isize)> {
        let node = self.node("NODE1");
        // SAFETY: no pointers.
        let enum_handle = unsafe { ClusterNodeOpenEnum(node, CLUSTER_NODE_ENUM_GROUPS as u32) };
        assert_ne!(enum_handle, 0);
        vec![
            ("NULL", 0),
            ("forged", 0x7777_7770),
            ("INVALID_HANDLE_VALUE", IHV),
            ("closed", closed),
            ("wrong kind (port)", self.port(0, 0)),
            ("wrong kind (enum)", enum_handle),
        ]
    }

    /// A closed handle of each kind.
    fn closed_node(&self) -> isize {
        let h = self.node("NODE3");
        // SAFETY: no pointers.
        assert_eq!(unsafe { CloseClusterNode(h) }, 1);
        h
    }
    fn closed_group(&self) -> isize {
        let h = self.group("Cluster Group");
        // SAFETY: no pointers.
        assert_eq!(unsafe { CloseClusterGroup(h) }, 1);
        h
    }
    fn closed_resource(&self) -> isize {
        let h = self.resource("Cluster Disk 1");
        // SAFETY: no pointers.
        assert_eq!(unsafe { CloseClusterResource(h) }, 1);
        h
    }
    fn closed_network(&self) -> isize {
        let h = self.network();
        // SAFETY: no pointers.
        assert_eq!(unsafe { CloseClusterNetwork(h) }, 1);
        h
    }
    fn closed_netif(&self) -> isize {
        let h = self.netif();
        // SAFETY: no pointers.
        assert_eq!(unsafe { CloseClusterNetInterface(h) }, 1);
        h
    }
    fn closed_cluster(&self) -> isize {
        // SAFETY: NUL-terminated string.
        let h = unsafe { OpenCluster(w(&self.name).as_ptr()) };
        // SAFETY: no pointers.
        assert_eq!(unsafe { CloseCluster(h) }, 1);
        h
    }
}

/// Asserts a DWORD answer and that the last error was left alone.
fn dword(label: &str, f: impl FnOnce() -> u32, expect: u32) {
    sle(SENTINEL);
    assert_eq!(f(), expect, "{label}");
    assert_eq!(gle().0, SENTINEL, "{label}: a DWORD-returning function must leave the last error alone");
}

/// Asserts a NULL handle with the given last error.
fn null_with(label: &str, h: isize, expect: u32) {
    assert_eq!(h, 0, "{label}: expected NULL");
    assert_eq!(gle().0, expect, "{label}");
}

/// Waits until `blocked()` says the other thread is blocked — a deterministic signal (the
/// port's waiter count in the library's simulator), never a sleep. Panics if it never
/// happens within a minute (a hang, not a timing assumption).
fn until_blocked(what: &str, blocked: impl Fn() -> bool) {
    let limit = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !blocked() {
        assert!(std::time::Instant::now() < limit, "{what}: the waiter never blocked");
        std::thread::yield_now();
    }
}

fn string_buf(n: usize) -> Vec<u16> {
    vec![0xFFFF; n]
}
