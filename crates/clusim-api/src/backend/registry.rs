//! The cluster database (`GetClusterKey`, `ClusterReg*` keys, values and security; spec/registry.md).
//!
//! One area of [`Backend`](super::Backend); every method validates every handle
//! (`ERROR_INVALID_HANDLE` for NULL, closed, stale, foreign and wrong-kind handles)
//! and a failing call changes nothing.

use crate::error::Result;
use crate::handle::{HCluster, HKey, ObjectHandle};
use crate::registry::{Disposition, FileTime, KeyInfo};

/// The cluster database (`GetClusterKey`, `ClusterReg*` keys, values and security; spec/registry.md).
pub trait RegistryApi: Send + Sync {
    /// `GetClusterKey`: the root of the cluster database.
    fn get_cluster_key(&self, cluster: HCluster, sam: u32) -> Result<HKey>;

    /// `GetClusterGroupKey`, `GetClusterResourceKey`, `GetClusterNodeKey`,
    /// `GetClusterNetworkKey`, `GetClusterNetInterfaceKey`: an object's key.
    fn get_object_key(&self, object: ObjectHandle, sam: u32) -> Result<HKey>;

    /// `GetClusterResourceTypeKey`.
    fn get_resource_type_key(&self, cluster: HCluster, type_name: &str, sam: u32) -> Result<HKey>;

    /// `ClusterRegCreateKey`: creates (with missing intermediate keys) or opens.
    fn reg_create_key(&self, key: HKey, subkey: &str, options: u32, sam: u32) -> Result<(HKey, Disposition)>;

    /// `ClusterRegOpenKey`.
    fn reg_open_key(&self, key: HKey, subkey: &str, sam: u32) -> Result<HKey>;

    /// `ClusterRegDeleteKey`: only a key without subkeys.
    fn reg_delete_key(&self, key: HKey, subkey: &str) -> Result<()>;

    /// `ClusterRegCloseKey`.
    fn reg_close_key(&self, key: HKey) -> Result<()>;

    /// `ClusterRegSetValue` (`name` `""` is the default value).
    fn reg_set_value(&self, key: HKey, name: &str, ty: u32, data: &[u8]) -> Result<()>;

    /// `ClusterRegDeleteValue`.
    fn reg_delete_value(&self, key: HKey, name: &str) -> Result<()>;

    /// `ClusterRegQueryValue`: type and data.
    fn reg_query_value(&self, key: HKey, name: &str) -> Result<(u32, Vec<u8>)>;

    /// `ClusterRegEnumKey`: the `index`-th subkey; `ERROR_NO_MORE_ITEMS` past the end.
    fn reg_enum_key(&self, key: HKey, index: u32) -> Result<(String, FileTime)>;

    /// `ClusterRegEnumValue`: the `index`-th value; `ERROR_NO_MORE_ITEMS` past the end.
    fn reg_enum_value(&self, key: HKey, index: u32) -> Result<(String, u32, Vec<u8>)>;

    /// `ClusterRegQueryInfoKey`.
    fn reg_query_info_key(&self, key: HKey) -> Result<KeyInfo>;

    /// `ClusterRegGetKeySecurity`.
    fn reg_get_key_security(&self, key: HKey, info: u32) -> Result<Vec<u8>>;

    /// `ClusterRegSetKeySecurity`.
    fn reg_set_key_security(&self, key: HKey, info: u32, descriptor: &[u8]) -> Result<()>;
}
