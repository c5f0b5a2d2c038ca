//! Control codes: common and private properties of objects and resource types, object
//! ids and names (`Cluster<Object>Control`, `ClusterResourceTypeControl`).

use crate::buffers::*;
use crate::control_call::*;
use crate::control_codes::{control, control_codes};
use crate::errors::*;
use crate::ClusApiBackend;
use clusim_api::control_code::{ClassInfo, ControlOp, RequiredDependency};
use clusim_api::*;
use windows_sys::Win32::Networking::Clustering::*;

impl ClusApiBackend {
    /// A string an object's control code answers: `code_index` 4 is GET_NAME, 5 GET_ID
    /// (see [`control_codes`]).
    fn get_text(&self, object: ObjectHandle, code_index: usize) -> Result<String> {
        let h = self.ledger.check(object.raw(), object.kind())?;
        let code = control_codes(object)[code_index];
        if code == 0 {
            return Err(match object {
                ObjectHandle::Key(_) => Win32Error::ERROR_INVALID_HANDLE,
                _ => Win32Error::ERROR_INVALID_FUNCTION,
            });
        }
        // SAFETY: `read_bytes` passes a buffer valid for the capacity it gives.
        let bytes =
            read_bytes(|o, n, r| unsafe { control(object, h, code, std::ptr::null(), 0, o.cast(), n, r) })?;
        Ok(utf16z_bytes(&bytes))
    }
}

impl ControlApi for ClusApiBackend {
    fn get_properties(&self, object: ObjectHandle, scope: PropertyScope) -> Result<PropertyList> {
        let h = self.ledger.check(object.raw(), object.kind())?;
        let c = control_codes(object);
        let code = if scope == PropertyScope::Common { c[0] } else { c[2] };
        if code == 0 {
            return Err(Win32Error::ERROR_INVALID_HANDLE);
        }
        // SAFETY: `read_bytes` passes a buffer valid for the capacity it gives.
        let bytes =
            read_bytes(|o, n, r| unsafe { control(object, h, code, std::ptr::null(), 0, o.cast(), n, r) })?;
        proplist::decode(&bytes)
    }

    fn set_properties(&self, object: ObjectHandle, scope: PropertyScope, props: &PropertyList) -> Result<()> {
        let h = self.ledger.check(object.raw(), object.kind())?;
        let c = control_codes(object);
        let code = if scope == PropertyScope::Common { c[1] } else { c[3] };
        if code == 0 {
            return Err(Win32Error::ERROR_INVALID_HANDLE);
        }
        let bytes = proplist::encode(props);
        let mut ret = 0u32;
        // SAFETY: the input is readable for its length; no output buffer.
        rc(unsafe {
            control(object, h, code, bytes.as_ptr().cast(), cb(&bytes)?, std::ptr::null_mut(), 0, &mut ret)
        })
    }

    fn get_resource_type_properties(
        &self,
        cluster: HCluster,
        type_name: &str,
        scope: PropertyScope,
    ) -> Result<PropertyList> {
        let (c, n) = self.name_call(cluster, type_name)?;
        let code = if scope == PropertyScope::Common {
            CLUSCTL_RESOURCE_TYPE_GET_COMMON_PROPERTIES as u32
        } else {
            CLUSCTL_RESOURCE_TYPE_GET_PRIVATE_PROPERTIES as u32
        };
        // SAFETY: buffers valid for the sizes passed.
        let bytes = read_bytes(|o, len, r| unsafe {
            ClusterResourceTypeControl(c, n.as_ptr(), 0, code, std::ptr::null(), 0, o.cast(), len, r)
        })?;
        proplist::decode(&bytes)
    }

    fn set_resource_type_properties(
        &self,
        cluster: HCluster,
        type_name: &str,
        scope: PropertyScope,
        props: &PropertyList,
    ) -> Result<()> {
        let (c, n) = self.name_call(cluster, type_name)?;
        let code = if scope == PropertyScope::Common {
            CLUSCTL_RESOURCE_TYPE_SET_COMMON_PROPERTIES as u32
        } else {
            CLUSCTL_RESOURCE_TYPE_SET_PRIVATE_PROPERTIES as u32
        };
        let bytes = proplist::encode(props);
        let mut ret = 0u32;
        // SAFETY: the input is readable for its length; no output buffer.
        rc(unsafe {
            ClusterResourceTypeControl(
                c,
                n.as_ptr(),
                0,
                code,
                bytes.as_ptr().cast(),
                cb(&bytes)?,
                std::ptr::null_mut(),
                0,
                &mut ret,
            )
        })
    }

    fn object_id(&self, object: ObjectHandle) -> Result<String> {
        self.get_text(object, 5)
    }

    fn object_name(&self, object: ObjectHandle) -> Result<String> {
        match object {
            ObjectHandle::Cluster(c) => self.cluster_name(c),
            other => self.get_text(other, 4),
        }
    }

    fn read_only_properties(&self, target: ControlTarget<'_>, scope: PropertyScope) -> Result<PropertyList> {
        proplist::decode(&self.control_call(target, ControlOp::GetRoProperties(scope), &[])?)
    }

    fn property_names(&self, target: ControlTarget<'_>, scope: PropertyScope) -> Result<Vec<String>> {
        Ok(decode_multi_sz(&self.control_call(target, ControlOp::EnumProperties(scope), &[])?))
    }

    fn validate_properties(
        &self,
        target: ControlTarget<'_>,
        scope: PropertyScope,
        props: &PropertyList,
    ) -> Result<()> {
        self.control_call(target, ControlOp::ValidateProperties(scope), &proplist::encode(props)).map(drop)
    }

    fn object_flags(&self, target: ControlTarget<'_>) -> Result<u32> {
        self.control_dword(target, ControlOp::GetFlags)
    }

    fn characteristics(&self, target: ControlTarget<'_>) -> Result<u32> {
        self.control_dword(target, ControlOp::GetCharacteristics)
    }

    fn class_info(&self, target: ControlTarget<'_>) -> Result<ClassInfo> {
        decode_class_info(&self.control_call(target, ControlOp::GetClassInfo, &[])?)
    }

    fn required_dependencies(&self, target: ControlTarget<'_>) -> Result<Vec<RequiredDependency>> {
        decode_dependencies(&self.control_call(target, ControlOp::GetRequiredDependencies, &[])?)
    }

    fn network_name(&self, resource: HResource) -> Result<String> {
        let target = ControlTarget::Object(ObjectHandle::Resource(resource));
        Ok(utf16z_bytes(&self.control_call(target, ControlOp::GetNetworkName, &[])?))
    }
}
