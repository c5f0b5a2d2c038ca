//! `ClusterControl`, `ClusterNodeControl`, `ClusterGroupControl`,
//! `ClusterResourceControl`, `ClusterResourceTypeControl`, `ClusterNetworkControl`,
//! `ClusterNetInterfaceControl`.
//!
//! Order of checks: the object handle (`ERROR_INVALID_HANDLE`), `hHostNode` when not
//! NULL (any open node handle; `ERROR_INVALID_HANDLE` otherwise), the resource-type name
//! (`ERROR_INVALID_PARAMETER` when NULL), the control code (`ERROR_INVALID_FUNCTION`
//! when the object does not answer it), the input buffer of a SET or VALIDATE code
//! (`ERROR_INVALID_PARAMETER` when NULL or empty, `ERROR_INVALID_DATA` when it is not a
//! well-formed property list), then the operation. Output: the control-code convention
//! (`ERROR_MORE_DATA` with `*lpBytesReturned` = bytes needed; a NULL `lpOutBuffer` is a
//! size query). SET and VALIDATE codes return no data (`*lpBytesReturned` = 0).

use super::expect;
use crate::control::{decode, ControlObject, ControlOp};
use crate::ffi::{code, put, read_bytes, required_wstr, write_bytes, WChar};
use crate::global::sim;
use crate::types::*;
use crate::wide::{proplist_in, proplist_out, reg_data_out, strz_bytes, value_list_out};
use clusim_api::control_code::{encode_dependencies, encode_multi_sz};
use clusim_api::proplist;
use clusim_api::*;
use std::ffi::c_void;

const GEN_FAILURE: u32 = Win32Error::ERROR_GEN_FAILURE.0;

/// The object a control addresses, after validation.
enum Object {
    Handle(ObjectHandle),
    ResourceType(HCluster, String),
}

impl Object {
    fn target(&self) -> ControlTarget<'_> {
        match self {
            Object::Handle(h) => ControlTarget::Object(*h),
            Object::ResourceType(c, name) => ControlTarget::ResourceType(*c, name),
        }
    }
}

/// The common body of every control function.
///
/// # Safety
/// Buffers as documented for `Cluster*Control`.
#[allow(clippy::too_many_arguments)]
unsafe fn control(
    target: ControlObject,
    object: impl FnOnce() -> Result<Object>,
    host_node: HNODE,
    control_code: u32,
    in_buf: *const c_void,
    in_size: u32,
    out_buf: *mut c_void,
    out_size: u32,
    returned: *mut u32,
) -> u32 {
    let r = (|| {
        let object = object()?;
        if !host_node.is_null() {
            expect(host_node, ObjectKind::Node)?;
        }
        let op = decode(target, control_code).ok_or(Win32Error::ERROR_INVALID_FUNCTION)?;
        let s = sim();
        let t = object.target();
        let out: Vec<u8> = match (op, &object) {
            (ControlOp::SetProperties(scope) | ControlOp::ValidateProperties(scope), _) => {
                // SAFETY: readable for `in_size` bytes (caller contract).
                let bytes =
                    unsafe { read_bytes(in_buf, in_size) }.ok_or(Win32Error::ERROR_INVALID_PARAMETER)?;
                let list = proplist::decode(&proplist_in(&bytes)?)?;
                match (op, &object) {
                    (ControlOp::ValidateProperties(_), _) => s.validate_properties(t, scope, &list)?,
                    (_, Object::Handle(h)) => s.set_properties(*h, scope, &list)?,
                    (_, Object::ResourceType(c, name)) => {
                        s.set_resource_type_properties(*c, name, scope, &list)?
                    }
                }
                // SAFETY: NULL or writable (caller contract).
                unsafe { put(returned, 0) };
                return Ok(());
            }
            (ControlOp::GetProperties(scope), Object::Handle(h)) => {
                proplist_out(proplist::encode(&s.get_properties(*h, scope)?))
            }
            (ControlOp::GetProperties(scope), Object::ResourceType(c, name)) => {
                proplist_out(proplist::encode(&s.get_resource_type_properties(*c, name, scope)?))
            }
            (ControlOp::GetRoProperties(scope), _) => {
                proplist_out(proplist::encode(&s.read_only_properties(t, scope)?))
            }
            (ControlOp::EnumProperties(scope), _) => reg_data_out(
                clusim_api::property::REG_MULTI_SZ,
                &encode_multi_sz(&s.property_names(t, scope)?),
            )
            .into_owned(),
            (ControlOp::GetFlags, _) => s.object_flags(t)?.to_le_bytes().to_vec(),
            (ControlOp::GetCharacteristics, _) => s.characteristics(t)?.to_le_bytes().to_vec(),
            (ControlOp::GetClassInfo, _) => {
                let c = s.class_info(t)?;
                [c.class, c.subclass].iter().flat_map(|v| v.to_le_bytes()).collect()
            }
            (ControlOp::GetRequiredDependencies, _) => {
                value_list_out(encode_dependencies(&s.required_dependencies(t)?))
            }
            (ControlOp::GetName, Object::Handle(h)) => strz_bytes(&s.object_name(*h)?),
            (ControlOp::GetId, Object::Handle(h)) => strz_bytes(&s.object_id(*h)?),
            (ControlOp::GetResourceType, Object::Handle(ObjectHandle::Resource(r))) => {
                strz_bytes(&s.resource_type_name(*r)?)
            }
            (ControlOp::GetNetworkName, Object::Handle(ObjectHandle::Resource(r))) => {
                strz_bytes(&s.network_name(*r)?)
            }
            _ => return Err(Win32Error::ERROR_INVALID_FUNCTION),
        };
        // SAFETY: buffers as the caller guaranteed.
        unsafe { write_bytes(out_buf, out_size, returned, &out) }
    })();
    code(r)
}

fn handle_of(h: *mut c_void, kind: ObjectKind) -> impl FnOnce() -> Result<Object> {
    move || {
        let r = expect(h, kind)?;
        Ok(Object::Handle(match kind {
            ObjectKind::Cluster => ObjectHandle::Cluster(HCluster(r)),
            ObjectKind::Node => ObjectHandle::Node(HNode(r)),
            ObjectKind::Group => ObjectHandle::Group(HGroup(r)),
            ObjectKind::Resource => ObjectHandle::Resource(HResource(r)),
            ObjectKind::Network => ObjectHandle::Network(HNetwork(r)),
            ObjectKind::NetInterface => ObjectHandle::NetInterface(HNetInterface(r)),
            _ => return Err(Win32Error::ERROR_INVALID_HANDLE),
        }))
    }
}

macro_rules! object_control {
    ($(#[doc = $doc:expr])+ $name:ident, $h:ident : $ty:ty, $target:ident, $kind:ident) => {
        export! {
            $(#[doc = $doc])+
            fn $name(
                $h: $ty,
                hHostNode: HNODE,
                dwControlCode: u32,
                lpInBuffer: *const c_void,
                nInBufferSize: u32,
                lpOutBuffer: *mut c_void,
                nOutBufferSize: u32,
                lpBytesReturned: *mut u32,
            ) -> u32;
            on_panic = GEN_FAILURE;
            {
                // SAFETY: forwarded caller contract.
                unsafe {
                    control(
                        ControlObject::$target,
                        handle_of($h, ObjectKind::$kind),
                        hHostNode,
                        dwControlCode,
                        lpInBuffer,
                        nInBufferSize,
                        lpOutBuffer,
                        nOutBufferSize,
                        lpBytesReturned,
                    )
                }
            }
        }
    };
}

object_control!(
    /// `ClusterResourceControl`: `CLUSCTL_RESOURCE_GET_RESOURCE_TYPE`, `_GET_NAME`,
    /// `_GET_ID`, `_GET_FLAGS`, `_GET_CHARACTERISTICS`, `_GET_CLASS_INFO`,
    /// `_GET_REQUIRED_DEPENDENCIES`, `_GET_NETWORK_NAME`, and the property family
    /// (`GET`, `GET_RO`, `SET`, `ENUM`, `VALIDATE`, common and private).
    ClusterResourceControl, hResource: HRESOURCE, Resource, Resource
);
object_control!(
    /// `ClusterGroupControl`: `CLUSCTL_GROUP_GET_NAME`, `_GET_ID`, `_GET_FLAGS`,
    /// `_GET_CHARACTERISTICS` and the property family.
    ClusterGroupControl, hGroup: HGROUP, Group, Group
);
object_control!(
    /// `ClusterNodeControl`: `CLUSCTL_NODE_GET_NAME`, `_GET_ID`, `_GET_FLAGS`,
    /// `_GET_CHARACTERISTICS` and the property family.
    ClusterNodeControl, hNode: HNODE, Node, Node
);
object_control!(
    /// `ClusterNetworkControl`: `CLUSCTL_NETWORK_GET_NAME`, `_GET_ID`, `_GET_FLAGS`,
    /// `_GET_CHARACTERISTICS` and the property family.
    ClusterNetworkControl, hNetwork: HNETWORK, Network, Network
);
object_control!(
    /// `ClusterNetInterfaceControl`: `CLUSCTL_NETINTERFACE_GET_NAME`, `_GET_ID`,
    /// `_GET_FLAGS`, `_GET_CHARACTERISTICS` and the property family.
    ClusterNetInterfaceControl, hNetInterface: HNETINTERFACE, NetInterface, NetInterface
);
object_control!(
    /// `ClusterControl`: the property family of `CLUSCTL_CLUSTER_*` (`GET`, `GET_RO`,
    /// `SET`, `ENUM`, `VALIDATE`, common and private).
    ClusterControl, hCluster: HCLUSTER, Cluster, Cluster
);

export! {
    /// `ClusterResourceTypeControl` on the named type: `CLUSCTL_RESOURCE_TYPE_GET_FLAGS`,
    /// `_GET_CHARACTERISTICS`, `_GET_CLASS_INFO`, `_GET_REQUIRED_DEPENDENCIES` and the
    /// property family.
    fn ClusterResourceTypeControl(
        hCluster: HCLUSTER,
        lpszResourceTypeName: *const WChar,
        hHostNode: HNODE,
        dwControlCode: u32,
        lpInBuffer: *const c_void,
        nInBufferSize: u32,
        lpOutBuffer: *mut c_void,
        nOutBufferSize: u32,
        lpBytesReturned: *mut u32,
    ) -> u32;
    on_panic = GEN_FAILURE;
    {
        let object = move || {
            let c = expect(hCluster, ObjectKind::Cluster)?;
            // SAFETY: NUL-terminated string or NULL (caller contract).
            let name = unsafe { required_wstr(lpszResourceTypeName) }?;
            Ok(Object::ResourceType(HCluster(c), name))
        };
        // SAFETY: forwarded caller contract.
        unsafe {
            control(
                ControlObject::ResourceType,
                object,
                hHostNode,
                dwControlCode,
                lpInBuffer,
                nInBufferSize,
                lpOutBuffer,
                nOutBufferSize,
                lpBytesReturned,
            )
        }
    }
}
