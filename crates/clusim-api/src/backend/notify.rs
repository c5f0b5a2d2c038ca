//! V1 notification ports (`CreateClusterNotifyPort`, `RegisterClusterNotify`, `GetClusterNotify`, `CloseClusterNotifyPort`; spec/ports.md).
//!
//! One area of [`Backend`](super::Backend); every method validates every handle
//! (`ERROR_INVALID_HANDLE` for NULL, closed, stale, foreign and wrong-kind handles)
//! and a failing call changes nothing.

use super::types::{GetNotifyError, NotifyHeader};
use crate::change::ChangeFlags;
use crate::error::Result;
use crate::handle::{HChange, HCluster, ObjectHandle};
use crate::object::NotifyKey;
use crate::timeout::Timeout;

/// V1 notification ports (`CreateClusterNotifyPort`, `RegisterClusterNotify`, `GetClusterNotify`, `CloseClusterNotifyPort`; spec/ports.md).
pub trait NotifyApi: Send + Sync {
    /// `CreateClusterNotifyPort`. `existing = None` is `INVALID_HANDLE_VALUE` (create a
    /// new port); `cluster = None` is `INVALID_HANDLE_VALUE` (no cluster association).
    fn create_notify_port(
        &self,
        existing: Option<HChange>,
        cluster: Option<HCluster>,
        filter: ChangeFlags,
        key: NotifyKey,
    ) -> Result<HChange>;

    /// `RegisterClusterNotify`.
    fn register_notify(
        &self,
        port: HChange,
        filter: ChangeFlags,
        object: ObjectHandle,
        key: NotifyKey,
    ) -> Result<()>;

    /// `GetClusterNotify`: the name is written to `name` followed by a NUL.
    fn get_notify(
        &self,
        port: HChange,
        name: &mut [u16],
        timeout: Timeout,
    ) -> std::result::Result<NotifyHeader, GetNotifyError>;

    /// `CloseClusterNotifyPort`.
    fn close_notify_port(&self, port: HChange) -> Result<()>;
}
