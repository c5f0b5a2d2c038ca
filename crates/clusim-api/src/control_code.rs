//! Control codes (`CLUSCTL_*`): one operation number per request, the same for every
//! object kind, combined with the kind's object byte — `clusapi.h` "Control Code
//! Architecture": `object << 24 | operation`, where the operation carries the access
//! bits (1 read, 2 write) and the modify bit `0x0040_0000`. Which kinds answer which
//! operation follows `clusapi.h` (every code listed there; `windows-sys` spells the same
//! values, checked in the tests of `clusim-clusapi`).

use crate::property::PropertyScope;

/// The object byte of a control code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ControlObject {
    /// `CLUS_OBJECT_RESOURCE` (`ClusterResourceControl`).
    Resource = 1,
    /// `CLUS_OBJECT_RESOURCE_TYPE` (`ClusterResourceTypeControl`).
    ResourceType = 2,
    /// `CLUS_OBJECT_GROUP` (`ClusterGroupControl`).
    Group = 3,
    /// `CLUS_OBJECT_NODE` (`ClusterNodeControl`).
    Node = 4,
    /// `CLUS_OBJECT_NETWORK` (`ClusterNetworkControl`).
    Network = 5,
    /// `CLUS_OBJECT_NETINTERFACE` (`ClusterNetInterfaceControl`).
    NetInterface = 6,
    /// `CLUS_OBJECT_CLUSTER` (`ClusterControl`).
    Cluster = 7,
}

/// What a control code asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ControlOp {
    /// `…_GET_CHARACTERISTICS`: a DWORD of `CLUS_CHAR_*` bits.
    GetCharacteristics,
    /// `…_GET_FLAGS`: a DWORD of `CLUS_FLAG_*` bits.
    GetFlags,
    /// `…_GET_CLASS_INFO`: a `CLUS_RESOURCE_CLASS_INFO` (class, subclass).
    GetClassInfo,
    /// `…_GET_REQUIRED_DEPENDENCIES`: a value list of classes and type names.
    GetRequiredDependencies,
    /// `…_GET_NAME`: the object's name, a NUL-terminated string.
    GetName,
    /// `CLUSCTL_RESOURCE_GET_RESOURCE_TYPE`: the type name.
    GetResourceType,
    /// `…_GET_ID`: the object's id.
    GetId,
    /// `CLUSCTL_RESOURCE_GET_NETWORK_NAME`: the network name the resource depends on.
    GetNetworkName,
    /// `…_ENUM_{COMMON,PRIVATE}_PROPERTIES`: the property names (a MULTI_SZ).
    EnumProperties(PropertyScope),
    /// `…_GET_RO_{COMMON,PRIVATE}_PROPERTIES`: the read-only properties.
    GetRoProperties(PropertyScope),
    /// `…_GET_{COMMON,PRIVATE}_PROPERTIES`: the read-write properties.
    GetProperties(PropertyScope),
    /// `…_SET_{COMMON,PRIVATE}_PROPERTIES`: the input is a property list.
    SetProperties(PropertyScope),
    /// `…_VALIDATE_{COMMON,PRIVATE}_PROPERTIES`: the checks of a SET, changing nothing.
    ValidateProperties(PropertyScope),
}

use ControlObject as O;
use PropertyScope::{Common, Private};

/// Every operation, in code order.
pub const ALL_OPS: [ControlOp; 18] = [
    ControlOp::GetCharacteristics,
    ControlOp::GetFlags,
    ControlOp::GetClassInfo,
    ControlOp::GetRequiredDependencies,
    ControlOp::GetName,
    ControlOp::GetResourceType,
    ControlOp::GetId,
    ControlOp::EnumProperties(Common),
    ControlOp::GetRoProperties(Common),
    ControlOp::GetProperties(Common),
    ControlOp::SetProperties(Common),
    ControlOp::ValidateProperties(Common),
    ControlOp::EnumProperties(Private),
    ControlOp::GetRoProperties(Private),
    ControlOp::GetProperties(Private),
    ControlOp::SetProperties(Private),
    ControlOp::ValidateProperties(Private),
    ControlOp::GetNetworkName,
];

impl ControlOp {
    /// The low 24 bits of the code (`CLUSCTL_<OP>_CODE` less the object byte).
    pub const fn operation(self) -> u32 {
        const MODIFY: u32 = 0x0040_0000;
        match self {
            ControlOp::GetCharacteristics => 0x05,
            ControlOp::GetFlags => 0x09,
            ControlOp::GetClassInfo => 0x0D,
            ControlOp::GetRequiredDependencies => 0x11,
            ControlOp::GetName => 0x29,
            ControlOp::GetResourceType => 0x2D,
            ControlOp::GetId => 0x39,
            ControlOp::EnumProperties(Common) => 0x51,
            ControlOp::GetRoProperties(Common) => 0x55,
            ControlOp::GetProperties(Common) => 0x59,
            ControlOp::SetProperties(Common) => MODIFY | 0x5E,
            ControlOp::ValidateProperties(Common) => 0x61,
            ControlOp::EnumProperties(Private) => 0x79,
            ControlOp::GetRoProperties(Private) => 0x7D,
            ControlOp::GetProperties(Private) => 0x81,
            ControlOp::SetProperties(Private) => MODIFY | 0x86,
            ControlOp::ValidateProperties(Private) => 0x89,
            ControlOp::GetNetworkName => 0x169,
        }
    }

    /// Whether `object` has this code in `clusapi.h`.
    pub const fn exists_for(self, object: ControlObject) -> bool {
        match self {
            ControlOp::EnumProperties(_)
            | ControlOp::GetRoProperties(_)
            | ControlOp::GetProperties(_)
            | ControlOp::SetProperties(_)
            | ControlOp::ValidateProperties(_) => true,
            ControlOp::GetCharacteristics | ControlOp::GetFlags => !matches!(object, O::Cluster),
            ControlOp::GetClassInfo | ControlOp::GetRequiredDependencies => {
                matches!(object, O::Resource | O::ResourceType)
            }
            ControlOp::GetName | ControlOp::GetId => !matches!(object, O::Cluster | O::ResourceType),
            ControlOp::GetResourceType | ControlOp::GetNetworkName => matches!(object, O::Resource),
        }
    }

    /// The code of this operation for `object`, `None` where `clusapi.h` has none.
    pub const fn code(self, object: ControlObject) -> Option<u32> {
        if self.exists_for(object) {
            Some((object as u32) << 24 | self.operation())
        } else {
            None
        }
    }

    /// The operation `code` asks of `object`, `None` when the object does not answer it
    /// (`ERROR_INVALID_FUNCTION`).
    pub fn decode(object: ControlObject, code: u32) -> Option<ControlOp> {
        ALL_OPS.into_iter().find(|op| op.code(object) == Some(code))
    }
}

/// `CLUS_CHAR_QUORUM`: the resource can be the quorum resource.
pub const CLUS_CHAR_QUORUM: u32 = 0x0000_0001;
/// `CLUS_CHAR_DELETE_REQUIRES_ALL_NODES`.
pub const CLUS_CHAR_DELETE_REQUIRES_ALL_NODES: u32 = 0x0000_0004;
/// `CLUS_FLAG_CORE`: a core resource or group (the cluster's own).
pub const CLUS_FLAG_CORE: u32 = 0x0000_0001;
/// `CLUS_RESCLASS_UNKNOWN`.
pub const CLUS_RESCLASS_UNKNOWN: u32 = 0;
/// `CLUS_RESCLASS_STORAGE`.
pub const CLUS_RESCLASS_STORAGE: u32 = 1;
/// `CLUS_RESCLASS_NETWORK`.
pub const CLUS_RESCLASS_NETWORK: u32 = 2;
/// `CLUS_RESSUBCLASS_SHARED`: storage every node can reach.
pub const CLUS_RESSUBCLASS_SHARED: u32 = 0x8000_0000;

/// A `CLUS_RESOURCE_CLASS_INFO`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClassInfo {
    /// `rc`: a `CLUS_RESCLASS_*`.
    pub class: u32,
    /// `SubClass`: `CLUS_RESSUBCLASS_*` bits.
    pub subclass: u32,
}

/// One entry of a `GET_REQUIRED_DEPENDENCIES` value list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequiredDependency {
    /// `CLUSPROP_SYNTAX_RESCLASS` (0x00020002): a resource of this class.
    Class(u32),
    /// `CLUSPROP_SYNTAX_NAME` (0x00040003): a resource of this type.
    TypeName(String),
}

/// `CLUSPROP_SYNTAX_RESCLASS`.
pub const CLUSPROP_SYNTAX_RESCLASS: u32 = 0x0002_0002;

/// Encodes a value list (each entry syntax, length, data padded to 4; then
/// `CLUSPROP_SYNTAX_ENDMARK`), the format of `GET_REQUIRED_DEPENDENCIES`.
pub fn encode_dependencies(list: &[RequiredDependency]) -> Vec<u8> {
    let mut out = Vec::new();
    for d in list {
        let (syntax, data) = match d {
            RequiredDependency::Class(c) => (CLUSPROP_SYNTAX_RESCLASS, c.to_le_bytes().to_vec()),
            RequiredDependency::TypeName(n) => (
                crate::proplist::CLUSPROP_SYNTAX_NAME,
                n.encode_utf16().chain(std::iter::once(0)).flat_map(u16::to_le_bytes).collect(),
            ),
        };
        out.extend_from_slice(&syntax.to_le_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(&data);
        while !out.len().is_multiple_of(4) {
            out.push(0);
        }
    }
    out.extend_from_slice(&crate::proplist::CLUSPROP_SYNTAX_ENDMARK.to_le_bytes());
    out
}

/// Encodes names as a MULTI_SZ (each with its NUL, then a final NUL): the output of
/// `ENUM_*_PROPERTIES`.
pub fn encode_multi_sz(names: &[String]) -> Vec<u8> {
    names
        .iter()
        .flat_map(|n| n.encode_utf16().chain(std::iter::once(0)))
        .chain(std::iter::once(0))
        .flat_map(u16::to_le_bytes)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // C-ABI-CODES: the object byte plus the operation, as clusapi.h defines them.
    #[test]
    fn codes_are_the_object_byte_plus_the_operation() {
        assert_eq!(ControlOp::GetName.code(O::Resource), Some(0x0100_0029));
        assert_eq!(ControlOp::SetProperties(Common).code(O::Group), Some(0x0340_005E));
        assert_eq!(ControlOp::GetNetworkName.code(O::Resource), Some(0x0100_0169));
        assert_eq!(ControlOp::GetNetworkName.code(O::Group), None);
        assert_eq!(ControlOp::GetName.code(O::Cluster), None);
        assert_eq!(ControlOp::decode(O::Node, 0x0400_0009), Some(ControlOp::GetFlags));
        assert_eq!(ControlOp::decode(O::Node, 0x0100_0009), None);
        assert_eq!(encode_multi_sz(&["A".into()]), [0x41, 0, 0, 0, 0, 0]);
    }
}
