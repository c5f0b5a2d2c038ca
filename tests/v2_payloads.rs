//! Every row of the [MS-CMRP] ApiGetNotifyV2 table the model can produce (fact sheet
//! §1.6; spec/v2.md V2-PAYLOAD, V2-SEQUENCES): object type, flag, ObjectId, ParentId,
//! Name, Type and the payload, expected values taken from the table (ids are the ones
//! `CLUSCTL_*_GET_ID` returns, V2-IDS).
//! The sequences checked here are those of the instant switch (MODEL-ASYNC: every
//! transition completes inside its call), as in the other pre-asynchronous test files.

use clusim::change_v2::*;
use clusim::client::{Cluster, NotifyPortV2};
use clusim::notify_v2::MembershipInfo;
use clusim::*;

fn setup() -> (Sim, Cluster) {
    let sim = Sim::builder().manual_clock().instant_transitions(true).build();
    let c = sim.open(None).unwrap();
    (sim, c)
}

fn port(c: &Cluster, f: NotifyFilterAndType) -> NotifyPortV2 {
    NotifyPortV2::create(c, &[f], NotifyKey(0x42)).unwrap()
}

fn id(c: &Cluster, h: impl Into<ObjectHandle>) -> String {
    c.backend().object_id(h.into()).unwrap()
}

/// (object type, flag, ObjectId, ParentId, Name, Type) of a notification.
fn fields(n: &NotificationV2) -> (ObjectType, u64, String, String, String, String) {
    (n.object_type, n.flag, n.object_id.clone(), n.parent_id.clone(), n.name.clone(), n.type_name.clone())
}

fn row(
    t: ObjectType,
    flag: u32,
    object_id: &str,
    parent: &str,
    name: &str,
    ty: &str,
) -> (ObjectType, u64, String, String, String, String) {
    (t, u64::from(flag), object_id.into(), parent.into(), name.into(), ty.into())
}

fn only(p: &NotifyPortV2) -> NotificationV2 {
    let mut all = p.drain().unwrap();
    assert_eq!(all.len(), 1, "{all:?}");
    let n = all.remove(0);
    assert_eq!(n.key, NotifyKey(0x42));
    n
}

fn desc(v: &str) -> PropertyList {
    vec![("Description".to_string(), PropertyValue::Sz(v.into()))]
}

/// CLUSTER GROUP_ADDED_V2: DWORD group type | group ID | hosting node ID | group name | —.
#[test]
fn cluster_group_added_carries_the_group_type_and_hosting_node() {
    let (_s, c) = setup();
    let p = port(&c, NotifyFilterAndType::cluster(ClusterChangeV2::GROUP_ADDED));
    let g = c.create_group("Web").unwrap();
    let n = only(&p);
    assert_eq!(fields(&n), row(ObjectType::Cluster, 0x4, &id(&c, g.raw()), "1", "Web", ""));
    assert_eq!(n.payload(), PayloadV2::Dword(9999), "ClusGroupTypeUnknown");
}

/// CLUSTER RESOURCE_TYPE_ADDED_V2: empty | — | — | type name | —.
#[test]
fn cluster_resource_type_added_names_the_type_only() {
    let (_s, c) = setup();
    let p = port(&c, NotifyFilterAndType::cluster(ClusterChangeV2::RESOURCE_TYPE_ADDED));
    c.create_resource_type(&ResourceTypeSpec::named("Widget")).unwrap();
    let n = only(&p);
    assert_eq!(fields(&n), row(ObjectType::Cluster, 0x40, "", "", "Widget", ""));
    assert_eq!(n.payload(), PayloadV2::Empty);
}

/// CLUSTER COMMON_/PRIVATE_PROPERTY_V2: the changed values, every string empty.
#[test]
fn cluster_property_events_carry_just_the_changed_values() {
    let (_s, c) = setup();
    let f = ClusterChangeV2::COMMON_PROPERTY | ClusterChangeV2::PRIVATE_PROPERTY;
    let p = port(&c, NotifyFilterAndType::cluster(f));
    c.set_properties(PropertyScope::Common, &desc("a")).unwrap();
    c.set_properties(PropertyScope::Private, &desc("b")).unwrap();
    let got = p.drain().unwrap();
    assert_eq!(fields(&got[0]), row(ObjectType::Cluster, 0x80, "", "", "", ""));
    assert_eq!(got[0].payload(), PayloadV2::PropertyList(desc("a")));
    assert_eq!(fields(&got[1]), row(ObjectType::Cluster, 0x100, "", "", "", ""));
    assert_eq!(got[1].payload(), PayloadV2::PropertyList(desc("b")));
}

/// CLUSTER MEMBERSHIP_V2: CLUSTER_MEMBERSHIP_INFO on node down and up.
#[test]
fn membership_reports_the_up_nodes_on_node_down_and_up() {
    let (s, c) = setup();
    let p = port(&c, NotifyFilterAndType::cluster(ClusterChangeV2::MEMBERSHIP));
    s.faults(None).node_down("NODE3").unwrap();
    let n = only(&p);
    assert_eq!(fields(&n), row(ObjectType::Cluster, 0x800, "", "", "", ""));
    assert_eq!(n.payload(), PayloadV2::Membership(MembershipInfo::from_up_nodes(true, [1, 2])));
    s.faults(None).node_up("NODE3").unwrap();
    assert_eq!(only(&p).payload(), PayloadV2::Membership(MembershipInfo::from_up_nodes(true, [1, 2, 3])));
}

/// GROUP DELETED_V2, COMMON_/PRIVATE_PROPERTY_V2: group ID | owner node ID | name.
#[test]
fn group_deleted_and_property_rows() {
    let (_s, c) = setup();
    let g = c.create_group("Web").unwrap();
    let gid = id(&c, g.raw());
    let f = GroupChangeV2::DELETED | GroupChangeV2::COMMON_PROPERTY | GroupChangeV2::PRIVATE_PROPERTY;
    let p = port(&c, NotifyFilterAndType::group(f));
    g.set_properties(PropertyScope::Common, &desc("c")).unwrap();
    g.set_properties(PropertyScope::Private, &desc("p")).unwrap();
    g.delete().unwrap();
    let got = p.drain().unwrap();
    assert_eq!(got.len(), 3);
    assert_eq!(fields(&got[0]), row(ObjectType::Group, 0x2, &gid, "1", "Web", ""));
    assert_eq!(got[0].payload(), PayloadV2::PropertyList(desc("c")));
    assert_eq!(fields(&got[1]), row(ObjectType::Group, 0x4, &gid, "1", "Web", ""));
    assert_eq!(got[1].payload(), PayloadV2::PropertyList(desc("p")));
    assert_eq!(fields(&got[2]), row(ObjectType::Group, 0x1, &gid, "1", "Web", ""));
    assert_eq!(got[2].payload(), PayloadV2::Empty);
}

/// GROUP STATE_V2: DWORD new group state; ends Online (0) after OnlineClusterGroup.
#[test]
fn group_state_carries_the_new_state() {
    let (_s, c) = setup();
    let g = c.create_group("Web").unwrap();
    g.create_resource("App", "Generic Application").unwrap();
    let p = port(&c, NotifyFilterAndType::group(GroupChangeV2::STATE));
    g.online().unwrap();
    let got = p.drain().unwrap();
    let gid = id(&c, g.raw());
    assert!(got.iter().all(|n| fields(n) == row(ObjectType::Group, 0x8, &gid, "1", "Web", "")));
    assert_eq!(got.last().unwrap().payload(), PayloadV2::Dword(GroupState::Online as u32));
}

/// GROUP OWNER_NODE_V2 (ID of the new owner) and NODE GROUP_LOST_V2 / GROUP_GAINED_V2
/// (ID of the group) on a move.
#[test]
fn a_move_reports_the_new_owner_and_the_nodes_that_lost_and_gained_the_group() {
    let (_s, c) = setup();
    let g = c.open_group("Available Storage").unwrap();
    let gid = id(&c, g.raw());
    let p = port(&c, NotifyFilterAndType::group(GroupChangeV2::OWNER_NODE));
    p.add(
        &c,
        &[NotifyFilterAndType::node(NodeChangeV2::GROUP_GAINED | NodeChangeV2::GROUP_LOST)],
        NotifyKey(0x42),
    )
    .unwrap();
    g.move_to(Some(&c.open_node("NODE2").unwrap())).unwrap();
    let got = p.drain().unwrap();
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(fields(&got[0]), row(ObjectType::Group, 0x10, &gid, "2", "Available Storage", ""));
    assert_eq!(got[0].payload(), PayloadV2::Id("2".into()));
    assert_eq!(fields(&got[1]), row(ObjectType::Node, 0x40, "1", "", "NODE1", ""));
    assert_eq!(got[1].payload(), PayloadV2::Id(gid.clone()));
    assert_eq!(fields(&got[2]), row(ObjectType::Node, 0x20, "2", "", "NODE2", ""));
    assert_eq!(got[2].payload(), PayloadV2::Id(gid));
}

/// NODE GROUP_LOST_V2 / GROUP_GAINED_V2 on a failover too.
#[test]
fn a_failover_reports_group_lost_and_gained() {
    let (s, c) = setup();
    let gid = id(&c, c.open_group("Cluster Group").unwrap().raw());
    let p = port(&c, NotifyFilterAndType::node(NodeChangeV2::GROUP_GAINED | NodeChangeV2::GROUP_LOST));
    s.faults(None).node_down("NODE1").unwrap();
    let got: Vec<_> =
        p.drain().unwrap().into_iter().filter(|n| n.payload() == PayloadV2::Id(gid.clone())).collect();
    assert_eq!(got.len(), 2);
    assert_eq!((got[0].flag, got[0].name.as_str()), (0x40, "NODE1"));
    assert_eq!((got[1].flag, got[1].name.as_str()), (0x20, "NODE2"));
}

/// GROUP PREFERRED_OWNERS_V2: MULTI_SZ of preferred-owner node IDs.
#[test]
fn preferred_owners_are_node_ids_in_order() {
    let (_s, c) = setup();
    let g = c.create_group("Web").unwrap();
    let p = port(&c, NotifyFilterAndType::group(GroupChangeV2::PREFERRED_OWNERS));
    let (n1, n2) = (c.open_node("NODE1").unwrap(), c.open_node("NODE2").unwrap());
    g.set_preferred_owners(&[&n2, &n1]).unwrap();
    let n = only(&p);
    assert_eq!(fields(&n), row(ObjectType::Group, 0x20, &id(&c, g.raw()), "1", "Web", ""));
    assert_eq!(n.payload(), PayloadV2::IdList(vec!["2".into(), "1".into()]));
}

/// GROUP RESOURCE_ADDED_V2 as the table has it (sic: payload the group ID, ObjectId and
/// Name the new resource's) and RESOURCE_GAINED_V2 (payload the resource ID).
#[test]
fn resource_added_and_gained_rows_as_the_table_lays_them_out() {
    let (_s, c) = setup();
    let g = c.create_group("Web").unwrap();
    let f = GroupChangeV2::RESOURCE_ADDED | GroupChangeV2::RESOURCE_GAINED;
    let p = port(&c, NotifyFilterAndType::group(f));
    let r = g.create_resource("App", "Generic Application").unwrap();
    let (gid, rid) = (id(&c, g.raw()), id(&c, r.raw()));
    let got = p.drain().unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(fields(&got[0]), row(ObjectType::Group, 0x40, &rid, "1", "App", ""));
    assert_eq!(got[0].payload(), PayloadV2::Id(gid.clone()));
    assert_eq!(fields(&got[1]), row(ObjectType::Group, 0x80, &gid, "1", "Web", ""));
    assert_eq!(got[1].payload(), PayloadV2::Id(rid));
}

/// RESOURCE DELETED_V2 (ID of the group that contained it) and GROUP RESOURCE_LOST_V2.
#[test]
fn deleting_a_resource_reports_deleted_and_lost() {
    let (_s, c) = setup();
    let g = c.create_group("Web").unwrap();
    let r = g.create_resource("App", "Generic Application").unwrap();
    let (gid, rid) = (id(&c, g.raw()), id(&c, r.raw()));
    let p = port(&c, NotifyFilterAndType::resource(ResourceChangeV2::DELETED));
    p.add(&c, &[NotifyFilterAndType::group(GroupChangeV2::RESOURCE_LOST)], NotifyKey(0x42)).unwrap();
    r.delete().unwrap();
    let got = p.drain().unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(fields(&got[0]), row(ObjectType::Resource, 0x80, &rid, &gid, "App", "Generic Application"));
    assert_eq!(got[0].payload(), PayloadV2::Id(gid.clone()));
    assert_eq!(fields(&got[1]), row(ObjectType::Group, 0x100, &gid, "1", "Web", ""));
    assert_eq!(got[1].payload(), PayloadV2::Id(rid));
}

/// ChangeClusterResourceGroup: RESOURCE_LOST_V2 on the old group, RESOURCE_GAINED_V2 on
/// the new one, RESOURCE OWNER_GROUP_V2 (ID of the new containing group).
#[test]
fn changing_a_resources_group_reports_lost_gained_and_owner_group() {
    let (_s, c) = setup();
    let (a, b) = (c.create_group("A").unwrap(), c.create_group("B").unwrap());
    let r = a.create_resource("App", "Generic Application").unwrap();
    let (aid, bid, rid) = (id(&c, a.raw()), id(&c, b.raw()), id(&c, r.raw()));
    let p =
        port(&c, NotifyFilterAndType::group(GroupChangeV2::RESOURCE_LOST | GroupChangeV2::RESOURCE_GAINED));
    p.add(&c, &[NotifyFilterAndType::resource(ResourceChangeV2::OWNER_GROUP)], NotifyKey(0x42)).unwrap();
    r.change_group(&b).unwrap();
    let got = p.drain().unwrap();
    assert_eq!(got.len(), 3);
    assert_eq!(
        (fields(&got[0]), got[0].payload()),
        (row(ObjectType::Group, 0x100, &aid, "1", "A", ""), PayloadV2::Id(rid.clone()))
    );
    assert_eq!(
        (fields(&got[1]), got[1].payload()),
        (row(ObjectType::Group, 0x80, &bid, "1", "B", ""), PayloadV2::Id(rid.clone()))
    );
    let owner = row(ObjectType::Resource, 0x8, &rid, &bid, "App", "Generic Application");
    assert_eq!((fields(&got[2]), got[2].payload()), (owner, PayloadV2::Id(bid)));
}

/// RESOURCE COMMON_PROPERTY_V2 (property list) and PRIVATE_PROPERTY_V2 (empty, sic).
#[test]
fn resource_property_rows_with_the_empty_private_payload() {
    let (_s, c) = setup();
    let r = c.open_resource("Cluster Disk 1").unwrap();
    let (rid, gid) = (id(&c, r.raw()), id(&c, c.open_group("Available Storage").unwrap().raw()));
    let p = port(
        &c,
        NotifyFilterAndType::resource(ResourceChangeV2::COMMON_PROPERTY | ResourceChangeV2::PRIVATE_PROPERTY),
    );
    r.set_properties(PropertyScope::Common, &desc("c")).unwrap();
    r.set_properties(PropertyScope::Private, &desc("p")).unwrap();
    let got = p.drain().unwrap();
    let same = |f| row(ObjectType::Resource, f, &rid, &gid, "Cluster Disk 1", "Physical Disk");
    assert_eq!((fields(&got[0]), got[0].payload()), (same(0x1), PayloadV2::PropertyList(desc("c"))));
    assert_eq!((fields(&got[1]), got[1].buffer.len()), (same(0x2), 0));
}

/// RESOURCE STATE_V2: DWORD resource state, ending Online (2).
#[test]
fn resource_state_carries_the_state() {
    let (_s, c) = setup();
    let g = c.create_group("Web").unwrap();
    let r = g.create_resource("App", "Generic Application").unwrap();
    let p = port(&c, NotifyFilterAndType::resource(ResourceChangeV2::STATE));
    r.online().unwrap();
    let got = p.drain().unwrap();
    assert!(!got.is_empty());
    assert_eq!(got.last().unwrap().payload(), PayloadV2::Dword(ResourceState::Online as u32));
    assert_eq!(got[0].type_name, "Generic Application");
}

/// RESOURCE DEPENDENCIES_V2 on the dependent (the expression) and DEPENDENTS_V2 on the
/// provider (MULTI_SZ of resource IDs depending on it).
#[test]
fn dependency_changes_report_the_expression_and_the_dependents() {
    let (_s, c) = setup();
    let g = c.create_group("Web").unwrap();
    let (ip, app) = (
        g.create_resource("IP", "IP Address").unwrap(),
        g.create_resource("App", "Generic Application").unwrap(),
    );
    let (ipid, appid) = (id(&c, ip.raw()), id(&c, app.raw()));
    let p = port(
        &c,
        NotifyFilterAndType::resource(ResourceChangeV2::DEPENDENCIES | ResourceChangeV2::DEPENDENTS),
    );
    app.add_dependency(&ip).unwrap();
    app.remove_dependency(&ip).unwrap();
    let got = p.drain().unwrap();
    assert_eq!(got.len(), 4);
    assert_eq!(
        (got[0].flag, got[0].object_id.as_str(), got[0].payload()),
        (0x10, appid.as_str(), PayloadV2::Id("[IP]".into()))
    );
    assert_eq!(
        (got[1].flag, got[1].object_id.as_str(), got[1].payload()),
        (0x20, ipid.as_str(), PayloadV2::IdList(vec![appid]))
    );
    assert_eq!(got[2].payload(), PayloadV2::Id(String::new()));
    assert_eq!(got[3].payload(), PayloadV2::IdList(vec![]));
}

/// `SetClusterResourceDependencyExpression` (MODEL-DEP-EXPR) changes dependencies like
/// the add/remove calls: DEPENDENCIES_V2 on the dependent with its new expression, then
/// DEPENDENTS_V2 on every provider whose dependents changed (the dropped one, the added one).
#[test]
fn a_dependency_expression_reports_the_expression_and_each_changed_provider() {
    let (_s, c) = setup();
    let g = c.create_group("Web").unwrap();
    let (ip, disk, app) = (
        g.create_resource("IP", "IP Address").unwrap(),
        g.create_resource("Disk", "Physical Disk").unwrap(),
        g.create_resource("App", "Generic Application").unwrap(),
    );
    app.add_dependency(&ip).unwrap();
    let (ipid, diskid, appid) = (id(&c, ip.raw()), id(&c, disk.raw()), id(&c, app.raw()));
    let p = port(
        &c,
        NotifyFilterAndType::resource(ResourceChangeV2::DEPENDENCIES | ResourceChangeV2::DEPENDENTS),
    );
    c.backend().set_dependency_expression(app.raw(), "[Disk]").unwrap();
    let got: Vec<(u64, String, PayloadV2)> =
        p.drain().unwrap().into_iter().map(|n| (n.flag, n.object_id.clone(), n.payload())).collect();
    assert_eq!(
        got,
        [
            (0x10, appid.clone(), PayloadV2::Id("[Disk]".into())),
            (0x20, ipid, PayloadV2::IdList(vec![])),
            (0x20, diskid, PayloadV2::IdList(vec![appid])),
        ]
    );
}

/// RESOURCE POSSIBLE_OWNERS_V2: MULTI_SZ of node IDs.
#[test]
fn possible_owners_are_node_ids() {
    let (_s, c) = setup();
    let r = c.open_resource("Cluster Disk 1").unwrap();
    let p = port(&c, NotifyFilterAndType::resource(ResourceChangeV2::POSSIBLE_OWNERS));
    r.remove_possible_owner(&c.open_node("NODE3").unwrap()).unwrap();
    assert_eq!(only(&p).payload(), PayloadV2::IdList(vec!["1".into(), "2".into()]));
}

/// RESOURCE_TYPE DELETED_V2 / PRIVATE_PROPERTY_V2 (empty), COMMON_PROPERTY_V2 (list):
/// Name the type name, no ids.
#[test]
fn resource_type_rows() {
    let (_s, c) = setup();
    c.create_resource_type(&ResourceTypeSpec::named("Widget")).unwrap();
    let f = ResourceTypeChangeV2::DELETED
        | ResourceTypeChangeV2::COMMON_PROPERTY
        | ResourceTypeChangeV2::PRIVATE_PROPERTY;
    let p = port(&c, NotifyFilterAndType::resource_type(f));
    let b = c.backend();
    b.set_resource_type_properties(c.raw(), "Widget", PropertyScope::Common, &desc("c")).unwrap();
    b.set_resource_type_properties(c.raw(), "Widget", PropertyScope::Private, &desc("p")).unwrap();
    c.delete_resource_type("Widget").unwrap();
    let got = p.drain().unwrap();
    assert_eq!(got.len(), 3);
    assert_eq!(
        (fields(&got[0]), got[0].payload()),
        (row(ObjectType::ResourceType, 0x2, "", "", "Widget", ""), PayloadV2::PropertyList(desc("c")))
    );
    assert_eq!(
        (fields(&got[1]), got[1].payload()),
        (row(ObjectType::ResourceType, 0x4, "", "", "Widget", ""), PayloadV2::Empty)
    );
    assert_eq!(
        (fields(&got[2]), got[2].payload()),
        (row(ObjectType::ResourceType, 0x1, "", "", "Widget", ""), PayloadV2::Empty)
    );
}

/// NETWORK_INTERFACE STATE_V2 (ParentId = node ID, §7.8) and NETWORK STATE_V2, both with
/// the DWORD state; NETWORK COMMON_PROPERTY_V2 on a rename. Every node goes down, so
/// the quorum switch is off (QUORUM-LOSS: a cluster without quorum announces nothing).
#[test]
fn network_and_interface_rows() {
    let s = Sim::builder().manual_clock().instant_transitions(true).quorum(false).build();
    let c = s.open(None).unwrap();
    let net = c.open_network("Cluster Network 1").unwrap();
    let ifname = c.net_interface_name("NODE3", "Cluster Network 1").unwrap();
    let ifid = id(&c, c.open_net_interface(&ifname).unwrap().raw());
    let netid = id(&c, net.raw());
    let p = port(&c, NotifyFilterAndType::net_interface(NetInterfaceChangeV2::STATE));
    p.add(
        &c,
        &[NotifyFilterAndType::network(NetworkChangeV2::STATE | NetworkChangeV2::COMMON_PROPERTY)],
        NotifyKey(0x42),
    )
    .unwrap();
    s.faults(None).node_down("NODE3").unwrap();
    let n = only(&p);
    assert_eq!(fields(&n), row(ObjectType::NetworkInterface, 0x8, &ifid, "3", &ifname, ""));
    assert_eq!(n.payload(), PayloadV2::Dword(NetInterfaceState::Unavailable as u32));
    s.faults(None).node_down("NODE2").unwrap();
    s.faults(None).node_down("NODE1").unwrap();
    let net_state = p.drain().unwrap().into_iter().find(|n| n.object_type == ObjectType::Network).unwrap();
    assert_eq!(fields(&net_state), row(ObjectType::Network, 0x8, &netid, "", "Cluster Network 1", ""));
    assert_eq!(net_state.payload(), PayloadV2::Dword(NetworkState::Unavailable as u32));
    net.rename("Public").unwrap();
    let n = only(&p);
    assert_eq!(fields(&n), row(ObjectType::Network, 0x2, &netid, "", "Public", ""));
    assert_eq!(
        n.payload(),
        PayloadV2::PropertyList(vec![("Name".into(), PropertyValue::Sz("Public".into()))])
    );
}

/// NODE STATE_V2 (DWORD node state), COMMON_PROPERTY_V2; eviction: NETWORK_INTERFACE
/// DELETED_V2 then NODE DELETED_V2 (DWORD node state).
#[test]
fn node_rows_and_eviction() {
    let (_s, c) = setup();
    let node = c.open_node("NODE3").unwrap();
    let ifname = c.net_interface_name("NODE3", "Cluster Network 1").unwrap();
    let ifid = id(&c, c.open_net_interface(&ifname).unwrap().raw());
    let f = NodeChangeV2::STATE | NodeChangeV2::COMMON_PROPERTY | NodeChangeV2::DELETED;
    let p = port(&c, NotifyFilterAndType::node(f));
    p.add(&c, &[NotifyFilterAndType::net_interface(NetInterfaceChangeV2::DELETED)], NotifyKey(0x42)).unwrap();
    node.pause().unwrap();
    node.resume().unwrap();
    node.set_properties(PropertyScope::Common, &desc("n")).unwrap();
    node.evict().unwrap();
    let got = p.drain().unwrap();
    assert_eq!(got.len(), 5, "{got:?}");
    assert_eq!(
        (fields(&got[0]), got[0].payload()),
        (row(ObjectType::Node, 0x10, "3", "", "NODE3", ""), PayloadV2::Dword(2))
    );
    assert_eq!(got[1].payload(), PayloadV2::Dword(NodeState::Up as u32));
    assert_eq!(
        (fields(&got[2]), got[2].payload()),
        (row(ObjectType::Node, 0x4, "3", "", "NODE3", ""), PayloadV2::PropertyList(desc("n")))
    );
    assert_eq!(
        (fields(&got[3]), got[3].payload()),
        (row(ObjectType::NetworkInterface, 0x1, &ifid, "3", &ifname, ""), PayloadV2::Empty)
    );
    assert_eq!(
        (fields(&got[4]), got[4].payload()),
        (row(ObjectType::Node, 0x2, "3", "", "NODE3", ""), PayloadV2::Dword(0))
    );
}

/// REGISTRY VALUE_V2 (ObjectId the value name), NAME_V2, ATTRIBUTES_V2: Name the key's
/// name relative to the registration's key, empty buffers.
#[test]
fn registry_rows_relative_to_the_registered_key() {
    let (_s, c) = setup();
    let root = c.root_key().unwrap();
    let k = root.create("App").unwrap();
    let p = NotifyPortV2::create(&c, &[], NotifyKey(0)).unwrap();
    let f = RegistryChangeV2::VALUE
        | RegistryChangeV2::NAME
        | RegistryChangeV2::ATTRIBUTES
        | RegistryChangeV2::SUBTREE;
    p.register_key(&k, NotifyFilterAndType::registry(f), NotifyKey(0x42)).unwrap();
    let sub = k.create("Sub").unwrap();
    sub.set_value("Level", property::REG_DWORD, &1u32.to_le_bytes()).unwrap();
    k.set_security(&k.security().unwrap()).unwrap();
    root.set_value("Outside", property::REG_DWORD, &1u32.to_le_bytes()).unwrap();
    let got = p.drain().unwrap();
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(fields(&got[0]), row(ObjectType::Registry, 0x2, "", "", "Sub", ""));
    assert_eq!(fields(&got[1]), row(ObjectType::Registry, 0x8, "Level", "", "Sub", ""));
    assert_eq!(fields(&got[2]), row(ObjectType::Registry, 0x1, "", "", "", ""));
    assert!(got.iter().all(|n| n.buffer.is_empty() && n.key == NotifyKey(0x42)));
}

/// QUORUM STATE_V2: DWORD resource state | resource ID | — | resource name | —.
#[test]
fn quorum_state_names_the_quorum_resource() {
    let (_s, c) = setup();
    let disk = c.open_resource("Cluster Disk 1").unwrap();
    c.backend().set_quorum_resource(disk.raw()).unwrap();
    let p = port(&c, NotifyFilterAndType::quorum(QuorumChangeV2::STATE));
    disk.offline().unwrap();
    let got = p.drain().unwrap();
    let last = got.last().unwrap();
    assert_eq!(fields(last), row(ObjectType::Quorum, 0x1, &id(&c, disk.raw()), "", "Cluster Disk 1", ""));
    assert_eq!(last.payload(), PayloadV2::Dword(ResourceState::Offline as u32));
}
