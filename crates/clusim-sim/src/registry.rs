//! The cluster registry through handles: keys, write batches, batch notification ports
//! and read batches (spec/registry.md, spec/batches.md).

use crate::cell::{BatchPortCell, ClusterCell};
use crate::handles::Entry;
use crate::sim::Sim;
use clusim_api::registry::*;
use clusim_api::*;
use clusim_model::batch_exec::BatchOptions;
use clusim_model::ids::RegKeyId;
use clusim_model::registry::Registry;
use clusim_model::{Cluster, ObjRef};
use clusim_notify::{project, BatchPortQueue, NotifRecord};
use parking_lot::Mutex;
use std::sync::Arc;

/// Most commands one batch (write or read) may hold; beyond: `ERROR_OUTOFMEMORY`.
pub const MAX_BATCH_COMMANDS: usize = 1 << 20;
/// Most bytes of names and data one write batch may hold; beyond: `ERROR_OUTOFMEMORY`.
pub const MAX_BATCH_BYTES: usize = 64 << 20;

/// A write batch being built.
pub struct WriteBatchCell {
    pub(crate) cell: Arc<ClusterCell>,
    key: RegKeyId,
    commands: Mutex<(Vec<BatchCommand>, usize)>,
}

/// A batch notification being read.
pub struct NotificationCell {
    records: Vec<NotifRecord>,
    cursor: Mutex<usize>,
}

/// A read batch being built.
pub struct ReadBatchCell {
    pub(crate) cell: Arc<ClusterCell>,
    key: RegKeyId,
    commands: Mutex<Vec<(Option<String>, Option<String>)>>,
}

/// The results of an executed read batch.
pub struct ReplyCell {
    results: Vec<ReadBatchResult>,
    cursor: Mutex<usize>,
}

fn valid_value_name(name: &str) -> Result<()> {
    if name.contains('\0') || name.encode_utf16().count() > clusim_model::registry::MAX_VALUE_NAME_LEN {
        Err(Win32Error::ERROR_INVALID_PARAMETER)
    } else {
        Ok(())
    }
}

fn read_one(
    model: &Cluster,
    key: RegKeyId,
    subkey: &Option<String>,
    value: &Option<String>,
) -> ReadBatchResult {
    let reg = model.registry();
    let outcome = reg
        .lookup(key, subkey.as_deref().unwrap_or(""))
        .and_then(|k| reg.value(k, value.as_deref().unwrap_or("")).map(|v| (v.ty, v.data.clone())));
    let (command, options, data) = match outcome {
        Ok((ty, data)) => (CLUSREG_READ_VALUE, ty, data),
        Err(e) => (CLUSREG_READ_ERROR, e.code(), Vec::new()),
    };
    ReadBatchResult { command, options, subkey: subkey.clone(), value: value.clone(), data }
}

impl Sim {
    pub(crate) fn key_h(&self, h: HKey) -> Result<(Arc<ClusterCell>, RegKeyId)> {
        match self.entry(h.0)? {
            Entry::Key(c, k) => Ok((c, k)),
            _ => Err(Win32Error::ERROR_INVALID_HANDLE),
        }
    }

    fn live_key(&self, h: HKey) -> Result<(Arc<ClusterCell>, RegKeyId)> {
        let (cell, k) = self.key_h(h)?;
        if !cell.lock(self.clock()).model.registry().exists(k) {
            return Err(Win32Error::ERROR_KEY_DELETED);
        }
        Ok((cell, k))
    }

    fn new_key(&self, cell: Arc<ClusterCell>, k: RegKeyId) -> HKey {
        HKey(self.new_handle(Entry::Key(cell, k)))
    }

    fn batch_options(&self) -> BatchOptions {
        BatchOptions { conditions: self.inner.cfg.batch_conditions }
    }

    // ----- keys -------------------------------------------------------------------------

    pub(crate) fn do_get_cluster_key(&self, cluster: HCluster) -> Result<HKey> {
        let cell = self.cluster_of(cluster)?;
        let root = cell.lock(self.clock()).model.registry().root();
        Ok(self.new_key(cell, root))
    }

    pub(crate) fn do_get_object_key(&self, object: ObjectHandle) -> Result<HKey> {
        let (cell, obj) = match object {
            ObjectHandle::Key(_) => return Err(Win32Error::ERROR_INVALID_HANDLE),
            other => self.obj_handle(other)?,
        };
        let k = cell.lock(self.clock()).model.obj_key(obj)?;
        Ok(self.new_key(cell, k))
    }

    pub(crate) fn do_get_resource_type_key(&self, cluster: HCluster, name: &str) -> Result<HKey> {
        let cell = self.cluster_of(cluster)?;
        let k = {
            let st = cell.lock(self.clock());
            let id = st.model.restype_by_name(name)?;
            st.model.obj_key(ObjRef::ResType(id))?
        };
        Ok(self.new_key(cell, k))
    }

    pub(crate) fn do_reg_create_key(
        &self,
        key: HKey,
        subkey: &str,
        options: u32,
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

    pub(crate) fn do_reg_open_key(&self, key: HKey, subkey: &str) -> Result<HKey> {
        let (cell, k) = self.key_h(key)?;
        let found = cell.lock(self.clock()).model.registry().lookup(k, subkey)?;
        Ok(self.new_key(cell, found))
    }

    pub(crate) fn do_reg_delete_key(&self, key: HKey, subkey: &str) -> Result<()> {
        let (cell, k) = self.key_h(key)?;
        cell.mutate(self.clock(), |m, fx| m.reg_delete_key(k, subkey, fx))
    }

    pub(crate) fn do_reg_set_value(&self, key: HKey, name: &str, ty: u32, data: &[u8]) -> Result<()> {
        let (cell, k) = self.key_h(key)?;
        cell.mutate(self.clock(), |m, fx| {
            let (reg, now) = m.registry_mut();
            reg.set_value(k, name, ty, data.to_vec(), now, fx).map(|_| ())
        })
    }

    pub(crate) fn do_reg_delete_value(&self, key: HKey, name: &str) -> Result<()> {
        let (cell, k) = self.key_h(key)?;
        cell.mutate(self.clock(), |m, fx| {
            let (reg, now) = m.registry_mut();
            reg.delete_value(k, name, now, fx).map(|_| ())
        })
    }

    pub(crate) fn with_registry<T>(
        &self,
        key: HKey,
        f: impl FnOnce(&Registry, RegKeyId) -> Result<T>,
    ) -> Result<T> {
        let (cell, k) = self.key_h(key)?;
        let st = cell.lock(self.clock());
        f(st.model.registry(), k)
    }

    pub(crate) fn do_reg_set_key_security(&self, key: HKey, descriptor: &[u8]) -> Result<()> {
        let (cell, k) = self.key_h(key)?;
        cell.mutate(self.clock(), |m, fx| {
            let (reg, now) = m.registry_mut();
            reg.set_security(k, descriptor.to_vec(), now, fx)
        })
    }

    // ----- write batches ------------------------------------------------------------------

    pub(crate) fn do_create_batch(&self, key: HKey) -> Result<HRegBatch> {
        if key.0.is_null() {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        let (cell, k) = self.live_key(key)?;
        let b = Arc::new(WriteBatchCell { cell, key: k, commands: Mutex::new((Vec::new(), 0)) });
        Ok(HRegBatch(self.new_handle(Entry::RegBatch(b))))
    }

    pub(crate) fn do_batch_add(
        &self,
        batch: HRegBatch,
        command: u32,
        name: Option<&str>,
        options: u32,
        data: &[u8],
    ) -> Result<()> {
        let Entry::RegBatch(b) = self.entry(batch.0)? else {
            return Err(Win32Error::ERROR_INVALID_HANDLE);
        };
        let name = match (command, name) {
            (
                CLUSREG_CREATE_KEY
                | CLUSREG_DELETE_KEY
                | CLUSREG_CONDITION_KEY_EXISTS
                | CLUSREG_CONDITION_KEY_NOT_EXISTS,
                None,
            ) => {
                return Err(
                    if Cluster::validate_batch_command(&BatchCommand::new(command, ""), self.batch_options())
                        == Err(Win32Error::ERROR_INVALID_FUNCTION)
                    {
                        Win32Error::ERROR_INVALID_FUNCTION
                    } else {
                        Win32Error::ERROR_INVALID_PARAMETER
                    },
                );
            }
            (_, n) => n.unwrap_or(""),
        };
        let cmd = BatchCommand { command, options, name: name.to_string(), data: data.to_vec() };
        Cluster::validate_batch_command(&cmd, self.batch_options())?;
        let mut guard = b.commands.lock();
        let size = cmd.name.len() * 2 + cmd.data.len() + 16;
        if guard.0.len() >= MAX_BATCH_COMMANDS || guard.1 + size > MAX_BATCH_BYTES {
            return Err(Win32Error::ERROR_OUTOFMEMORY);
        }
        guard.0.push(cmd);
        guard.1 += size;
        Ok(())
    }

    pub(crate) fn do_close_batch(
        &self,
        batch: HRegBatch,
        commit: bool,
        flags: u32,
    ) -> std::result::Result<(), BatchFailure> {
        let Entry::RegBatch(b) = self
            .inner
            .handles
            .remove_kind(batch.0 .0, ObjectKind::RegBatch)
            .map_err(BatchFailure::before_any)?
        else {
            unreachable!("remove_kind checked the kind");
        };
        if flags > CLUSREG_DATABASE_SYNC_WRITE_TO_ALL_NODES {
            return Err(BatchFailure::before_any(Win32Error::ERROR_INVALID_PARAMETER));
        }
        let commands = std::mem::take(&mut b.commands.lock().0);
        if !commit || commands.is_empty() {
            return Ok(());
        }
        let wire = clusim_model::batch_wire::encode(&commands);
        let mut st = b.cell.lock(self.clock());
        let mut fx = Vec::new();
        let records = st.model.execute_batch(b.key, &wire, self.batch_options(), &mut fx)?;
        st.apply(&fx);
        for port in st.batch_ports.values() {
            let (recs, at_port) = project(&records, &port.path);
            port.queue.push(recs, at_port);
        }
        Ok(())
    }

    // ----- batch notification ports ------------------------------------------------------------

    pub(crate) fn do_create_batch_port(&self, key: HKey) -> Result<HRegBatchPort> {
        let (cell, k) = self.live_key(key)?;
        let queue = BatchPortQueue::new(self.inner.cfg.batch_port_capacity, self.inner.cfg.batch_granularity);
        let mut st = cell.lock(self.clock());
        let path = st.model.registry().key(k).ok_or(Win32Error::ERROR_KEY_DELETED)?.path.clone();
        let mut port = None;
        let raw = self.inner.handles.insert_with(|id| {
            let p = Arc::new(BatchPortCell { id, cell: cell.clone(), path, queue });
            port = Some(p.clone());
            Entry::BatchPort(p)
        });
        let port = port.expect("insert_with ran");
        st.batch_ports.insert(port.id, port);
        Ok(HRegBatchPort(RawHandle(raw)))
    }

    pub(crate) fn do_get_batch_notification(
        &self,
        port: HRegBatchPort,
        timeout: Timeout,
    ) -> Result<HRegBatchNotification> {
        let Entry::BatchPort(p) = self.entry(port.0)? else {
            return Err(Win32Error::ERROR_INVALID_HANDLE);
        };
        let records = p.queue.get(self.clock(), timeout)?;
        let n = Arc::new(NotificationCell { records, cursor: Mutex::new(0) });
        Ok(HRegBatchNotification(self.new_handle(Entry::BatchNotification(n))))
    }

    pub(crate) fn do_batch_read_command(&self, n: HRegBatchNotification) -> Result<BatchCommand> {
        let Entry::BatchNotification(n) = self.entry(n.0)? else {
            return Err(Win32Error::ERROR_INVALID_HANDLE);
        };
        let mut cur = n.cursor.lock();
        let r = n.records.get(*cur).ok_or(Win32Error::ERROR_NO_MORE_ITEMS)?;
        *cur += 1;
        Ok(r.to_command())
    }

    pub(crate) fn do_close_batch_port(&self, port: HRegBatchPort) -> Result<()> {
        let Entry::BatchPort(p) = self.inner.handles.remove_kind(port.0 .0, ObjectKind::BatchPort)? else {
            unreachable!("remove_kind checked the kind");
        };
        p.queue.close();
        p.cell.lock(self.clock()).batch_ports.remove(&p.id);
        Ok(())
    }

    // ----- read batches ---------------------------------------------------------------------

    pub(crate) fn do_create_read_batch(&self, key: HKey) -> Result<HRegReadBatch> {
        if key.0.is_null() {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        let (cell, k) = self.live_key(key)?;
        let b = Arc::new(ReadBatchCell { cell, key: k, commands: Mutex::new(Vec::new()) });
        Ok(HRegReadBatch(self.new_handle(Entry::ReadBatch(b))))
    }

    pub(crate) fn do_read_batch_add(
        &self,
        batch: HRegReadBatch,
        subkey: Option<&str>,
        value: Option<&str>,
    ) -> Result<()> {
        let Entry::ReadBatch(b) = self.entry(batch.0)? else {
            return Err(Win32Error::ERROR_INVALID_HANDLE);
        };
        if let Some(s) = subkey {
            Registry::split_path(s)?;
        }
        if let Some(v) = value {
            valid_value_name(v)?;
        }
        let mut cmds = b.commands.lock();
        if cmds.len() >= MAX_BATCH_COMMANDS {
            return Err(Win32Error::ERROR_OUTOFMEMORY);
        }
        cmds.push((subkey.map(str::to_string), value.map(str::to_string)));
        Ok(())
    }

    pub(crate) fn do_close_read_batch(&self, batch: HRegReadBatch, flags: u32) -> Result<HRegReadBatchReply> {
        let Entry::ReadBatch(b) = self.inner.handles.remove_kind(batch.0 .0, ObjectKind::ReadBatch)? else {
            unreachable!("remove_kind checked the kind");
        };
        if flags != 0 && flags != CLUSREG_DATABASE_ISOLATE_READ {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        let cmds = std::mem::take(&mut *b.commands.lock());
        let results: Vec<ReadBatchResult> = if flags == CLUSREG_DATABASE_ISOLATE_READ {
            let st = b.cell.lock(self.clock());
            cmds.iter().map(|(s, v)| read_one(&st.model, b.key, s, v)).collect()
        } else {
            cmds.iter()
                .map(|(s, v)| {
                    let st = b.cell.lock(self.clock());
                    read_one(&st.model, b.key, s, v)
                })
                .collect()
        };
        let reply = Arc::new(ReplyCell { results, cursor: Mutex::new(0) });
        Ok(HRegReadBatchReply(self.new_handle(Entry::ReadBatchReply(reply))))
    }

    pub(crate) fn do_read_reply_next(&self, reply: HRegReadBatchReply) -> Result<ReadBatchResult> {
        let Entry::ReadBatchReply(r) = self.entry(reply.0)? else {
            return Err(Win32Error::ERROR_INVALID_HANDLE);
        };
        let mut cur = r.cursor.lock();
        let out = r.results.get(*cur).cloned().ok_or(Win32Error::ERROR_NO_MORE_ITEMS)?;
        *cur += 1;
        Ok(out)
    }

    pub(crate) fn remove_plain(&self, raw: RawHandle, kind: ObjectKind) -> Result<()> {
        self.inner.handles.remove_kind(raw.0, kind).map(|_| ())
    }
}
