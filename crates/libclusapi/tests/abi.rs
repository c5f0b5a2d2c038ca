//! Every export, driven through its C entry point (`windows-sys`'s declarations, which
//! resolve to this library's symbols on Linux), with every bad-input row of
//! spec/c-abi.md. Each test works on its own named cluster.

mod common;
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

fn string_buf(n: usize) -> Vec<u16> {
    vec![0xFFFF; n]
}

// ----- constants ----------------------------------------------------------------------------

#[test]
fn constants_match_the_windows_sdk_as_windows_sys_spells_them() {
    let pairs: &[(u32, i32)] = &[
        (t::CLUSCTL_RESOURCE_GET_RESOURCE_TYPE, CLUSCTL_RESOURCE_GET_RESOURCE_TYPE),
        (t::CLUSCTL_RESOURCE_GET_NAME, CLUSCTL_RESOURCE_GET_NAME),
        (t::CLUSCTL_RESOURCE_GET_ID, CLUSCTL_RESOURCE_GET_ID),
        (t::CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES, CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES),
        (t::CLUSCTL_RESOURCE_SET_COMMON_PROPERTIES, CLUSCTL_RESOURCE_SET_COMMON_PROPERTIES),
        (t::CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES, CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES),
        (t::CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES, CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES),
        (t::CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTIES, CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTIES),
        (t::CLUSCTL_RESOURCE_TYPE_SET_COMMON_PROPERTIES, CLUSCTL_RESOURCE_TYPE_SET_COMMON_PROPERTIES),
        (t::CLUSCTL_RESOURCE_TYPE_GET_PRIVATE_PROPERTIES, CLUSCTL_RESOURCE_TYPE_GET_PRIVATE_PROPERTIES),
        (t::CLUSCTL_RESOURCE_TYPE_SET_PRIVATE_PROPERTIES, CLUSCTL_RESOURCE_TYPE_SET_PRIVATE_PROPERTIES),
        (t::CLUSCTL_GROUP_GET_NAME, CLUSCTL_GROUP_GET_NAME),
        (t::CLUSCTL_GROUP_GET_ID, CLUSCTL_GROUP_GET_ID),
        (t::CLUSCTL_GROUP_GET_COMMON_PROPERTIES, CLUSCTL_GROUP_GET_COMMON_PROPERTIES),
        (t::CLUSCTL_GROUP_SET_COMMON_PROPERTIES, CLUSCTL_GROUP_SET_COMMON_PROPERTIES),
        (t::CLUSCTL_GROUP_GET_PRIVATE_PROPERTIES, CLUSCTL_GROUP_GET_PRIVATE_PROPERTIES),
        (t::CLUSCTL_GROUP_SET_PRIVATE_PROPERTIES, CLUSCTL_GROUP_SET_PRIVATE_PROPERTIES),
        (t::CLUSCTL_NODE_GET_NAME, CLUSCTL_NODE_GET_NAME),
        (t::CLUSCTL_NODE_GET_ID, CLUSCTL_NODE_GET_ID),
        (t::CLUSCTL_NODE_GET_COMMON_PROPERTIES, CLUSCTL_NODE_GET_COMMON_PROPERTIES),
        (t::CLUSCTL_NODE_SET_COMMON_PROPERTIES, CLUSCTL_NODE_SET_COMMON_PROPERTIES),
        (t::CLUSCTL_NODE_GET_PRIVATE_PROPERTIES, CLUSCTL_NODE_GET_PRIVATE_PROPERTIES),
        (t::CLUSCTL_NODE_SET_PRIVATE_PROPERTIES, CLUSCTL_NODE_SET_PRIVATE_PROPERTIES),
        (t::CLUSCTL_NETWORK_GET_NAME, CLUSCTL_NETWORK_GET_NAME),
        (t::CLUSCTL_NETWORK_GET_ID, CLUSCTL_NETWORK_GET_ID),
        (t::CLUSCTL_NETWORK_GET_COMMON_PROPERTIES, CLUSCTL_NETWORK_GET_COMMON_PROPERTIES),
        (t::CLUSCTL_NETWORK_SET_COMMON_PROPERTIES, CLUSCTL_NETWORK_SET_COMMON_PROPERTIES),
        (t::CLUSCTL_NETWORK_GET_PRIVATE_PROPERTIES, CLUSCTL_NETWORK_GET_PRIVATE_PROPERTIES),
        (t::CLUSCTL_NETWORK_SET_PRIVATE_PROPERTIES, CLUSCTL_NETWORK_SET_PRIVATE_PROPERTIES),
        (t::CLUSCTL_NETINTERFACE_GET_NAME, CLUSCTL_NETINTERFACE_GET_NAME),
        (t::CLUSCTL_NETINTERFACE_GET_ID, CLUSCTL_NETINTERFACE_GET_ID),
        (t::CLUSCTL_NETINTERFACE_GET_COMMON_PROPERTIES, CLUSCTL_NETINTERFACE_GET_COMMON_PROPERTIES),
        (t::CLUSCTL_NETINTERFACE_SET_COMMON_PROPERTIES, CLUSCTL_NETINTERFACE_SET_COMMON_PROPERTIES),
        (t::CLUSCTL_NETINTERFACE_GET_PRIVATE_PROPERTIES, CLUSCTL_NETINTERFACE_GET_PRIVATE_PROPERTIES),
        (t::CLUSCTL_NETINTERFACE_SET_PRIVATE_PROPERTIES, CLUSCTL_NETINTERFACE_SET_PRIVATE_PROPERTIES),
        (t::CLUSCTL_CLUSTER_GET_COMMON_PROPERTIES, CLUSCTL_CLUSTER_GET_COMMON_PROPERTIES),
        (t::CLUSCTL_CLUSTER_SET_COMMON_PROPERTIES, CLUSCTL_CLUSTER_SET_COMMON_PROPERTIES),
        (t::CLUSCTL_CLUSTER_GET_PRIVATE_PROPERTIES, CLUSCTL_CLUSTER_GET_PRIVATE_PROPERTIES),
        (t::CLUSCTL_CLUSTER_SET_PRIVATE_PROPERTIES, CLUSCTL_CLUSTER_SET_PRIVATE_PROPERTIES),
    ];
    for (ours, sdk) in pairs {
        assert_eq!(*ours, *sdk as u32, "{ours:#x}");
    }
    let syntaxes = [
        (proplist::CLUSPROP_SYNTAX_ENDMARK, CLUSPROP_SYNTAX_ENDMARK),
        (proplist::CLUSPROP_SYNTAX_NAME, CLUSPROP_SYNTAX_NAME),
        (proplist::CLUSPROP_SYNTAX_LIST_VALUE_BINARY, CLUSPROP_SYNTAX_LIST_VALUE_BINARY),
        (proplist::CLUSPROP_SYNTAX_LIST_VALUE_DWORD, CLUSPROP_SYNTAX_LIST_VALUE_DWORD),
        (proplist::CLUSPROP_SYNTAX_LIST_VALUE_SZ, CLUSPROP_SYNTAX_LIST_VALUE_SZ),
        (proplist::CLUSPROP_SYNTAX_LIST_VALUE_EXPAND_SZ, CLUSPROP_SYNTAX_LIST_VALUE_EXPAND_SZ),
        (proplist::CLUSPROP_SYNTAX_LIST_VALUE_MULTI_SZ, CLUSPROP_SYNTAX_LIST_VALUE_MULTI_SZ),
        (proplist::CLUSPROP_SYNTAX_LIST_VALUE_ULARGE_INTEGER, CLUSPROP_SYNTAX_LIST_VALUE_ULARGE_INTEGER),
    ];
    for (ours, sdk) in syntaxes {
        assert_eq!(ours, sdk);
    }
    assert_eq!(std::mem::size_of::<t::CLUSTERVERSIONINFO>(), std::mem::size_of::<CLUSTERVERSIONINFO>());
    assert_eq!(t::CLUSTERVERSIONINFO_NT4_SIZE, std::mem::size_of::<CLUSTERVERSIONINFO_NT4>());
    assert_eq!(t::CLUSTER_RESOURCE_VALID_FLAGS, CLUSTER_RESOURCE_VALID_FLAGS as u32);
    assert_eq!(CLUSTER_CHANGE_ALL as u32, 0xFFFF_FFFF);
}

// ----- cluster ---------------------------------------------------------------------------------

#[test]
fn open_cluster_null_is_the_local_cluster_and_names_are_independent() {
    // SAFETY: NULL name is allowed; buffers valid for the sizes passed.
    unsafe {
        let local = OpenCluster(null());
        assert_ne!(local, 0);
        let name = read_string(|b, c| GetClusterInformation(local, b, c, null_mut())).unwrap();
        assert_eq!(name, "CLUSTER");
        let empty = OpenCluster(w("").as_ptr());
        assert_eq!(read_string(|b, c| GetClusterInformation(empty, b, c, null_mut())).unwrap(), "CLUSTER");
        assert_eq!(CloseCluster(empty), 1);
        assert_eq!(CloseCluster(local), 1);

        let a = Fx::new("independent-a");
        let b = Fx::new("independent-b");
        assert_ne!(CreateClusterGroup(a.cluster, w("only in a").as_ptr()), 0);
        null_with("group of a seen from b", OpenClusterGroup(b.cluster, w("only in a").as_ptr()), 5013);

        let mut granted = 0u32;
        let ex = OpenClusterEx(w(&a.name).as_ptr(), 0x8000_0000, &mut granted);
        assert_ne!(ex, 0);
        assert_eq!(granted, 0x8000_0000, "the simulator grants what is asked");
        assert_ne!(OpenClusterGroup(ex, w("only in a").as_ptr()), 0, "same name, same cluster");
        assert_ne!(OpenClusterEx(null(), 0, null_mut()), 0, "GrantedAccess may be NULL");

        let lone_surrogate = [0xD800u16, 0];
        null_with("unpaired surrogate", OpenCluster(lone_surrogate.as_ptr()), INVALID_PARAMETER);
        null_with("unpaired surrogate (Ex)", OpenClusterEx(lone_surrogate.as_ptr(), 0, null_mut()), 87);
        let huge = vec![b'x' as u16; 40_000].into_iter().chain([0]).collect::<Vec<_>>();
        null_with("name longer than the input limit", OpenCluster(huge.as_ptr()), INVALID_PARAMETER);
    }
}

#[test]
fn close_functions_answer_true_then_false_with_invalid_handle() {
    let fx = Fx::new("close");
    type Close = unsafe extern "system" fn(isize) -> windows_sys::core::BOOL;
    let cases: Vec<(&str, Close, isize, isize)> = vec![
        // SAFETY: NUL-terminated string.
        ("CloseCluster", CloseCluster, fx.closed_cluster(), unsafe { OpenCluster(w(&fx.name).as_ptr()) }),
        ("CloseClusterNode", CloseClusterNode, fx.closed_node(), fx.node("NODE1")),
        ("CloseClusterGroup", CloseClusterGroup, fx.closed_group(), fx.group("Available Storage")),
        ("CloseClusterResource", CloseClusterResource, fx.closed_resource(), fx.resource("Cluster Name")),
        ("CloseClusterNetwork", CloseClusterNetwork, fx.closed_network(), fx.network()),
        ("CloseClusterNetInterface", CloseClusterNetInterface, fx.closed_netif(), fx.netif()),
    ];
    for (name, close, closed, live) in cases {
        for (label, h) in fx.bad(closed) {
            sle(0);
            // SAFETY: any handle value is checked.
            assert_eq!(unsafe { close(h) }, 0, "{name}({label})");
            assert_eq!(gle().0, INVALID_HANDLE, "{name}({label})");
        }
        // A live handle of another kind is refused too.
        // SAFETY: any handle value is checked.
        if name != "CloseCluster" {
            assert_eq!(unsafe { close(fx.cluster) }, 0, "{name}(HCLUSTER)");
        }
        sle(SENTINEL);
        // SAFETY: as above.
        assert_eq!(unsafe { close(live) }, 1, "{name}(live)");
        assert_eq!(gle().0, SENTINEL, "{name}: success leaves the last error alone");
        // SAFETY: as above.
        assert_eq!(unsafe { close(live) }, 0, "{name} twice");
        assert_eq!(gle().0, INVALID_HANDLE);
    }
}

#[test]
fn get_cluster_information_follows_the_string_convention_and_fills_the_version() {
    let fx = Fx::new("info");
    let len = fx.name.encode_utf16().count() as u32;
    // SAFETY: buffers valid for the sizes passed.
    unsafe {
        let mut cch = 0u32;
        dword(
            "size query",
            || GetClusterInformation(fx.cluster, null_mut(), &mut cch, null_mut()),
            MORE_DATA,
        );
        assert_eq!(cch, len);
        let mut buf = string_buf(len as usize + 1);
        cch = len;
        dword(
            "no room for the NUL",
            || GetClusterInformation(fx.cluster, buf.as_mut_ptr(), &mut cch, null_mut()),
            234,
        );
        assert_eq!((cch, buf[0]), (len, 0xFFFF), "nothing written on ERROR_MORE_DATA");
        cch = len + 1;
        let mut info: CLUSTERVERSIONINFO = std::mem::zeroed();
        info.dwVersionInfoSize = std::mem::size_of::<CLUSTERVERSIONINFO>() as u32;
        dword("fits", || GetClusterInformation(fx.cluster, buf.as_mut_ptr(), &mut cch, &mut info), 0);
        assert_eq!(cch, len);
        assert_eq!(String::from_utf16(&buf[..len as usize]).unwrap(), fx.name);
        assert_eq!(buf[len as usize], 0);
        assert_eq!((info.MajorVersion, info.BuildNumber), (10, 20348));
        assert_eq!(info.dwClusterHighestVersion, (10 << 16) | 20348);
        assert_eq!(String::from_utf16_lossy(&info.szVendorId[..6]), "clusim");

        dword(
            "NULL length",
            || GetClusterInformation(fx.cluster, buf.as_mut_ptr(), null_mut(), null_mut()),
            87,
        );
        info.dwVersionInfoSize = 12;
        cch = 64;
        dword(
            "version size too small",
            || GetClusterInformation(fx.cluster, buf.as_mut_ptr(), &mut cch, &mut info),
            87,
        );
        for (label, h) in fx.bad(fx.closed_cluster()) {
            cch = 64;
            dword(label, || GetClusterInformation(h, buf.as_mut_ptr(), &mut cch, null_mut()), INVALID_HANDLE);
        }
    }
}

// ----- enumerations ------------------------------------------------------------------------------

#[test]
fn enumerations_are_snapshots_with_the_string_convention() {
    let fx = Fx::new("enum");
    // SAFETY: buffers valid for the sizes passed; handles checked by the library.
    unsafe {
        let e = ClusterOpenEnum(fx.cluster, (CLUSTER_ENUM_NODE | CLUSTER_ENUM_GROUP) as u32);
        assert_ne!(e, 0);
        assert_eq!(e as usize % 16, 8, "enumeration handles never alias object handles");
        assert_ne!(CreateClusterGroup(fx.cluster, w("after the snapshot").as_ptr()), 0);
        assert_eq!(ClusterGetEnumCount(e), 5, "three nodes and two groups");
        let mut kind = 0u32;
        let mut buf = string_buf(16);
        let mut cch = 16u32;
        dword("item 0", || ClusterEnum(e, 0, &mut kind, buf.as_mut_ptr(), &mut cch), 0);
        assert_eq!((kind, String::from_utf16_lossy(&buf[..cch as usize])), (1, "NODE1".to_string()));
        cch = 5;
        dword("too small", || ClusterEnum(e, 3, &mut kind, buf.as_mut_ptr(), &mut cch), MORE_DATA);
        assert_eq!(cch, "Cluster Group".len() as u32);
        cch = 0;
        dword("size query", || ClusterEnum(e, 4, &mut kind, null_mut(), &mut cch), MORE_DATA);
        assert_eq!(cch, "Available Storage".len() as u32);
        cch = 16;
        dword("past the end", || ClusterEnum(e, 5, &mut kind, buf.as_mut_ptr(), &mut cch), NO_MORE_ITEMS);
        dword("NULL type", || ClusterEnum(e, 0, null_mut(), buf.as_mut_ptr(), &mut cch), INVALID_PARAMETER);
        dword(
            "NULL length",
            || ClusterEnum(e, 0, &mut kind, buf.as_mut_ptr(), null_mut()),
            INVALID_PARAMETER,
        );
        dword("wrong enum kind", || ClusterGroupEnum(e, 0, &mut kind, buf.as_mut_ptr(), &mut cch), 6);
        dword("close", || ClusterCloseEnum(e), 0);
        dword("closed", || ClusterEnum(e, 0, &mut kind, buf.as_mut_ptr(), &mut cch), INVALID_HANDLE);
        dword("close twice", || ClusterCloseEnum(e), INVALID_HANDLE);
        sle(0);
        assert_eq!(ClusterGetEnumCount(e), 0);
        assert_eq!(gle().0, INVALID_HANDLE, "a count of a bad handle is 0 with ERROR_INVALID_HANDLE");
        null_with("bad dwType", ClusterOpenEnum(fx.cluster, 0x100), INVALID_PARAMETER);
        for (label, h) in fx.bad(fx.closed_cluster()) {
            null_with(label, ClusterOpenEnum(h, 1), INVALID_HANDLE);
            dword(label, || ClusterEnum(h, 0, &mut kind, buf.as_mut_ptr(), &mut cch), INVALID_HANDLE);
            dword(label, || ClusterCloseEnum(h), INVALID_HANDLE);
        }
    }
}

fn names_of(
    open: isize,
    count: unsafe extern "system" fn(isize) -> u32,
    item: unsafe extern "system" fn(isize, u32, *mut u32, *mut u16, *mut u32) -> u32,
    close: unsafe extern "system" fn(isize) -> u32,
) -> Vec<(u32, String)> {
    assert_ne!(open, 0, "{:?}", gle());
    let mut out = Vec::new();
    // SAFETY: buffers valid for the sizes passed.
    unsafe {
        for i in 0..count(open) {
            let mut kind = 0;
            out.push((kind, read_string(|b, c| item(open, i, &mut kind, b, c)).unwrap()));
            out.last_mut().unwrap().0 = kind;
        }
        assert_eq!(close(open), 0);
    }
    out
}

#[test]
fn per_object_enumerations_list_what_the_object_relates_to() {
    let fx = Fx::new("object-enum");
    let s = |v: &[(u32, &str)]| v.iter().map(|(k, n)| (*k, n.to_string())).collect::<Vec<_>>();
    // SAFETY: handles checked by the library.
    unsafe {
        let node = fx.node("NODE1");
        let got = names_of(
            ClusterNodeOpenEnum(node, 3),
            ClusterNodeGetEnumCount,
            ClusterNodeEnum,
            ClusterNodeCloseEnum,
        );
        assert_eq!(got, s(&[(1, "NODE1 - Ethernet"), (2, "Cluster Group"), (2, "Available Storage")]));
        let group = fx.group("Cluster Group");
        let got = names_of(
            ClusterGroupOpenEnum(group, 1),
            ClusterGroupGetEnumCount,
            ClusterGroupEnum,
            ClusterGroupCloseEnum,
        );
        assert_eq!(got, s(&[(1, "Cluster IP Address"), (1, "Cluster Name")]));
        let res = fx.resource("Cluster Name");
        let got = names_of(
            ClusterResourceOpenEnum(res, 1),
            ClusterResourceGetEnumCount,
            ClusterResourceEnum,
            ClusterResourceCloseEnum,
        );
        assert_eq!(got, s(&[(1, "Cluster IP Address")]));
        let net = fx.network();
        let got = names_of(
            ClusterNetworkOpenEnum(net, 1),
            ClusterNetworkGetEnumCount,
            ClusterNetworkEnum,
            ClusterNetworkCloseEnum,
        );
        assert_eq!(got.len(), 3);

        null_with("node dwType", ClusterNodeOpenEnum(node, 4), INVALID_PARAMETER);
        null_with("group dwType", ClusterGroupOpenEnum(group, 4), INVALID_PARAMETER);
        null_with("resource dwType", ClusterResourceOpenEnum(res, 8), INVALID_PARAMETER);
        null_with("network dwType", ClusterNetworkOpenEnum(net, 2), INVALID_PARAMETER);
        for (label, h) in fx.bad(fx.closed_node()) {
            null_with(label, ClusterNodeOpenEnum(h, 1), INVALID_HANDLE);
        }
        for (label, h) in fx.bad(fx.closed_group()) {
            null_with(label, ClusterGroupOpenEnum(h, 1), INVALID_HANDLE);
        }
        for (label, h) in fx.bad(fx.closed_resource()) {
            null_with(label, ClusterResourceOpenEnum(h, 1), INVALID_HANDLE);
        }
        for (label, h) in fx.bad(fx.closed_network()) {
            null_with(label, ClusterNetworkOpenEnum(h, 1), INVALID_HANDLE);
        }
        let (mut k, mut cch) = (0u32, 8u32);
        let mut buf = string_buf(8);
        let e = ClusterNodeOpenEnum(node, 1);
        type Item = unsafe extern "system" fn(isize, u32, *mut u32, *mut u16, *mut u32) -> u32;
        type Count = unsafe extern "system" fn(isize) -> u32;
        for (name, item, count, close) in [
            (
                "group",
                ClusterGroupEnum as Item,
                ClusterGroupGetEnumCount as Count,
                ClusterGroupCloseEnum as Count,
            ),
            ("resource", ClusterResourceEnum, ClusterResourceGetEnumCount, ClusterResourceCloseEnum),
            ("network", ClusterNetworkEnum, ClusterNetworkGetEnumCount, ClusterNetworkCloseEnum),
            ("cluster", ClusterEnum, ClusterGetEnumCount, ClusterCloseEnum),
        ] {
            dword(name, || item(e, 0, &mut k, buf.as_mut_ptr(), &mut cch), INVALID_HANDLE);
            sle(0);
            assert_eq!(count(e), 0, "{name}");
            assert_eq!(gle().0, INVALID_HANDLE);
            dword(name, || close(e), INVALID_HANDLE);
        }
        dword("node enum item", || ClusterNodeEnum(e, 0, &mut k, buf.as_mut_ptr(), &mut cch), MORE_DATA);
        assert_eq!(ClusterNodeCloseEnum(e), 0);
    }
}

// ----- objects ---------------------------------------------------------------------------------

#[test]
fn handle_returning_functions_answer_null_and_last_error() {
    let fx = Fx::new("open");
    let name = w("Cluster Group");
    // SAFETY: strings NUL-terminated; handles checked by the library.
    unsafe {
        type Open = unsafe extern "system" fn(isize, *const u16) -> isize;
        let opens: [(&str, Open); 6] = [
            ("OpenClusterNode", OpenClusterNode),
            ("OpenClusterGroup", OpenClusterGroup),
            ("CreateClusterGroup", CreateClusterGroup),
            ("OpenClusterResource", OpenClusterResource),
            ("OpenClusterNetwork", OpenClusterNetwork),
            ("OpenClusterNetInterface", OpenClusterNetInterface),
        ];
        for (f, open) in opens {
            for (label, h) in fx.bad(fx.closed_cluster()) {
                null_with(&format!("{f}({label})"), open(h, name.as_ptr()), INVALID_HANDLE);
            }
            null_with(&format!("{f}(NULL name)"), open(fx.cluster, null()), INVALID_PARAMETER);
        }
        null_with("unknown node", OpenClusterNode(fx.cluster, w("NODE9").as_ptr()), 5042);
        null_with("unknown group", OpenClusterGroup(fx.cluster, w("nope").as_ptr()), 5013);
        null_with("unknown resource", OpenClusterResource(fx.cluster, w("nope").as_ptr()), 5007);
        null_with("unknown network", OpenClusterNetwork(fx.cluster, w("nope").as_ptr()), 5045);
        null_with("unknown interface", OpenClusterNetInterface(fx.cluster, w("nope").as_ptr()), 5047);
        null_with("existing group", CreateClusterGroup(fx.cluster, name.as_ptr()), 5010);

        let group = fx.group("Available Storage");
        let disk = w("Physical Disk");
        for (label, h) in fx.bad(fx.closed_group()) {
            null_with(label, CreateClusterResource(h, w("r").as_ptr(), disk.as_ptr(), 0), INVALID_HANDLE);
        }
        null_with("NULL name", CreateClusterResource(group, null(), disk.as_ptr(), 0), INVALID_PARAMETER);
        null_with("NULL type", CreateClusterResource(group, w("r").as_ptr(), null(), 0), INVALID_PARAMETER);
        null_with(
            "bad flags",
            CreateClusterResource(group, w("r").as_ptr(), disk.as_ptr(), 2),
            INVALID_PARAMETER,
        );
        null_with(
            "unknown type",
            CreateClusterResource(group, w("r").as_ptr(), w("Floppy").as_ptr(), 0),
            5078,
        );
        assert_ne!(
            CreateClusterResource(
                group,
                w("separate").as_ptr(),
                disk.as_ptr(),
                CLUSTER_RESOURCE_SEPARATE_MONITOR as u32
            ),
            0
        );
    }
}

#[test]
fn dword_functions_answer_invalid_handle_and_leave_the_last_error_alone() {
    let fx = Fx::new("dword");
    let nm = w("new name");
    // SAFETY: strings NUL-terminated; handles checked by the library.
    unsafe {
        let live_node = fx.node("NODE2");
        let live_group = fx.group("Available Storage");
        let live_res = fx.resource("Cluster Disk 1");
        for (label, h) in fx.bad(fx.closed_node()) {
            dword(label, || PauseClusterNode(h), 6);
            dword(label, || ResumeClusterNode(h), 6);
            dword(label, || EvictClusterNode(h), 6);
            dword(label, || AddClusterResourceNode(live_res, h), 6);
            dword(label, || RemoveClusterResourceNode(live_res, h), 6);
            if h != 0 {
                dword(label, || OnlineClusterGroup(live_group, h), 6);
                dword(label, || MoveClusterGroup(live_group, h), 6);
            }
            dword(label, || SetClusterGroupNodeList(live_group, 1, &h), 6);
        }
        for (label, h) in fx.bad(fx.closed_group()) {
            dword(label, || DeleteClusterGroup(h), 6);
            dword(label, || SetClusterGroupName(h, nm.as_ptr()), 6);
            dword(label, || SetClusterGroupNodeList(h, 0, null()), 6);
            dword(label, || OnlineClusterGroup(h, 0), 6);
            dword(label, || OfflineClusterGroup(h), 6);
            dword(label, || MoveClusterGroup(h, live_node), 6);
            dword(label, || ChangeClusterResourceGroup(live_res, h), 6);
        }
        for (label, h) in fx.bad(fx.closed_resource()) {
            dword(label, || DeleteClusterResource(h), 6);
            dword(label, || SetClusterResourceName(h, nm.as_ptr()), 6);
            dword(label, || OnlineClusterResource(h), 6);
            dword(label, || OfflineClusterResource(h), 6);
            dword(label, || FailClusterResource(h), 6);
            dword(label, || AddClusterResourceDependency(h, live_res), 6);
            dword(label, || AddClusterResourceDependency(live_res, h), 6);
            dword(label, || RemoveClusterResourceDependency(h, live_res), 6);
            dword(label, || RemoveClusterResourceDependency(live_res, h), 6);
            dword(label, || AddClusterResourceNode(h, live_node), 6);
            dword(label, || RemoveClusterResourceNode(h, live_node), 6);
            dword(label, || ChangeClusterResourceGroup(h, live_group), 6);
            dword(label, || SetClusterQuorumResource(h, null(), 0), 6);
        }
        for (label, h) in fx.bad(fx.closed_network()) {
            dword(label, || SetClusterNetworkName(h, nm.as_ptr()), 6);
        }
        let (mut a, mut b, mut c) = (8u32, 8u32, 0u32);
        let (mut x, mut y) = (string_buf(8), string_buf(8));
        for (label, h) in fx.bad(fx.closed_cluster()) {
            dword(
                label,
                || GetClusterQuorumResource(h, x.as_mut_ptr(), &mut a, y.as_mut_ptr(), &mut b, &mut c),
                6,
            );
            let d = w("d");
            dword(label, || CreateClusterResourceType(h, d.as_ptr(), d.as_ptr(), d.as_ptr(), 1, 1), 6);
            dword(label, || DeleteClusterResourceType(h, w("Physical Disk").as_ptr()), 6);
            dword(
                label,
                || GetClusterNetInterface(h, w("NODE1").as_ptr(), w("n").as_ptr(), x.as_mut_ptr(), &mut a),
                6,
            );
        }
        // Names: NULL is ERROR_INVALID_PARAMETER after the handle check.
        dword("group NULL name", || SetClusterGroupName(live_group, null()), 87);
        dword("resource NULL name", || SetClusterResourceName(live_res, null()), 87);
        dword("network NULL name", || SetClusterNetworkName(fx.network(), null()), 87);
        dword("node list NULL with a count", || SetClusterGroupNodeList(live_group, 2, null()), 87);
        dword("empty node list", || SetClusterGroupNodeList(live_group, 0, null()), 0);
    }
}

#[test]
fn objects_go_through_their_lifecycle_with_the_models_codes() {
    let fx = Fx::new("lifecycle");
    // SAFETY: strings NUL-terminated; buffers valid for the sizes passed.
    unsafe {
        let node2 = fx.node("NODE2");
        let node3 = fx.node("NODE3");
        dword("pause", || PauseClusterNode(node2), 0);
        assert_eq!(GetClusterNodeState(node2), ClusterNodePaused);
        dword("resume", || ResumeClusterNode(node2), 0);
        dword("resume twice", || ResumeClusterNode(node2), 5058);
        dword("evict owner", || EvictClusterNode(fx.node("NODE1")), 5009);

        let g = fx.new_group("Web");
        dword("rename", || SetClusterGroupName(g, w("Web2").as_ptr()), 0);
        let list = [node3, node2];
        dword("node list", || SetClusterGroupNodeList(g, 2, list.as_ptr()), 0);
        let r = fx.new_resource(g, "Web Disk", "Physical Disk");
        let ip = fx.new_resource(g, "Web IP", "IP Address");
        dword("dependency", || AddClusterResourceDependency(r, ip), 0);
        dword("dependency twice", || AddClusterResourceDependency(r, ip), 5003);
        dword("remove dependency", || RemoveClusterResourceDependency(r, ip), 0);
        dword("remove missing dependency", || RemoveClusterResourceDependency(r, ip), 5002);
        dword("remove owner", || RemoveClusterResourceNode(r, node3), 0);
        dword("remove owner twice", || RemoveClusterResourceNode(r, node3), 5042);
        dword("add owner", || AddClusterResourceNode(r, node3), 0);
        dword("online", || OnlineClusterResource(r), 0);
        let mut node = string_buf(32);
        let mut group = string_buf(32);
        let (mut cn, mut cg) = (32u32, 32u32);
        let st = GetClusterResourceState(r, node.as_mut_ptr(), &mut cn, group.as_mut_ptr(), &mut cg);
        assert_eq!(st, ClusterResourceOnline);
        assert_eq!(String::from_utf16_lossy(&group[..cg as usize]), "Web2");
        dword("delete online", || DeleteClusterResource(r), 5019);
        dword("fail", || FailClusterResource(r), 0);
        assert_eq!(
            GetClusterResourceState(r, null_mut(), null_mut(), null_mut(), null_mut()),
            ClusterResourceFailed
        );
        dword("fail offline", || FailClusterResource(ip), 5004);
        dword("offline", || OfflineClusterResource(r), 0);
        dword("online group on NODE3", || OnlineClusterGroup(g, node3), 0);
        let mut owner = string_buf(16);
        let mut co = 16u32;
        assert_eq!(GetClusterGroupState(g, owner.as_mut_ptr(), &mut co), ClusterGroupOnline);
        assert_eq!(String::from_utf16_lossy(&owner[..co as usize]), "NODE3");
        dword("move", || MoveClusterGroup(g, node2), 0);
        dword("offline group", || OfflineClusterGroup(g), 0);
        dword("move anywhere", || MoveClusterGroup(g, 0), 0);
        let storage = fx.group("Available Storage");
        dword("change group", || ChangeClusterResourceGroup(ip, storage), 0);
        dword("rename resource", || SetClusterResourceName(ip, w("Moved IP").as_ptr()), 0);
        dword("delete resource", || DeleteClusterResource(ip), 0);
        dword("deleted resource", || OnlineClusterResource(ip), 5007);
        dword("delete non-empty group", || DeleteClusterGroup(g), 145);
        dword("delete resource", || DeleteClusterResource(r), 0);
        dword("delete group", || DeleteClusterGroup(g), 0);
        assert_eq!(GetClusterGroupState(g, null_mut(), null_mut()), ClusterGroupStateUnknown);
        assert_eq!(gle().0, 5013, "a deleted group's handle answers its not-found code");

        let net = fx.network();
        assert_eq!(GetClusterNetworkState(net), ClusterNetworkUp);
        dword("rename network", || SetClusterNetworkName(net, w("Renamed Net").as_ptr()), 0);
        assert_eq!(GetClusterNetInterfaceState(fx.netif()), ClusterNetInterfaceUp);
        let name = read_string(|b, c| {
            GetClusterNetInterface(fx.cluster, w("NODE2").as_ptr(), w("Renamed Net").as_ptr(), b, c)
        });
        assert_eq!(name.unwrap(), "NODE2 - Ethernet");
        let mut buf = string_buf(4);
        let mut cch = 4u32;
        let (n2, rn) = (w("NODE2"), w("Renamed Net"));
        dword(
            "interface too small",
            || GetClusterNetInterface(fx.cluster, n2.as_ptr(), rn.as_ptr(), buf.as_mut_ptr(), &mut cch),
            234,
        );
        assert_eq!(cch, 16);
        dword(
            "NULL node",
            || GetClusterNetInterface(fx.cluster, null(), rn.as_ptr(), buf.as_mut_ptr(), &mut cch),
            87,
        );
        dword(
            "NULL network",
            || GetClusterNetInterface(fx.cluster, n2.as_ptr(), null(), buf.as_mut_ptr(), &mut cch),
            87,
        );
        dword(
            "NULL length",
            || GetClusterNetInterface(fx.cluster, n2.as_ptr(), rn.as_ptr(), buf.as_mut_ptr(), null_mut()),
            87,
        );
    }
}

#[test]
fn state_functions_answer_unknown_and_last_error() {
    let fx = Fx::new("state");
    // SAFETY: buffers valid for the sizes passed; handles checked by the library.
    unsafe {
        for (label, h) in fx.bad(fx.closed_node()) {
            sle(0);
            assert_eq!(GetClusterNodeState(h), ClusterNodeStateUnknown, "{label}");
            assert_eq!(gle().0, INVALID_HANDLE);
        }
        for (label, h) in fx.bad(fx.closed_group()) {
            sle(0);
            assert_eq!(GetClusterGroupState(h, null_mut(), null_mut()), ClusterGroupStateUnknown, "{label}");
            assert_eq!(gle().0, INVALID_HANDLE);
        }
        for (label, h) in fx.bad(fx.closed_resource()) {
            sle(0);
            let st = GetClusterResourceState(h, null_mut(), null_mut(), null_mut(), null_mut());
            assert_eq!(st, ClusterResourceStateUnknown, "{label}");
            assert_eq!(gle().0, INVALID_HANDLE);
        }
        for (label, h) in fx.bad(fx.closed_network()) {
            sle(0);
            assert_eq!(GetClusterNetworkState(h), ClusterNetworkStateUnknown, "{label}");
            assert_eq!(gle().0, INVALID_HANDLE);
        }
        for (label, h) in fx.bad(fx.closed_netif()) {
            sle(0);
            assert_eq!(GetClusterNetInterfaceState(h), ClusterNetInterfaceStateUnknown, "{label}");
            assert_eq!(gle().0, INVALID_HANDLE);
        }

        // Name negotiation of the state functions.
        let g = fx.group("Cluster Group");
        let mut cch = 0u32;
        sle(0);
        assert_eq!(GetClusterGroupState(g, null_mut(), &mut cch), ClusterGroupStateUnknown);
        assert_eq!((gle().0, cch), (MORE_DATA, 5), "size query of the owner's name");
        let mut buf = string_buf(6);
        cch = 6;
        sle(SENTINEL);
        assert_eq!(GetClusterGroupState(g, buf.as_mut_ptr(), &mut cch), ClusterGroupOnline);
        assert_eq!((cch, gle().0), (5, SENTINEL));
        sle(0);
        assert_eq!(GetClusterGroupState(g, buf.as_mut_ptr(), null_mut()), ClusterGroupStateUnknown);
        assert_eq!(gle().0, INVALID_PARAMETER, "a buffer without its length");

        let r = fx.resource("Cluster IP Address");
        let (mut cn, mut cg) = (64u32, 3u32);
        let mut node = string_buf(64);
        let mut group = string_buf(3);
        sle(0);
        let st = GetClusterResourceState(r, node.as_mut_ptr(), &mut cn, group.as_mut_ptr(), &mut cg);
        assert_eq!(st, ClusterResourceStateUnknown);
        assert_eq!((gle().0, cn, cg), (MORE_DATA, 5, 13), "both lengths reported");
        assert_eq!(node[0], 0xFFFF, "nothing written when either does not fit");
        sle(0);
        let st = GetClusterResourceState(r, null_mut(), null_mut(), group.as_mut_ptr(), null_mut());
        assert_eq!((st, gle().0), (ClusterResourceStateUnknown, INVALID_PARAMETER));
        let (mut cn, mut cg) = (64u32, 64u32);
        let mut group = string_buf(64);
        let st = GetClusterResourceState(r, node.as_mut_ptr(), &mut cn, group.as_mut_ptr(), &mut cg);
        assert_eq!(st, ClusterResourceOnline);
        assert_eq!(String::from_utf16_lossy(&node[..cn as usize]), "NODE1");
        assert_eq!(String::from_utf16_lossy(&group[..cg as usize]), "Cluster Group");
    }
}

// ----- quorum and resource types --------------------------------------------------------------------

#[test]
fn quorum_resource_round_trips_with_the_string_convention() {
    let fx = Fx::new("quorum");
    // SAFETY: buffers valid for the sizes passed.
    unsafe {
        let (mut cn, mut cd, mut log) = (32u32, 32u32, 99u32);
        let (mut name, mut dev) = (string_buf(32), string_buf(32));
        dword(
            "no quorum",
            || {
                GetClusterQuorumResource(
                    fx.cluster,
                    name.as_mut_ptr(),
                    &mut cn,
                    dev.as_mut_ptr(),
                    &mut cd,
                    &mut log,
                )
            },
            0,
        );
        assert_eq!((cn, cd, log, name[0], dev[0]), (0, 0, 0, 0, 0), "node majority: empty names");
        let disk = fx.resource("Cluster Disk 1");
        dword("set", || SetClusterQuorumResource(disk, w("Q:").as_ptr(), 1024), 0);
        dword(
            "not quorum capable",
            || SetClusterQuorumResource(fx.resource("Cluster IP Address"), null(), 0),
            5021,
        );
        let (mut cn, mut cd) = (4u32, 32u32);
        dword(
            "too small",
            || {
                GetClusterQuorumResource(
                    fx.cluster,
                    name.as_mut_ptr(),
                    &mut cn,
                    dev.as_mut_ptr(),
                    &mut cd,
                    &mut log,
                )
            },
            234,
        );
        assert_eq!((cn, cd), (14, 0));
        cn = 0;
        dword(
            "size query",
            || GetClusterQuorumResource(fx.cluster, null_mut(), &mut cn, dev.as_mut_ptr(), &mut cd, &mut log),
            234,
        );
        assert_eq!(cn, 14);
        (cn, cd) = (15, 1);
        dword(
            "fits",
            || {
                GetClusterQuorumResource(
                    fx.cluster,
                    name.as_mut_ptr(),
                    &mut cn,
                    dev.as_mut_ptr(),
                    &mut cd,
                    &mut log,
                )
            },
            0,
        );
        assert_eq!(String::from_utf16_lossy(&name[..cn as usize]), "Cluster Disk 1");
        dword(
            "NULL name length",
            || {
                GetClusterQuorumResource(
                    fx.cluster,
                    name.as_mut_ptr(),
                    null_mut(),
                    dev.as_mut_ptr(),
                    &mut cd,
                    &mut log,
                )
            },
            87,
        );
        dword(
            "NULL device length",
            || {
                GetClusterQuorumResource(
                    fx.cluster,
                    name.as_mut_ptr(),
                    &mut cn,
                    dev.as_mut_ptr(),
                    null_mut(),
                    &mut log,
                )
            },
            87,
        );
        dword(
            "NULL log size",
            || {
                GetClusterQuorumResource(
                    fx.cluster,
                    name.as_mut_ptr(),
                    &mut cn,
                    dev.as_mut_ptr(),
                    &mut cd,
                    null_mut(),
                )
            },
            87,
        );
    }
}

#[test]
fn resource_types_are_created_and_deleted_and_null_strings_refused() {
    let fx = Fx::new("restype");
    let (n, d, dll) = (w("Custom"), w("Custom type"), w("custom.dll"));
    // SAFETY: strings NUL-terminated or NULL.
    unsafe {
        dword(
            "NULL name",
            || CreateClusterResourceType(fx.cluster, null(), d.as_ptr(), dll.as_ptr(), 1, 1),
            87,
        );
        dword(
            "NULL display",
            || CreateClusterResourceType(fx.cluster, n.as_ptr(), null(), dll.as_ptr(), 1, 1),
            87,
        );
        dword("NULL dll", || CreateClusterResourceType(fx.cluster, n.as_ptr(), d.as_ptr(), null(), 1, 1), 87);
        dword(
            "empty dll",
            || CreateClusterResourceType(fx.cluster, n.as_ptr(), d.as_ptr(), w("").as_ptr(), 1, 1),
            87,
        );
        dword(
            "create",
            || CreateClusterResourceType(fx.cluster, n.as_ptr(), d.as_ptr(), dll.as_ptr(), 1, 1),
            0,
        );
        dword(
            "create twice",
            || CreateClusterResourceType(fx.cluster, n.as_ptr(), d.as_ptr(), dll.as_ptr(), 1, 1),
            5010,
        );
        fx.new_resource(fx.group("Available Storage"), "custom one", "Custom");
        dword("in use", || DeleteClusterResourceType(fx.cluster, n.as_ptr()), 145);
        dword("NULL delete", || DeleteClusterResourceType(fx.cluster, null()), 87);
        dword("unknown", || DeleteClusterResourceType(fx.cluster, w("Nope").as_ptr()), 5078);
    }
}

// ----- controls --------------------------------------------------------------------------------------

#[test]
fn controls_negotiate_sizes_and_answer_type_name_and_id() {
    let fx = Fx::new("control");
    let r = fx.resource("Cluster Disk 1");
    let code = t::CLUSCTL_RESOURCE_GET_RESOURCE_TYPE;
    let expect: Vec<u8> = w("Physical Disk").iter().flat_map(|u| u.to_le_bytes()).collect();
    // SAFETY: buffers valid for the sizes passed.
    unsafe {
        let mut ret = 0u32;
        dword(
            "size query",
            || ClusterResourceControl(r, 0, code, null(), 0, null_mut(), 0, &mut ret),
            MORE_DATA,
        );
        assert_eq!(ret as usize, expect.len());
        let mut buf = vec![0xAAu8; 64];
        ret = 0;
        dword(
            "too small",
            || ClusterResourceControl(r, 0, code, null(), 0, buf.as_mut_ptr().cast(), 27, &mut ret),
            234,
        );
        assert_eq!((ret, buf[0]), (28, 0xAA), "nothing written on ERROR_MORE_DATA");
        dword(
            "NULL buffer with a size",
            || ClusterResourceControl(r, 0, code, null(), 0, null_mut(), 64, &mut ret),
            234,
        );
        dword(
            "exact",
            || ClusterResourceControl(r, 0, code, null(), 0, buf.as_mut_ptr().cast(), 28, &mut ret),
            0,
        );
        assert_eq!(&buf[..28], &expect[..]);
        dword(
            "NULL bytes-returned",
            || ClusterResourceControl(r, 0, code, null(), 0, buf.as_mut_ptr().cast(), 64, null_mut()),
            0,
        );
        dword(
            "too small, NULL bytes-returned",
            || ClusterResourceControl(r, 0, code, null(), 0, buf.as_mut_ptr().cast(), 2, null_mut()),
            234,
        );
        let node = fx.node("NODE2");
        dword(
            "host node",
            || ClusterResourceControl(r, node, code, null(), 0, buf.as_mut_ptr().cast(), 64, &mut ret),
            0,
        );
        for (label, h) in fx.bad(fx.closed_node()) {
            if h != 0 {
                dword(
                    label,
                    || ClusterResourceControl(r, h, code, null(), 0, buf.as_mut_ptr().cast(), 64, &mut ret),
                    6,
                );
            }
        }
        dword(
            "another object's code",
            || ClusterResourceControl(r, 0, t::CLUSCTL_GROUP_GET_NAME, null(), 0, null_mut(), 0, &mut ret),
            INVALID_FUNCTION,
        );
        dword(
            "unknown code",
            || ClusterResourceControl(r, 0, 0x0100_0FFF, null(), 0, null_mut(), 0, &mut ret),
            INVALID_FUNCTION,
        );
        dword(
            "resource type of a group",
            || ClusterGroupControl(fx.group("Cluster Group"), 0, code, null(), 0, null_mut(), 0, &mut ret),
            INVALID_FUNCTION,
        );
        dword(
            "cluster has no id control",
            || ClusterControl(fx.cluster, 0, t::CLUSCTL_GROUP_GET_ID, null(), 0, null_mut(), 0, &mut ret),
            INVALID_FUNCTION,
        );

        // GET_NAME and GET_ID of every kind, with a GUID for all but nodes.
        let objects: [(&str, clusim_api::ObjectHandle); 5] = [
            ("NODE3", clusim_api::HNode::from_raw(fx.node("NODE3") as usize).into()),
            ("Cluster Group", clusim_api::HGroup::from_raw(fx.group("Cluster Group") as usize).into()),
            ("Cluster Disk 1", clusim_api::HResource::from_raw(r as usize).into()),
            ("Cluster Network 1", clusim_api::HNetwork::from_raw(fx.network() as usize).into()),
            ("NODE1 - Ethernet", clusim_api::HNetInterface::from_raw(fx.netif() as usize).into()),
        ];
        for (name, obj) in objects {
            let c = codes(obj);
            let got = read_control(|o, n, rr| control(obj, c[4], null(), 0, o, n, rr)).unwrap();
            assert_eq!(utf16z(&got), name);
            let id = utf16z(&read_control(|o, n, rr| control(obj, c[5], null(), 0, o, n, rr)).unwrap());
            if name == "NODE3" {
                assert_eq!(id, "3");
            } else {
                assert_eq!(id.len(), 36, "{name}: {id}");
            }
        }
        // Bad object handles for every control function.
        let mut ret = 0u32;
        type Ctl = unsafe extern "system" fn(
            isize,
            isize,
            u32,
            *const c_void,
            u32,
            *mut c_void,
            u32,
            *mut u32,
        ) -> u32;
        let ctls: [(&str, Ctl, isize); 6] = [
            ("ClusterControl", ClusterControl, fx.closed_cluster()),
            ("ClusterNodeControl", ClusterNodeControl, fx.closed_node()),
            ("ClusterGroupControl", ClusterGroupControl, fx.closed_group()),
            ("ClusterResourceControl", ClusterResourceControl, fx.closed_resource()),
            ("ClusterNetworkControl", ClusterNetworkControl, fx.closed_network()),
            ("ClusterNetInterfaceControl", ClusterNetInterfaceControl, fx.closed_netif()),
        ];
        for (name, ctl, closed) in ctls {
            for (label, h) in fx.bad(closed) {
                dword(&format!("{name}({label})"), || ctl(h, 0, 0, null(), 0, null_mut(), 0, &mut ret), 6);
            }
        }
        for (label, h) in fx.bad(fx.closed_cluster()) {
            let pd = w("Physical Disk");
            dword(
                label,
                || {
                    ClusterResourceTypeControl(
                        h,
                        pd.as_ptr(),
                        0,
                        t::CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTIES,
                        null(),
                        0,
                        null_mut(),
                        0,
                        &mut ret,
                    )
                },
                6,
            );
        }
    }
}

#[test]
fn property_controls_use_the_clusprop_format_and_refuse_malformed_lists() {
    let fx = Fx::new("props");
    let ip = fx.resource("Cluster IP Address");
    let get = t::CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES;
    let set = t::CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES;
    // SAFETY: buffers valid for the sizes passed.
    unsafe {
        let bytes = read_control(|o, n, r| ClusterResourceControl(ip, 0, get, null(), 0, o, n, r)).unwrap();
        // The documented layout, read by hand: count, NAME entry, SZ value, ENDMARK.
        let dw = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().unwrap());
        assert_eq!(dw(0), 2, "Address and SubnetMask");
        assert_eq!((dw(4), dw(8)), (0x0004_0003, 16), "NAME, 8 characters with the NUL");
        assert_eq!(utf16z(&bytes[12..28]), "Address");
        assert_eq!((dw(28), dw(32)), (0x0001_0003, 20), "SZ, \"10.0.0.10\" with its NUL");
        assert_eq!(utf16z(&bytes[36..56]), "10.0.0.10");
        assert_eq!(dw(56), 0, "ENDMARK");

        let list = vec![
            ("Threshold".to_string(), PropertyValue::Dword(7)),
            ("Big".to_string(), PropertyValue::Qword(1 << 40)),
            ("Paths".to_string(), PropertyValue::MultiSz(vec!["a".into(), "b".into()])),
            ("Blob".to_string(), PropertyValue::Binary(vec![1, 2, 3])),
            ("Home".to_string(), PropertyValue::ExpandSz("%SystemRoot%".into())),
        ];
        let input = proplist::encode(&list);
        let mut ret = 99u32;
        dword(
            "set",
            || {
                ClusterResourceControl(
                    ip,
                    0,
                    set,
                    input.as_ptr().cast(),
                    input.len() as u32,
                    null_mut(),
                    0,
                    &mut ret,
                )
            },
            0,
        );
        assert_eq!(ret, 0, "SET returns no data");
        let back = proplist::decode(
            &read_control(|o, n, r| ClusterResourceControl(ip, 0, get, null(), 0, o, n, r)).unwrap(),
        )
        .unwrap();
        for p in &list {
            assert!(back.contains(p), "{p:?} in {back:?}");
        }

        dword("NULL input", || ClusterResourceControl(ip, 0, set, null(), 0, null_mut(), 0, &mut ret), 87);
        dword(
            "empty input",
            || ClusterResourceControl(ip, 0, set, input.as_ptr().cast(), 0, null_mut(), 0, &mut ret),
            87,
        );
        dword(
            "truncated",
            || ClusterResourceControl(ip, 0, set, input.as_ptr().cast(), 10, null_mut(), 0, &mut ret),
            INVALID_DATA,
        );
        let mut bad = input.clone();
        bad[4] = 0x99;
        dword(
            "bad syntax",
            || {
                ClusterResourceControl(
                    ip,
                    0,
                    set,
                    bad.as_ptr().cast(),
                    bad.len() as u32,
                    null_mut(),
                    0,
                    &mut ret,
                )
            },
            13,
        );
        let name_change = proplist::encode(&vec![("Name".into(), PropertyValue::Sz("x".into()))]);
        let common = t::CLUSCTL_RESOURCE_SET_COMMON_PROPERTIES;
        dword(
            "read-only Name",
            || {
                ClusterResourceControl(
                    ip,
                    0,
                    common,
                    name_change.as_ptr().cast(),
                    name_change.len() as u32,
                    null_mut(),
                    0,
                    &mut ret,
                )
            },
            87,
        );

        // Every other object's GET/SET pair, and the resource type and cluster controls.
        let desc = proplist::encode(&vec![("Description".into(), PropertyValue::Sz("set from C".into()))]);
        let objects: [clusim_api::ObjectHandle; 5] = [
            clusim_api::HCluster::from_raw(fx.cluster as usize).into(),
            clusim_api::HNode::from_raw(fx.node("NODE1") as usize).into(),
            clusim_api::HGroup::from_raw(fx.group("Cluster Group") as usize).into(),
            clusim_api::HNetwork::from_raw(fx.network() as usize).into(),
            clusim_api::HNetInterface::from_raw(fx.netif() as usize).into(),
        ];
        for obj in objects {
            let c = codes(obj);
            assert_eq!(
                control(obj, c[1], desc.as_ptr().cast(), desc.len() as u32, null_mut(), 0, &mut ret),
                0,
                "{obj:?}"
            );
            let got =
                proplist::decode(&read_control(|o, n, r| control(obj, c[0], null(), 0, o, n, r)).unwrap())
                    .unwrap();
            assert!(
                got.contains(&("Description".into(), PropertyValue::Sz("set from C".into()))),
                "{obj:?}: {got:?}"
            );
            assert_eq!(
                control(obj, c[3], desc.as_ptr().cast(), desc.len() as u32, null_mut(), 0, &mut ret),
                0
            );
            let got =
                proplist::decode(&read_control(|o, n, r| control(obj, c[2], null(), 0, o, n, r)).unwrap())
                    .unwrap();
            assert_eq!(got.len(), 1, "{obj:?}");
        }
        let pd = w("Physical Disk");
        let rt_set = t::CLUSCTL_RESOURCE_TYPE_SET_COMMON_PROPERTIES;
        let rt_get = t::CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTIES;
        dword(
            "type set",
            || {
                ClusterResourceTypeControl(
                    fx.cluster,
                    pd.as_ptr(),
                    0,
                    rt_set,
                    desc.as_ptr().cast(),
                    desc.len() as u32,
                    null_mut(),
                    0,
                    &mut ret,
                )
            },
            0,
        );
        let got = proplist::decode(
            &read_control(|o, n, r| {
                ClusterResourceTypeControl(fx.cluster, pd.as_ptr(), 0, rt_get, null(), 0, o, n, r)
            })
            .unwrap(),
        )
        .unwrap();
        assert!(got.contains(&("Description".into(), PropertyValue::Sz("set from C".into()))));
        dword(
            "type NULL name",
            || ClusterResourceTypeControl(fx.cluster, null(), 0, rt_get, null(), 0, null_mut(), 0, &mut ret),
            87,
        );
        dword(
            "type unknown",
            || {
                ClusterResourceTypeControl(
                    fx.cluster,
                    w("Nope").as_ptr(),
                    0,
                    rt_get,
                    null(),
                    0,
                    null_mut(),
                    0,
                    &mut ret,
                )
            },
            5078,
        );
        dword(
            "type, resource code",
            || {
                ClusterResourceTypeControl(
                    fx.cluster,
                    pd.as_ptr(),
                    0,
                    get,
                    null(),
                    0,
                    null_mut(),
                    0,
                    &mut ret,
                )
            },
            1,
        );
    }
}

// ----- notification ports -----------------------------------------------------------------------------

#[test]
fn notification_ports_follow_the_documented_conventions() {
    let fx = Fx::new("ports");
    assert_eq!(windows_sys::Win32::Foundation::INVALID_HANDLE_VALUE as isize, IHV);
    // SAFETY: buffers valid for the sizes passed.
    unsafe {
        // An unassociated port, bound by its first registration.
        let lone = CreateClusterNotifyPort(IHV, IHV, 0, 0);
        assert_ne!(lone, 0);
        null_with("adding without a cluster", CreateClusterNotifyPort(lone, IHV, 1, 1), INVALID_PARAMETER);
        assert_eq!(
            CreateClusterNotifyPort(lone, fx.cluster, CLUSTER_CHANGE_GROUP_ADDED as u32, usize::MAX - 1),
            lone
        );
        for (label, h) in fx.bad(fx.closed_cluster()) {
            if h != IHV {
                null_with(label, CreateClusterNotifyPort(IHV, h, 1, 1), INVALID_HANDLE);
                null_with(label, CreateClusterNotifyPort(lone, h, 1, 1), INVALID_HANDLE);
            }
            if h != IHV && label != "wrong kind (port)" {
                null_with(label, CreateClusterNotifyPort(h, fx.cluster, 1, 1), INVALID_HANDLE);
            }
        }
        let other = Fx::new("ports-other");
        null_with("another cluster", CreateClusterNotifyPort(lone, other.cluster, 1, 1), INVALID_PARAMETER);

        fx.new_group("a rather long group name");
        let (mut key, mut filter) = (0usize, 0u32);
        let mut cch = 0u32;
        dword("NULL key", || GetClusterNotify(lone, null_mut(), &mut filter, null_mut(), &mut cch, 0), 87);
        dword("NULL filter", || GetClusterNotify(lone, &mut key, null_mut(), null_mut(), &mut cch, 0), 87);
        dword("NULL length", || GetClusterNotify(lone, &mut key, &mut filter, null_mut(), null_mut(), 0), 87);
        dword(
            "NULL length, bad port",
            || GetClusterNotify(0, &mut key, &mut filter, null_mut(), null_mut(), 0),
            6,
        );
        cch = 100;
        dword(
            "size query",
            || GetClusterNotify(lone, &mut key, &mut filter, null_mut(), &mut cch, 0),
            MORE_DATA,
        );
        assert_eq!(cch, 24);
        let mut buf = string_buf(24);
        cch = 24;
        dword(
            "no room for the NUL",
            || GetClusterNotify(lone, &mut key, &mut filter, buf.as_mut_ptr(), &mut cch, 0),
            234,
        );
        assert_eq!(buf[0], 0xFFFF);
        let mut buf = string_buf(25);
        cch = 25;
        dword(
            "the same event",
            || GetClusterNotify(lone, &mut key, &mut filter, buf.as_mut_ptr(), &mut cch, 0),
            0,
        );
        assert_eq!(
            (key, filter, cch),
            (usize::MAX - 1, CLUSTER_CHANGE_GROUP_ADDED as u32, 24),
            "keys keep every bit"
        );
        assert_eq!(String::from_utf16_lossy(&buf[..24]), "a rather long group name");
        assert_eq!(buf[24], 0);
        dword(
            "poll",
            || GetClusterNotify(lone, &mut key, &mut filter, buf.as_mut_ptr(), &mut cch, 0),
            WAIT_TIMEOUT,
        );
        let started = std::time::Instant::now();
        cch = 25;
        dword(
            "timeout",
            || GetClusterNotify(lone, &mut key, &mut filter, buf.as_mut_ptr(), &mut cch, 60),
            WAIT_TIMEOUT,
        );
        assert!(started.elapsed() >= std::time::Duration::from_millis(50));

        // RegisterClusterNotify takes the kind from the handle.
        let g = fx.group("Available Storage");
        dword("group", || RegisterClusterNotify(lone, CLUSTER_CHANGE_GROUP_PROPERTY as u32, g as _, 7), 0);
        dword(
            "filter of another kind",
            || RegisterClusterNotify(lone, CLUSTER_CHANGE_NODE_STATE as u32, g as _, 7),
            87,
        );
        dword("empty filter", || RegisterClusterNotify(lone, 0, g as _, 7), 87);
        dword(
            "node",
            || RegisterClusterNotify(lone, CLUSTER_CHANGE_NODE_STATE as u32, fx.node("NODE1") as _, 7),
            0,
        );
        dword(
            "resource",
            || {
                RegisterClusterNotify(
                    lone,
                    CLUSTER_CHANGE_RESOURCE_STATE as u32,
                    fx.resource("Cluster Name") as _,
                    7,
                )
            },
            0,
        );
        dword(
            "network",
            || RegisterClusterNotify(lone, CLUSTER_CHANGE_NETWORK_STATE as u32, fx.network() as _, 7),
            0,
        );
        dword(
            "interface",
            || RegisterClusterNotify(lone, CLUSTER_CHANGE_NETINTERFACE_STATE as u32, fx.netif() as _, 7),
            0,
        );
        dword(
            "cluster",
            || RegisterClusterNotify(lone, CLUSTER_CHANGE_GROUP_ADDED as u32, fx.cluster as _, 7),
            0,
        );
        dword(
            "another cluster's object",
            || RegisterClusterNotify(lone, CLUSTER_CHANGE_GROUP_ADDED as u32, other.cluster as _, 7),
            87,
        );
        for (label, h) in fx.bad(fx.closed_group()) {
            dword(label, || RegisterClusterNotify(lone, CLUSTER_CHANGE_GROUP_STATE as u32, h as _, 7), 6);
            if label == "wrong kind (port)" {
                continue; // a live HCHANGE is the right kind for the port argument
            }
            dword(label, || RegisterClusterNotify(h, CLUSTER_CHANGE_GROUP_STATE as u32, g as _, 7), 6);
            dword(label, || GetClusterNotify(h, &mut key, &mut filter, buf.as_mut_ptr(), &mut cch, 0), 6);
        }

        // CloseClusterNotifyPort: TRUE always; a bad handle leaves ERROR_INVALID_HANDLE.
        for (label, h) in fx.bad(fx.closed_group()).into_iter().filter(|(l, _)| *l != "wrong kind (port)") {
            sle(0);
            assert_eq!(CloseClusterNotifyPort(h), 1, "{label}");
            assert_eq!(gle().0, INVALID_HANDLE, "{label}");
        }
        let waiter = std::thread::spawn(move || {
            let (mut key, mut filter, mut cch) = (0usize, 0u32, 0u32);
            GetClusterNotify(lone, &mut key, &mut filter, null_mut(), &mut cch, u32::MAX)
        });
        std::thread::sleep(std::time::Duration::from_millis(30));
        sle(SENTINEL);
        assert_eq!(CloseClusterNotifyPort(lone), 1);
        assert_eq!(gle().0, SENTINEL, "a successful close leaves the last error alone");
        assert_eq!(waiter.join().unwrap(), INVALID_HANDLE, "the INFINITE waiter wakes");
        sle(0);
        assert_eq!(CloseClusterNotifyPort(lone), 1);
        assert_eq!(gle().0, INVALID_HANDLE, "closed twice");
    }
}

// ----- kernel32 ----------------------------------------------------------------------------------------

#[test]
fn last_error_is_per_thread_and_round_trips() {
    sle(1234);
    assert_eq!(gle().0, 1234);
    let other = std::thread::spawn(|| {
        let fresh = gle().0;
        // SAFETY: no pointers.
        unsafe { CloseCluster(0) };
        (fresh, gle().0)
    })
    .join()
    .unwrap();
    assert_eq!(other, (0, INVALID_HANDLE));
    assert_eq!(gle().0, 1234, "another thread's failure does not touch this thread");
}

// ----- any handle value ----------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Rule 2: any value that is not an open handle is ERROR_INVALID_HANDLE, whatever the
    /// export, and nothing dereferences it.
    #[test]
    fn arbitrary_handle_values_are_invalid_handles(v in any::<usize>().prop_filter("not open", |v| clusapi::sim().handle_kind(clusim_api::RawHandle(*v)).is_none())) {
        let h = v as isize;
        let mut buf = string_buf(8);
        let (mut cch, mut k, mut key, mut ret) = (8u32, 0u32, 0usize, 0u32);
        // SAFETY: buffers valid for the sizes passed; handle values are only looked up.
        unsafe {
            prop_assert_eq!(PauseClusterNode(h), 6);
            prop_assert_eq!(OnlineClusterResource(h), 6);
            prop_assert_eq!(DeleteClusterGroup(h), 6);
            prop_assert_eq!(GetClusterInformation(h, buf.as_mut_ptr(), &mut cch, null_mut()), 6);
            prop_assert_eq!(ClusterEnum(h, 0, &mut k, buf.as_mut_ptr(), &mut cch), 6);
            prop_assert_eq!(GetClusterNotify(h, &mut key, &mut k, buf.as_mut_ptr(), &mut cch, 0), 6);
            prop_assert_eq!(ClusterResourceControl(h, 0, t::CLUSCTL_RESOURCE_GET_NAME, null(), 0, null_mut(), 0, &mut ret), 6);
            prop_assert_eq!(OpenClusterGroup(h, w("Cluster Group").as_ptr()), 0);
            prop_assert_eq!(gle().0, 6);
            prop_assert_eq!(CloseClusterNode(h), 0);
            prop_assert_eq!(GetClusterResourceState(h, null_mut(), null_mut(), null_mut(), null_mut()), -1);
            prop_assert_eq!(CloseClusterNotifyPort(h), 1);
            let hkey = h as *mut c_void;
            let mut out = 0isize;
            prop_assert_eq!(ClusterRegCloseKey(hkey), 6);
            prop_assert_eq!(ClusterRegOpenKey(hkey, w("").as_ptr(), 0, &mut std::ptr::null_mut()), 6);
            prop_assert_eq!(ClusterRegSetValue(hkey, null(), 4, [0u8; 4].as_ptr(), 4), 6);
            prop_assert_eq!(ClusterRegEnumKey(hkey, 0, buf.as_mut_ptr(), &mut cch, null_mut()), 6);
            prop_assert_eq!(ClusterRegCreateBatchNotifyPort(hkey, &mut out), 6);
            prop_assert_eq!(ClusterRegBatchAddCommand(h, 1, null(), 4, null(), 0), 6);
            prop_assert_eq!(ClusterRegCloseBatch(h, 1, null_mut()), 6);
            prop_assert_eq!(ClusterRegGetBatchNotification(h, &mut out), 6);
            prop_assert_eq!(ClusterRegBatchReadCommand(h, &mut CLUSTER_BATCH_COMMAND::default()), 6);
            prop_assert_eq!(ClusterRegReadBatchAddCommand(h, null(), null()), 6);
            prop_assert_eq!(ClusterRegReadBatchReplyNextCommand(h, &mut CLUSTER_READ_BATCH_COMMAND::default()), 6);
            prop_assert_eq!(ClusterRegCloseReadBatchReply(h), 6);
            prop_assert_eq!(out, 0);
        }
    }
}

#[test]
fn a_rust_program_sees_what_c_callers_did() {
    let fx = Fx::new("inspect");
    fx.new_group("made in C");
    let seen = clusapi::sim().inspect(Some(&fx.name), |m| m.group_by_name("made in C").is_ok()).unwrap();
    assert!(seen);
    let _ = Win32Error::ERROR_SUCCESS;
}
