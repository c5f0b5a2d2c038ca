//! V2 notification ports (`CreateClusterNotifyPortV2`, `RegisterClusterNotifyV2`,
//! `RegisterClusterResourceTypeNotifyV2`, `GetClusterNotifyV2`, `GetNotifyEventHandle`;
//! spec/v2.md). A V2 port is closed with [`NotifyApi::close_notify_port`](super::NotifyApi::close_notify_port).
//!
//! One area of [`Backend`](super::Backend); every method validates every handle
//! (`ERROR_INVALID_HANDLE` for NULL, closed, stale, foreign and wrong-kind handles),
//! refuses bad filters with `ERROR_INVALID_PARAMETER` (fact sheet §3.8), and a failing
//! call changes nothing. The methods mirror the C functions one to one so the C
//! exports and `ClusApiBackend` forward without translation; the C layer itself
//! answers what Rust cannot express (a NULL filter array with a non-zero count →
//! `ERROR_INVALID_PARAMETER`, a NULL `lpdwNotifyKey`).

use crate::error::Result;
use crate::handle::{HChange, HCluster, HNotifyEvent, ObjectHandle};
use crate::notify_v2::{GetNotifyV2Error, NotifyFilterAndType, NotifyV2Buffers, NotifyV2Header};
use crate::object::NotifyKey;
use crate::timeout::Timeout;

/// V2 notification ports (spec/v2.md).
pub trait NotifyV2Api: Send + Sync {
    /// `CreateClusterNotifyPortV2(hChange, hCluster, Filters, dwFilterCount, dwNotifyKey)`.
    /// `existing = None` is `INVALID_HANDLE_VALUE` (create a new port); otherwise the
    /// filters are added to that V2 port and its handle is returned. `cluster = None` is
    /// `INVALID_HANDLE_VALUE` (an unassociated port, as V1 PORT-UNASSOCIATED; with
    /// filters it is `ERROR_INVALID_PARAMETER`). Every filter is a cluster-wide
    /// registration with `key`; one bad filter refuses them all.
    fn create_notify_port_v2(
        &self,
        existing: Option<HChange>,
        cluster: Option<HCluster>,
        filters: &[NotifyFilterAndType],
        key: NotifyKey,
    ) -> Result<HChange>;

    /// `RegisterClusterNotifyV2(hChange, Filter, hObject, dwNotifyKey)`: one filter on
    /// one object. The handle kind follows the object type (§3.8): CLUSTER, QUORUM,
    /// RESOURCE_TYPE, SHARED_VOLUME → `HCLUSTER` (cluster-wide); GROUP → `HGROUP`;
    /// RESOURCE → `HRESOURCE`; NETWORK → `HNETWORK`; NETWORK_INTERFACE →
    /// `HNETINTERFACE`; NODE → `HNODE`; REGISTRY → `HKEY` (that key, its subtree with
    /// `REGISTRY_SUBTREE_V2`). Any other pairing is `ERROR_INVALID_HANDLE`.
    fn register_notify_v2(
        &self,
        port: HChange,
        filter: NotifyFilterAndType,
        object: ObjectHandle,
        key: NotifyKey,
    ) -> Result<()>;

    /// `RegisterClusterResourceTypeNotifyV2(hChange, hCluster, Flags, resTypeName,
    /// dwNotifyKey)`: RESOURCE_TYPE events of one resource type (by name).
    fn register_resource_type_notify_v2(
        &self,
        port: HChange,
        cluster: HCluster,
        flags: u64,
        type_name: &str,
        key: NotifyKey,
    ) -> Result<()>;

    /// `GetClusterNotifyV2`: takes one event off the port and copies every wanted output
    /// (a `Some` buffer) with a NUL after each string. When any wanted output is too small
    /// the answer is [`GetNotifyV2Error::MoreData`] with every size, and the event stays
    /// queued (N17). `WAIT_TIMEOUT`, `0` and `INFINITE` as V1 (N2); a port closed while
    /// waiting answers `ERROR_INVALID_HANDLE` at once (N3).
    fn get_notify_v2(
        &self,
        port: HChange,
        out: &mut NotifyV2Buffers<'_>,
        timeout: Timeout,
    ) -> std::result::Result<NotifyV2Header, GetNotifyV2Error>;

    /// `GetNotifyEventHandle(hChange, lphTargetEvent)`: the port's event (N15), signalled
    /// while the port holds events. Every call returns the same handle; it belongs to
    /// the port and becomes invalid when the port closes (the caller does not close it).
    fn get_notify_event_handle(&self, port: HChange) -> Result<HNotifyEvent>;

    /// `WaitForSingleObject` on a port's event: `Ok(())` as soon as the port holds an
    /// event (nothing is consumed, the event stays signalled until the port is empty),
    /// `WAIT_TIMEOUT` after `timeout` on the simulator's clock, `ERROR_INVALID_HANDLE`
    /// when the port is or becomes closed.
    fn wait_notify_event(&self, event: HNotifyEvent, timeout: Timeout) -> Result<()>;
}
