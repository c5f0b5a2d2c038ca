//! `PauseClusterNodeEx` and `ResumeClusterNodeEx`: pause with drain, resume with failback
//! (spec/model.md MODEL-DRAIN, MODEL-FAILBACK; spec/c-abi.md CABI-DRAIN).

use super::objects::GEN_FAILURE;
use super::{expect, raw};
use crate::ffi::code;
use crate::global::sim;
use crate::types::*;
use clusim_api::*;

export! {
    /// `PauseClusterNodeEx`: `ERROR_INVALID_HANDLE` for a bad `hNode`, or a non-NULL
    /// `hNodeDrainTarget` that is not a node handle of the same cluster; then the
    /// simulator's codes (flags, target without drain: `ERROR_INVALID_PARAMETER`; down:
    /// `ERROR_CLUSTER_NODE_DOWN`; target not up: `ERROR_HOST_NODE_NOT_AVAILABLE`).
    fn PauseClusterNodeEx(hNode: HNODE, bDrainNode: BOOL, dwPauseFlags: u32, hNodeDrainTarget: HNODE) -> u32;
    on_panic = GEN_FAILURE;
    {
        code((|| {
            let node = HNode(expect(hNode, ObjectKind::Node)?);
            let target = if hNodeDrainTarget.is_null() {
                None
            } else {
                Some(HNode(expect(hNodeDrainTarget, ObjectKind::Node)?))
            };
            sim().pause_node_ex(node, bDrainNode != FALSE, dwPauseFlags, target)
        })())
    }
}

export! {
    /// `ResumeClusterNodeEx`: `ERROR_INVALID_HANDLE` for a bad handle; a failback type
    /// other than `DoNotFailbackGroups`, `FailbackGroupsImmediately`,
    /// `FailbackGroupsPerPolicy` or an unknown flag: `ERROR_INVALID_PARAMETER`; not paused:
    /// `ERROR_CLUSTER_NODE_NOT_PAUSED`.
    fn ResumeClusterNodeEx(hNode: HNODE, eResumeFailbackType: i32, dwResumeFlagsReserved: u32) -> u32;
    on_panic = GEN_FAILURE;
    {
        let failback = u32::try_from(eResumeFailbackType).unwrap_or(u32::MAX);
        code(sim().resume_node_ex(HNode(raw(hNode)), failback, dwResumeFlagsReserved))
    }
}
