//! Networks and network interfaces: open, close, state, name, enumeration.

use crate::buffers::*;
use crate::enumeration::enumerate;
use crate::errors::*;
use crate::ClusApiBackend;
use clusim_api::enums::EnumEntry;
use clusim_api::*;
use windows_sys::Win32::Networking::Clustering::*;

impl NetworkApi for ClusApiBackend {
    fn open_network(&self, cluster: HCluster, name: &str) -> Result<HNetwork> {
        let (c, n) = self.name_call(cluster, name)?;
        // SAFETY: an open cluster handle and a NUL-terminated name.
        let h = unsafe { OpenClusterNetwork(c, n.as_ptr()) };
        self.ledger.opened(h as usize, ObjectKind::Network).map(HNetwork)
    }

    fn close_network(&self, network: HNetwork) -> Result<()> {
        let h = self.ledger.take(network.0, ObjectKind::Network)?;
        // SAFETY: an open network handle, closed once.
        bool_or_gle(unsafe { CloseClusterNetwork(h) })
    }

    fn network_state(&self, network: HNetwork) -> Result<NetworkState> {
        let h = self.ledger.check(network.0, ObjectKind::Network)?;
        // SAFETY: an open network handle.
        let s = state_or_gle(unsafe { GetClusterNetworkState(h) })?;
        NetworkState::from_value(s).ok_or(Win32Error::ERROR_GEN_FAILURE)
    }

    fn set_network_name(&self, network: HNetwork, name: &str) -> Result<()> {
        let h = self.ledger.check(network.0, ObjectKind::Network)?;
        let n = wide(name)?;
        // SAFETY: an open network handle and a NUL-terminated name.
        rc(unsafe { SetClusterNetworkName(h, n.as_ptr()) })
    }

    fn network_enum(&self, network: HNetwork, kinds: u32) -> Result<Vec<EnumEntry>> {
        let h = self.ledger.check(network.0, ObjectKind::Network)?;
        // SAFETY: an open network handle.
        let e = unsafe { ClusterNetworkOpenEnum(h, kinds) };
        enumerate(e, ClusterNetworkGetEnumCount, ClusterNetworkEnum, ClusterNetworkCloseEnum)
    }

    fn open_net_interface(&self, cluster: HCluster, name: &str) -> Result<HNetInterface> {
        let (c, n) = self.name_call(cluster, name)?;
        // SAFETY: an open cluster handle and a NUL-terminated name.
        let h = unsafe { OpenClusterNetInterface(c, n.as_ptr()) };
        self.ledger.opened(h as usize, ObjectKind::NetInterface).map(HNetInterface)
    }

    fn close_net_interface(&self, netif: HNetInterface) -> Result<()> {
        let h = self.ledger.take(netif.0, ObjectKind::NetInterface)?;
        // SAFETY: an open interface handle, closed once.
        bool_or_gle(unsafe { CloseClusterNetInterface(h) })
    }

    fn net_interface_state(&self, netif: HNetInterface) -> Result<NetInterfaceState> {
        let h = self.ledger.check(netif.0, ObjectKind::NetInterface)?;
        // SAFETY: an open interface handle.
        let s = state_or_gle(unsafe { GetClusterNetInterfaceState(h) })?;
        NetInterfaceState::from_value(s).ok_or(Win32Error::ERROR_GEN_FAILURE)
    }

    fn net_interface_name(&self, cluster: HCluster, node: &str, network: &str) -> Result<String> {
        let (c, n) = self.name_call(cluster, node)?;
        let w = wide(network)?;
        // SAFETY: NUL-terminated strings; buffers valid for the sizes passed.
        read_string(|b, cch| unsafe { GetClusterNetInterface(c, n.as_ptr(), w.as_ptr(), b, cch) })
    }
}
