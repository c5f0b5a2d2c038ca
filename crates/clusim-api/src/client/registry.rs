//! RAII types for the cluster database: keys, write batches, batch notification ports
//! and read batches.
//!
//! What a configuration watcher relies on, each rule on the method it governs
//! (spec/batches.md):
//! - only batches reach a batch port: a plain [`Key::set_value`] never does;
//! - an overwrite arrives as `CLUSREG_VALUE_DELETED` with the old value, then the
//!   `CLUSREG_SET_VALUE` ([`WriteBatch::set_value`], [`WriteBatch::delete_value`]);
//! - deleting a missing key in a batch is not an error ([`WriteBatch::delete_key`]);
//! - closing a batch port wakes its waiter with `ERROR_NO_MORE_ITEMS`, where a V1 port
//!   gives `ERROR_INVALID_HANDLE` ([`BatchPort::get`]).
//!
//! String data: [`sz`] / [`sz_to_string`](crate::registry::sz_to_string) for `REG_SZ`
//! and `REG_EXPAND_SZ`, [`multi_sz`](crate::registry::multi_sz) /
//! [`multi_sz_to_strings`](crate::registry::multi_sz_to_strings) for `REG_MULTI_SZ`.
//!
//! ```
//! use clusim::registry::{command_name, sz, sz_to_string, REG_DWORD, REG_SZ};
//! use clusim::{Sim, Timeout, Win32Error};
//!
//! let sim = Sim::builder().manual_clock().build();
//! let cluster = sim.open(None)?;
//! let app = cluster.root_key()?.create("Software\\MyApp")?; // ClusterRegCreateKey
//! let port = app.batch_port()?;                             // ClusterRegCreateBatchNotifyPort
//! let mut batch = app.batch()?;                             // ClusterRegCreateBatch
//! batch.set_value("Port", REG_DWORD, &8080u32.to_le_bytes())?;
//! batch.create_key("Peers")?;
//! batch.set_value("Primary", REG_SZ, &sz("NODE1"))?;
//! batch.commit().map_err(|f| f.code)?;                      // ClusterRegCloseBatch(TRUE)
//!
//! let notification = port.get(Timeout::POLL)?;             // ClusterRegGetBatchNotification
//! let commands = notification.read_all()?;                  // ClusterRegBatchReadCommand
//! let names: Vec<_> = commands.iter().map(|c| (command_name(c.command), c.name.as_str())).collect();
//! assert_eq!(
//!     names,
//!     [("CLUSREG_SET_VALUE", "Port"), ("CLUSREG_CREATE_KEY", "Peers"), ("CLUSREG_SET_VALUE", "Primary")]
//! );
//! assert_eq!(sz_to_string(&commands[2].data)?, "NODE1");
//! assert_eq!(app.open("Peers")?.value("Primary")?, (REG_SZ, sz("NODE1")));
//! # Ok::<(), Win32Error>(())
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

    /// `ClusterRegCreateKey`: creates (with intermediate keys) or opens `path`. Raises
    /// `REGISTRY_NAME` per key created; never reaches a batch port (see
    /// [`Key::set_value`]).
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

    /// `ClusterRegDeleteKey` (a key without subkeys; REG-DELETE). Raises
    /// `REGISTRY_NAME`; never reaches a batch port (see [`Key::set_value`]).
    pub fn delete_subkey(&self, path: &str) -> Result<()> {
        self.backend.reg_delete_key(self.handle, path)
    }

    /// `ClusterRegSetValue`: sets the value at once and raises `REGISTRY_VALUE` on V1
    /// ports (REG-EVENTS).
    ///
    /// A plain write is not a batch, so it **never reaches a batch notification port**,
    /// not even one on this very key (BATCH-PORT-SCOPE); the same holds for
    /// [`Key::create`], [`Key::delete_subkey`] and [`Key::delete_value`]. A watcher
    /// that must see every change listens on a V1 port too, or the writers use
    /// [`Key::batch`].
    ///
    /// ```
    /// use clusim::registry::{sz, REG_SZ};
    /// use clusim::{ChangeFlags, NotifyKey, Sim, Timeout, Win32Error};
    ///
    /// let sim = Sim::builder().manual_clock().build();
    /// let cluster = sim.open(None)?;
    /// let app = cluster.root_key()?.create("Software\\MyApp")?;
    /// let batch_port = app.batch_port()?;
    /// let v1 = cluster.notify_port(ChangeFlags::REGISTRY_VALUE | ChangeFlags::REGISTRY_SUBTREE, NotifyKey(1))?;
    ///
    /// app.set_value("Mode", REG_SZ, &sz("active"))?;
    ///
    /// let events = v1.drain()?;
    /// assert_eq!(events.len(), 1);
    /// assert_eq!((events[0].change, events[0].name.as_str()), (ChangeFlags::REGISTRY_VALUE, "Software\\MyApp"));
    /// assert_eq!(batch_port.get(Timeout::POLL).map(|_| ()), Err(Win32Error::WAIT_TIMEOUT));
    /// # Ok::<(), Win32Error>(())
    /// ```
    pub fn set_value(&self, name: &str, ty: u32, data: &[u8]) -> Result<()> {
        self.backend.reg_set_value(self.handle, name, ty, data)
    }

    /// `ClusterRegDeleteValue`. Raises `REGISTRY_VALUE`; never reaches a batch port
    /// (see [`Key::set_value`]).
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

    /// `ClusterRegCreateBatch` on this key: commands run at [`WriteBatch::commit`], all
    /// or nothing, relative to a current key that starts here (BATCH-CURRENT-KEY).
    pub fn batch(&self) -> Result<WriteBatch> {
        let h = self.backend.reg_create_batch(self.handle)?;
        Ok(WriteBatch { backend: self.backend.clone(), handle: Some(h) })
    }

    /// `ClusterRegCreateBatchNotifyPort` on this key: it sees what batches change at this
    /// key or below it, named relative to it (BATCH-PORT-SCOPE, BATCH-NAMES); plain
    /// writes never reach it ([`Key::set_value`]). By default one notification holds
    /// every batch committed since the previous get (BATCH-COALESCE, B6). See
    /// [`BatchPort::get`] for waiting and closing.
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

    /// `CLUSREG_SET_VALUE` on the current key.
    ///
    /// In a batch notification, **overwriting a value that had data arrives as two
    /// records**: `CLUSREG_VALUE_DELETED` with the value's name, old type (`options`)
    /// and old data, then the `CLUSREG_SET_VALUE` with the new ones. A new value gives
    /// the `SET_VALUE` record alone (BATCH-NOTIFY-CONTENT, B7).
    ///
    /// ```
    /// use clusim::registry::{command_name, sz, sz_to_string, REG_SZ};
    /// use clusim::{Sim, Timeout, Win32Error};
    ///
    /// let sim = Sim::builder().manual_clock().build();
    /// let cluster = sim.open(None)?;
    /// let app = cluster.root_key()?.create("Software\\MyApp")?;
    /// app.set_value("Mode", REG_SZ, &sz("passive"))?;
    /// let port = app.batch_port()?;
    ///
    /// let mut batch = app.batch()?;
    /// batch.set_value("Mode", REG_SZ, &sz("active"))?; // overwrites "passive"
    /// batch.set_value("Peer", REG_SZ, &sz("NODE2"))?;  // a new value
    /// batch.commit().map_err(|f| f.code)?;
    ///
    /// let mut records = Vec::new();
    /// for c in port.get(Timeout::POLL)?.read_all()? {
    ///     records.push((command_name(c.command), c.name, c.options, sz_to_string(&c.data)?));
    /// }
    /// let row = |c, n: &str, v: &str| (c, n.to_string(), REG_SZ, v.to_string());
    /// assert_eq!(
    ///     records,
    ///     [
    ///         row("CLUSREG_VALUE_DELETED", "Mode", "passive"),
    ///         row("CLUSREG_SET_VALUE", "Mode", "active"),
    ///         row("CLUSREG_SET_VALUE", "Peer", "NODE2"),
    ///     ]
    /// );
    /// # Ok::<(), Win32Error>(())
    /// ```
    pub fn set_value(&mut self, name: &str, ty: u32, data: &[u8]) -> Result<&mut Self> {
        self.add(CLUSREG_SET_VALUE, Some(name), ty, data)
    }

    /// `CLUSREG_DELETE_VALUE` on the current key. Deleting a missing value is not an
    /// error (BATCH-CURRENT-KEY).
    ///
    /// In a batch notification a deleted value that had data gives a
    /// `CLUSREG_VALUE_DELETED` record with its old type and data, then the
    /// `CLUSREG_DELETE_VALUE` record, which carries them too; a value that did not exist
    /// gives the `DELETE_VALUE` record alone, `REG_NONE` and no data
    /// (BATCH-NOTIFY-CONTENT, B7).
    ///
    /// ```
    /// use clusim::registry::{command_name, sz, REG_NONE, REG_SZ};
    /// use clusim::{Sim, Timeout, Win32Error};
    ///
    /// let sim = Sim::builder().manual_clock().build();
    /// let cluster = sim.open(None)?;
    /// let app = cluster.root_key()?.create("Software\\MyApp")?;
    /// app.set_value("Old", REG_SZ, &sz("x"))?;
    /// let port = app.batch_port()?;
    ///
    /// let mut batch = app.batch()?;
    /// batch.delete_value("Old")?.delete_value("Never")?;
    /// batch.commit().map_err(|f| f.code)?;
    ///
    /// let records: Vec<_> = port.get(Timeout::POLL)?.read_all()?
    ///     .into_iter().map(|c| (command_name(c.command), c.name, c.options, c.data)).collect();
    /// assert_eq!(
    ///     records,
    ///     [
    ///         ("CLUSREG_VALUE_DELETED", "Old".to_string(), REG_SZ, sz("x")),
    ///         ("CLUSREG_DELETE_VALUE", "Old".to_string(), REG_SZ, sz("x")),
    ///         ("CLUSREG_DELETE_VALUE", "Never".to_string(), REG_NONE, vec![]),
    ///     ]
    /// );
    /// # Ok::<(), Win32Error>(())
    /// ```
    pub fn delete_value(&mut self, name: &str) -> Result<&mut Self> {
        self.add(CLUSREG_DELETE_VALUE, Some(name), 0, &[])
    }

    /// `CLUSREG_CREATE_KEY`: creates or opens `path` (relative to the current key, or to
    /// the batch key after a [`delete_key`](WriteBatch::delete_key)) and makes it the
    /// current key. Creating an existing key is not an error (BATCH-CURRENT-KEY).
    pub fn create_key(&mut self, path: &str) -> Result<&mut Self> {
        self.add(CLUSREG_CREATE_KEY, Some(path), 0, &[])
    }

    /// `CLUSREG_DELETE_KEY`: deletes `path` and everything below it.
    ///
    /// **Deleting a missing key is not an error**: the batch commits
    /// (BATCH-CURRENT-KEY). The path is relative to the current key (the batch key after
    /// another `delete_key`); afterwards there is no current key, so a value command
    /// that follows without a [`create_key`](WriteBatch::create_key) fails the whole
    /// batch at commit with `ERROR_INVALID_PARAMETER` and its 0-based number (B5). A
    /// batch port reports the recursive deletion as the one `CLUSREG_DELETE_KEY` record
    /// (BATCH-DELETE-KEY, B10). Protected keys: `ERROR_ACCESS_DENIED` (REG-DELETE).
    ///
    /// ```
    /// use clusim::registry::{command_name, sz, REG_SZ};
    /// use clusim::{Sim, Timeout, Win32Error};
    ///
    /// let sim = Sim::builder().manual_clock().build();
    /// let cluster = sim.open(None)?;
    /// let app = cluster.root_key()?.create("Software\\MyApp")?;
    /// app.create("Peers\\NODE1")?.set_value("Weight", REG_SZ, &sz("1"))?;
    /// let port = app.batch_port()?;
    ///
    /// let mut batch = app.batch()?;
    /// batch.delete_key("Peers")?.delete_key("NeverCreated")?;
    /// batch.commit().map_err(|f| f.code)?; // the missing key is not an error
    /// assert!(app.subkeys()?.is_empty());
    /// let records = port.get(Timeout::POLL)?.read_all()?;
    /// assert_eq!((command_name(records[0].command), records[0].name.as_str()), ("CLUSREG_DELETE_KEY", "Peers"));
    /// assert!(records.iter().all(|r| !r.name.contains("NODE1") && r.name != "Weight"));
    ///
    /// // No current key after a delete: the value command fails the batch, which changes nothing.
    /// let mut batch = app.batch()?;
    /// batch.delete_key("Gone")?.set_value("Mode", REG_SZ, &sz("x"))?;
    /// let failure = batch.commit().unwrap_err();
    /// assert_eq!((failure.code, failure.failed_command), (Win32Error::ERROR_INVALID_PARAMETER, 1));
    /// assert_eq!(app.value("Mode"), Err(Win32Error::ERROR_FILE_NOT_FOUND));
    /// assert_eq!(port.get(Timeout::POLL).map(|_| ()), Err(Win32Error::WAIT_TIMEOUT));
    /// # Ok::<(), Win32Error>(())
    /// ```
    pub fn delete_key(&mut self, path: &str) -> Result<&mut Self> {
        self.add(CLUSREG_DELETE_KEY, Some(path), 0, &[])
    }

    /// `ClusterRegCloseBatch(…, TRUE, …)`: runs every command, all or nothing. On
    /// failure, the batch's own code and the 0-based number of the failing command (−1
    /// when it failed before any command ran), and nothing changed or was notified
    /// (BATCH-ATOMIC, BATCH-RESULT). On success the changes raise `REGISTRY_*` events on
    /// V1 ports, then reach batch ports (BATCH-V1, B12).
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
    /// `ClusterRegGetBatchNotification`: the next notification, waiting at most `timeout`
    /// (`Timeout::Infinite` waits as the C function does; `WAIT_TIMEOUT` when nothing
    /// came).
    ///
    /// **Closing the port** ([`BatchPort::close`], `ClusterRegCloseBatchNotifyPort`)
    /// from another thread wakes a waiting `get` with `ERROR_NO_MORE_ITEMS`; later calls
    /// with the closed port are `ERROR_INVALID_HANDLE` (BATCH-GET, B13). A V1 port
    /// differs: a waiter woken by its close gets `ERROR_INVALID_HANDLE`
    /// ([`NotifyPort::get`](super::NotifyPort::get), PORT-CLOSE, N3).
    ///
    /// ```
    /// use clusim::{Sim, Timeout, Win32Error};
    /// use std::sync::Arc;
    /// use std::time::Duration;
    ///
    /// let sim = Sim::builder().manual_clock().build();
    /// let cluster = sim.open(None)?;
    /// let app = cluster.root_key()?.create("Software\\MyApp")?;
    /// let port = Arc::new(app.batch_port()?);
    /// assert_eq!(port.get(Timeout::POLL).map(|_| ()), Err(Win32Error::WAIT_TIMEOUT));
    ///
    /// let waiter = {
    ///     let port = port.clone();
    ///     std::thread::spawn(move || port.get(Timeout::from(Duration::from_secs(60))).map(|_| ()))
    /// };
    /// assert!(sim.clock().wait_for_timed_waiters(1, Duration::from_secs(10))); // it is waiting
    /// port.close()?;
    /// assert_eq!(waiter.join().unwrap(), Err(Win32Error::ERROR_NO_MORE_ITEMS));
    /// assert_eq!(port.get(Timeout::POLL).map(|_| ()), Err(Win32Error::ERROR_INVALID_HANDLE));
    /// # Ok::<(), Win32Error>(())
    /// ```
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
