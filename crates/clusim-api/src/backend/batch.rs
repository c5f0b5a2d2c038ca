//! Write batches, batch notification ports and read batches (spec/batches.md).
//!
//! One area of [`Backend`](super::Backend); every method validates every handle
//! (`ERROR_INVALID_HANDLE` for NULL, closed, stale, foreign and wrong-kind handles)
//! and a failing call changes nothing.

use crate::error::Result;
use crate::handle::{
    HKey, HRegBatch, HRegBatchNotification, HRegBatchPort, HRegReadBatch, HRegReadBatchReply,
};
use crate::registry::{BatchCommand, BatchFailure, ReadBatchResult};
use crate::timeout::Timeout;

/// Write batches, batch notification ports and read batches (spec/batches.md).
pub trait BatchApi: Send + Sync {
    /// `ClusterRegCreateBatch`.
    fn reg_create_batch(&self, key: HKey) -> Result<HRegBatch>;

    /// `ClusterRegBatchAddCommand` (`name = None` is a NULL `wzName`).
    fn reg_batch_add_command(
        &self,
        batch: HRegBatch,
        command: u32,
        name: Option<&str>,
        options: u32,
        data: &[u8],
    ) -> Result<()>;

    /// `ClusterRegCloseBatch`: commit or discard; the handle is gone afterwards.
    fn reg_close_batch(&self, batch: HRegBatch, commit: bool) -> std::result::Result<(), BatchFailure>;

    /// `ClusterRegCloseBatchEx` (B3: always commits; `flags` 0 or
    /// `CLUSREG_DATABASE_SYNC_WRITE_TO_ALL_NODES`).
    fn reg_close_batch_ex(&self, batch: HRegBatch, flags: u32) -> std::result::Result<(), BatchFailure>;

    /// `ClusterRegCreateBatchNotifyPort`.
    fn reg_create_batch_notify_port(&self, key: HKey) -> Result<HRegBatchPort>;

    /// `ClusterRegGetBatchNotification`, with a timeout (the C function waits forever).
    fn reg_get_batch_notification(
        &self,
        port: HRegBatchPort,
        timeout: Timeout,
    ) -> Result<HRegBatchNotification>;

    /// `ClusterRegBatchReadCommand`: the next record; `ERROR_NO_MORE_ITEMS` at the end.
    fn reg_batch_read_command(&self, notification: HRegBatchNotification) -> Result<BatchCommand>;

    /// `ClusterRegBatchCloseNotification`.
    fn reg_batch_close_notification(&self, notification: HRegBatchNotification) -> Result<()>;

    /// `ClusterRegCloseBatchNotifyPort`.
    fn reg_close_batch_notify_port(&self, port: HRegBatchPort) -> Result<()>;

    /// `ClusterRegCreateReadBatch`.
    fn reg_create_read_batch(&self, key: HKey) -> Result<HRegReadBatch>;

    /// `ClusterRegReadBatchAddCommand` (`None` = NULL).
    fn reg_read_batch_add_command(
        &self,
        batch: HRegReadBatch,
        subkey: Option<&str>,
        value: Option<&str>,
    ) -> Result<()>;

    /// `ClusterRegCloseReadBatchEx` (`ClusterRegCloseReadBatch` is `flags = 0`): executes.
    fn reg_close_read_batch(&self, batch: HRegReadBatch, flags: u32) -> Result<HRegReadBatchReply>;

    /// `ClusterRegReadBatchReplyNextCommand`: `ERROR_NO_MORE_ITEMS` at the end.
    fn reg_read_batch_reply_next_command(&self, reply: HRegReadBatchReply) -> Result<ReadBatchResult>;

    /// `ClusterRegCloseReadBatchReply`.
    fn reg_close_read_batch_reply(&self, reply: HRegReadBatchReply) -> Result<()>;
}
