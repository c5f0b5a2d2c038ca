//! The documented common properties of every object kind: name, syntax, access,
//! default and range, from Microsoft's "<Kind> Common Properties" pages (spec/model.md,
//! "Properties", cites each table).

use super::{Access::*, PropDef, Syntax::*};

const NO_MAX: u64 = 0xFFFF_FFFF;

const fn d(name: &'static str, access: super::Access, default: u32, min: u64, max: u64) -> PropDef {
    PropDef { name, syntax: Dword, access, default: super::Default::Dword(default), min, max }
}

const fn s(name: &'static str, access: super::Access) -> PropDef {
    PropDef { name, syntax: Sz, access, default: super::Default::Empty, min: 0, max: 0 }
}

const fn l(name: &'static str, default: i32, min: i32, max: i32) -> PropDef {
    PropDef {
        name,
        syntax: Long,
        access: ReadWrite,
        default: super::Default::Long(default),
        min: min as i64 as u64,
        max: max as i64 as u64,
    }
}

const fn q(name: &'static str, access: super::Access) -> PropDef {
    PropDef { name, syntax: Qword, access, default: super::Default::Qword(0), min: 0, max: u64::MAX }
}

const fn m(name: &'static str, access: super::Access) -> PropDef {
    PropDef { name, syntax: MultiSz, access, default: super::Default::Empty, min: 0, max: 0 }
}

/// "Resource Common Properties" (mscs/resource-common-properties) and its per-property
/// pages (mscs/resources-<name>).
pub(crate) const RESOURCE: &[PropDef] = &[
    s("Name", ReadWrite),
    s("Type", ReadOnly),
    s("Description", ReadWrite),
    d("DeadlockTimeout", ReadWrite, 300_000, 0, NO_MAX),
    d("IsAlivePollInterval", ReadWrite, 0xFFFF_FFFF, 10, NO_MAX),
    d("LooksAlivePollInterval", ReadWrite, 0xFFFF_FFFF, 10, NO_MAX),
    d("PendingTimeout", ReadWrite, 180_000, 0, NO_MAX),
    d("PersistentState", ReadWrite, 0, 0, 1),
    d("RestartAction", ReadWrite, 2, 0, 2),
    d("RestartDelay", ReadWrite, 500, 0, NO_MAX),
    d("RestartPeriod", ReadWrite, 900_000, 0, NO_MAX),
    d("RestartThreshold", ReadWrite, 3, 0, NO_MAX),
    d("RetryPeriodOnFailure", ReadWrite, 3_600_000, 0, NO_MAX),
    d("SeparateMonitor", ReadWrite, 0, 0, 1),
    d("MonitorProcessId", ReadOnly, 0, 0, NO_MAX),
];

/// "Group Common Properties" (mscs/group-common-properties) and mscs/groups-<name>.
pub(crate) const GROUP: &[PropDef] = &[
    s("Name", ReadWrite),
    s("Description", ReadWrite),
    m("AntiAffinityClassNames", ReadWrite),
    d("AutoFailbackType", ReadWrite, 0, 0, 1),
    l("FailbackWindowEnd", -1, -1, 23),
    l("FailbackWindowStart", -1, -1, 23),
    d("FailoverPeriod", ReadWrite, 6, 0, 1193),
    d("FailoverThreshold", ReadWrite, 0xFFFF_FFFF, 0, NO_MAX),
    d("PersistentState", ReadWrite, 0, 0, 1),
    d("Priority", ReadWrite, 2000, 0, 3000),
    d("GroupType", ReadOnly, 9999, 0, NO_MAX),
    q("StatusInformation", ReadOnly),
];

/// "Node Common Properties" (mscs/node-common-properties) and mscs/nodes-<name>.
pub(crate) const NODE: &[PropDef] = &[
    s("Description", ReadWrite),
    d("NodeWeight", ReadWrite, 1, 0, 1),
    s("NodeName", ReadOnly),
    d("NodeDrainStatus", ReadOnly, 0, 0, 3),
    d("NodeDrainTarget", ReadOnly, 0xFFFF_FFFF, 0, NO_MAX),
    d("DynamicWeight", ReadOnly, 1, 0, 1),
    d("StatusInformation", ReadOnly, 0, 0, 0x13),
];

/// "Network Common Properties" (mscs/network-common-properties) and mscs/networks-<name>.
pub(crate) const NETWORK: &[PropDef] = &[
    s("Name", ReadWrite),
    s("Description", ReadWrite),
    d("Role", ReadWrite, 3, 0, 3),
    s("Address", ReadOnly),
    s("AddressMask", ReadOnly),
];

/// "Network Interface Common Properties" (mscs/network-interface-common-properties).
pub(crate) const NETINTERFACE: &[PropDef] = &[
    s("Description", ReadWrite),
    s("Name", ReadOnly),
    s("Node", ReadOnly),
    s("Network", ReadOnly),
    s("Adapter", ReadOnly),
    s("Address", ReadOnly),
];

/// "Resource Type Common Properties" (mscs/resource-type-common-properties).
pub(crate) const RESTYPE: &[PropDef] = &[
    s("Name", ReadWrite),
    s("Description", ReadWrite),
    s("DllName", ReadWrite),
    m("AdminExtensions", ReadWrite),
    d("DeadlockTimeout", ReadWrite, 300_000, 0, NO_MAX),
    d("IsAlivePollInterval", ReadWrite, 60_000, 1, NO_MAX),
    d("LooksAlivePollInterval", ReadWrite, 5_000, 1, NO_MAX),
    d("PendingTimeout", ReadWrite, 180_000, 0, NO_MAX),
];

/// "Cluster Common Properties" (mscs/cluster-common-properties).
pub(crate) const CLUSTER: &[PropDef] =
    &[s("Description", ReadWrite), d("QuorumArbitrationTimeMax", ReadWrite, 20, 1, 3600)];
