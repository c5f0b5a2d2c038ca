//! Cases for the `…Ex` enumerations and operations (spec/model.md MODEL-ENUM-EX,
//! MODEL-EX): every backend must give the same answers.

use crate::Ctx;
use crate::Fixture;
use clusim_api::enums::*;
use clusim_api::ex::*;
use clusim_api::*;

fn names(items: &[EnumItem]) -> Vec<(u32, String)> {
    items.iter().map(|i| (i.kind, i.name.clone())).collect()
}

fn plain(entries: Vec<EnumEntry>) -> Vec<(u32, String)> {
    entries.into_iter().map(|e| (e.kind, e.name)).collect()
}

/// A property list with one DWORD, as a client passes it to the `…Ex` calls.
fn one_dword_list() -> Vec<u8> {
    proplist::encode(&vec![("Flags".to_string(), PropertyValue::Dword(1))])
}

/// MODEL-ENUM-EX: `ClusterOpenEnumEx` and `ClusterNodeOpenEnumEx` list what the plain
/// enumerations list, in the same order, each with the id `CLUSCTL_*_GET_ID` answers; the
/// internal-network, preferred-group and shared-volume kinds are accepted; other bits
/// are `ERROR_INVALID_PARAMETER`.
pub fn ex_enumerations_list_the_plain_items_with_their_ids(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let b = &ctx.backend;
    let c = ctx.cluster.raw();
    let all = b.cluster_enum_ex(c, CLUSTER_ENUM_ALL).unwrap();
    assert_eq!(names(&all), plain(b.cluster_enum(c, CLUSTER_ENUM_ALL).unwrap()));
    for item in &all {
        let h: Option<ObjectHandle> = match item.kind {
            CLUSTER_ENUM_NODE => Some(ctx.cluster.open_node(&item.name).unwrap().into_raw().into()),
            CLUSTER_ENUM_GROUP => Some(ctx.cluster.open_group(&item.name).unwrap().into_raw().into()),
            CLUSTER_ENUM_RESOURCE => Some(ctx.cluster.open_resource(&item.name).unwrap().into_raw().into()),
            CLUSTER_ENUM_NETWORK => Some(ctx.cluster.open_network(&item.name).unwrap().into_raw().into()),
            CLUSTER_ENUM_NETINTERFACE => {
                Some(ctx.cluster.open_net_interface(&item.name).unwrap().into_raw().into())
            }
            _ => None,
        };
        match h {
            Some(h) => assert_eq!(b.object_id(h).unwrap(), item.id, "{}", item.name),
            None => assert_eq!(item.id, item.name, "a resource type's id is its name"),
        }
    }
    let internal = b.cluster_enum_ex(c, CLUSTER_ENUM_INTERNAL_NETWORK).unwrap();
    let networks = b.cluster_enum_ex(c, CLUSTER_ENUM_NETWORK).unwrap();
    assert_eq!(
        internal.iter().map(|i| &i.id).collect::<Vec<_>>(),
        networks.iter().map(|i| &i.id).collect::<Vec<_>>()
    );
    let csv = CLUSTER_ENUM_SHARED_VOLUME_GROUP | CLUSTER_ENUM_SHARED_VOLUME_RESOURCE;
    assert_eq!(b.cluster_enum_ex(c, csv).unwrap(), vec![]);
    assert_eq!(b.cluster_enum(c, CLUSTER_ENUM_INTERNAL_NETWORK).unwrap().len(), internal.len());
    assert_eq!(b.cluster_enum_ex(c, 0x100).unwrap_err(), Win32Error::ERROR_INVALID_PARAMETER);

    let node2 = ctx.cluster.open_node("NODE2").unwrap();
    let group = ctx.cluster.create_group("prefers NODE2").unwrap();
    group.set_preferred_owners(&[&node2]).unwrap();
    let every =
        CLUSTER_NODE_ENUM_NETINTERFACES | CLUSTER_NODE_ENUM_GROUPS | CLUSTER_NODE_ENUM_PREFERRED_GROUPS;
    let items = b.node_enum_ex(node2.raw(), every).unwrap();
    assert_eq!(names(&items), plain(b.node_enum(node2.raw(), every).unwrap()));
    let preferred: Vec<_> = items.iter().filter(|i| i.kind == CLUSTER_NODE_ENUM_PREFERRED_GROUPS).collect();
    assert_eq!(preferred.len(), 1);
    assert_eq!(preferred[0].name, "prefers NODE2");
    assert_eq!(preferred[0].id, b.object_id(group.raw().into()).unwrap());
    assert_eq!(b.node_enum_ex(node2.raw(), 0x8).unwrap_err(), Win32Error::ERROR_INVALID_PARAMETER);
    let closed = node2.raw();
    node2.close().unwrap();
    assert_eq!(b.node_enum_ex(closed, every).unwrap_err(), Win32Error::ERROR_INVALID_HANDLE);
}

/// MODEL-ENUM-EX: `ClusterGroupEnumEx` items carry the state and owner
/// `GetClusterGroupState` reads; `ClusterResourceEnumEx` items their group's name and id.
pub fn group_and_resource_ex_items_carry_state_owner_and_group(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let b = &ctx.backend;
    let c = ctx.cluster.raw();
    let groups = b.group_enum_ex(c).unwrap();
    assert_eq!(
        groups.iter().map(|g| g.name.clone()).collect::<Vec<_>>(),
        ctx.cluster.groups().unwrap().collect::<Vec<_>>()
    );
    for g in &groups {
        let h = ctx.cluster.open_group(&g.name).unwrap();
        assert_eq!(h.state().unwrap(), (g.state, g.owner_node.clone()), "{}", g.name);
        assert_eq!(b.object_id(h.raw().into()).unwrap(), g.id);
    }
    let resources = b.resource_enum_ex(c).unwrap();
    assert_eq!(
        resources.iter().map(|r| r.name.clone()).collect::<Vec<_>>(),
        ctx.cluster.resources().unwrap().collect::<Vec<_>>()
    );
    for r in &resources {
        let h = ctx.cluster.open_resource(&r.name).unwrap();
        assert_eq!(h.status().unwrap().group, r.group_name);
        assert_eq!(b.object_id(h.raw().into()).unwrap(), r.id);
        assert_eq!(groups.iter().find(|g| g.name == r.group_name).map(|g| &g.id), Some(&r.group_id));
    }
}

/// MODEL-ENUM-EX: `ClusterNetInterfaceOpenEnum` filters by node and network (unknown
/// names: their not-found codes); `ClusterResourceTypeOpenEnum` lists every node, then
/// the type's resources.
pub fn interface_and_resource_type_enumerations(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let b = &ctx.backend;
    let c = ctx.cluster.raw();
    let every: Vec<String> = ctx.cluster.net_interfaces().unwrap().collect();
    assert_eq!(b.net_interface_enum(c, None, None).unwrap(), every);
    let on_node1 = b.net_interface_enum(c, Some("NODE1"), Some("Cluster Network 1")).unwrap();
    assert_eq!(on_node1, vec![ctx.cluster.net_interface_name("NODE1", "Cluster Network 1").unwrap()]);
    assert_eq!(
        b.net_interface_enum(c, Some("NODE9"), None).unwrap_err(),
        Win32Error::ERROR_CLUSTER_NODE_NOT_FOUND
    );
    assert_eq!(
        b.net_interface_enum(c, None, Some("nope")).unwrap_err(),
        Win32Error::ERROR_CLUSTER_NETWORK_NOT_FOUND
    );

    let both = CLUSTER_RESOURCE_TYPE_ENUM_NODES | CLUSTER_RESOURCE_TYPE_ENUM_RESOURCES;
    let got = plain(b.resource_type_enum(c, "Physical Disk", both).unwrap());
    let mut want: Vec<(u32, String)> =
        ctx.cluster.nodes().unwrap().map(|n| (CLUSTER_RESOURCE_TYPE_ENUM_NODES, n)).collect();
    for r in ctx.cluster.resources().unwrap() {
        if ctx.cluster.open_resource(&r).unwrap().type_name().unwrap() == "Physical Disk" {
            want.push((CLUSTER_RESOURCE_TYPE_ENUM_RESOURCES, r));
        }
    }
    assert_eq!(got, want);
    let unknown = b.resource_type_enum(c, "Floppy", both).unwrap_err();
    assert_eq!(unknown, Win32Error::ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND);
    let bad = b.resource_type_enum(c, "Physical Disk", 0x4).unwrap_err();
    assert_eq!(bad, Win32Error::ERROR_INVALID_PARAMETER);
}

/// MODEL-EX: the `…Ex` online / offline / move calls refuse unknown flags
/// (`ERROR_INVALID_PARAMETER`) and malformed input lists (`ERROR_INVALID_DATA`) without
/// changing anything, then do what the plain calls do.
pub fn ex_operations_check_flags_and_input_then_act(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let b = &ctx.backend;
    let g = ctx.cluster.create_group("ex ops").unwrap();
    let r = g.create_resource("ex disk", "Physical Disk").unwrap();
    let node2 = ctx.cluster.open_node("NODE2").unwrap();
    let list = one_dword_list();
    let bad_list = [1u8, 0, 0];
    let invalid = Win32Error::ERROR_INVALID_PARAMETER;
    assert_eq!(b.online_group_ex(g.raw(), None, 0x10, &[]).unwrap_err(), invalid);
    assert_eq!(b.online_group_ex(g.raw(), None, 0, &bad_list).unwrap_err(), Win32Error::ERROR_INVALID_DATA);
    assert_eq!(r.state().unwrap(), ResourceState::Offline);
    b.online_group_ex(g.raw(), None, CLUSAPI_GROUP_ONLINE_SYNCHRONOUS_FLAG, &list).unwrap();
    assert_eq!(r.state().unwrap(), ResourceState::Online);
    assert_eq!(b.offline_group_ex(g.raw(), 0x2, &[]).unwrap_err(), invalid);
    b.offline_group_ex(g.raw(), 0, &[]).unwrap();
    assert_eq!(r.state().unwrap(), ResourceState::Offline);
    assert_eq!(b.move_group_ex(g.raw(), Some(node2.raw()), 0x40, &[]).unwrap_err(), invalid);
    b.move_group_ex(g.raw(), Some(node2.raw()), 0x4, &list).unwrap();
    assert_eq!(g.state().unwrap().1, "NODE2");
    assert_eq!(b.online_resource_ex(r.raw(), 0x10, &[]).unwrap_err(), invalid);
    b.online_resource_ex(r.raw(), 0x1, &[]).unwrap();
    assert_eq!(r.state().unwrap(), ResourceState::Online);
    assert_eq!(b.offline_resource_ex(r.raw(), 0x8, &[]).unwrap_err(), invalid);
    assert_eq!(b.offline_resource_ex(r.raw(), 0, &bad_list).unwrap_err(), Win32Error::ERROR_INVALID_DATA);
    assert_eq!(r.state().unwrap(), ResourceState::Online);
    b.offline_resource_ex(r.raw(), 0x2, &list).unwrap();
    assert_eq!(r.state().unwrap(), ResourceState::Offline);
}

/// `CLUSAPI_GROUP_ONLINE_SYNCHRONOUS`.
const CLUSAPI_GROUP_ONLINE_SYNCHRONOUS_FLAG: u32 = 0x2;

/// MODEL-CANCEL: with no pending move, `CancelClusterGroupOperation` is
/// `ERROR_INVALID_STATE` ([MS-CMRP] ApiCancelClusterGroupOperation); flags other than 0:
/// `ERROR_INVALID_PARAMETER`.
pub fn cancel_without_a_pending_move_is_invalid_state(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let b = &ctx.backend;
    let g = ctx.cluster.open_group("Available Storage").unwrap();
    assert_eq!(b.cancel_group_operation(g.raw(), 1).unwrap_err(), Win32Error::ERROR_INVALID_PARAMETER);
    assert_eq!(b.cancel_group_operation(g.raw(), 0).unwrap_err(), Win32Error::ERROR_INVALID_STATE);
    let closed = g.raw();
    g.close().unwrap();
    assert_eq!(b.cancel_group_operation(closed, 0).unwrap_err(), Win32Error::ERROR_INVALID_HANDLE);
}

/// MODEL-RESTART: `RestartClusterResource` takes an online resource and its online
/// dependents offline and back online; not online: `ERROR_RESOURCE_NOT_ONLINE`; flags:
/// `ERROR_INVALID_PARAMETER`.
pub fn restart_brings_the_resource_and_its_dependents_back(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let b = &ctx.backend;
    let g = ctx.cluster.create_group("restart").unwrap();
    let disk = g.create_resource("restart disk", "Physical Disk").unwrap();
    let app = g.create_resource("restart app", "Generic Application").unwrap();
    assert_eq!(b.restart_resource(disk.raw(), 0).unwrap_err(), Win32Error::ERROR_RESOURCE_NOT_ONLINE);
    app.add_dependency(&disk).unwrap();
    g.online().unwrap();
    assert_eq!(b.restart_resource(disk.raw(), 1).unwrap_err(), Win32Error::ERROR_INVALID_PARAMETER);
    let port = ctx.cluster.notify_port(ChangeFlags::RESOURCE_STATE, NotifyKey(1)).unwrap();
    b.restart_resource(disk.raw(), 0).unwrap();
    assert_eq!((disk.state().unwrap(), app.state().unwrap()), (ResourceState::Online, ResourceState::Online));
    let order: Vec<String> = port.drain().unwrap().into_iter().map(|n| n.name).collect();
    let want = [
        "restart app",
        "restart app",
        "restart disk",
        "restart disk",
        "restart disk",
        "restart disk",
        "restart app",
        "restart app",
    ];
    assert_eq!(order, want, "dependents go offline first and come back last");
}

/// MODEL-GROUP-TYPE, MODEL-DESTROY: `CreateClusterGroupEx` creates the group (its type is
/// kept); `DestroyClusterGroup` takes the resources offline, deletes them and the group;
/// a group holding a core resource is refused with `ERROR_CORE_RESOURCE` and kept whole.
pub fn create_group_ex_and_destroy_group(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let b = &ctx.backend;
    let c = ctx.cluster.raw();
    let g = client::Group::from_raw(
        b.clone(),
        b.create_group_ex(c, "vm role", Some(CLUSGROUP_TYPE_VIRTUAL_MACHINE)).unwrap(),
    );
    assert_eq!(b.create_group_ex(c, "vm role", None).unwrap_err(), Win32Error::ERROR_OBJECT_ALREADY_EXISTS);
    let plain = client::Group::from_raw(b.clone(), b.create_group_ex(c, "no info", None).unwrap());
    let disk = g.create_resource("vm disk", "Physical Disk").unwrap();
    let app = g.create_resource("vm app", "Generic Application").unwrap();
    app.add_dependency(&disk).unwrap();
    g.online().unwrap();
    b.destroy_group(g.raw()).unwrap();
    assert_eq!(ctx.cluster.open_group("vm role").unwrap_err(), Win32Error::ERROR_GROUP_NOT_FOUND);
    assert_eq!(ctx.cluster.open_resource("vm disk").unwrap_err(), Win32Error::ERROR_RESOURCE_NOT_FOUND);
    assert_eq!(ctx.cluster.open_resource("vm app").unwrap_err(), Win32Error::ERROR_RESOURCE_NOT_FOUND);
    b.destroy_group(plain.raw()).unwrap();
    let core = ctx.cluster.open_group("Cluster Group").unwrap();
    let before: Vec<String> = core.resources().unwrap().collect();
    assert_eq!(b.destroy_group(core.raw()).unwrap_err(), Win32Error::ERROR_CORE_RESOURCE);
    assert_eq!(core.resources().unwrap().collect::<Vec<_>>(), before);
    assert_eq!(core.state().unwrap().0, GroupState::Online);
}

/// MODEL-CAN-DEPEND: `CanResourceBeDependent(r, d)`: another resource of the same group
/// that does not already depend on `r`.
pub fn can_be_dependent_follows_the_dependency_rules(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let b = &ctx.backend;
    let g = ctx.cluster.create_group("deps").unwrap();
    let disk = g.create_resource("deps disk", "Physical Disk").unwrap();
    let app = g.create_resource("deps app", "Generic Application").unwrap();
    let other = ctx.cluster.open_resource("Cluster Disk 1").unwrap();
    assert!(b.can_be_dependent(app.raw(), disk.raw()).unwrap());
    assert!(!b.can_be_dependent(app.raw(), app.raw()).unwrap());
    assert!(!b.can_be_dependent(app.raw(), other.raw()).unwrap());
    app.add_dependency(&disk).unwrap();
    assert!(b.can_be_dependent(app.raw(), disk.raw()).unwrap(), "an existing dependency still can be");
    assert!(!b.can_be_dependent(disk.raw(), app.raw()).unwrap(), "a cycle cannot");
    let closed = other.raw();
    other.close().unwrap();
    assert_eq!(b.can_be_dependent(app.raw(), closed).unwrap_err(), Win32Error::ERROR_INVALID_HANDLE);
}

/// MODEL-NODE-ID, CABI-OPEN-EX, MODEL-CLUSTER-FROM: `GetClusterNodeId` is the node's id;
/// `GetNodeClusterState` answers Running for the local node and the cluster's nodes;
/// `GetClusterFrom…` gives a new handle to the object's cluster; `OpenCluster…Ex` opens
/// as the plain call and grants the access asked for.
pub fn node_ids_states_clusters_of_objects_and_open_ex(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let b = &ctx.backend;
    let c = ctx.cluster.raw();
    let node = ctx.cluster.open_node("NODE2").unwrap();
    assert_eq!(b.node_id(node.raw()).unwrap(), b.object_id(node.raw().into()).unwrap());
    assert_eq!(b.node_id(node.raw()).unwrap(), "2");
    assert_eq!(b.node_cluster_state(None).unwrap(), CLUSTER_STATE_RUNNING);
    let g = ctx.cluster.open_group("Available Storage").unwrap();
    let r = ctx.cluster.open_resource("Cluster Disk 1").unwrap();
    let net = ctx.cluster.open_network("Cluster Network 1").unwrap();
    let netif = ctx.cluster.open_net_interface("NODE1 - Ethernet").unwrap();
    let objects: [ObjectHandle; 5] =
        [node.raw().into(), g.raw().into(), r.raw().into(), net.raw().into(), netif.raw().into()];
    for h in objects {
        let other = b.cluster_from(h).unwrap();
        assert_ne!(other, c);
        assert_eq!(b.cluster_name(other).unwrap(), ctx.cluster.name().unwrap());
        b.close_cluster(other).unwrap();
        assert!(!b.object_name(h).unwrap().is_empty(), "the object's handle stays valid");
    }
    assert_eq!(b.cluster_from(ObjectHandle::Cluster(c)).unwrap_err(), Win32Error::ERROR_INVALID_HANDLE);
    let desired = 0x8000_0000;
    let opens = [
        (ObjectKind::Node, "NODE3"),
        (ObjectKind::Group, "Cluster Group"),
        (ObjectKind::Resource, "Cluster Name"),
        (ObjectKind::Network, "Cluster Network 1"),
        (ObjectKind::NetInterface, "NODE1 - Ethernet"),
    ];
    for (kind, name) in opens {
        let (h, granted) = b.open_ex(c, kind, name, desired).unwrap();
        assert_eq!(granted, desired);
        assert_eq!(b.object_name(h).unwrap(), name);
    }
    assert_eq!(
        b.open_ex(c, ObjectKind::Group, "nope", desired).unwrap_err(),
        Win32Error::ERROR_GROUP_NOT_FOUND
    );
}

/// MODEL-DEP-EXPR: `SetClusterResourceDependencyExpression` replaces the dependencies
/// with the AND list it names (by name or id); `Get…` reads them back; an OR of two
/// resources is `ERROR_NOT_SUPPORTED`, and every refusal changes nothing.
/// `GetClusterResourceNetworkName` is the `Name` of the Network Name depended on.
pub fn dependency_expressions_and_the_network_name(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let b = &ctx.backend;
    let g = ctx.cluster.create_group("expr").unwrap();
    let disk = g.create_resource("expr disk", "Physical Disk").unwrap();
    let name = g.create_resource("expr name", "Network Name").unwrap();
    let app = g.create_resource("expr app", "Generic Application").unwrap();
    assert_eq!(b.dependency_expression(app.raw()).unwrap(), "");
    b.set_dependency_expression(app.raw(), "[expr disk] and ([EXPR NAME])").unwrap();
    assert_eq!(b.dependency_expression(app.raw()).unwrap(), "[expr disk] and [expr name]");
    assert_eq!(app.dependencies().unwrap().collect::<Vec<_>>(), ["expr disk", "expr name"]);
    let refusals = [
        ("([expr disk] or [expr name])", Win32Error::ERROR_NOT_SUPPORTED),
        ("[nope]", Win32Error::ERROR_RESOURCE_NOT_FOUND),
        ("expr disk", Win32Error::ERROR_INVALID_PARAMETER),
        ("[expr app]", Win32Error::ERROR_CIRCULAR_DEPENDENCY),
        ("[Cluster Disk 1]", Win32Error::ERROR_INVALID_PARAMETER),
    ];
    for (expr, code) in refusals {
        assert_eq!(b.set_dependency_expression(app.raw(), expr).unwrap_err(), code, "{expr}");
        assert_eq!(b.dependency_expression(app.raw()).unwrap(), "[expr disk] and [expr name]", "{expr}");
    }
    let cycle = b.set_dependency_expression(disk.raw(), "[expr app]").unwrap_err();
    assert_eq!(cycle, Win32Error::ERROR_CIRCULAR_DEPENDENCY);
    assert_eq!(
        b.resource_network_name(app.raw()).unwrap(),
        "expr name",
        "no Name property: the resource's name"
    );
    name.set_properties(
        PropertyScope::Private,
        &vec![("Name".to_string(), PropertyValue::Sz("EXPRNET".into()))],
    )
    .unwrap();
    assert_eq!(b.resource_network_name(app.raw()).unwrap(), "EXPRNET");
    let disk_id = b.object_id(disk.raw().into()).unwrap();
    b.set_dependency_expression(app.raw(), &format!("[{disk_id}]")).unwrap();
    assert_eq!(b.dependency_expression(app.raw()).unwrap(), "[expr disk]");
    assert_eq!(b.resource_network_name(app.raw()).unwrap_err(), Win32Error::ERROR_DEPENDENCY_NOT_FOUND);
    b.set_dependency_expression(app.raw(), "").unwrap();
    assert_eq!(app.dependencies().unwrap().count(), 0);
    let core = ctx.cluster.open_group("Cluster Group").unwrap();
    let svc = core.create_resource("expr service", "Generic Service").unwrap();
    svc.add_dependency(&ctx.cluster.open_resource("Cluster Name").unwrap()).unwrap();
    assert_eq!(b.resource_network_name(svc.raw()).unwrap(), "CLUSTER", "the topology's Name");
}
