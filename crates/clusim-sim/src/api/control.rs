//! Control codes: properties, ids and names of any object (spec/model.md).

use crate::sim::Sim;
use clusim_api::*;
use clusim_model::ObjRef;

impl ControlApi for Sim {
    fn get_properties(&self, object: ObjectHandle, scope: PropertyScope) -> Result<PropertyList> {
        let (cell, obj) = self.obj_h(object)?;
        let st = cell.lock(self.clock());
        st.model.properties(obj, scope)
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
        let cell = self.cluster_of(cluster)?;
        let st = cell.lock(self.clock());
        let id = st.model.restype_by_name(type_name)?;
        st.model.properties(ObjRef::ResType(id), scope)
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
}
