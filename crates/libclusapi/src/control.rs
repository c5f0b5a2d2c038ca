//! Control codes (`Cluster*Control`): which codes each object answers and what they do.
//!
//! A control code is `object << 24 | operation` (`clusapi.h`, "Control Code
//! Architecture"); the operations and which object kinds have them are
//! [`clusim_api::control_code`], shared with the real-ClusAPI backend. Every function
//! answers only the codes of its own object type; any other code is
//! `ERROR_INVALID_FUNCTION`.

pub use clusim_api::control_code::{ControlObject, ControlOp};

/// The operation of `code` for `object`, `None` when the object does not answer it
/// (`ERROR_INVALID_FUNCTION`).
pub fn decode(object: ControlObject, code: u32) -> Option<ControlOp> {
    ControlOp::decode(object, code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::*;
    use clusim_api::PropertyScope::{Common, Private};

    // C-ABI-CONTROL: the header's constants are the codes the shared table builds.
    #[test]
    fn the_header_constants_decode_to_their_operations() {
        use ControlObject as O;
        let cases = [
            (O::Resource, CLUSCTL_RESOURCE_GET_RESOURCE_TYPE, ControlOp::GetResourceType),
            (O::Resource, CLUSCTL_RESOURCE_GET_NAME, ControlOp::GetName),
            (O::Resource, CLUSCTL_RESOURCE_GET_ID, ControlOp::GetId),
            (O::Resource, CLUSCTL_RESOURCE_SET_COMMON_PROPERTIES, ControlOp::SetProperties(Common)),
            (
                O::ResourceType,
                CLUSCTL_RESOURCE_TYPE_GET_PRIVATE_PROPERTIES,
                ControlOp::GetProperties(Private),
            ),
            (O::Group, CLUSCTL_GROUP_GET_ID, ControlOp::GetId),
            (O::NetInterface, CLUSCTL_NETINTERFACE_GET_NAME, ControlOp::GetName),
            (O::Cluster, CLUSCTL_CLUSTER_SET_PRIVATE_PROPERTIES, ControlOp::SetProperties(Private)),
        ];
        for (object, code, op) in cases {
            assert_eq!(decode(object, code), Some(op), "{code:#x}");
        }
        assert_eq!(decode(O::Group, CLUSCTL_RESOURCE_GET_NAME), None);
        assert_eq!(decode(O::Node, CLUSCTL_RESOURCE_GET_RESOURCE_TYPE), None);
    }
}
