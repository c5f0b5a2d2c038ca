//! Transitions on simulated time, scripted resource behaviour, and the restart /
//! failover / failback policies (spec/model.md MODEL-ASYNC, MODEL-SCRIPT,
//! MODEL-RESTART, MODEL-FAILOVER, MODEL-FAILBACK). Manual clock, asynchronous default.

use clusim::{
    ChangeFlags, FailoverPolicy, GroupState, NotifyKey, ResourceState, RestartPolicy, Sim, Win32Error,
};
use std::time::Duration;

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn sim() -> Sim {
    Sim::builder().manual_clock().build()
}

/// (change, name) of everything a port holds now.
fn drain(p: &clusim::client::NotifyPort) -> Vec<(ChangeFlags, String)> {
    p.drain().unwrap().into_iter().map(|n| (n.change, n.name)).collect()
}

const R: ChangeFlags = ChangeFlags::RESOURCE_STATE;
const G: ChangeFlags = ChangeFlags::GROUP_STATE;

fn ev(c: ChangeFlags, n: &str) -> (ChangeFlags, String) {
    (c, n.to_string())
}

// MODEL-ASYNC: SDK OnlineClusterResource — ERROR_IO_PENDING while the resource comes
// online; the state events arrive as time passes (MODEL-DURATIONS: a disk takes 2 s).
#[test]
fn online_returns_io_pending_and_completes_after_the_online_duration() {
    let sim = sim();
    let c = sim.open(None).unwrap();
    let g = c.create_group("Web").unwrap();
    let disk = g.create_resource("Web Disk", "Physical Disk").unwrap();
    let p = c.notify_port(R | G, NotifyKey(1)).unwrap();
    assert_eq!(disk.online(), Err(Win32Error::ERROR_IO_PENDING));
    assert_eq!(disk.state().unwrap(), ResourceState::OnlinePending);
    assert_eq!(drain(&p), [ev(R, "Web Disk"), ev(G, "Web")]);
    sim.clock().advance(ms(1999));
    assert_eq!(disk.state().unwrap(), ResourceState::OnlinePending);
    assert!(drain(&p).is_empty());
    sim.clock().advance(ms(1));
    assert_eq!(disk.state().unwrap(), ResourceState::Online);
    assert_eq!(drain(&p), [ev(R, "Web Disk"), ev(G, "Web")]);
    assert_eq!(g.state().unwrap().0, GroupState::Online);
    // Offline: ERROR_IO_PENDING, OfflinePending for 1 s.
    assert_eq!(disk.offline(), Err(Win32Error::ERROR_IO_PENDING));
    assert_eq!(disk.state().unwrap(), ResourceState::OfflinePending);
    sim.clock().advance(ms(1000));
    assert_eq!(disk.state().unwrap(), ResourceState::Offline);
    assert_eq!(g.state().unwrap().0, GroupState::Offline);
}

// MODEL-ASYNC: the instant switch keeps every call synchronous.
#[test]
fn the_instant_switch_completes_every_transition_inside_the_call() {
    let sim = Sim::builder().manual_clock().instant_transitions(true).build();
    let c = sim.open(None).unwrap();
    let g = c.create_group("Web").unwrap();
    let disk = g.create_resource("Web Disk", "Physical Disk").unwrap();
    assert_eq!(disk.online(), Ok(()));
    assert_eq!(disk.state().unwrap(), ResourceState::Online);
    assert_eq!(g.move_to(Some(&c.open_node("NODE2").unwrap())), Ok(()));
    assert_eq!(g.state().unwrap(), (GroupState::Online, "NODE2".to_string()));
}

// MODEL-ASYNC: MoveClusterGroup — offline on the owner, owner change, online on the
// target, each step on simulated time.
#[test]
fn move_goes_offline_changes_owner_then_comes_online_on_the_target() {
    let sim = sim();
    let c = sim.open(None).unwrap();
    let g = c.open_group("Available Storage").unwrap();
    let p = c.notify_port(R | G, NotifyKey(1)).unwrap();
    assert_eq!(g.move_to(Some(&c.open_node("NODE2").unwrap())), Err(Win32Error::ERROR_IO_PENDING));
    assert_eq!(drain(&p), [ev(R, "Cluster Disk 1"), ev(G, "Available Storage")]);
    assert_eq!(g.state().unwrap(), (GroupState::Pending, "NODE1".to_string()));
    sim.clock().advance(ms(1000));
    // Offline on NODE1; the owner changes; OnlinePending on NODE2 at once.
    assert_eq!(
        drain(&p),
        [
            ev(R, "Cluster Disk 1"),
            ev(G, "Available Storage"),
            ev(G, "Available Storage"),
            ev(R, "Cluster Disk 1"),
            ev(G, "Available Storage")
        ]
    );
    assert_eq!(g.state().unwrap(), (GroupState::Pending, "NODE2".to_string()));
    sim.clock().advance(ms(2000));
    assert_eq!(g.state().unwrap(), (GroupState::Online, "NODE2".to_string()));
}

// MODEL-SCRIPT + MODEL-PENDING-TIMEOUT: a hung resource fails at its PendingTimeout
// (Resource Common Properties: PendingTimeout, default 180000 ms).
#[test]
fn a_hung_resource_fails_at_its_pending_timeout() {
    let sim = sim();
    let c = sim.open(None).unwrap();
    let g = c.create_group("Web").unwrap();
    let disk = g.create_resource("Web Disk", "Physical Disk").unwrap();
    let f = sim.faults(None);
    f.hang_online("Web Disk").unwrap();
    let policy = RestartPolicy { restart_action: 0, ..f.restart_policy("Web Disk").unwrap() };
    f.set_restart_policy("Web Disk", policy).unwrap();
    assert_eq!(disk.online(), Err(Win32Error::ERROR_IO_PENDING));
    sim.clock().advance(ms(179_999));
    assert_eq!(disk.state().unwrap(), ResourceState::OnlinePending);
    sim.clock().advance(ms(1));
    assert_eq!(disk.state().unwrap(), ResourceState::Failed);
    assert_eq!(g.state().unwrap().0, GroupState::Failed);
}

// MODEL-RESTART: SDK FailClusterResource starts "the same failover process"; the first
// failures restart in place after RestartDelay (default 500 ms).
#[test]
fn a_failure_restarts_the_resource_in_place_after_the_restart_delay() {
    let sim = sim();
    let c = sim.open(None).unwrap();
    let disk = c.open_resource("Cluster Disk 1").unwrap();
    let p = c.notify_port(R | G, NotifyKey(1)).unwrap();
    disk.fail().unwrap();
    assert_eq!(disk.state().unwrap(), ResourceState::Failed);
    assert_eq!(drain(&p), [ev(R, "Cluster Disk 1"), ev(G, "Available Storage")]);
    sim.clock().advance(ms(499));
    assert!(drain(&p).is_empty());
    sim.clock().advance(ms(1));
    assert_eq!(disk.state().unwrap(), ResourceState::OnlinePending);
    sim.clock().advance(ms(2000));
    assert_eq!(disk.state().unwrap(), ResourceState::Online);
    assert_eq!(
        drain(&p),
        [
            ev(R, "Cluster Disk 1"),
            ev(G, "Available Storage"),
            ev(R, "Cluster Disk 1"),
            ev(G, "Available Storage")
        ]
    );
    assert_eq!(c.open_group("Available Storage").unwrap().state().unwrap().1, "NODE1");
}

/// Fails the disk once it is online and lets 3 s pass (restart delay + online).
fn fail_and_settle(sim: &Sim, disk: &clusim::client::Resource) {
    disk.fail().unwrap();
    sim.clock().advance(ms(3000));
}

// MODEL-FAILOVER: past RestartThreshold (default 3) restarts within RestartPeriod, with
// RestartAction 2, the group fails over to the best possible node.
#[test]
fn failures_past_the_restart_threshold_fail_the_group_over() {
    let sim = sim();
    let c = sim.open(None).unwrap();
    let disk = c.open_resource("Cluster Disk 1").unwrap();
    let g = c.open_group("Available Storage").unwrap();
    for _ in 0..3 {
        fail_and_settle(&sim, &disk);
        assert_eq!(g.state().unwrap(), (GroupState::Online, "NODE1".to_string()));
    }
    disk.fail().unwrap();
    sim.clock().advance(ms(3000));
    assert_eq!(g.state().unwrap(), (GroupState::Online, "NODE2".to_string()));
    assert_eq!(disk.state().unwrap(), ResourceState::Online);
}

// MODEL-FAILOVER: with no other possible owner the group stays failed; the resource is
// tried again after RetryPeriodOnFailure (default 3600000 ms).
#[test]
fn with_no_node_left_the_resource_stays_failed_until_its_retry_period() {
    let sim = sim();
    let c = sim.open(None).unwrap();
    let disk = c.open_resource("Cluster Disk 1").unwrap();
    for n in ["NODE2", "NODE3"] {
        disk.remove_possible_owner(&c.open_node(n).unwrap()).unwrap();
    }
    let g = c.open_group("Available Storage").unwrap();
    for _ in 0..3 {
        fail_and_settle(&sim, &disk);
    }
    disk.fail().unwrap();
    sim.clock().advance(ms(3_599_999));
    assert_eq!(disk.state().unwrap(), ResourceState::Failed);
    assert_eq!(g.state().unwrap(), (GroupState::Failed, "NODE1".to_string()));
    sim.clock().advance(ms(1 + 2000));
    assert_eq!(disk.state().unwrap(), ResourceState::Online);
}

// MODEL-SCRIPT: a resource scripted to fail to come online goes OnlinePending → Failed,
// and an IsAlive failure at a given time goes through the restart policy.
#[test]
fn scripted_online_failure_and_is_alive_failure_go_through_the_policy() {
    let sim = sim();
    let c = sim.open(None).unwrap();
    let g = c.create_group("Web").unwrap();
    let disk = g.create_resource("Web Disk", "Physical Disk").unwrap();
    let f = sim.faults(None);
    f.fail_online("Web Disk").unwrap();
    assert_eq!(disk.online(), Err(Win32Error::ERROR_IO_PENDING));
    sim.clock().advance(ms(2000));
    assert_eq!(disk.state().unwrap(), ResourceState::Failed);
    f.online_behaviour("Web Disk", clusim::OnlineScript::Normal).unwrap();
    sim.clock().advance(ms(500 + 2000));
    assert_eq!(disk.state().unwrap(), ResourceState::Online, "restarted after RestartDelay");
    let at = sim.clock().now() + ms(10_000);
    f.is_alive_failure_at("Web Disk", at).unwrap();
    sim.clock().advance(ms(10_000));
    assert_eq!(disk.state().unwrap(), ResourceState::Failed);
    sim.clock().advance(ms(500 + 2000));
    assert_eq!(disk.state().unwrap(), ResourceState::Online);
}

// MODEL-FAILBACK: AutoFailbackType 1 and no failback window: the group moves back as
// soon as its preferred owner returns (Group Common Properties: FailbackWindowStart).
#[test]
fn the_group_fails_back_when_its_preferred_node_returns() {
    let sim = sim();
    let c = sim.open(None).unwrap();
    let g = c.open_group("Available Storage").unwrap();
    g.set_preferred_owners(&[&c.open_node("NODE1").unwrap()]).unwrap();
    let f = sim.faults(None);
    let allow = FailoverPolicy { auto_failback_type: 1, ..f.failover_policy("Available Storage").unwrap() };
    f.set_failover_policy("Available Storage", allow).unwrap();
    f.node_down("NODE1").unwrap();
    sim.clock().advance(ms(2000));
    assert_eq!(g.state().unwrap(), (GroupState::Online, "NODE2".to_string()));
    f.node_up("NODE1").unwrap();
    sim.clock().advance(ms(1000 + 2000));
    assert_eq!(g.state().unwrap(), (GroupState::Online, "NODE1".to_string()));
}

// MODEL-FAILBACK: the default AutoFailbackType (ClusterGroupPreventFailback) keeps the
// group where it failed over.
#[test]
fn without_allow_failback_the_group_stays_on_the_failover_node() {
    let sim = sim();
    let c = sim.open(None).unwrap();
    let g = c.open_group("Available Storage").unwrap();
    g.set_preferred_owners(&[&c.open_node("NODE1").unwrap()]).unwrap();
    let f = sim.faults(None);
    assert_eq!(f.failover_policy("Available Storage").unwrap(), FailoverPolicy::default());
    f.node_down("NODE1").unwrap();
    f.node_up("NODE1").unwrap();
    sim.clock().advance(ms(10_000));
    assert_eq!(g.state().unwrap(), (GroupState::Online, "NODE2".to_string()));
}

// MODEL-DURATIONS, MODEL-SCRIPT from a topology file (spec/topology.md): a type's
// `transitions` table and a resource's own.
#[test]
fn topology_transitions_set_durations_and_behaviour() {
    let text = r#"
[[node]]
name = "A"

[[resource_type]]
name = "Physical Disk"
[resource_type.transitions]
online_ms = 100

[[group]]
name = "G"
[[group.resource]]
name = "D"
type = "Physical Disk"
[group.resource.transitions]
behaviour = "hang"
"#;
    let topo = clusim::Topology::from_toml(text).unwrap();
    let sim = Sim::builder().manual_clock().topology(topo).build();
    let c = sim.open(None).unwrap();
    let e = c.open_group("G").unwrap().create_resource("E", "Physical Disk").unwrap();
    let d = c.open_resource("D").unwrap();
    assert_eq!(e.online(), Err(Win32Error::ERROR_IO_PENDING));
    assert_eq!(d.online(), Err(Win32Error::ERROR_IO_PENDING));
    sim.clock().advance(ms(100));
    assert_eq!(e.state().unwrap(), ResourceState::Online);
    assert_eq!(d.state().unwrap(), ResourceState::OnlinePending);
}
