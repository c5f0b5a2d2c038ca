//! Control codes: properties, ids and names of any object (spec/model.md).

use crate::cell::ClusterCell;
use crate::sim::Sim;
use clusim_api::control_code::{ClassInfo, RequiredDependency};
use clusim_api::*;
use clusim_model::props::Part;
use clusim_model::{Cluster, ObjRef};
use std::sync::Arc;

impl Sim {
    /// The cluster and object a control code addresses.
    fn target(&self, t: ControlTarget<'_>) -> Result<(Arc<ClusterCell>, ObjRef)> {
        match t {
            ControlTarget::Object(h) => self.obj_h(h),
            ControlTarget::ResourceType(c, name) => {
                let cell = self.cluster_of(c)?;
                let id = cell.lock(self.clock()).model.restype_by_name(name)?;
                Ok((cell, ObjRef::ResType(id)))
            }
        }
    }

    /// Reads the model behind a control target.
    fn read<T>(&self, t: ControlTarget<'_>, f: impl FnOnce(&Cluster, ObjRef) -> Result<T>) -> Result<T> {
        let (cell, obj) = self.target(t)?;
        let st = cell.lock(self.clock());
        f(&st.model, obj)
    }
}

impl ControlApi for Sim {
    fn get_properties(&self, object: ObjectHandle, scope: PropertyScope) -> Result<PropertyList> {
        self.read(ControlTarget::Object(object), |m, obj| m.read_properties(obj, scope, Part::ReadWrite))
    }

    fn set_properties(&self, object: ObjectHandle, scope: PropertyScope, props: &PropertyList) -> Result<()> {
        let (cell, obj) = self.obj_h(object)?;
        cell.mutate(self.clock(), |m, fx| m.set_properties(obj, scope, props, fx))
    }

    fn get_resource_type_properties(
        &self,
        cluster: HCluster,
        type_name: &str,
        scope: PropertyScope,
    ) -> Result<PropertyList> {
        self.read(ControlTarget::ResourceType(cluster, type_name), |m, obj| {
            m.read_properties(obj, scope, Part::ReadWrite)
        })
    }

    fn set_resource_type_properties(
        &self,
        cluster: HCluster,
        type_name: &str,
        scope: PropertyScope,
        props: &PropertyList,
    ) -> Result<()> {
        let cell = self.cluster_of(cluster)?;
        cell.mutate(self.clock(), |m, fx| {
            let id = m.restype_by_name(type_name)?;
            m.set_properties(ObjRef::ResType(id), scope, props, fx)
        })
    }

    fn object_id(&self, object: ObjectHandle) -> Result<String> {
        let (cell, obj) = self.obj_h(object)?;
        let st = cell.lock(self.clock());
        let m = &st.model;
        Ok(match obj {
            ObjRef::Node(id) => m.node(id)?.id.to_string(),
            ObjRef::Group(id) => m.group(id)?.id.to_string(),
            ObjRef::Resource(id) => m.resource(id)?.id.to_string(),
            ObjRef::Network(id) => m.network(id)?.id.to_string(),
            ObjRef::NetIf(id) => m.netif(id)?.id.to_string(),
            ObjRef::Cluster | ObjRef::ResType(_) => return Err(Win32Error::ERROR_INVALID_FUNCTION),
        })
    }

    fn object_name(&self, object: ObjectHandle) -> Result<String> {
        let (cell, obj) = self.obj_h(object)?;
        let st = cell.lock(self.clock());
        Ok(st.model.obj_name(obj)?.to_string())
    }

    fn read_only_properties(&self, target: ControlTarget<'_>, scope: PropertyScope) -> Result<PropertyList> {
        self.read(target, |m, obj| m.read_properties(obj, scope, Part::ReadOnly))
    }

    fn property_names(&self, target: ControlTarget<'_>, scope: PropertyScope) -> Result<Vec<String>> {
        self.read(target, |m, obj| m.property_names(obj, scope))
    }

    fn validate_properties(
        &self,
        target: ControlTarget<'_>,
        scope: PropertyScope,
        props: &PropertyList,
    ) -> Result<()> {
        self.read(target, |m, obj| m.validate_properties(obj, scope, props).map(drop))
    }

    fn object_flags(&self, target: ControlTarget<'_>) -> Result<u32> {
        self.read(target, |m, obj| match obj {
            ObjRef::Cluster => Err(Win32Error::ERROR_INVALID_FUNCTION),
            _ => m.flags(obj),
        })
    }

    fn characteristics(&self, target: ControlTarget<'_>) -> Result<u32> {
        self.read(target, |m, obj| match obj {
            ObjRef::Cluster => Err(Win32Error::ERROR_INVALID_FUNCTION),
            _ => m.characteristics(obj),
        })
    }

    fn class_info(&self, target: ControlTarget<'_>) -> Result<ClassInfo> {
        self.read(target, |m, obj| m.class_info(obj))
    }

    fn required_dependencies(&self, target: ControlTarget<'_>) -> Result<Vec<RequiredDependency>> {
        self.read(target, |m, obj| m.required_dependencies(obj))
    }

    fn network_name(&self, resource: HResource) -> Result<String> {
        self.read(ControlTarget::Object(ObjectHandle::Resource(resource)), |m, obj| match obj {
            ObjRef::Resource(r) => m.network_name_of(r),
            _ => Err(Win32Error::ERROR_INVALID_HANDLE),
        })
    }
}
