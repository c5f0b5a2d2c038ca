//! The operations a chaos run is made of, how a seed generates them, and how they print.
//!
//! Operations name objects by small indexes into fixed name pools, so a run keeps
//! hitting objects that exist, objects that do not, and objects that were deleted and
//! made again — the cases where a simulator and a real cluster are most likely to part.

use crate::rng::Rng;
use std::fmt;

/// Group names the operations use.
pub const GROUPS: [&str; 4] = ["g0", "g1", "g2", "Available Storage"];
/// Resource names the operations use.
pub const RESOURCES: [&str; 6] = ["r0", "r1", "r2", "r3", "r4", "Cluster Disk 1"];
/// Resource types the operations use (the last one does not exist).
pub const TYPES: [&str; 4] = ["Generic Service", "Physical Disk", "IP Address", "No Such Type"];
/// Nodes the operations use (the last one does not exist).
pub const NODES: [&str; 4] = ["NODE1", "NODE2", "NODE3", "NODE9"];
/// Keys (below the cluster root) the registry operations use.
pub const KEYS: [&str; 3] = ["Chaos\\k0", "Chaos\\k1", "Chaos\\k0\\deep"];
/// Value names the registry operations use.
pub const VALUES: [&str; 3] = ["v0", "v1", ""];
/// Port slots (ports a run may have open at once, besides the reference watcher).
pub const PORT_SLOTS: u8 = 4;
/// V2 port slots (V2 ports a run may have open at once, besides the V2 reference watcher).
pub const PORT_SLOTS_V2: u8 = 2;
/// How many filter presets `OpenPortV2` chooses from (see `v2::preset_v2`).
pub const FILTER_PRESETS_V2: u8 = 3;

/// One write-batch command: `(command, value index, data)`.
pub type BatchCmd = (u8, u8, u32);

/// One step of a chaos run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// `CreateClusterGroup`.
    CreateGroup(u8),
    /// `DeleteClusterGroup`.
    DeleteGroup(u8),
    /// `OnlineClusterGroup`.
    OnlineGroup(u8),
    /// `OfflineClusterGroup`.
    OfflineGroup(u8),
    /// `MoveClusterGroup` to a node, or `None` for the cluster's choice.
    MoveGroup(u8, Option<u8>),
    /// `CreateClusterResource(group, resource, type)`.
    CreateResource(u8, u8, u8),
    /// `DeleteClusterResource`.
    DeleteResource(u8),
    /// `OnlineClusterResource`.
    OnlineResource(u8),
    /// `OfflineClusterResource`.
    OfflineResource(u8),
    /// `FailClusterResource`.
    FailResource(u8),
    /// `AddClusterResourceDependency(a, b)`: a depends on b.
    AddDependency(u8, u8),
    /// `RemoveClusterResourceDependency(a, b)`.
    RemoveDependency(u8, u8),
    /// `ClusterRegSetValue` (REG_DWORD) under a key (created as needed).
    SetValue(u8, u8, u32),
    /// `ClusterRegDeleteValue`.
    DeleteValue(u8, u8),
    /// `ClusterRegDeleteKey`.
    DeleteKey(u8),
    /// A write batch on a key (created as needed), committed.
    Batch(u8, Vec<BatchCmd>),
    /// `CreateClusterNotifyPort` into a slot, with one of the filter presets.
    OpenPort(u8, u8),
    /// `CloseClusterNotifyPort` (what is still queued is discarded, N3).
    ClosePort(u8),
    /// `RegisterClusterNotify` of a group's state, property and deletion on a port.
    RegisterGroup(u8, u8),
    /// `GetClusterNotify(0)` until `WAIT_TIMEOUT`, with a buffer that fits.
    Drain(u8),
    /// The same with a 2-character buffer first: `ERROR_MORE_DATA`, then the retry.
    DrainSmall(u8),
    /// `CreateClusterNotifyPortV2` into a V2 slot (a new port, or filters added to the
    /// slot's port), with one of the V2 filter presets.
    OpenPortV2(u8, u8),
    /// `CloseClusterNotifyPort` on a V2 slot's port.
    ClosePortV2(u8),
    /// `RegisterClusterNotifyV2` of a group's `STATE_V2 | DELETED_V2` on a V2 port
    /// (targeted: bound to the group's id, V2-4).
    RegisterGroupV2(u8, u8),
    /// `GetClusterNotifyV2(0)` until `WAIT_TIMEOUT`.
    DrainV2(u8),
    /// Fault: a node goes down (its groups fail over).
    NodeDown(u8),
    /// Fault: a node comes back.
    NodeUp(u8),
    /// Fault: the connection to the cluster is lost (`CLUSTER_STATE`).
    Unreachable,
    /// Fault: the connection comes back (`CLUSTER_RECONNECT`).
    Reconnect,
    /// Fault: nodes go down one by one until the cluster loses quorum (`CLUSTER_STATE`),
    /// a call is checked to fail with `RPC_S_SERVER_UNAVAILABLE`, and they come back
    /// (`CLUSTER_RECONNECT`, spec/faults.md QUORUM-*).
    QuorumLoss,
}

/// How many filter presets `OpenPort` chooses from (see `exec::filter_preset`).
pub const FILTER_PRESETS: u8 = 4;

impl Op {
    /// Generates one operation; fault operations only when `faults` is set.
    pub fn generate(rng: &mut Rng, faults: bool) -> Op {
        let g = |r: &mut Rng| r.pick(GROUPS.len() as u8);
        let r = |r: &mut Rng| r.pick(RESOURCES.len() as u8);
        let kinds = if faults { 31 } else { 26 };
        match rng.below(kinds) {
            0 => Op::CreateGroup(g(rng)),
            1 => Op::DeleteGroup(g(rng)),
            2 => Op::OnlineGroup(g(rng)),
            3 => Op::OfflineGroup(g(rng)),
            4 => {
                let group = g(rng);
                let node = if rng.below(4) == 0 { None } else { Some(rng.pick(NODES.len() as u8)) };
                Op::MoveGroup(group, node)
            }
            5 | 6 => Op::CreateResource(g(rng), r(rng), rng.pick(TYPES.len() as u8)),
            7 => Op::DeleteResource(r(rng)),
            8 => Op::OnlineResource(r(rng)),
            9 => Op::OfflineResource(r(rng)),
            10 => Op::FailResource(r(rng)),
            11 => Op::AddDependency(r(rng), r(rng)),
            12 => Op::RemoveDependency(r(rng), r(rng)),
            13 => Op::SetValue(
                rng.pick(KEYS.len() as u8),
                rng.pick(VALUES.len() as u8),
                rng.next_u64() as u32 % 4,
            ),
            14 => Op::DeleteValue(rng.pick(KEYS.len() as u8), rng.pick(VALUES.len() as u8)),
            15 => Op::DeleteKey(rng.pick(KEYS.len() as u8)),
            16 => {
                let n = 1 + rng.below(4) as usize;
                let cmds = (0..n)
                    .map(|_| (rng.pick(3), rng.pick(VALUES.len() as u8), rng.next_u64() as u32 % 4))
                    .collect();
                Op::Batch(rng.pick(KEYS.len() as u8), cmds)
            }
            17 => match rng.below(3) {
                0 => Op::ClosePort(rng.pick(PORT_SLOTS)),
                _ => Op::OpenPort(rng.pick(PORT_SLOTS), rng.pick(FILTER_PRESETS)),
            },
            18 => Op::RegisterGroup(rng.pick(PORT_SLOTS), g(rng)),
            19 => Op::Drain(rng.pick(PORT_SLOTS)),
            20 => Op::DrainSmall(rng.pick(PORT_SLOTS)),
            21 | 22 => match rng.below(3) {
                0 => Op::ClosePortV2(rng.pick(PORT_SLOTS_V2)),
                _ => Op::OpenPortV2(rng.pick(PORT_SLOTS_V2), rng.pick(FILTER_PRESETS_V2)),
            },
            23 => Op::RegisterGroupV2(rng.pick(PORT_SLOTS_V2), g(rng)),
            24 | 25 => Op::DrainV2(rng.pick(PORT_SLOTS_V2)),
            26 => Op::NodeDown(rng.pick(3)),
            27 => Op::NodeUp(rng.pick(3)),
            28 => Op::Unreachable,
            29 => Op::Reconnect,
            _ => Op::QuorumLoss,
        }
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let g = |i: &u8| GROUPS[usize::from(*i)];
        let r = |i: &u8| RESOURCES[usize::from(*i)];
        match self {
            Op::CreateGroup(a) => write!(f, "CreateClusterGroup {:?}", g(a)),
            Op::DeleteGroup(a) => write!(f, "DeleteClusterGroup {:?}", g(a)),
            Op::OnlineGroup(a) => write!(f, "OnlineClusterGroup {:?}", g(a)),
            Op::OfflineGroup(a) => write!(f, "OfflineClusterGroup {:?}", g(a)),
            Op::MoveGroup(a, n) => match n {
                Some(n) => write!(f, "MoveClusterGroup {:?} {}", g(a), NODES[usize::from(*n)]),
                None => write!(f, "MoveClusterGroup {:?} NULL", g(a)),
            },
            Op::CreateResource(a, b, t) => {
                write!(f, "CreateClusterResource {:?} {:?} {:?}", g(a), r(b), TYPES[usize::from(*t)])
            }
            Op::DeleteResource(a) => write!(f, "DeleteClusterResource {:?}", r(a)),
            Op::OnlineResource(a) => write!(f, "OnlineClusterResource {:?}", r(a)),
            Op::OfflineResource(a) => write!(f, "OfflineClusterResource {:?}", r(a)),
            Op::FailResource(a) => write!(f, "FailClusterResource {:?}", r(a)),
            Op::AddDependency(a, b) => write!(f, "AddClusterResourceDependency {:?} {:?}", r(a), r(b)),
            Op::RemoveDependency(a, b) => write!(f, "RemoveClusterResourceDependency {:?} {:?}", r(a), r(b)),
            Op::SetValue(k, v, d) => {
                write!(
                    f,
                    "ClusterRegSetValue {:?} {:?} DWORD {d}",
                    KEYS[usize::from(*k)],
                    VALUES[usize::from(*v)]
                )
            }
            Op::DeleteValue(k, v) => {
                write!(f, "ClusterRegDeleteValue {:?} {:?}", KEYS[usize::from(*k)], VALUES[usize::from(*v)])
            }
            Op::DeleteKey(k) => write!(f, "ClusterRegDeleteKey {:?}", KEYS[usize::from(*k)]),
            Op::Batch(k, cmds) => {
                write!(f, "Batch {:?} [", KEYS[usize::from(*k)])?;
                for (i, (c, v, d)) in cmds.iter().enumerate() {
                    let name = VALUES[usize::from(*v)];
                    let sep = if i == 0 { "" } else { ", " };
                    match c {
                        0 => write!(f, "{sep}SET_VALUE {name:?}={d}")?,
                        1 => write!(f, "{sep}DELETE_VALUE {name:?}")?,
                        _ => write!(f, "{sep}CREATE_KEY \"sub{v}\"")?,
                    }
                }
                write!(f, "]")
            }
            Op::OpenPort(s, p) => write!(f, "CreateClusterNotifyPort p{s} preset {p}"),
            Op::ClosePort(s) => write!(f, "CloseClusterNotifyPort p{s}"),
            Op::RegisterGroup(s, a) => write!(f, "RegisterClusterNotify p{s} group {:?}", g(a)),
            Op::Drain(s) => write!(f, "Drain p{s}"),
            Op::DrainSmall(s) => write!(f, "DrainSmall p{s}"),
            Op::OpenPortV2(s, p) => write!(f, "CreateClusterNotifyPortV2 q{s} preset {p}"),
            Op::ClosePortV2(s) => write!(f, "CloseClusterNotifyPort q{s}"),
            Op::RegisterGroupV2(s, a) => write!(f, "RegisterClusterNotifyV2 q{s} group {:?}", g(a)),
            Op::DrainV2(s) => write!(f, "DrainV2 q{s}"),
            Op::NodeDown(n) => write!(f, "fault node_down {}", NODES[usize::from(*n)]),
            Op::NodeUp(n) => write!(f, "fault node_up {}", NODES[usize::from(*n)]),
            Op::Unreachable => write!(f, "fault cluster_unreachable"),
            Op::Reconnect => write!(f, "fault reconnect"),
            Op::QuorumLoss => write!(f, "fault quorum_loss"),
        }
    }
}
