//! Any control code on any [`ControlTarget`], by the codes of
//! [`clusim_api::control_code`], with the answers decoded (the property family beyond
//! GET/SET and the informational codes).

use crate::buffers::*;
use crate::control_codes::control;
use crate::ClusApiBackend;
use clusim_api::control_code::*;
use clusim_api::proplist::{CLUSPROP_SYNTAX_ENDMARK, CLUSPROP_SYNTAX_NAME};
use clusim_api::*;
use windows_sys::Win32::Networking::Clustering::ClusterResourceTypeControl;

/// The control object of a handle (`None` for a key, which has no control function).
pub fn control_object(object: ObjectHandle) -> Option<ControlObject> {
    Some(match object {
        ObjectHandle::Cluster(_) => ControlObject::Cluster,
        ObjectHandle::Node(_) => ControlObject::Node,
        ObjectHandle::Group(_) => ControlObject::Group,
        ObjectHandle::Resource(_) => ControlObject::Resource,
        ObjectHandle::Network(_) => ControlObject::Network,
        ObjectHandle::NetInterface(_) => ControlObject::NetInterface,
        ObjectHandle::Key(_) => return None,
    })
}

const INVALID: Win32Error = Win32Error::ERROR_INVALID_DATA;

impl ClusApiBackend {
    /// Sends `op` to `target` with `input`; the output bytes.
    pub(crate) fn control_call(
        &self,
        target: ControlTarget<'_>,
        op: ControlOp,
        input: &[u8],
    ) -> Result<Vec<u8>> {
        let (inb, inlen) =
            if input.is_empty() { (std::ptr::null(), 0) } else { (input.as_ptr().cast(), cb(input)?) };
        match target {
            ControlTarget::Object(object) => {
                let h = self.ledger.check(object.raw(), object.kind())?;
                let kind = control_object(object).ok_or(Win32Error::ERROR_INVALID_HANDLE)?;
                let code = op.code(kind).ok_or(Win32Error::ERROR_INVALID_FUNCTION)?;
                // SAFETY: `h` is open with this kind; buffers valid for the sizes passed.
                read_bytes(|o, n, r| unsafe { control(object, h, code, inb, inlen, o.cast(), n, r) })
            }
            ControlTarget::ResourceType(cluster, name) => {
                let (c, n) = self.name_call(cluster, name)?;
                let code = op.code(ControlObject::ResourceType).ok_or(Win32Error::ERROR_INVALID_FUNCTION)?;
                // SAFETY: `c` is an open cluster, `n` NUL-terminated; buffers valid.
                read_bytes(|o, len, r| unsafe {
                    ClusterResourceTypeControl(c, n.as_ptr(), 0, code, inb, inlen, o.cast(), len, r)
                })
            }
        }
    }

    /// A DWORD answer.
    pub(crate) fn control_dword(&self, target: ControlTarget<'_>, op: ControlOp) -> Result<u32> {
        let b = self.control_call(target, op, &[])?;
        Ok(u32::from_le_bytes(b.get(..4).ok_or(INVALID)?.try_into().map_err(|_| INVALID)?))
    }
}

/// The names of a MULTI_SZ answer.
pub(crate) fn decode_multi_sz(bytes: &[u8]) -> Vec<String> {
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    units.split(|&u| u == 0).take_while(|p| !p.is_empty()).map(String::from_utf16_lossy).collect()
}

/// A `CLUS_RESOURCE_CLASS_INFO` answer.
pub(crate) fn decode_class_info(bytes: &[u8]) -> Result<ClassInfo> {
    let dw = |i: usize| -> Result<u32> {
        Ok(u32::from_le_bytes(bytes.get(i..i + 4).ok_or(INVALID)?.try_into().map_err(|_| INVALID)?))
    };
    Ok(ClassInfo { class: dw(0)?, subclass: dw(4)? })
}

/// A `GET_REQUIRED_DEPENDENCIES` value list (entries other than classes and names are
/// skipped).
pub(crate) fn decode_dependencies(bytes: &[u8]) -> Result<Vec<RequiredDependency>> {
    let mut out = Vec::new();
    let mut pos = 0usize;
    loop {
        let dw = |at: usize| -> Result<u32> {
            Ok(u32::from_le_bytes(bytes.get(at..at + 4).ok_or(INVALID)?.try_into().map_err(|_| INVALID)?))
        };
        let syntax = dw(pos)?;
        if syntax == CLUSPROP_SYNTAX_ENDMARK {
            return Ok(out);
        }
        let len = dw(pos + 4)? as usize;
        let data = bytes.get(pos + 8..pos + 8 + len).ok_or(INVALID)?;
        match syntax {
            CLUSPROP_SYNTAX_RESCLASS => {
                out.push(RequiredDependency::Class(u32::from_le_bytes(data.try_into().map_err(|_| INVALID)?)))
            }
            CLUSPROP_SYNTAX_NAME => out.push(RequiredDependency::TypeName(utf16z_bytes(data))),
            _ => {}
        }
        pos += 8 + len.div_ceil(4) * 4;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clusim_api::PropertyScope::{Common, Private};
    use windows_sys::Win32::Networking::Clustering::*;
    use ControlObject as O;

    // C-ABI-CONTROL: the shared table spells windows-sys's CLUSCTL_* values.
    #[test]
    fn the_shared_codes_are_the_windows_sys_constants() {
        let cases: &[(ControlOp, ControlObject, i32)] = &[
            (ControlOp::GetCharacteristics, O::Resource, CLUSCTL_RESOURCE_GET_CHARACTERISTICS),
            (ControlOp::GetCharacteristics, O::Group, CLUSCTL_GROUP_GET_CHARACTERISTICS),
            (ControlOp::GetCharacteristics, O::ResourceType, CLUSCTL_RESOURCE_TYPE_GET_CHARACTERISTICS),
            (ControlOp::GetFlags, O::Node, CLUSCTL_NODE_GET_FLAGS),
            (ControlOp::GetFlags, O::NetInterface, CLUSCTL_NETINTERFACE_GET_FLAGS),
            (ControlOp::GetClassInfo, O::Resource, CLUSCTL_RESOURCE_GET_CLASS_INFO),
            (ControlOp::GetClassInfo, O::ResourceType, CLUSCTL_RESOURCE_TYPE_GET_CLASS_INFO),
            (ControlOp::GetRequiredDependencies, O::Resource, CLUSCTL_RESOURCE_GET_REQUIRED_DEPENDENCIES),
            (
                ControlOp::GetRequiredDependencies,
                O::ResourceType,
                CLUSCTL_RESOURCE_TYPE_GET_REQUIRED_DEPENDENCIES,
            ),
            (ControlOp::GetName, O::Network, CLUSCTL_NETWORK_GET_NAME),
            (ControlOp::GetResourceType, O::Resource, CLUSCTL_RESOURCE_GET_RESOURCE_TYPE),
            (ControlOp::GetId, O::Group, CLUSCTL_GROUP_GET_ID),
            (ControlOp::GetNetworkName, O::Resource, CLUSCTL_RESOURCE_GET_NETWORK_NAME),
            (ControlOp::EnumProperties(Common), O::Cluster, CLUSCTL_CLUSTER_ENUM_COMMON_PROPERTIES),
            (ControlOp::EnumProperties(Private), O::Group, CLUSCTL_GROUP_ENUM_PRIVATE_PROPERTIES),
            (ControlOp::GetRoProperties(Common), O::Resource, CLUSCTL_RESOURCE_GET_RO_COMMON_PROPERTIES),
            (ControlOp::GetRoProperties(Private), O::Node, CLUSCTL_NODE_GET_RO_PRIVATE_PROPERTIES),
            (ControlOp::GetProperties(Common), O::NetInterface, CLUSCTL_NETINTERFACE_GET_COMMON_PROPERTIES),
            (
                ControlOp::SetProperties(Private),
                O::ResourceType,
                CLUSCTL_RESOURCE_TYPE_SET_PRIVATE_PROPERTIES,
            ),
            (ControlOp::ValidateProperties(Common), O::Network, CLUSCTL_NETWORK_VALIDATE_COMMON_PROPERTIES),
            (ControlOp::ValidateProperties(Private), O::Cluster, CLUSCTL_CLUSTER_VALIDATE_PRIVATE_PROPERTIES),
        ];
        for &(op, object, code) in cases {
            assert_eq!(op.code(object), Some(code as u32), "{op:?} {object:?}");
        }
    }
}
