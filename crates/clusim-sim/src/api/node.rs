//! Nodes: open, close, state, pause / resume / evict, enumeration (spec/model.md).

use crate::handles::Entry;
use crate::sim::Sim;
use clusim_api::enums::EnumEntry;
use clusim_api::*;

impl NodeApi for Sim {
    fn open_node(&self, cluster: HCluster, name: &str) -> Result<HNode> {
        let cell = self.cluster_of(cluster)?;
        let id = cell.lock(self.clock()).model.node_by_name(name)?;
        Ok(HNode(self.new_handle(Entry::Node(cell, id))))
    }

    fn close_node(&self, node: HNode) -> Result<()> {
        self.close_object(node.0, ObjectKind::Node)
    }

    fn node_state(&self, node: HNode) -> Result<NodeState> {
        let (cell, id) = self.node_h(node)?;
        let st = cell.lock(self.clock());
        Ok(st.model.node(id)?.state)
    }

    fn pause_node(&self, node: HNode) -> Result<()> {
        let (cell, id) = self.node_h(node)?;
        cell.mutate(self.clock(), |m, fx| m.pause_node(id, fx))
    }

    fn resume_node(&self, node: HNode) -> Result<()> {
        let (cell, id) = self.node_h(node)?;
        cell.mutate(self.clock(), |m, fx| m.resume_node(id, fx))
    }

    fn pause_node_ex(&self, node: HNode, drain: bool, flags: u32, target: Option<HNode>) -> Result<()> {
        let (cell, id) = self.node_h(node)?;
        let target = target.map(|t| self.in_cluster(&cell, t, Sim::node_h)).transpose()?;
        cell.mutate(self.clock(), |m, fx| m.pause_node_ex(id, drain, flags, target, fx))
    }

    fn resume_node_ex(&self, node: HNode, failback: u32, flags: u32) -> Result<()> {
        let (cell, id) = self.node_h(node)?;
        cell.mutate(self.clock(), |m, fx| m.resume_node_ex(id, failback, flags, fx))
    }

    fn evict_node(&self, node: HNode) -> Result<()> {
        let (cell, id) = self.node_h(node)?;
        cell.mutate(self.clock(), |m, fx| m.evict_node(id, fx))
    }

    fn node_enum(&self, node: HNode, kinds: u32) -> Result<Vec<EnumEntry>> {
        let (cell, id) = self.node_h(node)?;
        let st = cell.lock(self.clock());
        st.model.node_enum(id, kinds)
    }
}
