//! The `…Ex` group, resource and node exports through their C entry points, with every
//! bad-input row of spec/c-abi.md CABI-OPS-EX. Part of the `abi` suite.

use super::*;

const INVALID_STATE: u32 = 5023;
/// An unpaired surrogate: a malformed reason string.
const LONE: [u16; 2] = [0xD800, 0];

// CABI-OPS-EX: online / offline / move Ex and their Ex2 reason variants.
#[test]
fn ex_group_and_resource_operations_check_flags_input_and_reason() {
    let fx = Fx::new("opsex");
    let g = fx.new_group("ex group");
    let r = fx.new_resource(g, "ex disk", "Physical Disk");
    let node2 = fx.node("NODE2");
    let list = proplist::encode(&vec![("Flags".to_string(), PropertyValue::Dword(1))]);
    let bad = [1u8, 0, 0];
    let state = |h| {
        // SAFETY: no string buffers.
        unsafe { GetClusterResourceState(h, null_mut(), null_mut(), null_mut(), null_mut()) }
    };
    // SAFETY: buffers valid for the sizes passed; handles checked by the library.
    unsafe {
        dword("bad flags", || OnlineClusterGroupEx(g, 0, 0x10, null(), 0), INVALID_PARAMETER);
        dword("NULL input with a size", || OnlineClusterGroupEx(g, 0, 0, null(), 4), INVALID_PARAMETER);
        dword("malformed input", || OnlineClusterGroupEx(g, 0, 0, bad.as_ptr(), 3), INVALID_DATA);
        dword("bad reason", || OnlineClusterGroupEx2(g, 0, 0, null(), 0, LONE.as_ptr()), INVALID_PARAMETER);
        assert_eq!(state(r), 3, "still offline");
        dword("online", || OnlineClusterGroupEx(g, 0, 2, list.as_ptr(), list.len() as u32), 0);
        assert_eq!(state(r), 2);
        dword("offline bad flags", || OfflineClusterGroupEx(g, 2, null(), 0), INVALID_PARAMETER);
        dword("offline", || OfflineClusterGroupEx2(g, 1, null(), 0, w("maintenance").as_ptr()), 0);
        assert_eq!(state(r), 3);
        dword("move bad flags", || MoveClusterGroupEx(g, node2, 0x40, null(), 0), INVALID_PARAMETER);
        dword("move", || MoveClusterGroupEx2(g, node2, 4, null(), 0, null()), 0);
        let mut owner = string_buf(16);
        let mut cch = 16;
        GetClusterGroupState(g, owner.as_mut_ptr(), &mut cch);
        assert_eq!(String::from_utf16_lossy(&owner[..cch as usize]), "NODE2");
        dword("resource bad flags", || OnlineClusterResourceEx(r, 0x10, null(), 0), INVALID_PARAMETER);
        dword("resource online", || OnlineClusterResourceEx2(r, 1, null(), 0, w("why").as_ptr()), 0);
        assert_eq!(state(r), 2);
        dword("resource offline malformed", || OfflineClusterResourceEx(r, 0, bad.as_ptr(), 3), INVALID_DATA);
        dword("resource offline", || OfflineClusterResourceEx2(r, 2, null(), 0, null()), 0);
        assert_eq!(state(r), 3);
        dword("closed node", || MoveClusterGroupEx(g, fx.closed_node(), 0, null(), 0), INVALID_HANDLE);
        for (label, h) in fx.bad(fx.closed_group()) {
            dword(label, || OnlineClusterGroupEx(h, 0, 0, null(), 0), INVALID_HANDLE);
            dword(label, || OfflineClusterGroupEx2(h, 0, null(), 0, LONE.as_ptr()), INVALID_HANDLE);
            dword(label, || MoveClusterGroupEx(h, 0, 0, null(), 0), INVALID_HANDLE);
        }
        for (label, h) in fx.bad(fx.closed_resource()) {
            dword(label, || OnlineClusterResourceEx(h, 0, null(), 0), INVALID_HANDLE);
            dword(label, || OfflineClusterResourceEx2(h, 0, null(), 0, null()), INVALID_HANDLE);
        }
    }
}

// CABI-OPS-EX: cancel, restart, create-with-type, destroy, the reason variants.
#[test]
fn cancel_restart_create_destroy_and_reason_variants() {
    let fx = Fx::new("lifeex");
    // SAFETY: buffers valid for the sizes passed; handles checked by the library.
    unsafe {
        let storage = fx.group("Available Storage");
        dword("cancel flags", || CancelClusterGroupOperation(storage, 1), INVALID_PARAMETER);
        dword("nothing pending", || CancelClusterGroupOperation(storage, 0), INVALID_STATE);
        let disk = fx.resource("Cluster Disk 1");
        dword("restart flags", || RestartClusterResource(disk, 1), INVALID_PARAMETER);
        dword("restart", || RestartClusterResource(disk, 0), 0);
        dword("restart bad reason", || RestartClusterResourceEx(disk, 0, LONE.as_ptr()), INVALID_PARAMETER);
        dword("restart with reason", || RestartClusterResourceEx(disk, 0, w("patch").as_ptr()), 0);

        let info = CLUSTER_CREATE_GROUP_INFO { dwVersion: 1, groupType: ClusGroupTypeVirtualMachine };
        let vm = CreateClusterGroupEx(fx.cluster, w("vm").as_ptr(), &info);
        assert_ne!(vm, 0, "{:?}", gle());
        let bad_info = CLUSTER_CREATE_GROUP_INFO { dwVersion: 2, groupType: 111 };
        null_with(
            "bad version",
            CreateClusterGroupEx(fx.cluster, w("vm2").as_ptr(), &bad_info),
            INVALID_PARAMETER,
        );
        null_with("NULL name", CreateClusterGroupEx(fx.cluster, null(), &info), INVALID_PARAMETER);
        null_with("exists", CreateClusterGroupEx(fx.cluster, w("vm").as_ptr(), null()), 5010);
        let a = CreateClusterResourceEx(
            vm,
            w("vm disk").as_ptr(),
            w("Physical Disk").as_ptr(),
            0,
            w("new").as_ptr(),
        );
        assert_ne!(a, 0, "{:?}", gle());
        null_with(
            "bad reason",
            CreateClusterResourceEx(vm, w("x").as_ptr(), w("Physical Disk").as_ptr(), 0, LONE.as_ptr()),
            INVALID_PARAMETER,
        );
        null_with(
            "bad flags",
            CreateClusterResourceEx(vm, w("x").as_ptr(), w("Physical Disk").as_ptr(), 2, null()),
            INVALID_PARAMETER,
        );
        assert_eq!(OnlineClusterGroup(vm, 0), 0);
        dword("destroy", || DestroyClusterGroup(vm), 0);
        null_with("destroyed", OpenClusterGroup(fx.cluster, w("vm").as_ptr()), 5013);
        null_with("its resource", OpenClusterResource(fx.cluster, w("vm disk").as_ptr()), 5007);
        dword("core group", || DestroyClusterGroupEx(fx.group("Cluster Group"), w("no").as_ptr()), 5026);

        let empty = fx.new_group("empty");
        dword("delete bad reason", || DeleteClusterGroupEx(empty, LONE.as_ptr()), INVALID_PARAMETER);
        dword("delete with reason", || DeleteClusterGroupEx(empty, w("cleanup").as_ptr()), 0);
        let g = fx.new_group("holder");
        let x = fx.new_resource(g, "x disk", "Physical Disk");
        dword("fail offline", || FailClusterResourceEx(x, null()), 5004);
        dword("delete resource", || DeleteClusterResourceEx(x, w("gone").as_ptr()), 0);
        for (label, h) in fx.bad(fx.closed_group()) {
            dword(label, || CancelClusterGroupOperation(h, 0), INVALID_HANDLE);
            dword(label, || DestroyClusterGroup(h), INVALID_HANDLE);
            dword(label, || DeleteClusterGroupEx(h, null()), INVALID_HANDLE);
            null_with(
                label,
                CreateClusterResourceEx(h, w("y").as_ptr(), w("Physical Disk").as_ptr(), 0, null()),
                INVALID_HANDLE,
            );
        }
        for (label, h) in fx.bad(fx.closed_cluster()) {
            null_with(label, CreateClusterGroupEx(h, w("z").as_ptr(), null()), INVALID_HANDLE);
        }
        for (label, h) in fx.bad(fx.closed_resource()) {
            dword(label, || RestartClusterResource(h, 0), INVALID_HANDLE);
            dword(label, || DeleteClusterResourceEx(h, null()), INVALID_HANDLE);
            dword(label, || FailClusterResourceEx(h, null()), INVALID_HANDLE);
        }
    }
}

// CABI-OPS-EX: CanResourceBeDependent, GetNodeClusterState, GetClusterNodeId,
// GetClusterFrom…, OpenCluster…Ex.
#[test]
fn dependency_question_node_state_and_id_clusters_of_objects_and_open_ex() {
    let fx = Fx::new("nodeex");
    // SAFETY: buffers valid for the sizes passed; handles checked by the library.
    unsafe {
        let name = fx.resource("Cluster Name");
        let ip = fx.resource("Cluster IP Address");
        assert_eq!(CanResourceBeDependent(name, ip), 1);
        sle(SENTINEL);
        assert_eq!(CanResourceBeDependent(ip, name), 0, "a cycle");
        assert_eq!(gle().0, SENTINEL, "a plain no leaves the last error alone");
        for (label, h) in fx.bad(fx.closed_resource()) {
            assert_eq!(CanResourceBeDependent(h, ip), 0, "{label}");
            assert_eq!(gle().0, INVALID_HANDLE, "{label}");
        }

        let mut st = 0xFFFF;
        dword("local node", || GetNodeClusterState(null(), &mut st), 0);
        assert_eq!(st, ClusterStateRunning as u32);
        dword("a node of the local cluster", || GetNodeClusterState(w("NODE2").as_ptr(), &mut st), 0);
        assert_eq!(st, ClusterStateRunning as u32);
        dword("not a node", || GetNodeClusterState(w("printer").as_ptr(), &mut st), 0);
        assert_eq!(st, ClusterStateNotInstalled as u32);
        dword("NULL out", || GetNodeClusterState(null(), null_mut()), INVALID_PARAMETER);
        dword("bad name", || GetNodeClusterState(LONE.as_ptr(), &mut st), INVALID_PARAMETER);

        let node = fx.node("NODE3");
        assert_eq!(read_string(|b, c| GetClusterNodeId(node, b, c)).unwrap(), "3");
        let mut cch = 0;
        dword("size query", || GetClusterNodeId(node, null_mut(), &mut cch), MORE_DATA);
        assert_eq!(cch, 1);
        dword("NULL length", || GetClusterNodeId(node, null_mut(), null_mut()), INVALID_PARAMETER);
        for (label, h) in fx.bad(fx.closed_node()) {
            dword(label, || GetClusterNodeId(h, null_mut(), &mut cch), INVALID_HANDLE);
        }

        type From = unsafe extern "system" fn(isize) -> isize;
        let froms: [(&str, From, isize, isize); 5] = [
            ("GetClusterFromNode", GetClusterFromNode, node, fx.closed_node()),
            ("GetClusterFromGroup", GetClusterFromGroup, fx.group("Cluster Group"), fx.closed_group()),
            ("GetClusterFromResource", GetClusterFromResource, name, fx.closed_resource()),
            ("GetClusterFromNetwork", GetClusterFromNetwork, fx.network(), fx.closed_network()),
            ("GetClusterFromNetInterface", GetClusterFromNetInterface, fx.netif(), fx.closed_netif()),
        ];
        for (f, from, h, closed) in froms {
            let c = from(h);
            assert_ne!(c, 0, "{f}: {:?}", gle());
            assert_ne!(c, fx.cluster, "{f}: another instance of the handle");
            assert_eq!(read_string(|b, n| GetClusterInformation(c, b, n, null_mut())).unwrap(), fx.name);
            assert_eq!(CloseCluster(c), 1);
            assert_ne!(
                OpenClusterNode(fx.cluster, w("NODE1").as_ptr()),
                0,
                "{f}: the source cluster handle stays open"
            );
            for (label, b) in fx.bad(closed) {
                null_with(&format!("{f}({label})"), from(b), INVALID_HANDLE);
            }
        }

        type OpenEx = unsafe extern "system" fn(isize, *const u16, u32, *mut u32) -> isize;
        let opens: [(&str, OpenEx, &str, u32); 5] = [
            ("OpenClusterNodeEx", OpenClusterNodeEx, "NODE1", 5042),
            ("OpenClusterGroupEx", OpenClusterGroupEx, "Cluster Group", 5013),
            ("OpenClusterResourceEx", OpenClusterResourceEx, "Cluster Name", 5007),
            ("OpenClusterNetworkEx", OpenClusterNetworkEx, "Cluster Network 1", 5045),
            ("OpenClusterNetInterfaceEx", OpenClusterNetInterfaceEx, "NODE1 - Ethernet", 5047),
        ];
        for (f, open, ok, missing) in opens {
            let mut granted = 0;
            assert_ne!(open(fx.cluster, w(ok).as_ptr(), 0x8000_0000, &mut granted), 0, "{f}: {:?}", gle());
            assert_eq!(granted, 0x8000_0000, "{f}: the simulator grants what is asked");
            assert_ne!(
                open(fx.cluster, w(ok).as_ptr(), 0x1000_0000, null_mut()),
                0,
                "{f}: granted may be NULL"
            );
            granted = 7;
            null_with(f, open(fx.cluster, w("nope").as_ptr(), 0x8000_0000, &mut granted), missing);
            assert_eq!(granted, 7, "{f}: nothing written on failure");
            null_with(f, open(fx.cluster, null(), 0, null_mut()), INVALID_PARAMETER);
            for (label, h) in fx.bad(fx.closed_cluster()) {
                null_with(&format!("{f}({label})"), open(h, w(ok).as_ptr(), 0, null_mut()), INVALID_HANDLE);
            }
        }
    }
}

// CABI-OPS-EX, MODEL-DEP-EXPR: the dependency-expression pair and
// GetClusterResourceNetworkName through their C entry points.
#[test]
fn dependency_expressions_and_network_name_follow_the_string_convention() {
    let fx = Fx::new("depex");
    // SAFETY: buffers valid for the sizes passed; handles checked by the library.
    unsafe {
        let name = fx.resource("Cluster Name");
        let ip = fx.resource("Cluster IP Address");
        let expr = read_string(|b, c| GetClusterResourceDependencyExpression(name, b, c)).unwrap();
        assert_eq!(expr, "[Cluster IP Address]");
        let mut cch = 0;
        dword("size query", || GetClusterResourceDependencyExpression(name, null_mut(), &mut cch), MORE_DATA);
        assert_eq!(cch, expr.len() as u32);
        dword(
            "NULL length",
            || GetClusterResourceDependencyExpression(name, null_mut(), null_mut()),
            INVALID_PARAMETER,
        );
        dword("NULL expression", || SetClusterResourceDependencyExpression(name, null()), INVALID_PARAMETER);
        dword(
            "malformed",
            || SetClusterResourceDependencyExpression(name, w("and").as_ptr()),
            INVALID_PARAMETER,
        );
        let or = w("([Cluster IP Address] or [Cluster Name])");
        dword("an OR", || SetClusterResourceDependencyExpression(ip, or.as_ptr()), 50);
        dword("clear", || SetClusterResourceDependencyExpression(name, w("").as_ptr()), 0);
        dword("set", || SetClusterResourceDependencyExpression(name, w("[Cluster IP Address]").as_ptr()), 0);

        let core = fx.group("Cluster Group");
        let svc = fx.new_resource(core, "svc", "Generic Service");
        sle(0);
        let mut buf = string_buf(16);
        cch = 16;
        assert_eq!(GetClusterResourceNetworkName(svc, buf.as_mut_ptr(), &mut cch), 0);
        assert_eq!(gle().0, 5002, "no Network Name among the dependencies");
        assert_eq!(AddClusterResourceDependency(svc, name), 0);
        cch = 16;
        assert_eq!(GetClusterResourceNetworkName(svc, buf.as_mut_ptr(), &mut cch), 1);
        assert_eq!(String::from_utf16_lossy(&buf[..cch as usize]), "CLUSTER");
        cch = 3;
        assert_eq!(GetClusterResourceNetworkName(svc, buf.as_mut_ptr(), &mut cch), 0);
        assert_eq!((gle().0, cch), (MORE_DATA, 7));
        for (label, h) in fx.bad(fx.closed_resource()) {
            dword(label, || GetClusterResourceDependencyExpression(h, null_mut(), &mut cch), INVALID_HANDLE);
            dword(label, || SetClusterResourceDependencyExpression(h, null()), INVALID_HANDLE);
            assert_eq!(GetClusterResourceNetworkName(h, buf.as_mut_ptr(), &mut cch), 0, "{label}");
            assert_eq!(gle().0, INVALID_HANDLE, "{label}");
        }
    }
}
