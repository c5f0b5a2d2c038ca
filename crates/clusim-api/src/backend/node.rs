//! Nodes: open/close, state, pause/resume, evict, enumeration.
//!
//! One area of [`Backend`](super::Backend); every method validates every handle
//! (`ERROR_INVALID_HANDLE` for NULL, closed, stale, foreign and wrong-kind handles)
//! and a failing call changes nothing.

use crate::enums::EnumEntry;
use crate::error::Result;
use crate::handle::{HCluster, HNode};
use crate::state::NodeState;

/// Nodes: open/close, state, pause/resume, evict, enumeration.
pub trait NodeApi: Send + Sync {
    /// `OpenClusterNode`.
    fn open_node(&self, cluster: HCluster, name: &str) -> Result<HNode>;

    /// `CloseClusterNode`.
    fn close_node(&self, node: HNode) -> Result<()>;

    /// `GetClusterNodeState`.
    fn node_state(&self, node: HNode) -> Result<NodeState>;

    /// `PauseClusterNode`.
    fn pause_node(&self, node: HNode) -> Result<()>;

    /// `ResumeClusterNode`.
    fn resume_node(&self, node: HNode) -> Result<()>;

    /// `PauseClusterNodeEx(hNode, bDrainNode, dwPauseFlags, hNodeDrainTarget)`: pause,
    /// and with `drain` move the node's groups off it (to `target`, else to the best
    /// possible owner); flags from [`crate::drain`] (spec/model.md MODEL-DRAIN).
    fn pause_node_ex(&self, node: HNode, drain: bool, flags: u32, target: Option<HNode>) -> Result<()>;

    /// `ResumeClusterNodeEx(hNode, eResumeFailbackType, dwResumeFlagsReserved)`: resume,
    /// and fail back the groups the last drain moved (spec/model.md MODEL-FAILBACK).
    fn resume_node_ex(&self, node: HNode, failback: u32, flags: u32) -> Result<()>;

    /// `EvictClusterNode`.
    fn evict_node(&self, node: HNode) -> Result<()>;

    /// `ClusterNodeOpenEnum` and friends.
    fn node_enum(&self, node: HNode, kinds: u32) -> Result<Vec<EnumEntry>>;
}
