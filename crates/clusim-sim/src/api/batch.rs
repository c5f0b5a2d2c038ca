//! Write batches, batch notification ports and read batches (spec/batches.md).

use crate::cell::{BatchPortCell, NotificationCell, ReadBatchCell, ReplyCell, WriteBatchCell};
use crate::handles::Entry;
use crate::sim::Sim;
use clusim_api::registry::*;
use clusim_api::*;
use clusim_model::batch_exec::BatchOptions;
use clusim_model::ids::RegKeyId;
use clusim_model::registry::Registry;
use clusim_notify::{BatchPortQueue, PortId};
use parking_lot::Mutex;
use std::sync::Arc;

/// Most commands one batch (write or read) may hold; beyond: `ERROR_OUTOFMEMORY`.
const MAX_BATCH_COMMANDS: usize = 1 << 20;
/// Most bytes of names and data one write batch may hold; beyond: `ERROR_OUTOFMEMORY`.
const MAX_BATCH_BYTES: usize = 64 << 20;

fn valid_value_name(name: &str) -> Result<()> {
    if name.contains('\0') || name.encode_utf16().count() > clusim_model::registry::MAX_VALUE_NAME_LEN {
        Err(Win32Error::ERROR_INVALID_PARAMETER)
    } else {
        Ok(())
    }
}

fn read_one(
    model: &clusim_model::Cluster,
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
    fn batch_options(&self) -> BatchOptions {
        BatchOptions { conditions: self.inner.cfg.batch_conditions }
    }

    /// `ClusterRegCloseBatch(Ex)`: the batch executes atomically under the cluster
    /// lock; its REGISTRY_* events and its batch-port records go to the router.
    fn close_batch(
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
        // The commands run as they were added: no wire encode and decode on the commit
        // path (the wire codec serves the C ABI's CLUSTER_REG_BATCH_UPDATE records).
        let mut st = b.cell.lock(self.clock());
        let mut fx = Vec::new();
        let records = st.model.execute_commands(b.key, &commands, self.batch_options(), &mut fx)?;
        st.apply(&fx);
        st.router.route_batch(&records);
        Ok(())
    }
}

impl BatchApi for Sim {
    fn reg_create_batch(&self, key: HKey) -> Result<HRegBatch> {
        if key.0.is_null() {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        let (cell, k) = self.live_key(key)?;
        let b = Arc::new(WriteBatchCell { cell, key: k, commands: Mutex::new((Vec::new(), 0)) });
        Ok(HRegBatch(self.new_handle(Entry::RegBatch(b))))
    }

    fn reg_batch_add_command(
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
                let probe = BatchCommand::new(command, "");
                let unsupported = clusim_model::Cluster::validate_batch_command(&probe, self.batch_options())
                    == Err(Win32Error::ERROR_INVALID_FUNCTION);
                return Err(if unsupported {
                    Win32Error::ERROR_INVALID_FUNCTION
                } else {
                    Win32Error::ERROR_INVALID_PARAMETER
                });
            }
            (_, n) => n.unwrap_or(""),
        };
        let cmd = BatchCommand { command, options, name: name.to_string(), data: data.to_vec() };
        clusim_model::Cluster::validate_batch_command(&cmd, self.batch_options())?;
        let mut guard = b.commands.lock();
        let size = cmd.name.len() * 2 + cmd.data.len() + 16;
        if guard.0.len() >= MAX_BATCH_COMMANDS || guard.1 + size > MAX_BATCH_BYTES {
            return Err(Win32Error::ERROR_OUTOFMEMORY);
        }
        guard.0.push(cmd);
        guard.1 += size;
        Ok(())
    }

    fn reg_close_batch(&self, batch: HRegBatch, commit: bool) -> std::result::Result<(), BatchFailure> {
        self.close_batch(batch, commit, 0)
    }

    fn reg_close_batch_ex(&self, batch: HRegBatch, flags: u32) -> std::result::Result<(), BatchFailure> {
        self.close_batch(batch, true, flags)
    }

    /// The port is registered with the router under the cluster lock before its handle
    /// enters the table, so the handle-table lock is never taken under a cluster lock.
    fn reg_create_batch_notify_port(&self, key: HKey) -> Result<HRegBatchPort> {
        let (cell, k) = self.live_key(key)?;
        let queue = BatchPortQueue::new(self.inner.cfg.batch_port_capacity, self.inner.cfg.batch_granularity);
        let id = self.inner.handles.reserve();
        {
            let mut st = cell.lock(self.clock());
            let path = st.model.registry().key(k).ok_or(Win32Error::ERROR_KEY_DELETED)?.path.clone();
            st.router.add_batch_port(PortId(id), path, queue.clone());
        }
        let port = Arc::new(BatchPortCell { id: PortId(id), cell, queue });
        Ok(HRegBatchPort(RawHandle(self.inner.handles.insert_at(id, Entry::BatchPort(port)))))
    }

    fn reg_get_batch_notification(
        &self,
        port: HRegBatchPort,
        timeout: Timeout,
    ) -> Result<HRegBatchNotification> {
        let Entry::BatchPort(p) = self.entry(port.0)? else {
            return Err(Win32Error::ERROR_INVALID_HANDLE);
        };
        let records = p.queue.get(self.clock(), timeout)?;
        let n = Arc::new(NotificationCell::new(records));
        Ok(HRegBatchNotification(self.new_handle(Entry::BatchNotification(n))))
    }

    fn reg_batch_read_command(&self, notification: HRegBatchNotification) -> Result<BatchCommand> {
        let Entry::BatchNotification(n) = self.entry(notification.0)? else {
            return Err(Win32Error::ERROR_INVALID_HANDLE);
        };
        Ok(n.next()?.to_command())
    }

    fn reg_batch_close_notification(&self, notification: HRegBatchNotification) -> Result<()> {
        self.close_plain(notification.0, ObjectKind::BatchNotification)
    }

    fn reg_close_batch_notify_port(&self, port: HRegBatchPort) -> Result<()> {
        let Entry::BatchPort(p) = self.inner.handles.remove_kind(port.0 .0, ObjectKind::BatchPort)? else {
            unreachable!("remove_kind checked the kind");
        };
        p.queue.close();
        p.cell.lock(self.clock()).router.remove_batch_port(p.id);
        Ok(())
    }

    fn reg_create_read_batch(&self, key: HKey) -> Result<HRegReadBatch> {
        if key.0.is_null() {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        let (cell, k) = self.live_key(key)?;
        let b = Arc::new(ReadBatchCell { cell, key: k, commands: Mutex::new(Vec::new()) });
        Ok(HRegReadBatch(self.new_handle(Entry::ReadBatch(b))))
    }

    fn reg_read_batch_add_command(
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

    fn reg_close_read_batch(&self, batch: HRegReadBatch, flags: u32) -> Result<HRegReadBatchReply> {
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
        let reply = Arc::new(ReplyCell::new(results));
        Ok(HRegReadBatchReply(self.new_handle(Entry::ReadBatchReply(reply))))
    }

    fn reg_read_batch_reply_next_command(&self, reply: HRegReadBatchReply) -> Result<ReadBatchResult> {
        let Entry::ReadBatchReply(r) = self.entry(reply.0)? else {
            return Err(Win32Error::ERROR_INVALID_HANDLE);
        };
        r.next()
    }

    fn reg_close_read_batch_reply(&self, reply: HRegReadBatchReply) -> Result<()> {
        self.close_plain(reply.0, ObjectKind::ReadBatchReply)
    }
}
