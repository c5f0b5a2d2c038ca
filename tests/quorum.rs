//! Node membership and quorum (spec/faults.md QUORUM-*). Each test names its rule.
//! The sequences checked here are those of the instant switch (MODEL-ASYNC: every
//! transition completes inside its call), as in the other pre-asynchronous test files.

use clusim::client::Notification;
use clusim::*;

fn seq(v: Vec<Notification>) -> Vec<String> {
    v.iter()
        .map(|n| format!("{} {}", n.change.name().unwrap().trim_start_matches("CLUSTER_CHANGE_"), n.name))
        .collect()
}

const WATCHED: ChangeFlags = ChangeFlags::NODE_STATE
    .union(ChangeFlags::NETINTERFACE_STATE)
    .union(ChangeFlags::NETWORK_STATE)
    .union(ChangeFlags::RESOURCE_STATE)
    .union(ChangeFlags::GROUP_STATE)
    .union(ChangeFlags::CLUSTER_STATE)
    .union(ChangeFlags::CLUSTER_RECONNECT);

/// QUORUM-LOSS: the node whose loss breaks the node majority is announced, then
/// `CLUSTER_STATE`; nothing fails over, the groups stop silently, and node changes while
/// the cluster is down raise nothing.
#[test]
fn losing_the_majority_posts_cluster_state_and_stops_without_failover() {
    let sim = Sim::builder().manual_clock().instant_transitions(true).build();
    let c = sim.open(None).unwrap();
    let p = c.notify_port(WATCHED, NotifyKey(1)).unwrap();
    let f = sim.faults(None);
    f.node_down("NODE2").unwrap();
    f.node_down("NODE3").unwrap();
    f.node_down("NODE1").unwrap();
    assert_eq!(
        seq(p.drain().unwrap()),
        [
            "NODE_STATE NODE2",
            "NETINTERFACE_STATE NODE2 - Ethernet",
            "NODE_STATE NODE3",
            "NETINTERFACE_STATE NODE3 - Ethernet",
            "CLUSTER_STATE CLUSTER",
        ]
    );
}

/// QUORUM-CALLS (Q1): while the cluster has no quorum, every call through its handles and
/// `OpenCluster` fail with `RPC_S_SERVER_UNAVAILABLE`; ports and closing handles still
/// work; other clusters are unaffected.
#[test]
fn calls_fail_with_rpc_server_unavailable_while_quorum_is_lost() {
    let sim = Sim::builder().manual_clock().instant_transitions(true).build();
    let c = sim.open(None).unwrap();
    let other = sim.open(Some("other")).unwrap();
    let g = c.open_group("Cluster Group").unwrap();
    let n1 = c.open_node("NODE1").unwrap();
    let p = c.notify_port(ChangeFlags::CLUSTER_STATE, NotifyKey(1)).unwrap();
    let f = sim.faults(None);
    f.node_down("NODE2").unwrap();
    f.node_down("NODE3").unwrap();
    let down = Win32Error::RPC_S_SERVER_UNAVAILABLE;
    assert_eq!(g.state().unwrap_err(), down);
    assert_eq!(g.offline().unwrap_err(), down);
    assert_eq!(n1.pause().unwrap_err(), down);
    assert_eq!(c.open_group("Available Storage").unwrap_err(), down);
    assert_eq!(c.root_key().unwrap_err(), down);
    assert_eq!(sim.open(None).unwrap_err(), down);
    assert_eq!(seq(p.drain().unwrap()), ["CLUSTER_STATE CLUSTER"]);
    assert_eq!(other.open_group("Cluster Group").unwrap().state().unwrap().0, GroupState::Online);
    drop(g);
    drop(n1);
}

/// QUORUM-RECOVERY: `CLUSTER_RECONNECT`, the state indications of what changed since the
/// loss, then the groups that were online come back where they are.
#[test]
fn quorum_returns_with_reconnect_and_groups_come_back_online() {
    let sim = Sim::builder().manual_clock().instant_transitions(true).build();
    let c = sim.open(None).unwrap();
    let f = sim.faults(None);
    f.node_down("NODE2").unwrap();
    let p = c.notify_port(WATCHED, NotifyKey(1)).unwrap();
    f.node_down("NODE3").unwrap();
    f.node_up("NODE2").unwrap();
    assert_eq!(
        seq(p.drain().unwrap()),
        [
            "NODE_STATE NODE3",
            "NETINTERFACE_STATE NODE3 - Ethernet",
            "CLUSTER_STATE CLUSTER",
            "CLUSTER_RECONNECT CLUSTER",
            "NODE_STATE NODE2",
            "NETINTERFACE_STATE NODE2 - Ethernet",
            "RESOURCE_STATE Cluster IP Address",
            "GROUP_STATE Cluster Group",
            "RESOURCE_STATE Cluster IP Address",
            "GROUP_STATE Cluster Group",
            "RESOURCE_STATE Cluster Name",
            "GROUP_STATE Cluster Group",
            "RESOURCE_STATE Cluster Name",
            "GROUP_STATE Cluster Group",
            "RESOURCE_STATE Cluster Disk 1",
            "GROUP_STATE Available Storage",
            "RESOURCE_STATE Cluster Disk 1",
            "GROUP_STATE Available Storage",
        ]
    );
    for g in ["Cluster Group", "Available Storage"] {
        assert_eq!(c.open_group(g).unwrap().state().unwrap(), (GroupState::Online, "NODE1".into()), "{g}");
    }
    assert_eq!(c.open_node("NODE3").unwrap().state().unwrap(), NodeState::Down);
}

/// QUORUM-RECOVERY: a group whose owner is still down when quorum returns fails over to
/// an up node and comes online there; the offline group stays offline.
#[test]
fn recovery_fails_over_the_groups_of_a_node_that_is_still_down() {
    let sim = Sim::builder().manual_clock().instant_transitions(true).build();
    let c = sim.open(None).unwrap();
    c.open_group("Available Storage").unwrap().offline().unwrap();
    let f = sim.faults(None);
    f.node_down("NODE1").unwrap();
    f.node_down("NODE2").unwrap();
    assert_eq!(c.open_node("NODE3").unwrap_err(), Win32Error::RPC_S_SERVER_UNAVAILABLE);
    f.node_up("NODE1").unwrap();
    let cg = c.open_group("Cluster Group").unwrap();
    assert_eq!(cg.state().unwrap(), (GroupState::Online, "NODE3".into()));
    let storage = c.open_group("Available Storage").unwrap();
    assert_eq!(storage.state().unwrap().0, GroupState::Offline);
}

/// QUORUM-WITNESS: two nodes and a disk witness keep quorum with one node down (2 of 3
/// votes) and fail over; without the witness the same loss stops the cluster.
#[test]
fn a_witness_vote_keeps_a_two_node_cluster_running() {
    // The default topology on NODE1 and NODE2 only; `Cluster Disk 1` (Physical Disk,
    // quorum-capable) is the disk witness of one of the two clusters.
    let mut without = Topology::default_cluster();
    without.nodes.truncate(2);
    let with = Topology { quorum: Some("Cluster Disk 1".into()), ..without.clone() };
    let sim = Sim::builder()
        .manual_clock()
        .instant_transitions(true)
        .cluster_topology("w", with)
        .cluster_topology("n", without)
        .build();
    let w = sim.open(Some("w")).unwrap();
    let n = sim.open(Some("n")).unwrap();
    sim.faults(Some("w")).node_down("NODE1").unwrap();
    sim.faults(Some("n")).node_down("NODE1").unwrap();
    assert_eq!(w.open_group("Cluster Group").unwrap().state().unwrap(), (GroupState::Online, "NODE2".into()));
    assert_eq!(n.open_group("Cluster Group").unwrap_err(), Win32Error::RPC_S_SERVER_UNAVAILABLE);
    sim.faults(Some("n")).node_up("NODE1").unwrap();
    assert_eq!(n.open_group("Cluster Group").unwrap().state().unwrap(), (GroupState::Online, "NODE1".into()));
}

/// QUORUM-VOTES: a node whose `NodeWeight` is 0 has no vote: with NODE3 unweighted, NODE2
/// down leaves one of two votes, which is not a majority.
#[test]
fn a_node_with_no_weight_does_not_vote() {
    let sim = Sim::builder().manual_clock().instant_transitions(true).build();
    let c = sim.open(None).unwrap();
    let n3 = c.open_node("NODE3").unwrap();
    n3.set_properties(PropertyScope::Common, &vec![("NodeWeight".into(), PropertyValue::Dword(0))]).unwrap();
    sim.faults(None).node_down("NODE3").unwrap();
    assert!(c.open_group("Cluster Group").is_ok(), "2 of 2 votes");
    sim.faults(None).node_down("NODE2").unwrap();
    assert_eq!(c.open_group("Cluster Group").unwrap_err(), Win32Error::RPC_S_SERVER_UNAVAILABLE);
}

/// QUORUM-SWITCH: `SimBuilder::quorum(false)` keeps the cluster running with every node
/// down (FAULT-NETWORK: the network then reads Unavailable).
#[test]
fn the_quorum_switch_keeps_a_cluster_without_majority_running() {
    let sim = Sim::builder().manual_clock().instant_transitions(true).quorum(false).build();
    let c = sim.open(None).unwrap();
    for n in ["NODE1", "NODE2", "NODE3"] {
        sim.faults(None).node_down(n).unwrap();
    }
    assert_eq!(c.open_network("Cluster Network 1").unwrap().state().unwrap(), NetworkState::Unavailable);
}

/// QUORUM-TOPOLOGY: a topology with a majority of its nodes down builds a cluster that has
/// no quorum; bringing a node up starts it.
#[test]
fn a_topology_without_a_majority_starts_down() {
    let mut topo = Topology::default_cluster();
    topo.nodes[1].state = "down".into();
    topo.nodes[2].state = "down".into();
    let sim = Sim::builder().manual_clock().instant_transitions(true).topology(topo).build();
    assert_eq!(sim.open(None).unwrap_err(), Win32Error::RPC_S_SERVER_UNAVAILABLE);
    sim.faults(None).node_up("NODE2").unwrap();
    let c = sim.open(None).unwrap();
    assert_eq!(c.open_group("Cluster Group").unwrap().state().unwrap().0, GroupState::Online);
}
