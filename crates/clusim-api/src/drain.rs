//! `PauseClusterNodeEx` / `ResumeClusterNodeEx` vocabulary: the flags and enumerations of
//! clusapi.h (values as windows-sys 0.61 declares them), and the `NodeDrainStatus` values.
//! Behaviour: spec/model.md MODEL-DRAIN, MODEL-FAILBACK.

/// `CLUSAPI_NODE_PAUSE_REMAIN_ON_PAUSED_NODE_ON_MOVE_ERROR`: a group that cannot be moved
/// may stay on the paused node without failing the drain.
pub const CLUSAPI_NODE_PAUSE_REMAIN_ON_PAUSED_NODE_ON_MOVE_ERROR: u32 = 0x1;
/// `CLUSAPI_NODE_AVOID_PLACEMENT`.
pub const CLUSAPI_NODE_AVOID_PLACEMENT: u32 = 0x2;
/// `CLUSAPI_NODE_PAUSE_RETRY_DRAIN_ON_FAILURE`.
pub const CLUSAPI_NODE_PAUSE_RETRY_DRAIN_ON_FAILURE: u32 = 0x4;
/// Every `dwPauseFlags` bit the SDK page lists.
pub const PAUSE_FLAGS: u32 = 0x7;

/// `CLUSAPI_NODE_RESUME_FAILBACK_STORAGE`.
pub const CLUSAPI_NODE_RESUME_FAILBACK_STORAGE: u32 = 0x1;
/// `CLUSAPI_NODE_RESUME_FAILBACK_VMS`.
pub const CLUSAPI_NODE_RESUME_FAILBACK_VMS: u32 = 0x2;
/// `CLUSAPI_NODE_RESUME_FAILBACK_PINNED_VMS_ONLY`.
pub const CLUSAPI_NODE_RESUME_FAILBACK_PINNED_VMS_ONLY: u32 = 0x4;
/// Every `dwResumeFlags` bit clusapi.h defines (accepted; clusim has no storage or VM
/// groups to tell apart, so they select nothing).
pub const RESUME_FLAGS: u32 = 0x7;

/// `CLUSTER_NODE_RESUME_FAILBACK_TYPE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailbackType {
    /// `DoNotFailbackGroups` (0).
    DoNotFailback,
    /// `FailbackGroupsImmediately` (1).
    Immediately,
    /// `FailbackGroupsPerPolicy` (2): the groups whose `AutoFailbackType` is
    /// `ClusterGroupAllowFailback` (1).
    PerPolicy,
}

impl FailbackType {
    /// From the C value; `None` for anything but 0, 1 and 2.
    pub fn from_raw(v: u32) -> Option<FailbackType> {
        match v {
            0 => Some(FailbackType::DoNotFailback),
            1 => Some(FailbackType::Immediately),
            2 => Some(FailbackType::PerPolicy),
            _ => None,
        }
    }
}

/// `CLUSTER_NODE_DRAIN_STATUS` values of the `NodeDrainStatus` property.
pub mod drain_status {
    /// `NodeDrainStatusNotInitiated` (0), the default.
    pub const NOT_INITIATED: u32 = 0;
    /// `NodeDrainStatusInProgress` (1).
    pub const IN_PROGRESS: u32 = 1;
    /// `NodeDrainStatusCompleted` (2).
    pub const COMPLETED: u32 = 2;
    /// `NodeDrainStatusFailed` (3).
    pub const FAILED: u32 = 3;
}
