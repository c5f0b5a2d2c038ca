//! Networks and network interfaces.
//!
//! One area of [`Backend`](super::Backend); every method validates every handle
//! (`ERROR_INVALID_HANDLE` for NULL, closed, stale, foreign and wrong-kind handles)
//! and a failing call changes nothing.

use crate::enums::EnumEntry;
use crate::error::Result;
use crate::handle::{HCluster, HNetInterface, HNetwork};
use crate::state::{NetInterfaceState, NetworkState};

/// Networks and network interfaces.
pub trait NetworkApi: Send + Sync {
    /// `OpenClusterNetwork`.
    fn open_network(&self, cluster: HCluster, name: &str) -> Result<HNetwork>;

    /// `CloseClusterNetwork`.
    fn close_network(&self, network: HNetwork) -> Result<()>;

    /// `GetClusterNetworkState`.
    fn network_state(&self, network: HNetwork) -> Result<NetworkState>;

    /// `SetClusterNetworkName`.
    fn set_network_name(&self, network: HNetwork, name: &str) -> Result<()>;

    /// `ClusterNetworkOpenEnum` and friends.
    fn network_enum(&self, network: HNetwork, kinds: u32) -> Result<Vec<EnumEntry>>;

    /// `OpenClusterNetInterface`.
    fn open_net_interface(&self, cluster: HCluster, name: &str) -> Result<HNetInterface>;

    /// `CloseClusterNetInterface`.
    fn close_net_interface(&self, netif: HNetInterface) -> Result<()>;

    /// `GetClusterNetInterfaceState`.
    fn net_interface_state(&self, netif: HNetInterface) -> Result<NetInterfaceState>;

    /// `GetClusterNetInterface`: the interface name for a node on a network.
    fn net_interface_name(&self, cluster: HCluster, node: &str, network: &str) -> Result<String>;
}
