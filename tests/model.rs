//! Model behaviour: the exact event sequences of spec/model.md (N16) and the rules of
//! each operation. Each test names its rule.

use clusim::client::{Cluster, Group, Notification, NotifyPort, Resource};
use clusim::*;

fn setup() -> (Sim, Cluster, NotifyPort) {
    let sim = Sim::builder().manual_clock().instant_transitions(true).build();
    let c = sim.open(None).unwrap();
    let all_but_db = ChangeFlags::ALL - ChangeFlags::REGISTRY_EVENTS;
    let p = c.notify_port(all_but_db, NotifyKey(1)).unwrap();
    (sim, c, p)
}

/// A new group holding two offline Generic Service resources `a` and `b`.
fn pair(c: &Cluster, name: &str) -> (Group, Resource, Resource) {
    let g = c.create_group(name).unwrap();
    let a = g.create_resource("a", "Generic Service").unwrap();
    let b = g.create_resource("b", "Generic Service").unwrap();
    (g, a, b)
}

fn seq(p: &NotifyPort) -> Vec<String> {
    p.drain()
        .unwrap()
        .iter()
        .map(|n: &Notification| {
            format!("{} {}", n.change.name().unwrap().trim_start_matches("CLUSTER_CHANGE_"), n.name)
        })
        .collect()
}

/// MODEL-OFFLINE (N16): dependents first, each Online → OfflinePending → Offline; the
/// group goes Pending, then PartialOnline/Offline as members change.
#[test]
fn offline_takes_dependents_first_through_offline_pending() {
    let (_s, c, p) = setup();
    let ip = c.open_resource("Cluster IP Address").unwrap();
    ip.offline().unwrap();
    assert_eq!(
        seq(&p),
        [
            "RESOURCE_STATE Cluster Name",
            "GROUP_STATE Cluster Group",
            "RESOURCE_STATE Cluster Name",
            "GROUP_STATE Cluster Group",
            "RESOURCE_STATE Cluster IP Address",
            "GROUP_STATE Cluster Group",
            "RESOURCE_STATE Cluster IP Address",
            "GROUP_STATE Cluster Group",
        ]
    );
    let g = c.open_group("Cluster Group").unwrap();
    assert_eq!(g.state().unwrap(), (GroupState::Offline, "NODE1".into()));
}

/// MODEL-ONLINE (N16): providers come online first.
#[test]
fn online_brings_providers_first() {
    let (_s, c, p) = setup();
    let g = c.open_group("Cluster Group").unwrap();
    g.offline().unwrap();
    seq(&p);
    c.open_resource("Cluster Name").unwrap().online().unwrap();
    let states: Vec<String> = seq(&p).into_iter().filter(|s| s.starts_with("RESOURCE_STATE")).collect();
    assert_eq!(
        states,
        [
            "RESOURCE_STATE Cluster IP Address",
            "RESOURCE_STATE Cluster IP Address",
            "RESOURCE_STATE Cluster Name",
            "RESOURCE_STATE Cluster Name"
        ]
    );
    assert_eq!(g.state().unwrap().0, GroupState::Online);
}

/// MODEL-FAIL: fail needs an online resource; it goes straight to Failed, then its online
/// dependents go offline; offline of a failed resource is one event. MODEL-AGGREGATE
/// ([MS-CMRP] 3.1.4.2.46 ApiGetGroupState): Failed outranks Pending, so the group turns
/// Failed once and stays Failed while the dependent passes through OfflinePending.
#[test]
fn fail_then_offline_sequences() {
    let (_s, c, p) = setup();
    let ip = c.open_resource("Cluster IP Address").unwrap();
    ip.fail().unwrap();
    assert_eq!(
        seq(&p),
        [
            "RESOURCE_STATE Cluster IP Address",
            "GROUP_STATE Cluster Group",
            "RESOURCE_STATE Cluster Name",
            "RESOURCE_STATE Cluster Name",
        ]
    );
    assert_eq!(ip.state().unwrap(), ResourceState::Failed);
    assert_eq!(c.open_group("Cluster Group").unwrap().state().unwrap().0, GroupState::Failed);
    assert_eq!(ip.fail().unwrap_err(), Win32Error::ERROR_RESOURCE_NOT_ONLINE);
    ip.offline().unwrap();
    assert_eq!(seq(&p), ["RESOURCE_STATE Cluster IP Address", "GROUP_STATE Cluster Group"]);
}

/// MODEL-MOVE (N16): online members go offline (dependents first), the owner changes
/// (GROUP_STATE), members come back online (providers first).
#[test]
fn move_sequence_and_owner() {
    let (_s, c, p) = setup();
    let g = c.open_group("Cluster Group").unwrap();
    let n3 = c.open_node("NODE3").unwrap();
    g.move_to(Some(&n3)).unwrap();
    assert_eq!(
        seq(&p),
        [
            "RESOURCE_STATE Cluster Name",
            "GROUP_STATE Cluster Group",
            "RESOURCE_STATE Cluster Name",
            "GROUP_STATE Cluster Group",
            "RESOURCE_STATE Cluster IP Address",
            "GROUP_STATE Cluster Group",
            "RESOURCE_STATE Cluster IP Address",
            "GROUP_STATE Cluster Group",
            "GROUP_STATE Cluster Group",
            "RESOURCE_STATE Cluster IP Address",
            "GROUP_STATE Cluster Group",
            "RESOURCE_STATE Cluster IP Address",
            "GROUP_STATE Cluster Group",
            "RESOURCE_STATE Cluster Name",
            "GROUP_STATE Cluster Group",
            "RESOURCE_STATE Cluster Name",
            "GROUP_STATE Cluster Group",
        ]
    );
    assert_eq!(g.state().unwrap(), (GroupState::Online, "NODE3".into()));
    assert_eq!(c.open_resource("Cluster Name").unwrap().status().unwrap().owner_node, "NODE3");
    g.move_to(Some(&n3)).unwrap();
    assert!(seq(&p).is_empty(), "moving to the owner is a no-op");
}

/// MODEL-MOVE: an offline group moves with a single GROUP_STATE; a paused target is
/// ERROR_CLUSTER_NODE_PAUSED; NULL target picks the next up node.
#[test]
fn move_rules() {
    let (_s, c, p) = setup();
    let g = c.create_group("empty").unwrap();
    seq(&p);
    let n2 = c.open_node("NODE2").unwrap();
    n2.pause().unwrap();
    assert_eq!(g.move_to(Some(&n2)).unwrap_err(), Win32Error::ERROR_CLUSTER_NODE_PAUSED);
    assert_eq!(seq(&p), ["NODE_STATE NODE2"]);
    g.move_to(None).unwrap();
    assert_eq!(seq(&p), ["GROUP_STATE empty"]);
    assert_eq!(g.state().unwrap(), (GroupState::Offline, "NODE3".into()));
    let disk = c.open_resource("Cluster Disk 1").unwrap();
    let n1 = c.open_node("NODE1").unwrap();
    let storage = c.open_group("Available Storage").unwrap();
    disk.remove_possible_owner(&c.open_node("NODE3").unwrap()).unwrap();
    let n3 = c.open_node("NODE3").unwrap();
    assert_eq!(storage.move_to(Some(&n3)).unwrap_err(), Win32Error::ERROR_NODE_CANT_HOST_RESOURCE);
    assert_eq!(disk.remove_possible_owner(&n1).unwrap_err(), Win32Error::ERROR_INVALID_STATE);
}

/// MODEL-MOVE (ClusResGroup.Move: the destination comes from "the set of currently
/// active nodes" and "the set of nodes listed as possible owners by all resources in the
/// group"): MoveClusterGroup(NULL) skips an Up node that cannot host every resource; when
/// no node qualifies the call fails (SDK MoveClusterGroup: "If there are no available
/// nodes that can accept the group, the function fails"; code: decision,
/// ERROR_HOST_NODE_NOT_AVAILABLE) and nothing changes.
#[test]
fn move_to_null_picks_an_up_possible_owner_of_every_resource() {
    let (_s, c, p) = setup();
    let storage = c.open_group("Available Storage").unwrap();
    let disk = c.open_resource("Cluster Disk 1").unwrap();
    let [n1, n2] = ["NODE1", "NODE2"].map(|n| c.open_node(n).unwrap());
    disk.remove_possible_owner(&n2).unwrap();
    seq(&p);
    storage.move_to(None).unwrap();
    assert_eq!(storage.state().unwrap(), (GroupState::Online, "NODE3".into()));
    seq(&p);
    disk.offline().unwrap();
    disk.remove_possible_owner(&n1).unwrap();
    seq(&p);
    assert_eq!(storage.move_to(None).unwrap_err(), Win32Error::ERROR_HOST_NODE_NOT_AVAILABLE);
    assert!(seq(&p).is_empty());
    assert_eq!(storage.state().unwrap(), (GroupState::Offline, "NODE3".into()));
}

/// MODEL-AGGREGATE: a new offline resource in an online group makes it PartialOnline
/// (ApiGetGroupState: "one or more but not all resources" online); a group with no
/// resources is Offline even after OnlineClusterGroup (SDK CLUSTER_GROUP_STATE: "there
/// are no resources in the group"), so bringing it online announces nothing.
#[test]
fn group_aggregate_state() {
    let (_s, c, p) = setup();
    let storage = c.open_group("Available Storage").unwrap();
    storage.create_resource("Disk 2", "Physical Disk").unwrap();
    assert_eq!(
        seq(&p),
        ["RESOURCE_ADDED Disk 2", "GROUP_PROPERTY Available Storage", "GROUP_STATE Available Storage"]
    );
    assert_eq!(storage.state().unwrap().0, GroupState::PartialOnline);
    let e = c.create_group("E").unwrap();
    assert_eq!(e.state().unwrap().0, GroupState::Offline);
    e.online().unwrap();
    assert_eq!(seq(&p), ["GROUP_ADDED E"]);
    assert_eq!(e.state().unwrap().0, GroupState::Offline);
}

/// MODEL-AGGREGATE ([MS-CMRP] 3.1.4.2.46): one failed resource makes the group Failed
/// whatever the others do; the online one going offline changes nothing the group
/// shows; once nothing is failed or online the group is Offline.
#[test]
fn one_failed_resource_keeps_the_group_failed() {
    let (_s, c, p) = setup();
    let (g, a, b) = pair(&c, "pair");
    g.online().unwrap();
    seq(&p);
    a.fail().unwrap();
    assert_eq!(seq(&p), ["RESOURCE_STATE a", "GROUP_STATE pair"]);
    assert_eq!(g.state().unwrap().0, GroupState::Failed);
    assert_eq!(b.state().unwrap(), ResourceState::Online);
    b.offline().unwrap();
    assert_eq!(seq(&p), ["RESOURCE_STATE b", "RESOURCE_STATE b"]);
    assert_eq!(g.state().unwrap().0, GroupState::Failed);
    a.offline().unwrap();
    assert_eq!(seq(&p), ["RESOURCE_STATE a", "GROUP_STATE pair"]);
    assert_eq!(g.state().unwrap().0, GroupState::Offline);
}

/// MODEL-AGGREGATE ([MS-CMRP] 3.1.4.2.46): Pending outranks PartialOnline. Bringing a
/// two-resource group online: Pending (a OnlinePending), PartialOnline (a Online, b
/// Offline), Pending again (b OnlinePending), Online.
#[test]
fn pending_outranks_partial_online_in_the_online_sequence() {
    let (_s, c, p) = setup();
    let (g, _a, _b) = pair(&c, "pair");
    seq(&p);
    g.online().unwrap();
    assert_eq!(
        seq(&p),
        [
            "RESOURCE_STATE a",
            "GROUP_STATE pair",
            "RESOURCE_STATE a",
            "GROUP_STATE pair",
            "RESOURCE_STATE b",
            "GROUP_STATE pair",
            "RESOURCE_STATE b",
            "GROUP_STATE pair",
        ]
    );
    assert_eq!(g.state().unwrap().0, GroupState::Online);
}

/// MODEL-DELETE: online, core, and depended-on resources cannot be deleted; non-empty
/// groups cannot be deleted; nothing changes on refusal. A resource that is not offline
/// answers ERROR_INVALID_STATE (SDK DeleteClusterResource: "Windows Server 2012: The
/// resource identified by hResource is not offline currently").
#[test]
fn delete_rules() {
    let (_s, c, p) = setup();
    let disk = c.open_resource("Cluster Disk 1").unwrap();
    assert_eq!(disk.delete().unwrap_err(), Win32Error::ERROR_INVALID_STATE);
    assert!(seq(&p).is_empty());
    let ip = c.open_resource("Cluster IP Address").unwrap();
    ip.offline().unwrap();
    seq(&p);
    assert_eq!(ip.delete().unwrap_err(), Win32Error::ERROR_CORE_RESOURCE);
    assert_eq!(c.open_group("Cluster Group").unwrap().delete().unwrap_err(), Win32Error::ERROR_DIR_NOT_EMPTY);
    let g = c.create_group("deps").unwrap();
    let a = g.create_resource("a", "Generic Service").unwrap();
    let b = g.create_resource("b", "Generic Service").unwrap();
    b.add_dependency(&a).unwrap();
    seq(&p);
    assert_eq!(a.delete().unwrap_err(), Win32Error::ERROR_DEPENDENT_RESOURCE_EXISTS);
    assert!(seq(&p).is_empty());
    b.delete().unwrap();
    a.delete().unwrap();
    g.delete().unwrap();
    assert_eq!(
        seq(&p),
        [
            "RESOURCE_DELETED b",
            "GROUP_PROPERTY deps",
            "RESOURCE_DELETED a",
            "GROUP_PROPERTY deps",
            "GROUP_DELETED deps"
        ]
    );
}

/// MODEL-DEPENDENCY: same group only, no cycles, no duplicates; RESOURCE_PROPERTY on
/// the dependent; enumeration both ways. Codes from SDK AddClusterResourceDependency
/// ("ERROR_CIRCULAR_DEPENDENCY … A resource depends on itself", "ERROR_INVALID_PARAMETER
/// … The resources are not in the same group") and [MS-CMRP] ApiAddResourceDependency
/// (ERROR_CIRCULAR_DEPENDENCY for a circular dependency).
#[test]
fn dependency_rules() {
    let (_s, c, p) = setup();
    let (_g, a, b) = pair(&c, "d");
    let other = c.open_resource("Cluster Disk 1").unwrap();
    seq(&p);
    b.add_dependency(&a).unwrap();
    assert_eq!(seq(&p), ["RESOURCE_PROPERTY b"]);
    assert_eq!(b.add_dependency(&a).unwrap_err(), Win32Error::ERROR_DEPENDENCY_ALREADY_EXISTS);
    assert_eq!(a.add_dependency(&b).unwrap_err(), Win32Error::ERROR_CIRCULAR_DEPENDENCY);
    assert_eq!(a.add_dependency(&a).unwrap_err(), Win32Error::ERROR_CIRCULAR_DEPENDENCY);
    assert_eq!(a.add_dependency(&other).unwrap_err(), Win32Error::ERROR_INVALID_PARAMETER);
    assert!(seq(&p).is_empty());
    assert_eq!(b.dependencies().unwrap().collect::<Vec<_>>(), ["a"]);
    assert_eq!(a.dependents().unwrap().collect::<Vec<_>>(), ["b"]);
    assert_eq!(a.remove_dependency(&b).unwrap_err(), Win32Error::ERROR_DEPENDENCY_NOT_FOUND);
    b.remove_dependency(&a).unwrap();
    assert_eq!(seq(&p), ["RESOURCE_PROPERTY b"]);
}

/// MODEL-CHANGE-GROUP: GROUP_PROPERTY on old then new group, then GROUP_STATE where the
/// aggregate changed; the resource keeps its state; a tree holding a core resource
/// cannot move.
#[test]
fn change_group_rules() {
    let (_s, c, p) = setup();
    let disk = c.open_resource("Cluster Disk 1").unwrap();
    let cg = c.open_group("Cluster Group").unwrap();
    disk.change_group(&cg).unwrap();
    // Same owner: the disk stays online; the emptied group has no resources: Offline.
    assert_eq!(
        seq(&p),
        ["GROUP_PROPERTY Available Storage", "GROUP_PROPERTY Cluster Group", "GROUP_STATE Available Storage"]
    );
    assert_eq!(c.open_group("Available Storage").unwrap().state().unwrap().0, GroupState::Offline);
    assert_eq!(disk.status().unwrap().group, "Cluster Group");
    assert_eq!(disk.state().unwrap(), ResourceState::Online);
    let name = c.open_resource("Cluster Name").unwrap();
    let storage = c.open_group("Available Storage").unwrap();
    assert_eq!(name.change_group(&storage).unwrap_err(), Win32Error::ERROR_CORE_RESOURCE);
    assert!(seq(&p).is_empty());
}

/// MODEL-CHANGE-GROUP (SDK ChangeClusterResourceGroup: "If the resource identified by
/// hResource has dependencies, all of the resources in its dependency tree are moved"):
/// moving B of A ← B ← X and B ← Y moves A, X and Y too, and leaves the unrelated Z.
#[test]
fn change_group_moves_the_whole_dependency_tree() {
    let (_s, c, p) = setup();
    let g1 = c.create_group("g1").unwrap();
    let g2 = c.create_group("g2").unwrap();
    let [a, b, x, y, _z] =
        ["A", "B", "X", "Y", "Z"].map(|n| g1.create_resource(n, "Generic Service").unwrap());
    b.add_dependency(&a).unwrap();
    x.add_dependency(&b).unwrap();
    y.add_dependency(&b).unwrap();
    seq(&p);
    b.change_group(&g2).unwrap();
    assert_eq!(seq(&p), ["GROUP_PROPERTY g1", "GROUP_PROPERTY g2"]);
    assert_eq!(g1.resources().unwrap().collect::<Vec<_>>(), ["Z"]);
    assert_eq!(g2.resources().unwrap().collect::<Vec<_>>(), ["A", "B", "X", "Y"]);
    assert_eq!(y.dependencies().unwrap().collect::<Vec<_>>(), ["B"]);
}

/// MODEL-CHANGE-GROUP (SDK ChangeClusterResourceGroup: "both the group that a resource
/// currently belongs to and its new group must be owned by the same node regardless of
/// the resource's state"): different owners are refused, offline or online, and nothing
/// changes. The code is a decision (the page names none): ERROR_HOST_NODE_NOT_AVAILABLE.
#[test]
fn change_group_refuses_groups_owned_by_different_nodes() {
    let (_s, c, p) = setup();
    let far = c.create_group("far").unwrap();
    far.move_to(Some(&c.open_node("NODE2").unwrap())).unwrap();
    let g = c.create_group("near").unwrap();
    let r = g.create_resource("r", "Generic Service").unwrap();
    seq(&p);
    assert_eq!(r.change_group(&far).unwrap_err(), Win32Error::ERROR_HOST_NODE_NOT_AVAILABLE);
    let disk = c.open_resource("Cluster Disk 1").unwrap();
    assert_eq!(disk.change_group(&far).unwrap_err(), Win32Error::ERROR_HOST_NODE_NOT_AVAILABLE);
    assert!(seq(&p).is_empty());
    assert_eq!(r.status().unwrap().group, "near");
    assert_eq!(disk.state().unwrap(), ResourceState::Online);
}

/// MODEL-NODE: pause/resume/evict rules and events.
#[test]
fn node_rules() {
    let (_s, c, p) = setup();
    let n1 = c.open_node("NODE1").unwrap();
    let n3 = c.open_node("NODE3").unwrap();
    assert_eq!(n3.resume().unwrap_err(), Win32Error::ERROR_CLUSTER_NODE_NOT_PAUSED);
    n3.pause().unwrap();
    n3.pause().unwrap();
    assert_eq!(n3.state().unwrap(), NodeState::Paused);
    n3.resume().unwrap();
    assert_eq!(seq(&p), ["NODE_STATE NODE3", "NODE_STATE NODE3"]);
    assert_eq!(n1.evict().unwrap_err(), Win32Error::ERROR_CANT_EVICT_ACTIVE_NODE);
    n3.evict().unwrap();
    assert_eq!(seq(&p), ["NETINTERFACE_DELETED NODE3 - Ethernet", "NODE_DELETED NODE3"]);
    assert_eq!(n3.state().unwrap_err(), Win32Error::ERROR_CLUSTER_NODE_NOT_FOUND);
    assert_eq!(c.nodes().unwrap().collect::<Vec<_>>(), ["NODE1", "NODE2"]);
    let disk = c.open_resource("Cluster Disk 1").unwrap();
    assert_eq!(disk.possible_owners().unwrap().collect::<Vec<_>>(), ["NODE1", "NODE2"]);
}

/// MODEL-TYPES: resource types are created and deleted by name; in-use types refuse.
#[test]
fn resource_type_rules() {
    let (_s, c, p) = setup();
    c.create_resource_type(&ResourceTypeSpec::named("Custom")).unwrap();
    assert_eq!(
        c.create_resource_type(&ResourceTypeSpec::named("custom")).unwrap_err(),
        Win32Error::ERROR_OBJECT_ALREADY_EXISTS
    );
    assert_eq!(c.delete_resource_type("Physical Disk").unwrap_err(), Win32Error::ERROR_DIR_NOT_EMPTY);
    c.delete_resource_type("Custom").unwrap();
    assert_eq!(
        c.delete_resource_type("Custom").unwrap_err(),
        Win32Error::ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND
    );
    assert_eq!(seq(&p), ["RESOURCE_TYPE_ADDED Custom", "RESOURCE_TYPE_DELETED Custom"]);
}

/// MODEL-PROPERTIES: properties round-trip; Name/Type are read-only; one
/// `<OBJ>_PROPERTY` per call.
#[test]
fn property_rules() {
    let (_s, c, p) = setup();
    let r = c.open_resource("Cluster Disk 1").unwrap();
    let props = vec![
        ("RestartThreshold".to_string(), PropertyValue::Dword(3)),
        ("Description".to_string(), PropertyValue::Sz("the disk".into())),
    ];
    r.set_properties(PropertyScope::Common, &props).unwrap();
    assert_eq!(seq(&p), ["RESOURCE_PROPERTY Cluster Disk 1"]);
    let common = r.properties(PropertyScope::Common).unwrap();
    assert!(common.contains(&("Name".into(), PropertyValue::Sz("Cluster Disk 1".into()))));
    assert!(common.contains(&props[0]) && common.contains(&props[1]));
    assert_eq!(
        r.set_properties(PropertyScope::Common, &vec![("Name".into(), PropertyValue::Sz("x".into()))])
            .unwrap_err(),
        Win32Error::ERROR_INVALID_PARAMETER
    );
    let ip = c.open_resource("Cluster IP Address").unwrap();
    assert!(ip
        .properties(PropertyScope::Private)
        .unwrap()
        .contains(&("Address".into(), PropertyValue::Sz("10.0.0.10".into()))));
    assert!(seq(&p).is_empty());
}

/// MODEL-DEFAULT-TOPOLOGY: the built-in default cluster (spec/topology.md).
#[test]
fn default_topology_matches_the_spec() {
    let (_s, c, _p) = setup();
    assert_eq!(c.nodes().unwrap().collect::<Vec<_>>(), ["NODE1", "NODE2", "NODE3"]);
    assert_eq!(
        c.resource_types().unwrap().collect::<Vec<_>>(),
        ["Physical Disk", "IP Address", "Network Name", "Generic Application", "Generic Service"]
    );
    assert_eq!(c.groups().unwrap().collect::<Vec<_>>(), ["Cluster Group", "Available Storage"]);
    let cg = c.open_group("Cluster Group").unwrap();
    assert_eq!(cg.state().unwrap(), (GroupState::Online, "NODE1".into()));
    assert_eq!(cg.resources().unwrap().collect::<Vec<_>>(), ["Cluster IP Address", "Cluster Name"]);
    assert_eq!(
        c.open_resource("Cluster Name").unwrap().dependencies().unwrap().collect::<Vec<_>>(),
        ["Cluster IP Address"]
    );
    assert_eq!(c.open_resource("Cluster Disk 1").unwrap().status().unwrap().state, ResourceState::Online);
    assert_eq!(c.networks().unwrap().collect::<Vec<_>>(), ["Cluster Network 1"]);
    assert_eq!(
        c.net_interfaces().unwrap().collect::<Vec<_>>(),
        ["NODE1 - Ethernet", "NODE2 - Ethernet", "NODE3 - Ethernet"]
    );
    assert_eq!(c.net_interface_name("NODE2", "Cluster Network 1").unwrap(), "NODE2 - Ethernet");
    assert_eq!(c.open_network("Cluster Network 1").unwrap().state().unwrap(), NetworkState::Up);
    assert_eq!(c.open_net_interface("NODE1 - Ethernet").unwrap().state().unwrap(), NetInterfaceState::Up);
    assert_eq!(c.quorum_resource().unwrap(), None);
}

/// MODEL-TOPOLOGY-FILE: a TOML topology replaces the default; errors name the line.
#[test]
fn topology_file_is_used_for_new_clusters() {
    let dir = std::env::temp_dir().join(format!("clusim-topo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("small.toml");
    std::fs::write(
        &path,
        r#"
quorum = "Witness"
[[node]]
name = "A"
[[node]]
name = "B"
state = "paused"
[[resource_type]]
name = "Physical Disk"
quorum_capable = true
[[group]]
name = "Core"
online = true
[[group.resource]]
name = "Witness"
type = "Physical Disk"
[[network]]
name = "Net"
"#,
    )
    .unwrap();
    let sim = Sim::builder().manual_clock().instant_transitions(true).topology_file(&path).unwrap().build();
    let c = sim.open(Some("small")).unwrap();
    assert_eq!(c.nodes().unwrap().collect::<Vec<_>>(), ["A", "B"]);
    assert_eq!(c.open_node("B").unwrap().state().unwrap(), NodeState::Paused);
    assert_eq!(c.quorum_resource().unwrap().as_deref(), Some("Witness"));
    assert_eq!(c.net_interfaces().unwrap().collect::<Vec<_>>(), ["A - Ethernet", "B - Ethernet"]);
    let p = c.notify_port(ChangeFlags::QUORUM_STATE, NotifyKey(1)).unwrap();
    c.open_resource("Witness").unwrap().offline().unwrap();
    assert_eq!(seq(&p), ["QUORUM_STATE Witness", "QUORUM_STATE Witness"]);
    std::fs::write(&path, "[[node]]\nname = \"A\"\nstate = 3\n").unwrap();
    let err = Sim::builder().topology_file(&path).unwrap_err();
    assert!(err.contains("line 3"), "{err}");
}

/// Determinism: same seed, same calls, same ids and event names.
#[test]
fn same_seed_same_database_names() {
    let run = |seed| {
        let sim = Sim::builder().seed(seed).manual_clock().instant_transitions(true).build();
        let c = sim.open(None).unwrap();
        let p =
            c.notify_port(ChangeFlags::REGISTRY_NAME | ChangeFlags::REGISTRY_SUBTREE, NotifyKey(1)).unwrap();
        c.open_group("Available Storage").unwrap().create_resource("d", "Physical Disk").unwrap();
        p.drain().unwrap()
    };
    assert_eq!(run(7), run(7));
    assert_ne!(run(7), run(8));
}

/// MODEL-TOPOLOGY-FILE: a topology the model refuses is reported with its reason.
#[test]
fn semantically_broken_topology_file_names_the_problem() {
    let path = std::env::temp_dir().join(format!("clusim-topo-bad-{}.toml", std::process::id()));
    std::fs::write(&path, "[[node]]\nname = \"A\"\n[[group]]\nname = \"G\"\n[[group.resource]]\nname = \"R\"\ntype = \"Nope\"\n")
        .unwrap();
    let err = Sim::builder().topology_file(&path).unwrap_err();
    assert!(err.contains("\"R\"") && err.contains("5078"), "{err}");
    let broken =
        Topology::from_toml("[[node]]\nname = \"A\"\n[[group]]\nname = \"G\"\nowner = \"Z\"\n").unwrap();
    let sim = Sim::builder().topology(broken).build();
    assert_eq!(sim.open(None).unwrap_err(), Win32Error::ERROR_INVALID_DATA);
}
