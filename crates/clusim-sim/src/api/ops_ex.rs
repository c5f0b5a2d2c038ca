//! The `…Ex` group, resource and node operations (spec/model.md MODEL-EX): flags and
//! inputs are checked first, then the plain calls' model operations run.

use crate::handles::Entry;
use crate::sim::Sim;
use clusim_api::ex::*;
use clusim_api::*;

impl OpsExApi for Sim {
    fn online_group_ex(&self, group: HGroup, node: Option<HNode>, flags: u32, input: &[u8]) -> Result<()> {
        self.group_h(group)?;
        check_flags_and_input(flags, GROUP_ONLINE_FLAGS, input)?;
        self.online_group(group, node)
    }

    fn offline_group_ex(&self, group: HGroup, flags: u32, input: &[u8]) -> Result<()> {
        self.group_h(group)?;
        check_flags_and_input(flags, GROUP_OFFLINE_FLAGS, input)?;
        self.offline_group(group)
    }

    fn move_group_ex(&self, group: HGroup, node: Option<HNode>, flags: u32, input: &[u8]) -> Result<()> {
        self.group_h(group)?;
        check_flags_and_input(flags, GROUP_MOVE_FLAGS, input)?;
        self.move_group(group, node)
    }

    fn online_resource_ex(&self, resource: HResource, flags: u32, input: &[u8]) -> Result<()> {
        self.resource_h(resource)?;
        check_flags_and_input(flags, RESOURCE_ONLINE_FLAGS, input)?;
        self.online_resource(resource)
    }

    fn offline_resource_ex(&self, resource: HResource, flags: u32, input: &[u8]) -> Result<()> {
        self.resource_h(resource)?;
        check_flags_and_input(flags, RESOURCE_OFFLINE_FLAGS, input)?;
        self.offline_resource(resource)
    }

    fn cancel_group_operation(&self, group: HGroup, flags: u32) -> Result<()> {
        let (cell, id) = self.group_h(group)?;
        cell.mutate(self.clock(), |m, fx| m.cancel_group_operation(id, flags, fx))
    }

    fn restart_resource(&self, resource: HResource, flags: u32) -> Result<()> {
        let (cell, id) = self.resource_h(resource)?;
        cell.mutate(self.clock(), |m, fx| m.restart_resource(id, flags, fx))
    }

    fn create_group_ex(&self, cluster: HCluster, name: &str, group_type: Option<u32>) -> Result<HGroup> {
        let cell = self.cluster_of(cluster)?;
        let ty = group_type.unwrap_or(CLUSGROUP_TYPE_UNKNOWN);
        let id = cell.mutate(self.clock(), |m, fx| m.create_group_ex(name, ty, fx))?;
        Ok(HGroup(self.new_handle(Entry::Group(cell, id))))
    }

    fn destroy_group(&self, group: HGroup) -> Result<()> {
        let (cell, id) = self.group_h(group)?;
        cell.mutate(self.clock(), |m, fx| m.destroy_group(id, fx))
    }

    fn can_be_dependent(&self, resource: HResource, dependent: HResource) -> Result<bool> {
        let (cell, id) = self.resource_h(resource)?;
        let dep = self.in_cluster(&cell, dependent, Sim::resource_h)?;
        let st = cell.lock(self.clock());
        st.model.can_be_dependent(id, dep)
    }

    fn dependency_expression(&self, resource: HResource) -> Result<String> {
        let (cell, id) = self.resource_h(resource)?;
        let st = cell.lock(self.clock());
        st.model.dependency_expression(id)
    }

    fn set_dependency_expression(&self, resource: HResource, expression: &str) -> Result<()> {
        let (cell, id) = self.resource_h(resource)?;
        cell.mutate(self.clock(), |m, fx| m.set_dependency_expression(id, expression, fx))
    }

    fn resource_network_name(&self, resource: HResource) -> Result<String> {
        let (cell, id) = self.resource_h(resource)?;
        let st = cell.lock(self.clock());
        st.model.resource_network_name(id)
    }

    fn node_cluster_state(&self, node_name: Option<&str>) -> Result<u32> {
        let Some(name) = node_name.filter(|n| !n.is_empty()) else {
            return Ok(CLUSTER_STATE_RUNNING);
        };
        let cell = self.cluster_named(None)?;
        let st = cell.lock(self.clock());
        Ok(match st.model.node_by_name(name).and_then(|id| st.model.node(id)) {
            Ok(n) if n.state == NodeState::Down => CLUSTER_STATE_NOT_RUNNING,
            Ok(_) => CLUSTER_STATE_RUNNING,
            Err(_) => CLUSTER_STATE_NOT_INSTALLED,
        })
    }

    fn node_id(&self, node: HNode) -> Result<String> {
        let (cell, id) = self.node_h(node)?;
        let st = cell.lock(self.clock());
        Ok(st.model.node(id)?.id.to_string())
    }

    fn cluster_from(&self, object: ObjectHandle) -> Result<HCluster> {
        // There is no `GetClusterFromCluster` (nor one for keys).
        if matches!(object, ObjectHandle::Cluster(_) | ObjectHandle::Key(_)) {
            return Err(Win32Error::ERROR_INVALID_HANDLE);
        }
        let (cell, _) = self.obj_h(object)?;
        Ok(HCluster(self.new_handle(Entry::Cluster(cell))))
    }

    fn open_ex(
        &self,
        cluster: HCluster,
        kind: ObjectKind,
        name: &str,
        desired: u32,
    ) -> Result<(ObjectHandle, u32)> {
        self.cluster_of(cluster)?;
        let raw = match kind {
            ObjectKind::Node => self.open_node(cluster, name)?.0,
            ObjectKind::Group => self.open_group(cluster, name)?.0,
            ObjectKind::Resource => self.open_resource(cluster, name)?.0,
            ObjectKind::Network => self.open_network(cluster, name)?.0,
            ObjectKind::NetInterface => self.open_net_interface(cluster, name)?.0,
            _ => return Err(Win32Error::ERROR_INVALID_PARAMETER),
        };
        Ok((ObjectHandle::of_kind(kind, raw).expect("an object kind"), desired))
    }
}
