//! What a chaos run recorded: every call and its code, every indication each port
//! delivered, the reference watcher's stream, and every state change the scheduler saw.

use crate::ops::Op;
use clusim_api::{ChangeFlags, NotifyKey, Win32Error};

/// One delivered indication, tagged with the step that drained it (the reference
/// watcher is drained after every step, so its tag is the step that caused it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    /// The step that drained it.
    pub step: usize,
    /// The registration's key.
    pub key: NotifyKey,
    /// The one change bit.
    pub change: ChangeFlags,
    /// The name it carried.
    pub name: String,
}

/// What a registration on a port asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Matcher {
    /// A cluster-wide filter (`CreateClusterNotifyPort`).
    Filter(ChangeFlags),
    /// A group's state, property and deletion (`RegisterClusterNotify` on the group): by
    /// name, or — under the N9 switch — until that group's `GROUP_DELETED`.
    Group(String),
}

/// One registration: its key, the step that made it, and what it matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    /// The notify key it delivers with.
    pub key: NotifyKey,
    /// The step that registered it; it sees the events of later steps.
    pub from: usize,
    /// What it matches.
    pub matcher: Matcher,
}

/// One port's life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortLog {
    /// The slot it lived in.
    pub slot: u8,
    /// The step that opened it.
    pub opened: usize,
    /// The step that closed it (the end of the run closes every port after draining it).
    pub closed: Option<usize>,
    /// Its registrations in the order they were made.
    pub registrations: Vec<Registration>,
    /// What it delivered, in order.
    pub delivered: Vec<Delivered>,
}

/// A state the scheduler saw change between two steps (`None` = the object does not
/// exist).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateChange {
    /// The step after which it was seen.
    pub step: usize,
    /// `('G' | 'R' | 'N', name)`.
    pub object: (char, String),
    /// The state before (`None`: did not exist).
    pub before: Option<String>,
    /// The state after (`None`: no longer exists).
    pub after: Option<String>,
}

/// Everything a run recorded.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// The human-readable trace: the same seed gives the same bytes.
    pub trace: String,
    /// Every call: step, operation, code.
    pub calls: Vec<(usize, Op, Win32Error)>,
    /// The reference watcher's stream.
    pub reference: Vec<Delivered>,
    /// Every port the run opened.
    pub ports: Vec<PortLog>,
    /// Every state change between steps.
    pub state_changes: Vec<StateChange>,
    /// Group and resource names before the first step.
    pub initial: (Vec<String>, Vec<String>),
    /// Group and resource names after the last step.
    pub finals: (Vec<String>, Vec<String>),
    /// Violations found while running (e.g. a broken `ERROR_MORE_DATA` retry).
    pub violations: Vec<String>,
    /// The steps during which the cluster lost quorum and regained it (a `QuorumLoss`,
    /// or a `NodeDown` that broke the majority): each caused one `CLUSTER_STATE` and one
    /// `CLUSTER_RECONNECT`.
    pub quorum_cycles: Vec<usize>,
    /// The V2 reference watcher's stream.
    pub reference_v2: Vec<DeliveredV2>,
    /// Every V2 port the run opened.
    pub ports_v2: Vec<PortLogV2>,
}

/// One event a V2 port delivered (`GetClusterNotifyV2`), tagged with the step that
/// drained it (the V2 reference watcher's tag is the step that caused it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveredV2 {
    /// The step that drained it.
    pub step: usize,
    /// The registration's key.
    pub key: NotifyKey,
    /// `dwObjectType`.
    pub object_type: u32,
    /// The one flag of the type's enum.
    pub flag: u64,
    /// `ObjectId`.
    pub object_id: String,
    /// `Name`.
    pub name: String,
}

/// One V2 registration: a `CreateClusterNotifyPortV2` preset (its filters share the
/// key) or a targeted `RegisterClusterNotifyV2`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationV2 {
    /// The notify key it delivers with.
    pub key: NotifyKey,
    /// The step that registered it; it sees the events of later steps.
    pub from: usize,
    /// Its filters: `(dwObjectType, FilterFlags)`.
    pub filters: Vec<(u32, u64)>,
    /// For a targeted registration, the id of its object (V2-4: bound to the object).
    pub object_id: Option<String>,
}

/// One V2 port's life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortLogV2 {
    /// The V2 slot it lived in.
    pub slot: u8,
    /// The step that closed it (the end of the run closes every port after draining it).
    pub closed: Option<usize>,
    /// Its registrations in the order they were made.
    pub registrations: Vec<RegistrationV2>,
    /// What it delivered, in order.
    pub delivered: Vec<DeliveredV2>,
}
