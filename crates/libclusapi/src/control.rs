//! Control codes (`Cluster*Control`): which codes each object answers and what they do.
//!
//! A control code is `object << 24 | operation` (`clusapi.h`, "Control Code
//! Architecture"). Every function answers only the codes of its own object type;
//! any other code is `ERROR_INVALID_FUNCTION`.

use crate::types::*;
use clusim_api::PropertyScope;

/// What a control code asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ControlOp {
    /// `…_GET_NAME`: the object's name, a NUL-terminated UTF-16 string.
    GetName,
    /// `…_GET_ID`: the object's id, a NUL-terminated UTF-16 string.
    GetId,
    /// `CLUSCTL_RESOURCE_GET_RESOURCE_TYPE`: the type name, a NUL-terminated string.
    GetResourceType,
    /// `…_GET_{COMMON,PRIVATE}_PROPERTIES`: a property list.
    GetProperties(PropertyScope),
    /// `…_SET_{COMMON,PRIVATE}_PROPERTIES`: the input buffer is a property list.
    SetProperties(PropertyScope),
}

/// The object a `Cluster*Control` function addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ControlTarget {
    /// `ClusterControl`.
    Cluster,
    /// `ClusterNodeControl`.
    Node,
    /// `ClusterGroupControl`.
    Group,
    /// `ClusterResourceControl`.
    Resource,
    /// `ClusterResourceTypeControl`.
    ResourceType,
    /// `ClusterNetworkControl`.
    Network,
    /// `ClusterNetInterfaceControl`.
    NetInterface,
}

/// The operation of `code` for `target`, `None` when the target does not answer it
/// (`ERROR_INVALID_FUNCTION`).
pub fn decode(target: ControlTarget, code: u32) -> Option<ControlOp> {
    use ControlOp::*;
    use PropertyScope::{Common, Private};
    let table: &[(u32, ControlOp)] = match target {
        ControlTarget::Resource => &[
            (CLUSCTL_RESOURCE_GET_RESOURCE_TYPE, GetResourceType),
            (CLUSCTL_RESOURCE_GET_NAME, GetName),
            (CLUSCTL_RESOURCE_GET_ID, GetId),
            (CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES, GetProperties(Common)),
            (CLUSCTL_RESOURCE_SET_COMMON_PROPERTIES, SetProperties(Common)),
            (CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES, GetProperties(Private)),
            (CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES, SetProperties(Private)),
        ],
        ControlTarget::Group => &[
            (CLUSCTL_GROUP_GET_NAME, GetName),
            (CLUSCTL_GROUP_GET_ID, GetId),
            (CLUSCTL_GROUP_GET_COMMON_PROPERTIES, GetProperties(Common)),
            (CLUSCTL_GROUP_SET_COMMON_PROPERTIES, SetProperties(Common)),
            (CLUSCTL_GROUP_GET_PRIVATE_PROPERTIES, GetProperties(Private)),
            (CLUSCTL_GROUP_SET_PRIVATE_PROPERTIES, SetProperties(Private)),
        ],
        ControlTarget::Node => &[
            (CLUSCTL_NODE_GET_NAME, GetName),
            (CLUSCTL_NODE_GET_ID, GetId),
            (CLUSCTL_NODE_GET_COMMON_PROPERTIES, GetProperties(Common)),
            (CLUSCTL_NODE_SET_COMMON_PROPERTIES, SetProperties(Common)),
            (CLUSCTL_NODE_GET_PRIVATE_PROPERTIES, GetProperties(Private)),
            (CLUSCTL_NODE_SET_PRIVATE_PROPERTIES, SetProperties(Private)),
        ],
        ControlTarget::Network => &[
            (CLUSCTL_NETWORK_GET_NAME, GetName),
            (CLUSCTL_NETWORK_GET_ID, GetId),
            (CLUSCTL_NETWORK_GET_COMMON_PROPERTIES, GetProperties(Common)),
            (CLUSCTL_NETWORK_SET_COMMON_PROPERTIES, SetProperties(Common)),
            (CLUSCTL_NETWORK_GET_PRIVATE_PROPERTIES, GetProperties(Private)),
            (CLUSCTL_NETWORK_SET_PRIVATE_PROPERTIES, SetProperties(Private)),
        ],
        ControlTarget::NetInterface => &[
            (CLUSCTL_NETINTERFACE_GET_NAME, GetName),
            (CLUSCTL_NETINTERFACE_GET_ID, GetId),
            (CLUSCTL_NETINTERFACE_GET_COMMON_PROPERTIES, GetProperties(Common)),
            (CLUSCTL_NETINTERFACE_SET_COMMON_PROPERTIES, SetProperties(Common)),
            (CLUSCTL_NETINTERFACE_GET_PRIVATE_PROPERTIES, GetProperties(Private)),
            (CLUSCTL_NETINTERFACE_SET_PRIVATE_PROPERTIES, SetProperties(Private)),
        ],
        ControlTarget::ResourceType => &[
            (CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTIES, GetProperties(Common)),
            (CLUSCTL_RESOURCE_TYPE_SET_COMMON_PROPERTIES, SetProperties(Common)),
            (CLUSCTL_RESOURCE_TYPE_GET_PRIVATE_PROPERTIES, GetProperties(Private)),
            (CLUSCTL_RESOURCE_TYPE_SET_PRIVATE_PROPERTIES, SetProperties(Private)),
        ],
        ControlTarget::Cluster => &[
            (CLUSCTL_CLUSTER_GET_COMMON_PROPERTIES, GetProperties(Common)),
            (CLUSCTL_CLUSTER_SET_COMMON_PROPERTIES, SetProperties(Common)),
            (CLUSCTL_CLUSTER_GET_PRIVATE_PROPERTIES, GetProperties(Private)),
            (CLUSCTL_CLUSTER_SET_PRIVATE_PROPERTIES, SetProperties(Private)),
        ],
    };
    table.iter().find(|(c, _)| *c == code).map(|&(_, op)| op)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_object_byte_plus_operation() {
        assert_eq!(CLUSCTL_RESOURCE_GET_NAME >> 24, 1);
        assert_eq!(CLUSCTL_GROUP_GET_NAME & 0x00FF_FFFF, CLUSCTL_RESOURCE_GET_NAME & 0x00FF_FFFF);
        assert_eq!(decode(ControlTarget::Group, CLUSCTL_RESOURCE_GET_NAME), None);
        assert_eq!(decode(ControlTarget::Group, CLUSCTL_GROUP_GET_ID), Some(ControlOp::GetId));
        assert_eq!(decode(ControlTarget::Node, CLUSCTL_RESOURCE_GET_RESOURCE_TYPE), None);
    }
}
