//! Network and network-interface exports.

use super::cluster::{enum_count, enum_item, enum_open_with};
use super::objects::{open_by_name, rename, GEN_FAILURE};
use super::{expect, raw, ret_bool, ret_state};
use crate::ffi::{code, required_wstr, write_wstr};
use crate::global::{enum_close, sim, EnumKind};
use crate::types::*;
use clusim_api::*;

export! {
    /// `OpenClusterNetwork`.
    fn OpenClusterNetwork(hCluster: HCLUSTER, lpszNetworkName: *const WChar) -> HNETWORK;
    on_panic = std::ptr::null_mut();
    {
        // SAFETY: forwarded caller contract.
        unsafe { open_by_name(hCluster, lpszNetworkName, |c, n| sim().open_network(c, n).map(|h| h.0)) }
    }
}

export! {
    /// `CloseClusterNetwork`: TRUE, or FALSE + `ERROR_INVALID_HANDLE`.
    fn CloseClusterNetwork(hNetwork: HNETWORK) -> BOOL;
    on_panic = FALSE;
    { ret_bool(sim().close_network(HNetwork(raw(hNetwork)))) }
}

export! {
    /// `GetClusterNetworkState`: the state, or `ClusterNetworkStateUnknown` (-1) + last
    /// error.
    fn GetClusterNetworkState(hNetwork: HNETWORK) -> i32;
    on_panic = -1;
    { ret_state(sim().network_state(HNetwork(raw(hNetwork))).map(|s| s.value())) }
}

export! {
    /// `SetClusterNetworkName`.
    fn SetClusterNetworkName(hNetwork: HNETWORK, lpszName: *const WChar) -> u32;
    on_panic = GEN_FAILURE;
    {
        // SAFETY: forwarded caller contract.
        unsafe { rename(hNetwork, ObjectKind::Network, lpszName, |h, n| sim().set_network_name(HNetwork(h), n)) }
    }
}

export! {
    /// `ClusterNetworkOpenEnum`: `CLUSTER_NETWORK_ENUM_NETINTERFACES`.
    fn ClusterNetworkOpenEnum(hNetwork: HNETWORK, dwType: u32) -> HNETWORKENUM;
    on_panic = std::ptr::null_mut();
    {
        enum_open_with(EnumKind::Network, raw(hNetwork), ObjectKind::Network, dwType, |h, t| {
            sim().network_enum(HNetwork(h), t)
        })
    }
}

export! {
    /// `ClusterNetworkGetEnumCount`.
    fn ClusterNetworkGetEnumCount(hNetworkEnum: HNETWORKENUM) -> u32;
    on_panic = 0;
    { enum_count(hNetworkEnum, EnumKind::Network) }
}

export! {
    /// `ClusterNetworkEnum`.
    fn ClusterNetworkEnum(hNetworkEnum: HNETWORKENUM, dwIndex: u32, lpdwType: *mut u32, lpszName: *mut WChar, lpcchName: *mut u32) -> u32;
    on_panic = GEN_FAILURE;
    {
        // SAFETY: forwarded caller contract.
        unsafe { enum_item(hNetworkEnum, EnumKind::Network, dwIndex, lpdwType, lpszName, lpcchName) }
    }
}

export! {
    /// `ClusterNetworkCloseEnum`.
    fn ClusterNetworkCloseEnum(hNetworkEnum: HNETWORKENUM) -> u32;
    on_panic = GEN_FAILURE;
    { code(enum_close(hNetworkEnum as usize, EnumKind::Network)) }
}

export! {
    /// `OpenClusterNetInterface`.
    fn OpenClusterNetInterface(hCluster: HCLUSTER, lpszInterfaceName: *const WChar) -> HNETINTERFACE;
    on_panic = std::ptr::null_mut();
    {
        // SAFETY: forwarded caller contract.
        unsafe {
            open_by_name(hCluster, lpszInterfaceName, |c, n| sim().open_net_interface(c, n).map(|h| h.0))
        }
    }
}

export! {
    /// `CloseClusterNetInterface`: TRUE, or FALSE + `ERROR_INVALID_HANDLE`.
    fn CloseClusterNetInterface(hNetInterface: HNETINTERFACE) -> BOOL;
    on_panic = FALSE;
    { ret_bool(sim().close_net_interface(HNetInterface(raw(hNetInterface)))) }
}

export! {
    /// `GetClusterNetInterfaceState`: the state, or `ClusterNetInterfaceStateUnknown`
    /// (-1) + last error.
    fn GetClusterNetInterfaceState(hNetInterface: HNETINTERFACE) -> i32;
    on_panic = -1;
    { ret_state(sim().net_interface_state(HNetInterface(raw(hNetInterface))).map(|s| s.value())) }
}

export! {
    /// `GetClusterNetInterface`: the name of `lpszNodeName`'s interface on
    /// `lpszNetworkName`, by the string convention.
    fn GetClusterNetInterface(
        hCluster: HCLUSTER,
        lpszNodeName: *const WChar,
        lpszNetworkName: *const WChar,
        lpszInterfaceName: *mut WChar,
        lpcchInterfaceName: *mut u32,
    ) -> u32;
    on_panic = GEN_FAILURE;
    {
        let r = (|| {
            let c = expect(hCluster, ObjectKind::Cluster)?;
            // SAFETY: NUL-terminated strings or NULL (caller contract).
            let (node, network) = unsafe { (required_wstr(lpszNodeName)?, required_wstr(lpszNetworkName)?) };
            if lpcchInterfaceName.is_null() {
                return Err(Win32Error::ERROR_INVALID_PARAMETER);
            }
            let name = sim().net_interface_name(HCluster(c), &node, &network)?;
            // SAFETY: out-pointers valid (caller contract).
            unsafe { write_wstr(lpszInterfaceName, lpcchInterfaceName, &name) }
        })();
        code(r)
    }
}
