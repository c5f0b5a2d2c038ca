//! The `…OpenEnumEx` enumerations and the interface / resource-type enumerations
//! (spec/model.md MODEL-ENUM-EX).

use crate::sim::Sim;
use clusim_api::enums::*;
use clusim_api::*;

impl EnumExApi for Sim {
    fn cluster_enum_ex(&self, cluster: HCluster, kinds: u32) -> Result<Vec<EnumItem>> {
        let cell = self.cluster_of(cluster)?;
        if kinds & !CLUSTER_ENUM_ACCEPTED != 0 {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        let st = cell.lock(self.clock());
        Ok(st.model.enumerate_ex(kinds))
    }

    fn node_enum_ex(&self, node: HNode, kinds: u32) -> Result<Vec<EnumItem>> {
        let (cell, id) = self.node_h(node)?;
        let all =
            CLUSTER_NODE_ENUM_NETINTERFACES | CLUSTER_NODE_ENUM_GROUPS | CLUSTER_NODE_ENUM_PREFERRED_GROUPS;
        if kinds & !all != 0 {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        let st = cell.lock(self.clock());
        st.model.node_enum_ex(id, kinds)
    }

    fn group_enum_ex(&self, cluster: HCluster) -> Result<Vec<GroupEnumItem>> {
        let cell = self.cluster_of(cluster)?;
        let st = cell.lock(self.clock());
        Ok(st.model.group_enum_ex())
    }

    fn resource_enum_ex(&self, cluster: HCluster) -> Result<Vec<ResourceEnumItem>> {
        let cell = self.cluster_of(cluster)?;
        let st = cell.lock(self.clock());
        Ok(st.model.resource_enum_ex())
    }

    fn net_interface_enum(
        &self,
        cluster: HCluster,
        node: Option<&str>,
        network: Option<&str>,
    ) -> Result<Vec<String>> {
        let cell = self.cluster_of(cluster)?;
        let st = cell.lock(self.clock());
        st.model.netif_enum(node, network)
    }

    fn resource_type_enum(&self, cluster: HCluster, type_name: &str, kinds: u32) -> Result<Vec<EnumEntry>> {
        let cell = self.cluster_of(cluster)?;
        if kinds & !(CLUSTER_RESOURCE_TYPE_ENUM_NODES | CLUSTER_RESOURCE_TYPE_ENUM_RESOURCES) != 0 {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        let st = cell.lock(self.clock());
        st.model.restype_enum(type_name, kinds)
    }
}
