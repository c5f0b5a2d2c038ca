//! Pause with drain, resume with failback (spec/model.md MODEL-DRAIN, MODEL-FAILBACK).
//! The sequences checked here are those of the instant switch (MODEL-ASYNC: every
//! transition completes inside its call), as in the other pre-asynchronous test files.

use clusim::client::{Cluster, Notification};
use clusim::drain::*;
use clusim::*;

fn seq(v: Vec<Notification>) -> Vec<String> {
    v.iter()
        .map(|n| format!("{} {}", n.change.name().unwrap().trim_start_matches("CLUSTER_CHANGE_"), n.name))
        .collect()
}

fn drain_status(c: &Cluster, node: &str) -> u32 {
    let props = c.open_node(node).unwrap().read_only_properties(PropertyScope::Common).unwrap();
    match props.iter().find(|(k, _)| k == "NodeDrainStatus") {
        Some((_, PropertyValue::Dword(v))) => *v,
        None => drain_status::NOT_INITIATED,
        other => panic!("NodeDrainStatus {other:?}"),
    }
}

fn owner(c: &Cluster, g: &str) -> String {
    c.open_group(g).unwrap().state().unwrap().1
}

/// MODEL-DRAIN: NODE_STATE (Paused), NodeDrainStatus InProgress, each group moved as
/// `MoveClusterGroup(NULL)` moves it, NodeDrainStatus Completed.
#[test]
fn drain_moves_every_group_to_the_best_possible_owner() {
    let sim = Sim::builder().manual_clock().instant_transitions(true).build();
    let c = sim.open(None).unwrap();
    let p = c
        .notify_port(
            ChangeFlags::NODE_STATE | ChangeFlags::NODE_PROPERTY | ChangeFlags::GROUP_STATE,
            NotifyKey(1),
        )
        .unwrap();
    assert_eq!(drain_status(&c, "NODE1"), drain_status::NOT_INITIATED);
    c.open_node("NODE1").unwrap().pause_ex(true, 0, None).unwrap();
    assert_eq!(
        seq(p.drain().unwrap()),
        [
            "NODE_STATE NODE1",
            "NODE_PROPERTY NODE1",
            // MoveClusterGroup of a two-resource group (model.md): Pending, PartialOnline,
            // Pending, Offline on the way down, the owner change, Pending, PartialOnline,
            // Pending, Online on the target.
            "GROUP_STATE Cluster Group",
            "GROUP_STATE Cluster Group",
            "GROUP_STATE Cluster Group",
            "GROUP_STATE Cluster Group",
            "GROUP_STATE Cluster Group",
            "GROUP_STATE Cluster Group",
            "GROUP_STATE Cluster Group",
            "GROUP_STATE Cluster Group",
            "GROUP_STATE Cluster Group",
            // one resource: Pending, Offline, owner, Pending, Online.
            "GROUP_STATE Available Storage",
            "GROUP_STATE Available Storage",
            "GROUP_STATE Available Storage",
            "GROUP_STATE Available Storage",
            "GROUP_STATE Available Storage",
            "NODE_PROPERTY NODE1",
        ]
    );
    assert_eq!(c.open_node("NODE1").unwrap().state().unwrap(), NodeState::Paused);
    assert_eq!(drain_status(&c, "NODE1"), drain_status::COMPLETED);
    for g in ["Cluster Group", "Available Storage"] {
        assert_eq!(c.open_group(g).unwrap().state().unwrap(), (GroupState::Online, "NODE2".into()), "{g}");
    }
}

/// MODEL-DRAIN: with a drain target every group goes there ([MS-CMRP]
/// ApiPauseNodeWithDrainTarget).
#[test]
fn drain_to_a_target_moves_the_groups_there() {
    let sim = Sim::builder().manual_clock().instant_transitions(true).build();
    let c = sim.open(None).unwrap();
    let n3 = c.open_node("NODE3").unwrap();
    c.open_node("NODE1").unwrap().pause_ex(true, 0, Some(&n3)).unwrap();
    assert_eq!(owner(&c, "Cluster Group"), "NODE3");
    assert_eq!(owner(&c, "Available Storage"), "NODE3");
}

/// MODEL-DRAIN: a group no other node can host stays on the paused node; the drain is
/// Failed, unless CLUSAPI_NODE_PAUSE_REMAIN_ON_PAUSED_NODE_ON_MOVE_ERROR allows it to stay
/// (Completed).
#[test]
fn a_group_that_cannot_move_fails_the_drain_unless_allowed_to_remain() {
    for (flags, status) in [
        (0, drain_status::FAILED),
        (CLUSAPI_NODE_PAUSE_REMAIN_ON_PAUSED_NODE_ON_MOVE_ERROR, drain_status::COMPLETED),
    ] {
        let sim = Sim::builder().manual_clock().instant_transitions(true).build();
        let c = sim.open(None).unwrap();
        let disk = c.open_resource("Cluster Disk 1").unwrap();
        for n in ["NODE2", "NODE3"] {
            disk.remove_possible_owner(&c.open_node(n).unwrap()).unwrap();
        }
        c.open_node("NODE1").unwrap().pause_ex(true, flags, None).unwrap();
        assert_eq!(drain_status(&c, "NODE1"), status, "flags {flags}");
        assert_eq!(
            c.open_group("Available Storage").unwrap().state().unwrap(),
            (GroupState::Online, "NODE1".into())
        );
        assert_eq!(owner(&c, "Cluster Group"), "NODE2");
    }
}

/// MODEL-DRAIN refusals, each changing nothing: unknown flag, a target without drain, the
/// node as its own target (ERROR_INVALID_PARAMETER); a down node, or no other Up node
/// (ERROR_CLUSTER_NODE_DOWN); a target that is not Up (ERROR_HOST_NODE_NOT_AVAILABLE); a
/// target of another cluster (ERROR_INVALID_HANDLE).
#[test]
fn pause_ex_refuses_bad_input_with_the_documented_codes() {
    let sim = Sim::builder().manual_clock().instant_transitions(true).quorum(false).build();
    let c = sim.open(None).unwrap();
    let other = sim.open(Some("other")).unwrap();
    let (n1, n2, n3) =
        (c.open_node("NODE1").unwrap(), c.open_node("NODE2").unwrap(), c.open_node("NODE3").unwrap());
    let p = c.notify_port(ChangeFlags::ALL, NotifyKey(1)).unwrap();
    let bad = Win32Error::ERROR_INVALID_PARAMETER;
    assert_eq!(n1.pause_ex(true, 0x8, None).unwrap_err(), bad);
    assert_eq!(n1.pause_ex(false, 0, Some(&n2)).unwrap_err(), bad);
    assert_eq!(n1.pause_ex(true, 0, Some(&n1)).unwrap_err(), bad);
    let foreign = other.open_node("NODE2").unwrap();
    assert_eq!(n1.pause_ex(true, 0, Some(&foreign)).unwrap_err(), Win32Error::ERROR_INVALID_HANDLE);
    n3.pause().unwrap();
    assert_eq!(n1.pause_ex(true, 0, Some(&n3)).unwrap_err(), Win32Error::ERROR_HOST_NODE_NOT_AVAILABLE);
    sim.faults(None).node_down("NODE2").unwrap();
    assert_eq!(n2.pause_ex(true, 0, None).unwrap_err(), Win32Error::ERROR_CLUSTER_NODE_DOWN);
    p.drain().unwrap();
    assert_eq!(
        n1.pause_ex(true, 0, None).unwrap_err(),
        Win32Error::ERROR_CLUSTER_NODE_DOWN,
        "no other Up node"
    );
    assert!(p.drain().unwrap().is_empty());
    assert_eq!(n1.state().unwrap(), NodeState::Up);
    n1.pause_ex(false, 0, None).unwrap();
    assert_eq!(n1.state().unwrap(), NodeState::Paused, "without drain it is PauseClusterNode");
    assert_eq!(owner(&c, "Cluster Group"), "NODE1");
}

/// MODEL-FAILBACK: FailbackGroupsImmediately moves the drained groups back, in drain
/// order; DoNotFailbackGroups leaves them; a group moved elsewhere since comes back too.
#[test]
fn resume_with_failback_brings_the_drained_groups_back() {
    let sim = Sim::builder().manual_clock().instant_transitions(true).build();
    let c = sim.open(None).unwrap();
    let n1 = c.open_node("NODE1").unwrap();
    n1.pause_ex(true, 0, None).unwrap();
    c.open_group("Available Storage").unwrap().move_to(Some(&c.open_node("NODE3").unwrap())).unwrap();
    let p = c.notify_port(ChangeFlags::NODE_STATE | ChangeFlags::GROUP_STATE, NotifyKey(1)).unwrap();
    n1.resume_ex(1, 0).unwrap();
    let events = seq(p.drain().unwrap());
    assert_eq!(events[0], "NODE_STATE NODE1");
    let first_storage = events.iter().position(|e| e.ends_with("Available Storage")).unwrap();
    assert!(events[1..first_storage].iter().all(|e| e == "GROUP_STATE Cluster Group"));
    assert_eq!(owner(&c, "Cluster Group"), "NODE1");
    assert_eq!(owner(&c, "Available Storage"), "NODE1");

    n1.pause_ex(true, 0, None).unwrap();
    n1.resume_ex(0, 0).unwrap();
    assert_eq!(n1.state().unwrap(), NodeState::Up);
    assert_eq!(owner(&c, "Cluster Group"), "NODE2", "DoNotFailbackGroups");
}

/// MODEL-FAILBACK: FailbackGroupsPerPolicy moves back only the groups whose
/// AutoFailbackType is ClusterGroupAllowFailback (1).
#[test]
fn failback_per_policy_follows_auto_failback_type() {
    let sim = Sim::builder().manual_clock().instant_transitions(true).build();
    let c = sim.open(None).unwrap();
    c.open_group("Available Storage")
        .unwrap()
        .set_properties(PropertyScope::Common, &vec![("AutoFailbackType".into(), PropertyValue::Dword(1))])
        .unwrap();
    let n1 = c.open_node("NODE1").unwrap();
    n1.pause_ex(true, 0, None).unwrap();
    n1.resume_ex(2, 0).unwrap();
    assert_eq!(owner(&c, "Available Storage"), "NODE1");
    assert_eq!(owner(&c, "Cluster Group"), "NODE2");
}

/// MODEL-FAILBACK refusals: a failback type outside 0..=2 or an unknown flag
/// (ERROR_INVALID_PARAMETER), a node that is not paused (ERROR_CLUSTER_NODE_NOT_PAUSED).
#[test]
fn resume_ex_refuses_bad_input_with_the_documented_codes() {
    let sim = Sim::builder().manual_clock().instant_transitions(true).build();
    let c = sim.open(None).unwrap();
    let n1 = c.open_node("NODE1").unwrap();
    assert_eq!(n1.resume_ex(0, 0).unwrap_err(), Win32Error::ERROR_CLUSTER_NODE_NOT_PAUSED);
    n1.pause().unwrap();
    assert_eq!(n1.resume_ex(3, 0).unwrap_err(), Win32Error::ERROR_INVALID_PARAMETER);
    assert_eq!(n1.resume_ex(0, 0x8).unwrap_err(), Win32Error::ERROR_INVALID_PARAMETER);
    assert_eq!(n1.state().unwrap(), NodeState::Paused);
    n1.resume_ex(0, CLUSAPI_NODE_RESUME_FAILBACK_STORAGE).unwrap();
    assert_eq!(n1.state().unwrap(), NodeState::Up);
}

/// MODEL-DRAIN under asynchronous transitions (the default, MODEL-ASYNC): the pause
/// returns at once and the groups arrive on the other node as simulated time passes.
#[test]
fn drain_with_asynchronous_transitions_completes_as_time_passes() {
    let sim = Sim::builder().manual_clock().build();
    let c = sim.open(None).unwrap();
    c.open_node("NODE1").unwrap().pause_ex(true, 0, None).unwrap();
    sim.clock().advance(std::time::Duration::from_secs(30));
    for g in ["Cluster Group", "Available Storage"] {
        let (state, owner) = c.open_group(g).unwrap().state().unwrap();
        assert_eq!(state, clusim::GroupState::Online, "{g}");
        assert_ne!(owner, "NODE1", "{g} left the paused node");
    }
}

/// MODEL-DRAIN, V2-PAYLOAD: each NodeDrainStatus change is a NODE COMMON_PROPERTY_V2 whose
/// payload lists just the changed value (ApiGetNotifyV2: "property list of changed values").
#[test]
fn drain_status_changes_reach_v2_ports_as_common_property_events() {
    use clusim::change_v2::NodeChangeV2;
    use clusim::client::NotifyPortV2;
    let sim = Sim::builder().manual_clock().instant_transitions(true).build();
    let c = sim.open(None).unwrap();
    let f = NotifyFilterAndType::node(NodeChangeV2::COMMON_PROPERTY);
    let p = NotifyPortV2::create(&c, &[f], NotifyKey(3)).unwrap();
    c.open_node("NODE1").unwrap().pause_ex(true, 0, None).unwrap();
    let statuses: Vec<PayloadV2> = p.drain().unwrap().into_iter().map(|n| n.payload()).collect();
    let dword = |s| PayloadV2::PropertyList(vec![("NodeDrainStatus".into(), PropertyValue::Dword(s))]);
    assert_eq!(statuses, [dword(drain_status::IN_PROGRESS), dword(drain_status::COMPLETED)]);
}
