//! `OpenCluster`, `CloseCluster`, the cluster's name, enumeration and quorum (spec/model.md).

use crate::handles::Entry;
use crate::sim::Sim;
use clusim_api::enums::EnumEntry;
use clusim_api::*;

impl ClusterApi for Sim {
    fn backend_name(&self) -> &'static str {
        "sim"
    }

    fn open_cluster(&self, name: Option<&str>) -> Result<HCluster> {
        let cell = self.cluster_named(name)?;
        cell.check_up()?;
        Ok(HCluster(self.new_handle(Entry::Cluster(cell))))
    }

    fn close_cluster(&self, cluster: HCluster) -> Result<()> {
        self.close_object(cluster.0, ObjectKind::Cluster)
    }

    fn cluster_name(&self, cluster: HCluster) -> Result<String> {
        Ok(self.cluster_of(cluster)?.name.to_string())
    }

    fn cluster_enum(&self, cluster: HCluster, kinds: u32) -> Result<Vec<EnumEntry>> {
        let cell = self.cluster_of(cluster)?;
        let st = cell.lock(self.clock());
        Ok(st.model.enumerate(kinds))
    }

    fn quorum_resource(&self, cluster: HCluster) -> Result<Option<String>> {
        let cell = self.cluster_of(cluster)?;
        let st = cell.lock(self.clock());
        st.model.quorum().map(|q| st.model.resource(q).map(|r| r.name.to_string())).transpose()
    }

    fn set_quorum_resource(&self, resource: HResource) -> Result<()> {
        let (cell, id) = self.resource_h(resource)?;
        cell.mutate(self.clock(), |m, fx| m.set_quorum(id, fx))
    }
}
