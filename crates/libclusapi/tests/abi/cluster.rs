//! Constants, `OpenCluster`, the close functions, `GetClusterInformation` and the
//! enumerations through their C entry points. Part of the `abi` suite.

use super::*;

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

        null_with("node dwType", ClusterNodeOpenEnum(node, 8), INVALID_PARAMETER);
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
