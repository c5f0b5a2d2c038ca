//! The cluster database through key handles: `GetClusterKey` and friends, `ClusterReg*`
//! on keys and values, key security (spec/registry.md).

use crate::cell::ClusterCell;
use crate::handles::Entry;
use crate::sim::Sim;
use clusim_api::registry::*;
use clusim_api::*;
use clusim_model::ids::RegKeyId;
use clusim_model::registry::Registry;
use clusim_model::ObjRef;
use std::sync::Arc;

impl Sim {
    fn new_key(&self, cell: Arc<ClusterCell>, k: RegKeyId) -> HKey {
        HKey(self.new_handle(Entry::Key(cell, k)))
    }

    /// Runs a read of the database under the key's cluster lock.
    fn with_registry<T>(&self, key: HKey, f: impl FnOnce(&Registry, RegKeyId) -> Result<T>) -> Result<T> {
        let (cell, k) = self.key_h(key)?;
        let st = cell.lock(self.clock());
        f(st.model.registry(), k)
    }
}

impl RegistryApi for Sim {
    fn get_cluster_key(&self, cluster: HCluster, _sam: u32) -> Result<HKey> {
        let cell = self.cluster_of(cluster)?;
        let root = cell.lock(self.clock()).model.registry().root();
        Ok(self.new_key(cell, root))
    }

    fn get_object_key(&self, object: ObjectHandle, _sam: u32) -> Result<HKey> {
        let (cell, obj) = self.obj_h(object)?;
        let k = cell.lock(self.clock()).model.obj_key(obj)?;
        Ok(self.new_key(cell, k))
    }

    fn get_resource_type_key(&self, cluster: HCluster, type_name: &str, _sam: u32) -> Result<HKey> {
        let cell = self.cluster_of(cluster)?;
        let k = {
            let st = cell.lock(self.clock());
            let id = st.model.restype_by_name(type_name)?;
            st.model.obj_key(ObjRef::ResType(id))?
        };
        Ok(self.new_key(cell, k))
    }

    fn reg_create_key(
        &self,
        key: HKey,
        subkey: &str,
        options: u32,
        _sam: u32,
    ) -> Result<(HKey, Disposition)> {
        if options > 1 {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        let (cell, k) = self.key_h(key)?;
        let (new, created) = cell.mutate(self.clock(), |m, fx| {
            let (reg, now) = m.registry_mut();
            reg.create_key(k, subkey, now, fx)
        })?;
        let d = if created { Disposition::CreatedNew } else { Disposition::OpenedExisting };
        Ok((self.new_key(cell, new), d))
    }

    fn reg_open_key(&self, key: HKey, subkey: &str, _sam: u32) -> Result<HKey> {
        let (cell, k) = self.key_h(key)?;
        let found = cell.lock(self.clock()).model.registry().lookup(k, subkey)?;
        Ok(self.new_key(cell, found))
    }

    fn reg_delete_key(&self, key: HKey, subkey: &str) -> Result<()> {
        let (cell, k) = self.key_h(key)?;
        cell.mutate(self.clock(), |m, fx| m.reg_delete_key(k, subkey, fx))
    }

    fn reg_close_key(&self, key: HKey) -> Result<()> {
        self.close_object(key.0, ObjectKind::Key)
    }

    fn reg_set_value(&self, key: HKey, name: &str, ty: u32, data: &[u8]) -> Result<()> {
        let (cell, k) = self.key_h(key)?;
        cell.mutate(self.clock(), |m, fx| {
            let (reg, now) = m.registry_mut();
            reg.set_value(k, name, ty, data.to_vec(), now, fx).map(|_| ())
        })
    }

    fn reg_delete_value(&self, key: HKey, name: &str) -> Result<()> {
        let (cell, k) = self.key_h(key)?;
        cell.mutate(self.clock(), |m, fx| {
            let (reg, now) = m.registry_mut();
            reg.delete_value(k, name, now, fx).map(|_| ())
        })
    }

    fn reg_query_value(&self, key: HKey, name: &str) -> Result<(u32, Vec<u8>)> {
        self.with_registry(key, |r, k| r.value(k, name).map(|v| (v.ty, v.data.clone())))
    }

    fn reg_enum_key(&self, key: HKey, index: u32) -> Result<(String, FileTime)> {
        self.with_registry(key, |r, k| r.enum_key(k, index).map(|(n, t)| (n.to_string(), t)))
    }

    fn reg_enum_value(&self, key: HKey, index: u32) -> Result<(String, u32, Vec<u8>)> {
        self.with_registry(key, |r, k| {
            r.enum_value(k, index).map(|v| (v.name.to_string(), v.ty, v.data.clone()))
        })
    }

    fn reg_query_info_key(&self, key: HKey) -> Result<KeyInfo> {
        self.with_registry(key, |r, k| r.info(k))
    }

    fn reg_get_key_security(&self, key: HKey, _info: u32) -> Result<Vec<u8>> {
        self.with_registry(key, |r, k| {
            r.key(k).map(|k| k.security.clone()).ok_or(Win32Error::ERROR_KEY_DELETED)
        })
    }

    fn reg_set_key_security(&self, key: HKey, _info: u32, descriptor: &[u8]) -> Result<()> {
        let (cell, k) = self.key_h(key)?;
        cell.mutate(self.clock(), |m, fx| {
            let (reg, now) = m.registry_mut();
            reg.set_security(k, descriptor.to_vec(), now, fx)
        })
    }
}
