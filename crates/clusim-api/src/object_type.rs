//! `CLUSTER_OBJECT_TYPE`: the object types of the V2 notification model (fact sheet §1.3).
//!
//! Guarantees: every value of `clusapi.h` and of [MS-CMRP] 2.2.2.11 has a variant with
//! its exact number; [`ObjectType::from_raw`] refuses every other `DWORD`, which is how
//! a backend recognises "invalid object type" (`ERROR_INVALID_PARAMETER`, §3.8).

use std::fmt;

/// A `CLUSTER_OBJECT_TYPE` value (the `dwObjectType` of `NOTIFY_FILTER_AND_TYPE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u32)]
pub enum ObjectType {
    /// `CLUSTER_OBJECT_TYPE_NONE` (HDR only; never valid in a filter).
    None = 0x00,
    /// `CLUSTER_OBJECT_TYPE_CLUSTER`.
    Cluster = 0x01,
    /// `CLUSTER_OBJECT_TYPE_GROUP`.
    Group = 0x02,
    /// `CLUSTER_OBJECT_TYPE_RESOURCE`.
    Resource = 0x03,
    /// `CLUSTER_OBJECT_TYPE_RESOURCE_TYPE`.
    ResourceType = 0x04,
    /// `CLUSTER_OBJECT_TYPE_NETWORK_INTERFACE`.
    NetworkInterface = 0x05,
    /// `CLUSTER_OBJECT_TYPE_NETWORK`.
    Network = 0x06,
    /// `CLUSTER_OBJECT_TYPE_NODE`.
    Node = 0x07,
    /// `CLUSTER_OBJECT_TYPE_REGISTRY`.
    Registry = 0x08,
    /// `CLUSTER_OBJECT_TYPE_QUORUM`.
    Quorum = 0x09,
    /// `CLUSTER_OBJECT_TYPE_SHARED_VOLUME`.
    SharedVolume = 0x0A,
    /// `CLUSTER_OBJECT_TYPE_SPACEPORT` (CMRP only).
    Spaceport = 0x0B,
    /// `CLUSTER_OBJECT_TYPE_UPGRADE` (CMRP only).
    Upgrade = 0x0C,
    /// `CLUSTER_OBJECT_TYPE_GROUPSET` (Server 2016+).
    GroupSet = 0x0D,
    /// `CLUSTER_OBJECT_TYPE_SBL_DEVICE` (CMRP only).
    SblDevice = 0x0E,
    /// `CLUSTER_OBJECT_TYPE_CERT` (CMRP only).
    Cert = 0x0F,
    /// `CLUSTER_OBJECT_TYPE_AFFINITYRULE`.
    AffinityRule = 0x10,
    /// `CLUSTER_OBJECT_TYPE_FAULTDOMAIN` (newest HDR only).
    FaultDomain = 0x11,
}

impl ObjectType {
    /// Every defined value, in numeric order.
    pub const ALL: [ObjectType; 18] = [
        ObjectType::None,
        ObjectType::Cluster,
        ObjectType::Group,
        ObjectType::Resource,
        ObjectType::ResourceType,
        ObjectType::NetworkInterface,
        ObjectType::Network,
        ObjectType::Node,
        ObjectType::Registry,
        ObjectType::Quorum,
        ObjectType::SharedVolume,
        ObjectType::Spaceport,
        ObjectType::Upgrade,
        ObjectType::GroupSet,
        ObjectType::SblDevice,
        ObjectType::Cert,
        ObjectType::AffinityRule,
        ObjectType::FaultDomain,
    ];

    /// The `DWORD` value.
    pub fn raw(self) -> u32 {
        self as u32
    }

    /// The object type with this `DWORD` value, if one is defined.
    pub fn from_raw(v: u32) -> Option<ObjectType> {
        ObjectType::ALL.get(v as usize).copied()
    }

    /// The `clusapi.h` name without the `CLUSTER_OBJECT_TYPE_` prefix.
    pub fn label(self) -> &'static str {
        match self {
            ObjectType::None => "NONE",
            ObjectType::Cluster => "CLUSTER",
            ObjectType::Group => "GROUP",
            ObjectType::Resource => "RESOURCE",
            ObjectType::ResourceType => "RESOURCE_TYPE",
            ObjectType::NetworkInterface => "NETWORK_INTERFACE",
            ObjectType::Network => "NETWORK",
            ObjectType::Node => "NODE",
            ObjectType::Registry => "REGISTRY",
            ObjectType::Quorum => "QUORUM",
            ObjectType::SharedVolume => "SHARED_VOLUME",
            ObjectType::Spaceport => "SPACEPORT",
            ObjectType::Upgrade => "UPGRADE",
            ObjectType::GroupSet => "GROUPSET",
            ObjectType::SblDevice => "SBL_DEVICE",
            ObjectType::Cert => "CERT",
            ObjectType::AffinityRule => "AFFINITYRULE",
            ObjectType::FaultDomain => "FAULTDOMAIN",
        }
    }
}

impl fmt::Display for ObjectType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // V2-VOCAB: values of clusapi.h / CMRP 2.2.2.11 (fact sheet §1.3).
    #[test]
    fn object_type_values_are_the_documented_ones() {
        assert_eq!(ObjectType::Cluster.raw(), 1);
        assert_eq!(ObjectType::NetworkInterface.raw(), 5);
        assert_eq!(ObjectType::Node.raw(), 7);
        assert_eq!(ObjectType::Registry.raw(), 8);
        assert_eq!(ObjectType::GroupSet.raw(), 0x0D);
        assert_eq!(ObjectType::FaultDomain.raw(), 0x11);
        for t in ObjectType::ALL {
            assert_eq!(ObjectType::from_raw(t.raw()), Some(t));
        }
        assert_eq!(ObjectType::from_raw(0x12), None);
    }
}
