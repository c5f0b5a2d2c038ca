//! Node, group and resource functions (handles, DWORD answers, lifecycle, states),
//! the quorum resource and resource types through their C entry points. Part of the
//! `abi` suite.

use super::*;

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
    // The codes of instant transitions (0, never ERROR_IO_PENDING): spec/model.md
    // MODEL-ASYNC's switch, as the compliance fixture sets it.
    clusapi::sim().set_instant_transitions(true);
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
        // SDK DeleteClusterResource: ERROR_INVALID_STATE on Windows Server 2012 and later.
        dword("delete online", || DeleteClusterResource(r), 5023);
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
        // SDK ChangeClusterResourceGroup: both groups must be owned by the same node.
        dword("change group across owners", || ChangeClusterResourceGroup(ip, storage), 5005);
        dword("move to the storage owner", || MoveClusterGroup(g, fx.node("NODE1")), 0);
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
