//! `PauseClusterNodeEx` / `ResumeClusterNodeEx` through their C entry points
//! (spec/c-abi.md CABI-DRAIN; behaviour spec/model.md MODEL-DRAIN, MODEL-FAILBACK).

use super::*;

fn owner_of(fx: &Fx, group: &str) -> String {
    let mut name = string_buf(32);
    let mut cch = 32u32;
    // SAFETY: an open group handle; a buffer of `cch` characters.
    let st = unsafe { GetClusterGroupState(fx.group(group), name.as_mut_ptr(), &mut cch) };
    assert_eq!(st, ClusterGroupOnline, "{group}");
    String::from_utf16_lossy(&name[..cch as usize])
}

/// CABI-DRAIN: bad handles first (`ERROR_INVALID_HANDLE`: NULL, closed, a group handle as
/// node or as drain target), then the simulator's codes for flags, failback types and
/// states, each leaving the last error alone and the node as it was.
#[test]
fn pause_and_resume_ex_refuse_bad_input() {
    let fx = Fx::new("drain_bad");
    // SAFETY: handles are looked up, never dereferenced.
    unsafe {
        let n1 = fx.node("NODE1");
        let g = fx.group("Cluster Group");
        dword("NULL node", || PauseClusterNodeEx(0, 1, 0, 0), INVALID_HANDLE);
        dword("group as node", || PauseClusterNodeEx(g, 1, 0, 0), INVALID_HANDLE);
        dword("group as target", || PauseClusterNodeEx(n1, 1, 0, g), INVALID_HANDLE);
        dword("unknown flag", || PauseClusterNodeEx(n1, 1, 0x8, 0), INVALID_PARAMETER);
        dword("self as target", || PauseClusterNodeEx(n1, 1, 0, n1), INVALID_PARAMETER);
        dword("target without drain", || PauseClusterNodeEx(n1, 0, 0, fx.node("NODE2")), INVALID_PARAMETER);
        dword("NULL node resume", || ResumeClusterNodeEx(0, 0, 0), INVALID_HANDLE);
        dword("not paused", || ResumeClusterNodeEx(n1, 0, 0), 5058);
        assert_eq!(GetClusterNodeState(n1), ClusterNodeUp);
        dword("pause without drain", || PauseClusterNodeEx(n1, 0, 0, 0), 0);
        dword("negative failback type", || ResumeClusterNodeEx(n1, -1, 0), INVALID_PARAMETER);
        dword("failback type 3", || ResumeClusterNodeEx(n1, 3, 0), INVALID_PARAMETER);
        dword("unknown resume flag", || ResumeClusterNodeEx(n1, 0, 0x8), INVALID_PARAMETER);
        assert_eq!(GetClusterNodeState(n1), ClusterNodePaused);
        let closed = fx.closed_node();
        dword("closed node", || PauseClusterNodeEx(closed, 1, 0, 0), INVALID_HANDLE);
    }
}

/// MODEL-DRAIN / MODEL-FAILBACK: a drain to a target moves every group there and pauses
/// the node; resuming with `FailbackGroupsImmediately` brings them back.
#[test]
fn drain_to_a_target_then_fail_back() {
    let fx = Fx::new("drain_ok");
    // SAFETY: open handles.
    unsafe {
        let n1 = fx.node("NODE1");
        let n3 = fx.node("NODE3");
        dword(
            "drain",
            || PauseClusterNodeEx(n1, 1, CLUSAPI_NODE_PAUSE_REMAIN_ON_PAUSED_NODE_ON_MOVE_ERROR, n3),
            0,
        );
        assert_eq!(GetClusterNodeState(n1), ClusterNodePaused);
        assert_eq!(owner_of(&fx, "Cluster Group"), "NODE3");
        assert_eq!(owner_of(&fx, "Available Storage"), "NODE3");
        dword("failback", || ResumeClusterNodeEx(n1, FailbackGroupsImmediately, 0), 0);
        assert_eq!(GetClusterNodeState(n1), ClusterNodeUp);
        assert_eq!(owner_of(&fx, "Cluster Group"), "NODE1");
        assert_eq!(owner_of(&fx, "Available Storage"), "NODE1");
    }
}
