//! RAII types for the cluster database: keys, write batches, batch notification ports
//! and read batches.
//!
//! ```
//! # fn demo(cluster: &clusim_api::client::Cluster) -> clusim_api::Result<()> {
//! use clusim_api::registry::{REG_DWORD, REG_SZ};
//! use clusim_api::Timeout;
//!
//! let root = cluster.root_key()?;
//! let app = root.create("Software\\MyApp")?;
//! let port = app.batch_port()?;
//! let mut batch = app.batch()?;
//! batch.set_value("Port", REG_DWORD, &8080u32.to_le_bytes())?;
//! batch.create_key("Peers")?;
//! batch.set_value("Primary", REG_SZ, &clusim_api::registry::sz("NODE1"))?;
//! batch.commit().map_err(|f| f.code)?;
//! let notification = port.get(Timeout::POLL)?;
//! for command in notification.commands() {
//!     println!("{} {:?}", clusim_api::registry::command_name(command?.command), ());
//! }
//! # Ok(()) }
//! ```

use super::{Cluster, Group, NetInterface, Network, Node, Registrable, Resource, SharedBackend};
use crate::error::{Result, Win32Error};
use crate::handle::*;
use crate::registry::*;
use crate::timeout::Timeout;

raii!(
    /// An open cluster-database key (`HKEY`).
    Key, HKey, reg_close_key
);
raii!(
    /// A batch notification port (`HREGBATCHPORT`); share it with `Arc` to close it from
    /// another thread while one waits.
    BatchPort, HRegBatchPort, reg_close_batch_notify_port
);
raii!(
    /// One batch notification (`HREGBATCHNOTIFICATION`).
    BatchNotification, HRegBatchNotification, reg_batch_close_notification
);
raii!(
    /// The results of a read batch (`HREGREADBATCHREPLY`).
    ReadBatchReply, HRegReadBatchReply, reg_close_read_batch_reply
);

/// UTF-16LE bytes of a string with its NUL: `REG_SZ` data.
pub fn sz(s: &str) -> Vec<u8> {
    s.encode_utf16().chain(std::iter::once(0)).flat_map(u16::to_le_bytes).collect()
}

impl Cluster {
    /// `GetClusterKey`: the root of the cluster database.
    pub fn root_key(&self) -> Result<Key> {
        let h = self.backend.get_cluster_key(self.handle, 0)?;
        Ok(Key::from_raw(self.backend.clone(), h))
    }

    /// `GetClusterResourceTypeKey`.
    pub fn resource_type_key(&self, type_name: &str) -> Result<Key> {
        let h = self.backend.get_resource_type_key(self.handle, type_name, 0)?;
        Ok(Key::from_raw(self.backend.clone(), h))
    }
}

macro_rules! object_key {
    ($($t:ident),*) => {$(
        impl $t {
            /// The object's key in the cluster database (`GetCluster…Key`).
            pub fn key(&self) -> Result<Key> {
                let h = self.backend.get_object_key(self.object_handle(), 0)?;
                Ok(Key::from_raw(self.backend.clone(), h))
            }
        }
    )*};
}
object_key!(Node, Group, Resource, Network, NetInterface);

impl Registrable for Key {
    fn object_handle(&self) -> ObjectHandle {
        ObjectHandle::Key(self.handle)
    }
}

impl Key {
    fn wrap(&self, h: HKey) -> Key {
        Key::from_raw(self.backend.clone(), h)
    }

    /// `ClusterRegCreateKey`: creates (with intermediate keys) or opens `path`.
    pub fn create(&self, path: &str) -> Result<Key> {
        Ok(self.create_with_disposition(path)?.0)
    }

    /// `ClusterRegCreateKey` with its disposition.
    pub fn create_with_disposition(&self, path: &str) -> Result<(Key, Disposition)> {
        let (h, d) = self.backend.reg_create_key(self.handle, path, 0, 0)?;
        Ok((self.wrap(h), d))
    }

    /// `ClusterRegOpenKey`.
    pub fn open(&self, path: &str) -> Result<Key> {
        let h = self.backend.reg_open_key(self.handle, path, 0)?;
        Ok(self.wrap(h))
    }

    /// `ClusterRegDeleteKey` (a key without subkeys).
    pub fn delete_subkey(&self, path: &str) -> Result<()> {
        self.backend.reg_delete_key(self.handle, path)
    }

    /// `ClusterRegSetValue`.
    pub fn set_value(&self, name: &str, ty: u32, data: &[u8]) -> Result<()> {
        self.backend.reg_set_value(self.handle, name, ty, data)
    }

    /// `ClusterRegDeleteValue`.
    pub fn delete_value(&self, name: &str) -> Result<()> {
        self.backend.reg_delete_value(self.handle, name)
    }

    /// `ClusterRegQueryValue`: (type, data).
    pub fn value(&self, name: &str) -> Result<(u32, Vec<u8>)> {
        self.backend.reg_query_value(self.handle, name)
    }

    /// Subkey names (`ClusterRegEnumKey` until `ERROR_NO_MORE_ITEMS`).
    pub fn subkeys(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        loop {
            match self.backend.reg_enum_key(self.handle, out.len() as u32) {
                Ok((n, _)) => out.push(n),
                Err(Win32Error::ERROR_NO_MORE_ITEMS) => return Ok(out),
                Err(e) => return Err(e),
            }
        }
    }

    /// Values (`ClusterRegEnumValue` until `ERROR_NO_MORE_ITEMS`): (name, type, data).
    pub fn values(&self) -> Result<Vec<(String, u32, Vec<u8>)>> {
        let mut out = Vec::new();
        loop {
            match self.backend.reg_enum_value(self.handle, out.len() as u32) {
                Ok(v) => out.push(v),
                Err(Win32Error::ERROR_NO_MORE_ITEMS) => return Ok(out),
                Err(e) => return Err(e),
            }
        }
    }

    /// `ClusterRegQueryInfoKey`.
    pub fn info(&self) -> Result<KeyInfo> {
        self.backend.reg_query_info_key(self.handle)
    }

    /// `ClusterRegGetKeySecurity`.
    pub fn security(&self) -> Result<Vec<u8>> {
        self.backend.reg_get_key_security(self.handle, 0x4)
    }

    /// `ClusterRegSetKeySecurity`.
    pub fn set_security(&self, descriptor: &[u8]) -> Result<()> {
        self.backend.reg_set_key_security(self.handle, 0x4, descriptor)
    }

    /// `ClusterRegCreateBatch` on this key.
    pub fn batch(&self) -> Result<WriteBatch> {
        let h = self.backend.reg_create_batch(self.handle)?;
        Ok(WriteBatch { backend: self.backend.clone(), handle: Some(h) })
    }

    /// `ClusterRegCreateBatchNotifyPort` on this key.
    pub fn batch_port(&self) -> Result<BatchPort> {
        let h = self.backend.reg_create_batch_notify_port(self.handle)?;
        Ok(BatchPort::from_raw(self.backend.clone(), h))
    }

    /// `ClusterRegCreateReadBatch` on this key.
    pub fn read_batch(&self) -> Result<ReadBatch> {
        let h = self.backend.reg_create_read_batch(self.handle)?;
        Ok(ReadBatch { backend: self.backend.clone(), handle: Some(h) })
    }
}

/// A write batch being built (`HREGBATCH`). Dropping it discards it
/// (`ClusterRegCloseBatch(…, FALSE, …)`).
pub struct WriteBatch {
    backend: SharedBackend,
    handle: Option<HRegBatch>,
}

impl WriteBatch {
    fn h(&self) -> HRegBatch {
        self.handle.expect("a batch is consumed only by commit/discard")
    }

    /// The raw handle.
    pub fn raw(&self) -> HRegBatch {
        self.h()
    }

    /// `ClusterRegBatchAddCommand` with every argument.
    pub fn add(&mut self, command: u32, name: Option<&str>, options: u32, data: &[u8]) -> Result<&mut Self> {
        self.backend.reg_batch_add_command(self.h(), command, name, options, data)?;
        Ok(self)
    }

    /// `CLUSREG_SET_VALUE`.
    pub fn set_value(&mut self, name: &str, ty: u32, data: &[u8]) -> Result<&mut Self> {
        self.add(CLUSREG_SET_VALUE, Some(name), ty, data)
    }

    /// `CLUSREG_DELETE_VALUE`.
    pub fn delete_value(&mut self, name: &str) -> Result<&mut Self> {
        self.add(CLUSREG_DELETE_VALUE, Some(name), 0, &[])
    }

    /// `CLUSREG_CREATE_KEY` (becomes the current key).
    pub fn create_key(&mut self, path: &str) -> Result<&mut Self> {
        self.add(CLUSREG_CREATE_KEY, Some(path), 0, &[])
    }

    /// `CLUSREG_DELETE_KEY` (recursive; clears the current key).
    pub fn delete_key(&mut self, path: &str) -> Result<&mut Self> {
        self.add(CLUSREG_DELETE_KEY, Some(path), 0, &[])
    }

    /// `ClusterRegCloseBatch(…, TRUE, …)`: all or nothing.
    pub fn commit(mut self) -> std::result::Result<(), BatchFailure> {
        let h = self.handle.take().expect("not yet consumed");
        self.backend.reg_close_batch(h, true)
    }

    /// `ClusterRegCloseBatchEx(…, flags, …)`.
    pub fn commit_ex(mut self, flags: u32) -> std::result::Result<(), BatchFailure> {
        let h = self.handle.take().expect("not yet consumed");
        self.backend.reg_close_batch_ex(h, flags)
    }

    /// `ClusterRegCloseBatch(…, FALSE, …)`.
    pub fn discard(mut self) -> Result<()> {
        let h = self.handle.take().expect("not yet consumed");
        self.backend.reg_close_batch(h, false).map_err(|f| f.code)
    }
}

impl std::fmt::Debug for WriteBatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WriteBatch").field("handle", &self.handle).finish()
    }
}

impl Drop for WriteBatch {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            let _ = self.backend.reg_close_batch(h, false);
        }
    }
}

impl BatchPort {
    /// `ClusterRegGetBatchNotification` (with a timeout; `Timeout::Infinite` waits as the
    /// C function does).
    pub fn get(&self, timeout: Timeout) -> Result<BatchNotification> {
        let h = self.backend.reg_get_batch_notification(self.handle, timeout)?;
        Ok(BatchNotification::from_raw(self.backend.clone(), h))
    }
}

impl BatchNotification {
    /// `ClusterRegBatchReadCommand` until `ERROR_NO_MORE_ITEMS`.
    pub fn commands(&self) -> impl Iterator<Item = Result<BatchCommand>> + '_ {
        let mut done = false;
        std::iter::from_fn(move || {
            if done {
                return None;
            }
            match self.backend.reg_batch_read_command(self.handle) {
                Ok(c) => Some(Ok(c)),
                Err(Win32Error::ERROR_NO_MORE_ITEMS) => {
                    done = true;
                    None
                }
                Err(e) => {
                    done = true;
                    Some(Err(e))
                }
            }
        })
    }

    /// All remaining commands.
    pub fn read_all(&self) -> Result<Vec<BatchCommand>> {
        self.commands().collect()
    }
}

/// A read batch being built (`HREGREADBATCH`).
pub struct ReadBatch {
    backend: SharedBackend,
    handle: Option<HRegReadBatch>,
}

impl ReadBatch {
    /// `ClusterRegReadBatchAddCommand`.
    pub fn read(&mut self, subkey: Option<&str>, value: Option<&str>) -> Result<&mut Self> {
        self.backend.reg_read_batch_add_command(self.handle.expect("not consumed"), subkey, value)?;
        Ok(self)
    }

    /// `ClusterRegCloseReadBatchEx(flags)`: executes; `CLUSREG_DATABASE_ISOLATE_READ`
    /// reads everything at one instant.
    pub fn execute(mut self, flags: u32) -> Result<ReadBatchReply> {
        let h = self.handle.take().expect("not consumed");
        let r = self.backend.reg_close_read_batch(h, flags)?;
        Ok(ReadBatchReply::from_raw(self.backend.clone(), r))
    }
}

impl std::fmt::Debug for ReadBatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadBatch").field("handle", &self.handle).finish()
    }
}

impl Drop for ReadBatch {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            if let Ok(r) = self.backend.reg_close_read_batch(h, 0) {
                let _ = self.backend.reg_close_read_batch_reply(r);
            }
        }
    }
}

impl ReadBatchReply {
    /// `ClusterRegReadBatchReplyNextCommand` until `ERROR_NO_MORE_ITEMS`.
    pub fn results(&self) -> Result<Vec<ReadBatchResult>> {
        let mut out = Vec::new();
        loop {
            match self.backend.reg_read_batch_reply_next_command(self.handle) {
                Ok(r) => out.push(r),
                Err(Win32Error::ERROR_NO_MORE_ITEMS) => return Ok(out),
                Err(e) => return Err(e),
            }
        }
    }
}
