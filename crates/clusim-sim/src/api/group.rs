//! Groups: open, create, delete, rename, node list, online / offline / move, enumeration (spec/model.md).

use crate::handles::Entry;
use crate::sim::Sim;
use clusim_api::enums::EnumEntry;
use clusim_api::*;

impl GroupApi for Sim {
    fn open_group(&self, cluster: HCluster, name: &str) -> Result<HGroup> {
        let cell = self.cluster_of(cluster)?;
        let id = cell.lock(self.clock()).model.group_by_name(name)?;
        Ok(HGroup(self.new_handle(Entry::Group(cell, id))))
    }

    fn close_group(&self, group: HGroup) -> Result<()> {
        self.close_object(group.0, ObjectKind::Group)
    }

    fn create_group(&self, cluster: HCluster, name: &str) -> Result<HGroup> {
        let cell = self.cluster_of(cluster)?;
        let id = cell.mutate(self.clock(), |m, fx| m.create_group(name, fx))?;
        Ok(HGroup(self.new_handle(Entry::Group(cell, id))))
    }

    fn delete_group(&self, group: HGroup) -> Result<()> {
        let (cell, id) = self.group_h(group)?;
        cell.mutate(self.clock(), |m, fx| m.delete_group(id, fx))
    }

    fn group_state(&self, group: HGroup) -> Result<(GroupState, String)> {
        let (cell, id) = self.group_h(group)?;
        let st = cell.lock(self.clock());
        let g = st.model.group(id)?;
        Ok((g.state, st.model.node(g.owner)?.name.to_string()))
    }

    fn set_group_name(&self, group: HGroup, name: &str) -> Result<()> {
        let (cell, id) = self.group_h(group)?;
        cell.mutate(self.clock(), |m, fx| m.rename_group(id, name, fx))
    }

    fn set_group_node_list(&self, group: HGroup, nodes: &[HNode]) -> Result<()> {
        let (cell, id) = self.group_h(group)?;
        let ids =
            nodes.iter().map(|&n| self.in_cluster(&cell, n, Sim::node_h)).collect::<Result<Vec<_>>>()?;
        cell.mutate(self.clock(), |m, fx| m.set_group_node_list(id, &ids, fx))
    }

    fn online_group(&self, group: HGroup, node: Option<HNode>) -> Result<()> {
        let (cell, id) = self.group_h(group)?;
        let node = node.map(|n| self.in_cluster(&cell, n, Sim::node_h)).transpose()?;
        cell.mutate(self.clock(), |m, fx| m.online_group(id, node, fx))
    }

    fn offline_group(&self, group: HGroup) -> Result<()> {
        let (cell, id) = self.group_h(group)?;
        cell.mutate(self.clock(), |m, fx| m.offline_group(id, fx))
    }

    fn move_group(&self, group: HGroup, node: Option<HNode>) -> Result<()> {
        let (cell, id) = self.group_h(group)?;
        let node = node.map(|n| self.in_cluster(&cell, n, Sim::node_h)).transpose()?;
        cell.mutate(self.clock(), |m, fx| m.move_group(id, node, fx))
    }

    fn group_enum(&self, group: HGroup, kinds: u32) -> Result<Vec<EnumEntry>> {
        let (cell, id) = self.group_h(group)?;
        let st = cell.lock(self.clock());
        st.model.group_enum(id, kinds)
    }
}
