//! Resources and resource types: lifecycle, dependencies, possible owners, group changes (spec/model.md).

use crate::handles::Entry;
use crate::sim::Sim;
use clusim_api::enums::EnumEntry;
use clusim_api::*;

impl ResourceApi for Sim {
    fn open_resource(&self, cluster: HCluster, name: &str) -> Result<HResource> {
        let cell = self.cluster_of(cluster)?;
        let id = cell.lock(self.clock()).model.resource_by_name(name)?;
        Ok(HResource(self.new_handle(Entry::Resource(cell, id))))
    }

    fn close_resource(&self, resource: HResource) -> Result<()> {
        self.close_object(resource.0, ObjectKind::Resource)
    }

    fn create_resource(&self, group: HGroup, name: &str, type_name: &str) -> Result<HResource> {
        let (cell, gid) = self.group_h(group)?;
        let id = cell.mutate(self.clock(), |m, fx| m.create_resource(gid, name, type_name, fx))?;
        Ok(HResource(self.new_handle(Entry::Resource(cell, id))))
    }

    fn delete_resource(&self, resource: HResource) -> Result<()> {
        let (cell, id) = self.resource_h(resource)?;
        cell.mutate(self.clock(), |m, fx| m.delete_resource(id, fx))
    }

    fn resource_state(&self, resource: HResource) -> Result<ResourceStatus> {
        let (cell, id) = self.resource_h(resource)?;
        let st = cell.lock(self.clock());
        let r = st.model.resource(id)?;
        let g = st.model.group(r.group)?;
        Ok(ResourceStatus {
            state: r.state,
            owner_node: st.model.node(g.owner)?.name.to_string(),
            group: g.name.to_string(),
        })
    }

    fn set_resource_name(&self, resource: HResource, name: &str) -> Result<()> {
        let (cell, id) = self.resource_h(resource)?;
        cell.mutate(self.clock(), |m, fx| m.rename_resource(id, name, fx))
    }

    fn online_resource(&self, resource: HResource) -> Result<()> {
        let (cell, id) = self.resource_h(resource)?;
        cell.mutate(self.clock(), |m, fx| m.online_resource(id, fx))
    }

    fn offline_resource(&self, resource: HResource) -> Result<()> {
        let (cell, id) = self.resource_h(resource)?;
        cell.mutate(self.clock(), |m, fx| m.offline_resource(id, fx))
    }

    fn fail_resource(&self, resource: HResource) -> Result<()> {
        let (cell, id) = self.resource_h(resource)?;
        cell.mutate(self.clock(), |m, fx| m.fail_resource(id, fx))
    }

    fn add_dependency(&self, resource: HResource, depends_on: HResource) -> Result<()> {
        let (cell, id) = self.resource_h(resource)?;
        let dep = self.in_cluster(&cell, depends_on, Sim::resource_h)?;
        cell.mutate(self.clock(), |m, fx| m.add_dependency(id, dep, fx))
    }

    fn remove_dependency(&self, resource: HResource, depends_on: HResource) -> Result<()> {
        let (cell, id) = self.resource_h(resource)?;
        let dep = self.in_cluster(&cell, depends_on, Sim::resource_h)?;
        cell.mutate(self.clock(), |m, fx| m.remove_dependency(id, dep, fx))
    }

    fn add_possible_owner(&self, resource: HResource, node: HNode) -> Result<()> {
        let (cell, id) = self.resource_h(resource)?;
        let n = self.in_cluster(&cell, node, Sim::node_h)?;
        cell.mutate(self.clock(), |m, fx| m.add_possible_owner(id, n, fx))
    }

    fn remove_possible_owner(&self, resource: HResource, node: HNode) -> Result<()> {
        let (cell, id) = self.resource_h(resource)?;
        let n = self.in_cluster(&cell, node, Sim::node_h)?;
        cell.mutate(self.clock(), |m, fx| m.remove_possible_owner(id, n, fx))
    }

    fn change_resource_group(&self, resource: HResource, group: HGroup) -> Result<()> {
        let (cell, id) = self.resource_h(resource)?;
        let g = self.in_cluster(&cell, group, Sim::group_h)?;
        cell.mutate(self.clock(), |m, fx| m.change_resource_group(id, g, fx))
    }

    fn resource_type_name(&self, resource: HResource) -> Result<String> {
        let (cell, id) = self.resource_h(resource)?;
        let st = cell.lock(self.clock());
        let r = st.model.resource(id)?;
        Ok(st.model.restype(r.rtype)?.name.to_string())
    }

    fn resource_enum(&self, resource: HResource, kinds: u32) -> Result<Vec<EnumEntry>> {
        let (cell, id) = self.resource_h(resource)?;
        let st = cell.lock(self.clock());
        st.model.resource_enum(id, kinds)
    }

    fn create_resource_type(&self, cluster: HCluster, spec: &ResourceTypeSpec) -> Result<()> {
        let cell = self.cluster_of(cluster)?;
        cell.mutate(self.clock(), |m, fx| m.create_resource_type(spec, fx)).map(|_| ())
    }

    fn delete_resource_type(&self, cluster: HCluster, name: &str) -> Result<()> {
        let cell = self.cluster_of(cluster)?;
        cell.mutate(self.clock(), |m, fx| m.delete_resource_type(name, fx))
    }
}
