//! Pause with drain and resume with failback (spec/model.md MODEL-DRAIN, MODEL-FAILBACK).

use crate::{Ctx, Fixture};
use clusim_api::drain::*;
use clusim_api::*;

/// MODEL-DRAIN / MODEL-FAILBACK: `PauseClusterNodeEx` with a drain target pauses the node
/// (`NODE_STATE` first), moves every group it owns to the target and reports
/// `NodeDrainStatus` Completed; `ResumeClusterNodeEx(FailbackGroupsImmediately)` resumes
/// it and moves them back. Bad input (an unknown flag, a failback type past
/// `FailbackGroupsPerPolicy`) is `ERROR_INVALID_PARAMETER` and changes nothing.
pub fn drain_moves_groups_to_the_target_and_failback_returns_them(f: &dyn Fixture) {
    let ctx = Ctx::new(f);
    let c = &ctx.cluster;
    let n1 = c.open_node("NODE1").unwrap();
    let n2 = c.open_node("NODE2").unwrap();
    let owned: Vec<String> = n1.groups().unwrap().collect();
    assert!(!owned.is_empty(), "the default topology's NODE1 owns groups");
    assert_eq!(n1.pause_ex(true, 0x100, Some(&n2)).unwrap_err(), Win32Error::ERROR_INVALID_PARAMETER);
    assert_eq!(n1.state().unwrap(), NodeState::Up);
    let p = c.notify_port(ChangeFlags::NODE_STATE | ChangeFlags::NODE_PROPERTY, NotifyKey(1)).unwrap();
    n1.pause_ex(true, CLUSAPI_NODE_PAUSE_REMAIN_ON_PAUSED_NODE_ON_MOVE_ERROR, Some(&n2)).unwrap();
    let events = p.drain().unwrap();
    assert_eq!((events[0].change, events[0].name.as_str()), (ChangeFlags::NODE_STATE, "NODE1"));
    assert!(events[1..].iter().all(|e| e.change == ChangeFlags::NODE_PROPERTY && e.name == "NODE1"));
    assert_eq!(n1.state().unwrap(), NodeState::Paused);
    assert_eq!(n1.groups().unwrap().count(), 0, "drained");
    for g in &owned {
        assert_eq!(c.open_group(g).unwrap().state().unwrap().1, "NODE2", "{g}");
    }
    let status = n1.read_only_properties(PropertyScope::Common).unwrap();
    assert!(status.contains(&("NodeDrainStatus".into(), PropertyValue::Dword(drain_status::COMPLETED))));
    assert_eq!(n1.resume_ex(3, 0).unwrap_err(), Win32Error::ERROR_INVALID_PARAMETER);
    assert_eq!(n1.state().unwrap(), NodeState::Paused);
    n1.resume_ex(1, 0).unwrap();
    assert_eq!(n1.state().unwrap(), NodeState::Up);
    let back: Vec<String> = n1.groups().unwrap().collect();
    assert_eq!(back, owned, "failback returns every drained group");
}
