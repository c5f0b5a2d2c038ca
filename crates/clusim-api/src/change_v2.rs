//! The per-object-type `CLUSTER_CHANGE_*_V2` enums as bit flags (fact sheet §1.4).
//!
//! Guarantees: every documented value has a constant with the exact number of
//! `clusapi.h` ([MS-CMRP] 2.2.2.12–2.2.2.21 cited per type); `ALL_V2` is the HDR mask,
//! which includes the client-only bits ApiAddNotifyV2 forbids (§7.10).
//! [`valid_filter`] is the one place that decides which `FilterFlags` a registration
//! may hold for an object type (§3.8): a subset of the type's `ALL_V2` mask, without
//! the forbidden client-only bits, and not empty.

use crate::object_type::ObjectType;
use bitflags::bitflags;

bitflags! {
    /// `CLUSTER_CHANGE_CLUSTER_V2` (CMRP 2.2.2.12).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct ClusterChangeV2: u32 {
        /// `CLUSTER_CHANGE_CLUSTER_RECONNECT_V2` (client-generated).
        const RECONNECT = 0x0001;
        /// `CLUSTER_CHANGE_CLUSTER_STATE_V2` (client-generated).
        const STATE = 0x0002;
        /// `CLUSTER_CHANGE_CLUSTER_GROUP_ADDED_V2`.
        const GROUP_ADDED = 0x0004;
        /// `CLUSTER_CHANGE_CLUSTER_HANDLE_CLOSE_V2` (client-generated).
        const HANDLE_CLOSE = 0x0008;
        /// `CLUSTER_CHANGE_CLUSTER_NETWORK_ADDED_V2`.
        const NETWORK_ADDED = 0x0010;
        /// `CLUSTER_CHANGE_CLUSTER_NODE_ADDED_V2`.
        const NODE_ADDED = 0x0020;
        /// `CLUSTER_CHANGE_CLUSTER_RESOURCE_TYPE_ADDED_V2`.
        const RESOURCE_TYPE_ADDED = 0x0040;
        /// `CLUSTER_CHANGE_CLUSTER_COMMON_PROPERTY_V2`.
        const COMMON_PROPERTY = 0x0080;
        /// `CLUSTER_CHANGE_CLUSTER_PRIVATE_PROPERTY_V2`.
        const PRIVATE_PROPERTY = 0x0100;
        /// `CLUSTER_CHANGE_CLUSTER_LOST_NOTIFICATIONS_V2`.
        const LOST_NOTIFICATIONS = 0x0200;
        /// `CLUSTER_CHANGE_CLUSTER_RENAME_V2`.
        const RENAME = 0x0400;
        /// `CLUSTER_CHANGE_CLUSTER_MEMBERSHIP_V2`.
        const MEMBERSHIP = 0x0800;
        /// `CLUSTER_CHANGE_CLUSTER_UPGRADED_V2`.
        const UPGRADED = 0x1000;
        /// `CLUSTER_CHANGE_CLUSTER_ALL_V2` (HDR).
        const ALL = 0x1FFF;
    }
}

bitflags! {
    /// `CLUSTER_CHANGE_GROUP_V2` (CMRP 2.2.2.13).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct GroupChangeV2: u32 {
        /// `CLUSTER_CHANGE_GROUP_DELETED_V2`.
        const DELETED = 0x001;
        /// `CLUSTER_CHANGE_GROUP_COMMON_PROPERTY_V2`.
        const COMMON_PROPERTY = 0x002;
        /// `CLUSTER_CHANGE_GROUP_PRIVATE_PROPERTY_V2`.
        const PRIVATE_PROPERTY = 0x004;
        /// `CLUSTER_CHANGE_GROUP_STATE_V2`.
        const STATE = 0x008;
        /// `CLUSTER_CHANGE_GROUP_OWNER_NODE_V2`.
        const OWNER_NODE = 0x010;
        /// `CLUSTER_CHANGE_GROUP_PREFERRED_OWNERS_V2`.
        const PREFERRED_OWNERS = 0x020;
        /// `CLUSTER_CHANGE_GROUP_RESOURCE_ADDED_V2`.
        const RESOURCE_ADDED = 0x040;
        /// `CLUSTER_CHANGE_GROUP_RESOURCE_GAINED_V2`.
        const RESOURCE_GAINED = 0x080;
        /// `CLUSTER_CHANGE_GROUP_RESOURCE_LOST_V2`.
        const RESOURCE_LOST = 0x100;
        /// `CLUSTER_CHANGE_GROUP_HANDLE_CLOSE_V2` (client-generated).
        const HANDLE_CLOSE = 0x200;
        /// `CLUSTER_CHANGE_GROUP_ALL_V2` (HDR).
        const ALL = 0x3FF;
    }
}

bitflags! {
    /// `CLUSTER_CHANGE_GROUPSET_V2` (HDR).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct GroupSetChangeV2: u32 {
        /// `CLUSTER_CHANGE_GROUPSET_DELETED_v2`.
        const DELETED = 0x001;
        /// `CLUSTER_CHANGE_GROUPSET_COMMON_PROPERTY_V2`.
        const COMMON_PROPERTY = 0x002;
        /// `CLUSTER_CHANGE_GROUPSET_PRIVATE_PROPERTY_V2`.
        const PRIVATE_PROPERTY = 0x004;
        /// `CLUSTER_CHANGE_GROUPSET_STATE_V2`.
        const STATE = 0x008;
        /// `CLUSTER_CHANGE_GROUPSET_GROUP_ADDED`.
        const GROUP_ADDED = 0x010;
        /// `CLUSTER_CHANGE_GROUPSET_GROUP_REMOVED`.
        const GROUP_REMOVED = 0x020;
        /// `CLUSTER_CHANGE_GROUPSET_DEPENDENCIES_V2`.
        const DEPENDENCIES = 0x040;
        /// `CLUSTER_CHANGE_GROUPSET_DEPENDENTS_V2`.
        const DEPENDENTS = 0x080;
        /// `CLUSTER_CHANGE_GROUPSET_HANDLE_CLOSE_v2` (client-generated).
        const HANDLE_CLOSE = 0x100;
        /// `CLUSTER_CHANGE_GROUPSET_ALL_V2`.
        const ALL = 0x1FF;
    }
}

bitflags! {
    /// `CLUSTER_CHANGE_RESOURCE_V2` (CMRP 2.2.2.14).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct ResourceChangeV2: u32 {
        /// `CLUSTER_CHANGE_RESOURCE_COMMON_PROPERTY_V2`.
        const COMMON_PROPERTY = 0x001;
        /// `CLUSTER_CHANGE_RESOURCE_PRIVATE_PROPERTY_V2`.
        const PRIVATE_PROPERTY = 0x002;
        /// `CLUSTER_CHANGE_RESOURCE_STATE_V2`.
        const STATE = 0x004;
        /// `CLUSTER_CHANGE_RESOURCE_OWNER_GROUP_V2`.
        const OWNER_GROUP = 0x008;
        /// `CLUSTER_CHANGE_RESOURCE_DEPENDENCIES_V2`.
        const DEPENDENCIES = 0x010;
        /// `CLUSTER_CHANGE_RESOURCE_DEPENDENTS_V2`.
        const DEPENDENTS = 0x020;
        /// `CLUSTER_CHANGE_RESOURCE_POSSIBLE_OWNERS_V2`.
        const POSSIBLE_OWNERS = 0x040;
        /// `CLUSTER_CHANGE_RESOURCE_DELETED_V2`.
        const DELETED = 0x080;
        /// `CLUSTER_CHANGE_RESOURCE_DLL_UPGRADED_V2`.
        const DLL_UPGRADED = 0x100;
        /// `CLUSTER_CHANGE_RESOURCE_HANDLE_CLOSE_V2` (client-generated).
        const HANDLE_CLOSE = 0x200;
        /// `CLUSTER_CHANGE_RESOURCE_TERMINAL_STATE_V2` (HDR and the learn page only).
        const TERMINAL_STATE = 0x400;
        /// `CLUSTER_CHANGE_RESOURCE_ALL_V2` (HDR).
        const ALL = 0x7FF;
    }
}

bitflags! {
    /// `CLUSTER_CHANGE_RESOURCE_TYPE_V2` (CMRP 2.2.2.15).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct ResourceTypeChangeV2: u32 {
        /// `CLUSTER_CHANGE_RESOURCE_TYPE_DELETED_V2`.
        const DELETED = 0x01;
        /// `CLUSTER_CHANGE_RESOURCE_TYPE_COMMON_PROPERTY_V2`.
        const COMMON_PROPERTY = 0x02;
        /// `CLUSTER_CHANGE_RESOURCE_TYPE_PRIVATE_PROPERTY_V2`.
        const PRIVATE_PROPERTY = 0x04;
        /// `CLUSTER_CHANGE_RESOURCE_TYPE_POSSIBLE_OWNERS_V2`.
        const POSSIBLE_OWNERS = 0x08;
        /// `CLUSTER_CHANGE_RESOURCE_TYPE_DLL_UPGRADED_V2`.
        const DLL_UPGRADED = 0x10;
        /// `CLUSTER_RESOURCE_TYPE_SPECIFIC_V2` (no `CHANGE_` in the name).
        const SPECIFIC = 0x20;
        /// `CLUSTER_CHANGE_RESOURCE_TYPE_ALL_V2` (HDR).
        const ALL = 0x3F;
    }
}

bitflags! {
    /// `CLUSTER_CHANGE_NETINTERFACE_V2` (CMRP 2.2.2.16).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct NetInterfaceChangeV2: u32 {
        /// `CLUSTER_CHANGE_NETINTERFACE_DELETED_V2`.
        const DELETED = 0x01;
        /// `CLUSTER_CHANGE_NETINTERFACE_COMMON_PROPERTY_V2`.
        const COMMON_PROPERTY = 0x02;
        /// `CLUSTER_CHANGE_NETINTERFACE_PRIVATE_PROPERTY_V2`.
        const PRIVATE_PROPERTY = 0x04;
        /// `CLUSTER_CHANGE_NETINTERFACE_STATE_V2`.
        const STATE = 0x08;
        /// `CLUSTER_CHANGE_NETINTERFACE_HANDLE_CLOSE_V2` (client-generated).
        const HANDLE_CLOSE = 0x10;
        /// `CLUSTER_CHANGE_NETINTERFACE_ALL_V2`.
        const ALL = 0x1F;
    }
}

bitflags! {
    /// `CLUSTER_CHANGE_NETWORK_V2` (CMRP 2.2.2.17).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct NetworkChangeV2: u32 {
        /// `CLUSTER_CHANGE_NETWORK_DELETED_V2`.
        const DELETED = 0x01;
        /// `CLUSTER_CHANGE_NETWORK_COMMON_PROPERTY_V2`.
        const COMMON_PROPERTY = 0x02;
        /// `CLUSTER_CHANGE_NETWORK_PRIVATE_PROPERTY_V2`.
        const PRIVATE_PROPERTY = 0x04;
        /// `CLUSTER_CHANGE_NETWORK_STATE_V2`.
        const STATE = 0x08;
        /// `CLUSTER_CHANGE_NETWORK_HANDLE_CLOSE_V2` (client-generated).
        const HANDLE_CLOSE = 0x10;
        /// `CLUSTER_CHANGE_NETWORK_ALL_V2`.
        const ALL = 0x1F;
    }
}

bitflags! {
    /// `CLUSTER_CHANGE_NODE_V2` (CMRP 2.2.2.18).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct NodeChangeV2: u32 {
        /// `CLUSTER_CHANGE_NODE_NETINTERFACE_ADDED_V2`.
        const NETINTERFACE_ADDED = 0x01;
        /// `CLUSTER_CHANGE_NODE_DELETED_V2`.
        const DELETED = 0x02;
        /// `CLUSTER_CHANGE_NODE_COMMON_PROPERTY_V2`.
        const COMMON_PROPERTY = 0x04;
        /// `CLUSTER_CHANGE_NODE_PRIVATE_PROPERTY_V2`.
        const PRIVATE_PROPERTY = 0x08;
        /// `CLUSTER_CHANGE_NODE_STATE_V2`.
        const STATE = 0x10;
        /// `CLUSTER_CHANGE_NODE_GROUP_GAINED_V2`.
        const GROUP_GAINED = 0x20;
        /// `CLUSTER_CHANGE_NODE_GROUP_LOST_V2`.
        const GROUP_LOST = 0x40;
        /// `CLUSTER_CHANGE_NODE_HANDLE_CLOSE_V2` (client-generated).
        const HANDLE_CLOSE = 0x80;
        /// `CLUSTER_CHANGE_NODE_ALL_V2`.
        const ALL = 0xFF;
    }
}

bitflags! {
    /// `CLUSTER_CHANGE_REGISTRY_V2` (CMRP 2.2.2.19).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct RegistryChangeV2: u32 {
        /// `CLUSTER_CHANGE_REGISTRY_ATTRIBUTES_V2`.
        const ATTRIBUTES = 0x01;
        /// `CLUSTER_CHANGE_REGISTRY_NAME_V2`.
        const NAME = 0x02;
        /// `CLUSTER_CHANGE_REGISTRY_SUBTREE_V2` (scope modifier; never delivered).
        const SUBTREE = 0x04;
        /// `CLUSTER_CHANGE_REGISTRY_VALUE_V2`.
        const VALUE = 0x08;
        /// `CLUSTER_CHANGE_REGISTRY_HANDLE_CLOSE_V2` (client-generated).
        const HANDLE_CLOSE = 0x10;
        /// `CLUSTER_CHANGE_REGISTRY_ALL_V2`.
        const ALL = 0x1F;
    }
}

bitflags! {
    /// `CLUSTER_CHANGE_QUORUM_V2` (CMRP 2.2.2.20).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct QuorumChangeV2: u32 {
        /// `CLUSTER_CHANGE_QUORUM_STATE_V2`.
        const STATE = 0x1;
        /// `CLUSTER_CHANGE_QUORUM_ALL_V2` (HDR).
        const ALL = 0x1;
    }
}

bitflags! {
    /// `CLUSTER_CHANGE_SHARED_VOLUME_V2` (CMRP 2.2.2.21; ADDED/REMOVED from HDR, §7.9).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct SharedVolumeChangeV2: u32 {
        /// `CLUSTER_CHANGE_SHARED_VOLUME_STATE_V2`.
        const STATE = 0x1;
        /// `CLUSTER_CHANGE_SHARED_VOLUME_ADDED_V2` (HDR only).
        const ADDED = 0x2;
        /// `CLUSTER_CHANGE_SHARED_VOLUME_REMOVED_V2` (HDR only).
        const REMOVED = 0x4;
        /// `CLUSTER_CHANGE_SHARED_VOLUME_ALL_V2`.
        const ALL = 0x7;
    }
}

bitflags! {
    /// `CLUSTER_CHANGE_SPACEPORT_V2` (HDR).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct SpaceportChangeV2: u32 {
        /// `CLUSTER_CHANGE_SPACEPORT_CUSTOM_PNP_V2`.
        const CUSTOM_PNP = 0x1;
    }
}

bitflags! {
    /// `CLUSTER_CHANGE_NODE_UPGRADE_PHASE_V2` (HDR; object type UPGRADE).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct UpgradeChangeV2: u32 {
        /// `CLUSTER_CHANGE_UPGRADE_NODE_PREPARE`.
        const NODE_PREPARE = 0x1;
        /// `CLUSTER_CHANGE_UPGRADE_NODE_COMMIT`.
        const NODE_COMMIT = 0x2;
        /// `CLUSTER_CHANGE_UPGRADE_NODE_POSTCOMMIT`.
        const NODE_POSTCOMMIT = 0x4;
        /// `CLUSTER_CHANGE_UPGRADE_ALL`.
        const ALL = 0x7;
    }
}

/// The `ALL_V2` mask of an object type's enum (HDR), or `None` for a type without one
/// (NONE, SBL_DEVICE, CERT, AFFINITYRULE, FAULTDOMAIN).
pub fn all_mask(t: ObjectType) -> Option<u64> {
    let m = match t {
        ObjectType::Cluster => ClusterChangeV2::ALL.bits(),
        ObjectType::Group => GroupChangeV2::ALL.bits(),
        ObjectType::Resource => ResourceChangeV2::ALL.bits(),
        ObjectType::ResourceType => ResourceTypeChangeV2::ALL.bits(),
        ObjectType::NetworkInterface => NetInterfaceChangeV2::ALL.bits(),
        ObjectType::Network => NetworkChangeV2::ALL.bits(),
        ObjectType::Node => NodeChangeV2::ALL.bits(),
        ObjectType::Registry => RegistryChangeV2::ALL.bits(),
        ObjectType::Quorum => QuorumChangeV2::ALL.bits(),
        ObjectType::SharedVolume => SharedVolumeChangeV2::ALL.bits(),
        ObjectType::Spaceport => SpaceportChangeV2::all().bits(),
        ObjectType::Upgrade => UpgradeChangeV2::ALL.bits(),
        ObjectType::GroupSet => GroupSetChangeV2::ALL.bits(),
        _ => return None,
    };
    Some(u64::from(m))
}

/// The client-only bits of an object type (ApiAddNotifyV2 forbids them, §3.8): for
/// CLUSTER `RECONNECT_V2 | STATE_V2 | HANDLE_CLOSE_V2`, for every other type its
/// `*_HANDLE_CLOSE_V2` bit (0 where the type has none).
pub fn client_only_mask(t: ObjectType) -> u64 {
    let extra = match t {
        ObjectType::Cluster => u64::from((ClusterChangeV2::RECONNECT | ClusterChangeV2::STATE).bits()),
        _ => 0,
    };
    extra | handle_close_bit(t).unwrap_or(0)
}

/// The `*_HANDLE_CLOSE_V2` bit delivered when a handle of this type closes (CMRP
/// 3.2.4.7), if the type has one.
pub fn handle_close_bit(t: ObjectType) -> Option<u64> {
    let m = match t {
        ObjectType::Cluster => ClusterChangeV2::HANDLE_CLOSE.bits(),
        ObjectType::Group => GroupChangeV2::HANDLE_CLOSE.bits(),
        ObjectType::Resource => ResourceChangeV2::HANDLE_CLOSE.bits(),
        ObjectType::NetworkInterface => NetInterfaceChangeV2::HANDLE_CLOSE.bits(),
        ObjectType::Network => NetworkChangeV2::HANDLE_CLOSE.bits(),
        ObjectType::Node => NodeChangeV2::HANDLE_CLOSE.bits(),
        ObjectType::Registry => RegistryChangeV2::HANDLE_CLOSE.bits(),
        ObjectType::GroupSet => GroupSetChangeV2::HANDLE_CLOSE.bits(),
        _ => return None,
    };
    Some(u64::from(m))
}

/// Why a `(dwObjectType, FilterFlags)` pair is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterError {
    /// The `DWORD` is not a `CLUSTER_OBJECT_TYPE`, or the type has no change enum.
    UnknownObjectType,
    /// No bit set.
    Empty,
    /// A bit outside the type's `ALL_V2` mask.
    OutsideEnum,
    /// A client-only bit ApiAddNotifyV2 forbids (§3.8).
    ClientOnly,
}

/// Checks a registration filter (§3.8): a known object type with a change enum, a
/// non-empty subset of its `ALL_V2` mask, none of its client-only bits. Every failure
/// is `ERROR_INVALID_PARAMETER` at the API.
pub fn valid_filter(object_type: u32, flags: u64) -> Result<ObjectType, FilterError> {
    let t = ObjectType::from_raw(object_type).ok_or(FilterError::UnknownObjectType)?;
    let all = all_mask(t).ok_or(FilterError::UnknownObjectType)?;
    if flags == 0 {
        return Err(FilterError::Empty);
    }
    if flags & !all != 0 {
        return Err(FilterError::OutsideEnum);
    }
    if flags & client_only_mask(t) != 0 {
        return Err(FilterError::ClientOnly);
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    // V2-VOCAB: HDR values (fact sheet §1.4).
    #[test]
    fn change_v2_values_are_the_documented_ones() {
        assert_eq!(ClusterChangeV2::LOST_NOTIFICATIONS.bits(), 0x200);
        assert_eq!(ClusterChangeV2::MEMBERSHIP.bits(), 0x800);
        assert_eq!(GroupChangeV2::RESOURCE_LOST.bits(), 0x100);
        assert_eq!(ResourceChangeV2::TERMINAL_STATE.bits(), 0x400);
        assert_eq!(NodeChangeV2::GROUP_LOST.bits(), 0x40);
        assert_eq!(RegistryChangeV2::VALUE.bits(), 0x08);
        assert_eq!(ResourceTypeChangeV2::SPECIFIC.bits(), 0x20);
    }

    // V2-FILTER (§3.8, §7.10): ALL_V2 holds forbidden bits, so it is refused as is.
    #[test]
    fn filters_outside_the_enum_or_client_only_are_refused() {
        let group = ObjectType::Group.raw();
        assert_eq!(valid_filter(group, 0x008), Ok(ObjectType::Group));
        assert_eq!(valid_filter(group, 0), Err(FilterError::Empty));
        assert_eq!(valid_filter(group, 0x400), Err(FilterError::OutsideEnum));
        assert_eq!(valid_filter(group, 0x3FF), Err(FilterError::ClientOnly));
        assert_eq!(valid_filter(group, 0x1FF), Ok(ObjectType::Group));
        assert_eq!(valid_filter(ObjectType::Cluster.raw(), 0x2), Err(FilterError::ClientOnly));
        assert_eq!(valid_filter(0x99, 1), Err(FilterError::UnknownObjectType));
        assert_eq!(valid_filter(0, 1), Err(FilterError::UnknownObjectType));
        assert_eq!(valid_filter(ObjectType::Cert.raw(), 1), Err(FilterError::UnknownObjectType));
    }
}
