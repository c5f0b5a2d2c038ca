//! `CLUSTER_CHANGE`: the V1 filter and event flags (fact sheet §1.1).
//!
//! Guarantees: every one of the 32 documented bits has a named constant with the exact
//! numeric value from `clusapi.h`; [`ChangeFlags::ALL`] is `0xFFFF_FFFF`.

use bitflags::bitflags;

bitflags! {
    /// A set of `CLUSTER_CHANGE` flags. A filter is any combination; a delivered
    /// indication carries exactly one bit ([`ChangeFlags::is_single`]).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct ChangeFlags: u32 {
        /// `CLUSTER_CHANGE_NODE_STATE`: a node changed state.
        const NODE_STATE = 0x0000_0001;
        /// `CLUSTER_CHANGE_NODE_DELETED`: a node was evicted.
        const NODE_DELETED = 0x0000_0002;
        /// `CLUSTER_CHANGE_NODE_ADDED`: a node was added.
        const NODE_ADDED = 0x0000_0004;
        /// `CLUSTER_CHANGE_NODE_PROPERTY`: node properties changed.
        const NODE_PROPERTY = 0x0000_0008;
        /// `CLUSTER_CHANGE_REGISTRY_NAME`: a cluster-database key was created or deleted.
        const REGISTRY_NAME = 0x0000_0010;
        /// `CLUSTER_CHANGE_REGISTRY_ATTRIBUTES`: a key's security descriptor changed.
        const REGISTRY_ATTRIBUTES = 0x0000_0020;
        /// `CLUSTER_CHANGE_REGISTRY_VALUE`: a value was set or deleted.
        const REGISTRY_VALUE = 0x0000_0040;
        /// `CLUSTER_CHANGE_REGISTRY_SUBTREE`: modifier extending the registry flags to a
        /// whole subtree; never delivered.
        const REGISTRY_SUBTREE = 0x0000_0080;
        /// `CLUSTER_CHANGE_RESOURCE_STATE`.
        const RESOURCE_STATE = 0x0000_0100;
        /// `CLUSTER_CHANGE_RESOURCE_DELETED`.
        const RESOURCE_DELETED = 0x0000_0200;
        /// `CLUSTER_CHANGE_RESOURCE_ADDED`.
        const RESOURCE_ADDED = 0x0000_0400;
        /// `CLUSTER_CHANGE_RESOURCE_PROPERTY`: properties, dependencies or possible owners.
        const RESOURCE_PROPERTY = 0x0000_0800;
        /// `CLUSTER_CHANGE_GROUP_STATE`.
        const GROUP_STATE = 0x0000_1000;
        /// `CLUSTER_CHANGE_GROUP_DELETED`.
        const GROUP_DELETED = 0x0000_2000;
        /// `CLUSTER_CHANGE_GROUP_ADDED`.
        const GROUP_ADDED = 0x0000_4000;
        /// `CLUSTER_CHANGE_GROUP_PROPERTY`: properties changed or a resource joined/left.
        const GROUP_PROPERTY = 0x0000_8000;
        /// `CLUSTER_CHANGE_RESOURCE_TYPE_DELETED`.
        const RESOURCE_TYPE_DELETED = 0x0001_0000;
        /// `CLUSTER_CHANGE_RESOURCE_TYPE_ADDED`.
        const RESOURCE_TYPE_ADDED = 0x0002_0000;
        /// `CLUSTER_CHANGE_RESOURCE_TYPE_PROPERTY`.
        const RESOURCE_TYPE_PROPERTY = 0x0004_0000;
        /// `CLUSTER_CHANGE_CLUSTER_RECONNECT`: connection re-established, or indications lost.
        const CLUSTER_RECONNECT = 0x0008_0000;
        /// `CLUSTER_CHANGE_NETWORK_STATE`.
        const NETWORK_STATE = 0x0010_0000;
        /// `CLUSTER_CHANGE_NETWORK_DELETED`.
        const NETWORK_DELETED = 0x0020_0000;
        /// `CLUSTER_CHANGE_NETWORK_ADDED`.
        const NETWORK_ADDED = 0x0040_0000;
        /// `CLUSTER_CHANGE_NETWORK_PROPERTY`.
        const NETWORK_PROPERTY = 0x0080_0000;
        /// `CLUSTER_CHANGE_NETINTERFACE_STATE`.
        const NETINTERFACE_STATE = 0x0100_0000;
        /// `CLUSTER_CHANGE_NETINTERFACE_DELETED`.
        const NETINTERFACE_DELETED = 0x0200_0000;
        /// `CLUSTER_CHANGE_NETINTERFACE_ADDED`.
        const NETINTERFACE_ADDED = 0x0400_0000;
        /// `CLUSTER_CHANGE_NETINTERFACE_PROPERTY`.
        const NETINTERFACE_PROPERTY = 0x0800_0000;
        /// `CLUSTER_CHANGE_QUORUM_STATE`: the quorum resource changed state.
        const QUORUM_STATE = 0x1000_0000;
        /// `CLUSTER_CHANGE_CLUSTER_STATE`: the cluster became unreachable (client-generated).
        const CLUSTER_STATE = 0x2000_0000;
        /// `CLUSTER_CHANGE_CLUSTER_PROPERTY`.
        const CLUSTER_PROPERTY = 0x4000_0000;
        /// `CLUSTER_CHANGE_HANDLE_CLOSE`: a handle associated with the port was closed
        /// (client-generated).
        const HANDLE_CLOSE = 0x8000_0000;
    }
}

impl ChangeFlags {
    /// `CLUSTER_CHANGE_ALL` (`0xFFFFFFFF`).
    pub const ALL: ChangeFlags = ChangeFlags::all();

    /// The three registry event flags, without the `REGISTRY_SUBTREE` modifier.
    pub const REGISTRY_EVENTS: ChangeFlags =
        ChangeFlags::REGISTRY_NAME.union(ChangeFlags::REGISTRY_ATTRIBUTES).union(ChangeFlags::REGISTRY_VALUE);

    /// True when exactly one bit is set, as in every delivered indication.
    pub fn is_single(self) -> bool {
        self.bits().count_ones() == 1
    }

    /// The bit index (0..32) of a single-bit value.
    pub fn bit_index(self) -> Option<u32> {
        self.is_single().then(|| self.bits().trailing_zeros())
    }

    /// The `clusapi.h` name of a single flag (`CLUSTER_CHANGE_…`), or `None` for a
    /// combination.
    pub fn name(self) -> Option<&'static str> {
        let idx = self.bit_index()? as usize;
        Some(NAMES[idx])
    }

    /// Parses `RESOURCE_ADDED`, `CLUSTER_CHANGE_RESOURCE_ADDED`, `ALL`, or a number
    /// (`0x400`, `1024`).
    pub fn parse_one(text: &str) -> Option<ChangeFlags> {
        let t = text.trim();
        if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
            return u32::from_str_radix(hex, 16).ok().map(ChangeFlags::from_bits_retain);
        }
        if let Ok(n) = t.parse::<u32>() {
            return Some(ChangeFlags::from_bits_retain(n));
        }
        let upper = t.to_ascii_uppercase();
        let short = upper.strip_prefix("CLUSTER_CHANGE_").unwrap_or(&upper);
        if short == "ALL" {
            return Some(ChangeFlags::ALL);
        }
        NAMES
            .iter()
            .position(|n| n.strip_prefix("CLUSTER_CHANGE_") == Some(short))
            .map(|i| ChangeFlags::from_bits_retain(1 << i))
    }
}

const NAMES: [&str; 32] = [
    "CLUSTER_CHANGE_NODE_STATE",
    "CLUSTER_CHANGE_NODE_DELETED",
    "CLUSTER_CHANGE_NODE_ADDED",
    "CLUSTER_CHANGE_NODE_PROPERTY",
    "CLUSTER_CHANGE_REGISTRY_NAME",
    "CLUSTER_CHANGE_REGISTRY_ATTRIBUTES",
    "CLUSTER_CHANGE_REGISTRY_VALUE",
    "CLUSTER_CHANGE_REGISTRY_SUBTREE",
    "CLUSTER_CHANGE_RESOURCE_STATE",
    "CLUSTER_CHANGE_RESOURCE_DELETED",
    "CLUSTER_CHANGE_RESOURCE_ADDED",
    "CLUSTER_CHANGE_RESOURCE_PROPERTY",
    "CLUSTER_CHANGE_GROUP_STATE",
    "CLUSTER_CHANGE_GROUP_DELETED",
    "CLUSTER_CHANGE_GROUP_ADDED",
    "CLUSTER_CHANGE_GROUP_PROPERTY",
    "CLUSTER_CHANGE_RESOURCE_TYPE_DELETED",
    "CLUSTER_CHANGE_RESOURCE_TYPE_ADDED",
    "CLUSTER_CHANGE_RESOURCE_TYPE_PROPERTY",
    "CLUSTER_CHANGE_CLUSTER_RECONNECT",
    "CLUSTER_CHANGE_NETWORK_STATE",
    "CLUSTER_CHANGE_NETWORK_DELETED",
    "CLUSTER_CHANGE_NETWORK_ADDED",
    "CLUSTER_CHANGE_NETWORK_PROPERTY",
    "CLUSTER_CHANGE_NETINTERFACE_STATE",
    "CLUSTER_CHANGE_NETINTERFACE_DELETED",
    "CLUSTER_CHANGE_NETINTERFACE_ADDED",
    "CLUSTER_CHANGE_NETINTERFACE_PROPERTY",
    "CLUSTER_CHANGE_QUORUM_STATE",
    "CLUSTER_CHANGE_CLUSTER_STATE",
    "CLUSTER_CHANGE_CLUSTER_PROPERTY",
    "CLUSTER_CHANGE_HANDLE_CLOSE",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_is_every_bit_of_a_dword() {
        assert_eq!(ChangeFlags::ALL.bits(), 0xFFFF_FFFF);
        assert_eq!(ChangeFlags::all().iter().count(), 32);
    }

    #[test]
    fn exact_header_values() {
        assert_eq!(ChangeFlags::RESOURCE_ADDED.bits(), 0x400);
        assert_eq!(ChangeFlags::CLUSTER_RECONNECT.bits(), 0x80000);
        assert_eq!(ChangeFlags::QUORUM_STATE.bits(), 0x1000_0000);
        assert_eq!(ChangeFlags::HANDLE_CLOSE.bits(), 0x8000_0000);
        for (i, flag) in ChangeFlags::all().iter().enumerate() {
            assert_eq!(flag.bits(), 1 << i);
            assert_eq!(flag.name().unwrap(), NAMES[i]);
        }
    }

    #[test]
    fn parse_accepts_short_long_and_numeric_forms() {
        assert_eq!(ChangeFlags::parse_one("resource_added"), Some(ChangeFlags::RESOURCE_ADDED));
        assert_eq!(ChangeFlags::parse_one("CLUSTER_CHANGE_GROUP_STATE"), Some(ChangeFlags::GROUP_STATE));
        assert_eq!(ChangeFlags::parse_one("0x400"), Some(ChangeFlags::RESOURCE_ADDED));
        assert_eq!(ChangeFlags::parse_one("ALL"), Some(ChangeFlags::ALL));
        assert_eq!(ChangeFlags::parse_one("nope"), None);
    }
}
