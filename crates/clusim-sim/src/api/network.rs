//! Networks and network interfaces (spec/model.md).

use crate::handles::Entry;
use crate::sim::Sim;
use clusim_api::enums::EnumEntry;
use clusim_api::*;

impl NetworkApi for Sim {
    fn open_network(&self, cluster: HCluster, name: &str) -> Result<HNetwork> {
        let cell = self.cluster_of(cluster)?;
        let id = cell.lock(self.clock()).model.network_by_name(name)?;
        Ok(HNetwork(self.new_handle(Entry::Network(cell, id))))
    }

    fn close_network(&self, network: HNetwork) -> Result<()> {
        self.close_object(network.0, ObjectKind::Network)
    }

    fn network_state(&self, network: HNetwork) -> Result<NetworkState> {
        let (cell, id) = self.network_h(network)?;
        let st = cell.lock(self.clock());
        Ok(st.model.network(id)?.state)
    }

    fn set_network_name(&self, network: HNetwork, name: &str) -> Result<()> {
        let (cell, id) = self.network_h(network)?;
        cell.mutate(self.clock(), |m, fx| m.rename_network(id, name, fx))
    }

    fn network_enum(&self, network: HNetwork, kinds: u32) -> Result<Vec<EnumEntry>> {
        let (cell, id) = self.network_h(network)?;
        let st = cell.lock(self.clock());
        st.model.network_enum(id, kinds)
    }

    fn open_net_interface(&self, cluster: HCluster, name: &str) -> Result<HNetInterface> {
        let cell = self.cluster_of(cluster)?;
        let id = cell.lock(self.clock()).model.netif_by_name(name)?;
        Ok(HNetInterface(self.new_handle(Entry::NetInterface(cell, id))))
    }

    fn close_net_interface(&self, netif: HNetInterface) -> Result<()> {
        self.close_object(netif.0, ObjectKind::NetInterface)
    }

    fn net_interface_state(&self, netif: HNetInterface) -> Result<NetInterfaceState> {
        let (cell, id) = self.netif_h(netif)?;
        let st = cell.lock(self.clock());
        Ok(st.model.netif(id)?.state)
    }

    fn net_interface_name(&self, cluster: HCluster, node: &str, network: &str) -> Result<String> {
        let cell = self.cluster_of(cluster)?;
        let st = cell.lock(self.clock());
        Ok(st.model.netif_for(node, network)?.to_string())
    }
}
