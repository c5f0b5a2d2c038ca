//! Fault injection (spec/faults.md). Each test names its rule.

use clusim::client::Notification;
use clusim::*;

fn seq(v: Vec<Notification>) -> Vec<String> {
    v.iter()
        .map(|n| format!("{} {}", n.change.name().unwrap().trim_start_matches("CLUSTER_CHANGE_"), n.name))
        .collect()
}

/// FAULT-NODE-DOWN: the node goes Down, its interface Unavailable, and its groups fail
/// over to the next up node: online resources straight to Offline, owner change, online
/// again there (providers first).
#[test]
fn node_down_fails_groups_over() {
    let sim = Sim::builder().manual_clock().instant_transitions(true).build();
    let c = sim.open(None).unwrap();
    let p = c
        .notify_port(
            ChangeFlags::NODE_STATE
                | ChangeFlags::NETINTERFACE_STATE
                | ChangeFlags::NETWORK_STATE
                | ChangeFlags::RESOURCE_STATE,
            NotifyKey(1),
        )
        .unwrap();
    let groups = c.notify_port(ChangeFlags::GROUP_STATE, NotifyKey(2)).unwrap();
    sim.faults(None).node_down("NODE1").unwrap();
    assert_eq!(
        seq(p.drain().unwrap()),
        [
            "NODE_STATE NODE1",
            "NETINTERFACE_STATE NODE1 - Ethernet",
            "RESOURCE_STATE Cluster IP Address",
            "RESOURCE_STATE Cluster Name",
            "RESOURCE_STATE Cluster IP Address",
            "RESOURCE_STATE Cluster IP Address",
            "RESOURCE_STATE Cluster Name",
            "RESOURCE_STATE Cluster Name",
            "RESOURCE_STATE Cluster Disk 1",
            "RESOURCE_STATE Cluster Disk 1",
            "RESOURCE_STATE Cluster Disk 1",
        ]
    );
    assert!(seq(groups.drain().unwrap()).contains(&"GROUP_STATE Cluster Group".to_string()));
    assert_eq!(c.open_node("NODE1").unwrap().state().unwrap(), NodeState::Down);
    assert_eq!(
        c.open_net_interface("NODE1 - Ethernet").unwrap().state().unwrap(),
        NetInterfaceState::Unavailable
    );
    assert_eq!(c.open_network("Cluster Network 1").unwrap().state().unwrap(), NetworkState::Up);
    for g in ["Cluster Group", "Available Storage"] {
        assert_eq!(c.open_group(g).unwrap().state().unwrap(), (GroupState::Online, "NODE2".into()), "{g}");
    }
}

/// FAULT-NODE-DOWN: moving to, or bringing online on, a down node is refused; the node
/// cannot be paused.
#[test]
fn a_down_node_hosts_nothing() {
    let sim = Sim::builder().manual_clock().instant_transitions(true).build();
    let c = sim.open(None).unwrap();
    sim.faults(None).node_down("NODE3").unwrap();
    let n3 = c.open_node("NODE3").unwrap();
    let g = c.open_group("Cluster Group").unwrap();
    assert_eq!(g.move_to(Some(&n3)).unwrap_err(), Win32Error::ERROR_HOST_NODE_NOT_AVAILABLE);
    assert_eq!(n3.pause().unwrap_err(), Win32Error::ERROR_CLUSTER_NODE_DOWN);
    let e = c.create_group("E").unwrap();
    assert_eq!(e.state().unwrap().1, "NODE1", "new groups start on an up node");
}

/// FAULT-NO-HOST: with no node able to host the resources, the group stays with the down
/// node, offline.
#[test]
fn failover_without_a_host_leaves_the_group_offline() {
    let sim = Sim::builder().manual_clock().instant_transitions(true).build();
    let c = sim.open(None).unwrap();
    let disk = c.open_resource("Cluster Disk 1").unwrap();
    disk.remove_possible_owner(&c.open_node("NODE2").unwrap()).unwrap();
    disk.remove_possible_owner(&c.open_node("NODE3").unwrap()).unwrap();
    sim.faults(None).node_down("NODE1").unwrap();
    let storage = c.open_group("Available Storage").unwrap();
    assert_eq!(storage.state().unwrap(), (GroupState::Offline, "NODE1".into()));
    assert_eq!(disk.state().unwrap(), ResourceState::Offline);
    assert_eq!(disk.online().unwrap_err(), Win32Error::ERROR_HOST_NODE_NOT_AVAILABLE);
}

/// FAULT-NODE-UP: the node and its interfaces come back; no failback.
#[test]
fn node_up_restores_the_node_without_failback() {
    let sim = Sim::builder().manual_clock().instant_transitions(true).build();
    let c = sim.open(None).unwrap();
    let f = sim.faults(None);
    f.node_down("NODE1").unwrap();
    let p = c
        .notify_port(
            ChangeFlags::NODE_STATE | ChangeFlags::NETINTERFACE_STATE | ChangeFlags::GROUP_STATE,
            NotifyKey(1),
        )
        .unwrap();
    f.node_up("NODE1").unwrap();
    f.node_up("NODE1").unwrap();
    assert_eq!(seq(p.drain().unwrap()), ["NODE_STATE NODE1", "NETINTERFACE_STATE NODE1 - Ethernet"]);
    assert_eq!(c.open_group("Cluster Group").unwrap().state().unwrap().1, "NODE2");
    // Every node down now loses quorum (QUORUM-LOSS); the Unavailable network is checked
    // with the quorum switch off in tests/quorum.rs.
    assert_eq!(f.node_down("NODE9").unwrap_err(), Win32Error::ERROR_CLUSTER_NODE_NOT_FOUND);
}

/// FAULT-CLUSTER-STATE (N18) and FAULT-RECONNECT: delivered, with the cluster name, to the
/// registrations that asked for them, and to no other.
#[test]
fn cluster_unreachable_and_reconnect_reach_those_who_asked() {
    let sim = Sim::builder().manual_clock().instant_transitions(true).build();
    let c = sim.open(Some("far")).unwrap();
    let asked =
        c.notify_port(ChangeFlags::CLUSTER_STATE | ChangeFlags::CLUSTER_RECONNECT, NotifyKey(1)).unwrap();
    let other = c
        .notify_port(
            ChangeFlags::ALL - ChangeFlags::CLUSTER_STATE - ChangeFlags::CLUSTER_RECONNECT,
            NotifyKey(2),
        )
        .unwrap();
    let f = sim.faults(Some("far"));
    f.cluster_unreachable().unwrap();
    f.reconnect().unwrap();
    assert_eq!(seq(asked.drain().unwrap()), ["CLUSTER_STATE far", "CLUSTER_RECONNECT far"]);
    assert!(other.drain().unwrap().is_empty());
}
