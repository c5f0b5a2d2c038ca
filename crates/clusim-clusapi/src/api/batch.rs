//! Write batches, batch notification ports and read batches.

use crate::buffers::*;
use crate::errors::*;
use crate::ClusApiBackend;
use clusim_api::*;
use std::ffi::c_void;
use windows_sys::Win32::Networking::Clustering::*;

impl BatchApi for ClusApiBackend {
    fn reg_create_batch(&self, key: HKey) -> Result<HRegBatch> {
        // NULL is a documented input (ERROR_INVALID_PARAMETER, SDK-BCREATE): let ClusAPI
        // answer it.
        let k = if key.0.is_null() { 0 } else { self.ledger.check(key.0, ObjectKind::Key)? };
        let mut b = 0isize;
        // SAFETY: an open key or NULL; an out-pointer to a local.
        lrc(unsafe { ClusterRegCreateBatch(k as *mut c_void, &mut b) })?;
        Ok(HRegBatch(self.ledger.add(RawHandle(b as usize), ObjectKind::RegBatch)))
    }

    fn reg_batch_add_command(
        &self,
        batch: HRegBatch,
        command: u32,
        name: Option<&str>,
        options: u32,
        data: &[u8],
    ) -> Result<()> {
        let b = self.ledger.check(batch.0, ObjectKind::RegBatch)?;
        let n = wide_opt(name)?;
        let d = if data.is_empty() { std::ptr::null() } else { data.as_ptr().cast::<c_void>() };
        // SAFETY: an open batch, NULL or a NUL-terminated name, data readable for its length.
        lrc(unsafe { ClusterRegBatchAddCommand(b, command as i32, ptr_opt(&n), options, d, cb(data)?) })
    }

    fn reg_close_batch(&self, batch: HRegBatch, commit: bool) -> std::result::Result<(), BatchFailure> {
        let b = self.ledger.take(batch.0, ObjectKind::RegBatch).map_err(BatchFailure::before_any)?;
        let mut failed = -1i32;
        // SAFETY: an open batch, closed once; an out-pointer to a local.
        let code = unsafe { ClusterRegCloseBatch(b, i32::from(commit), &mut failed) };
        lrc(code).map_err(|code| BatchFailure { code, failed_command: failed })
    }

    fn reg_close_batch_ex(&self, batch: HRegBatch, flags: u32) -> std::result::Result<(), BatchFailure> {
        let b = self.ledger.take(batch.0, ObjectKind::RegBatch).map_err(BatchFailure::before_any)?;
        let mut failed = -1i32;
        // SAFETY: an open batch, closed once; an out-pointer to a local.
        let code = unsafe { ClusterRegCloseBatchEx(b, flags, &mut failed) };
        lrc(code).map_err(|code| BatchFailure { code, failed_command: failed })
    }

    fn reg_create_batch_notify_port(&self, key: HKey) -> Result<HRegBatchPort> {
        let k = self.ledger.check(key.0, ObjectKind::Key)?;
        let mut p = 0isize;
        // SAFETY: an open key; an out-pointer to a local.
        lrc(unsafe { ClusterRegCreateBatchNotifyPort(k as *mut c_void, &mut p) })?;
        Ok(HRegBatchPort(self.ledger.add(RawHandle(p as usize), ObjectKind::BatchPort)))
    }

    fn reg_get_batch_notification(
        &self,
        port: HRegBatchPort,
        timeout: Timeout,
    ) -> Result<HRegBatchNotification> {
        self.ledger.check(port.0, ObjectKind::BatchPort)?;
        let n = self.posted.get(port, timeout, self.poll_grace)?;
        Ok(HRegBatchNotification(self.ledger.add(RawHandle(n), ObjectKind::BatchNotification)))
    }

    fn reg_batch_read_command(&self, notification: HRegBatchNotification) -> Result<BatchCommand> {
        let n = self.ledger.check(notification.0, ObjectKind::BatchNotification)?;
        let mut c = CLUSTER_BATCH_COMMAND::default();
        // SAFETY: an open notification; an out-pointer to a local.
        lrc(unsafe { ClusterRegBatchReadCommand(n, &mut c) })?;
        // SAFETY: the pointers stay valid until the notification is closed, which cannot
        // happen before this copy: the handle is ours and open.
        let (name, data) = unsafe { (from_wide_ptr(c.wzName), bytes_at(c.lpData, c.cbData)) };
        Ok(BatchCommand {
            command: c.Command as u32,
            options: c.dwOptions,
            name: name.unwrap_or_default(),
            data,
        })
    }

    fn reg_batch_close_notification(&self, notification: HRegBatchNotification) -> Result<()> {
        let n = self.ledger.take(notification.0, ObjectKind::BatchNotification)?;
        // SAFETY: an open notification, closed once.
        lrc(unsafe { ClusterRegBatchCloseNotification(n) })
    }

    fn reg_close_batch_notify_port(&self, port: HRegBatchPort) -> Result<()> {
        let p = self.ledger.take(port.0, ObjectKind::BatchPort)?;
        // SAFETY: an open batch port, closed once (a posted get on it wakes).
        let r = lrc(unsafe { ClusterRegCloseBatchNotifyPort(p) });
        self.posted.forget(port);
        r
    }

    fn reg_create_read_batch(&self, key: HKey) -> Result<HRegReadBatch> {
        let k = if key.0.is_null() { 0 } else { self.ledger.check(key.0, ObjectKind::Key)? };
        let mut b = 0isize;
        // SAFETY: an open key or NULL; an out-pointer to a local.
        lrc(unsafe { ClusterRegCreateReadBatch(k as *mut c_void, &mut b) })?;
        Ok(HRegReadBatch(self.ledger.add(RawHandle(b as usize), ObjectKind::ReadBatch)))
    }

    fn reg_read_batch_add_command(
        &self,
        batch: HRegReadBatch,
        subkey: Option<&str>,
        value: Option<&str>,
    ) -> Result<()> {
        let b = self.ledger.check(batch.0, ObjectKind::ReadBatch)?;
        let (s, v) = (wide_opt(subkey)?, wide_opt(value)?);
        // SAFETY: an open read batch; NULL or NUL-terminated strings.
        lrc(unsafe { ClusterRegReadBatchAddCommand(b, ptr_opt(&s), ptr_opt(&v)) })
    }

    fn reg_close_read_batch(&self, batch: HRegReadBatch, flags: u32) -> Result<HRegReadBatchReply> {
        let b = self.ledger.take(batch.0, ObjectKind::ReadBatch)?;
        let mut reply = 0isize;
        // SAFETY: an open read batch, consumed once; an out-pointer to a local.
        // `ClusterRegCloseReadBatch` (Server 2012) for flags 0, the Ex form (2016) otherwise.
        lrc(unsafe {
            if flags == 0 {
                ClusterRegCloseReadBatch(b, &mut reply)
            } else {
                ClusterRegCloseReadBatchEx(b, flags, &mut reply)
            }
        })?;
        Ok(HRegReadBatchReply(self.ledger.add(RawHandle(reply as usize), ObjectKind::ReadBatchReply)))
    }

    fn reg_read_batch_reply_next_command(&self, reply: HRegReadBatchReply) -> Result<ReadBatchResult> {
        let r = self.ledger.check(reply.0, ObjectKind::ReadBatchReply)?;
        let mut c = CLUSTER_READ_BATCH_COMMAND::default();
        // SAFETY: an open reply; an out-pointer to a local.
        lrc(unsafe { ClusterRegReadBatchReplyNextCommand(r, &mut c) })?;
        // SAFETY: the pointers stay valid until the reply is closed (ours, open).
        unsafe {
            Ok(ReadBatchResult {
                command: c.Command as u32,
                options: c.dwOptions,
                subkey: from_wide_ptr(c.wzSubkeyName),
                value: from_wide_ptr(c.wzValueName),
                data: bytes_at(c.lpData, c.cbData),
            })
        }
    }

    fn reg_close_read_batch_reply(&self, reply: HRegReadBatchReply) -> Result<()> {
        let r = self.ledger.take(reply.0, ObjectKind::ReadBatchReply)?;
        // SAFETY: an open reply, closed once.
        lrc(unsafe { ClusterRegCloseReadBatchReply(r) })
    }
}
