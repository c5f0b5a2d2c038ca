//! The V2 notification port in RAII clothing (spec/v2.md).
//!
//! ```
//! use clusim::client::{Cluster, NotifyPortV2};
//! use clusim::change_v2::GroupChangeV2;
//! use clusim::ControlApi;
//! use clusim::{NotifyFilterAndType, NotifyKey, ObjectType, PayloadV2, Sim, Timeout, Win32Error};
//!
//! // Instant transitions: the online completes inside the call (spec/model.md MODEL-ASYNC).
//! let sim = Sim::builder().manual_clock().instant_transitions(true).build();
//! let cluster = Cluster::open(sim.shared(), None)?;
//! let filter = NotifyFilterAndType::group(GroupChangeV2::STATE);
//! let port = NotifyPortV2::create(&cluster, &[filter], NotifyKey(7))?;
//! let group = cluster.create_group("Web")?;
//! group.create_resource("IP", "IP Address")?;
//! group.online()?;
//! let n = port.get(Timeout::POLL)?;
//! assert_eq!((n.key, n.object_type, n.name.as_str()), (NotifyKey(7), ObjectType::Group, "Web"));
//! // ObjectId is the id CLUSCTL_GROUP_GET_ID returns.
//! assert_eq!(n.object_id, cluster.backend().object_id(group.raw().into())?);
//! assert!(matches!(n.payload(), PayloadV2::Dword(_)));
//! # Ok::<(), Win32Error>(())
//! ```

use super::{Cluster, Key, Registrable, SharedBackend};
use crate::error::{Result, Win32Error};
use crate::handle::{HChange, HNotifyEvent, ObjectHandle};
use crate::notify_v2::{GetNotifyV2Error, NotificationV2, NotifyFilterAndType, NotifyV2Buffers};
use crate::object::NotifyKey;
use crate::timeout::Timeout;

raii!(
    /// A V2 notification port (`HCHANGE` from `CreateClusterNotifyPortV2`). Share it with
    /// `Arc` to let one thread wait while another closes it.
    NotifyPortV2, HChange, close_notify_port
);

fn units(v: &[u16]) -> String {
    String::from_utf16_lossy(v)
}

impl NotifyPortV2 {
    /// `CreateClusterNotifyPortV2(INVALID_HANDLE_VALUE, hCluster, filters, key)`.
    pub fn create(
        cluster: &Cluster,
        filters: &[NotifyFilterAndType],
        key: NotifyKey,
    ) -> Result<NotifyPortV2> {
        let backend = cluster.backend().clone();
        let h = backend.create_notify_port_v2(None, Some(cluster.raw()), filters, key)?;
        Ok(NotifyPortV2::from_raw(backend, h))
    }

    /// Adds cluster-wide filters (`CreateClusterNotifyPortV2(hChange, …)`).
    pub fn add(&self, cluster: &Cluster, filters: &[NotifyFilterAndType], key: NotifyKey) -> Result<()> {
        self.backend.create_notify_port_v2(Some(self.handle), Some(cluster.raw()), filters, key).map(|_| ())
    }

    /// `RegisterClusterNotifyV2` on a group, resource, node, network, interface or the
    /// cluster (§3.8 says which handle each object type needs).
    pub fn register(
        &self,
        object: &dyn Registrable,
        filter: NotifyFilterAndType,
        key: NotifyKey,
    ) -> Result<()> {
        self.register_handle(object.object_handle(), filter, key)
    }

    /// `RegisterClusterNotifyV2` on a database key (object type REGISTRY).
    pub fn register_key(&self, key: &Key, filter: NotifyFilterAndType, notify_key: NotifyKey) -> Result<()> {
        self.register_handle(ObjectHandle::Key(key.raw()), filter, notify_key)
    }

    /// `RegisterClusterNotifyV2` with a raw object handle.
    pub fn register_handle(
        &self,
        object: ObjectHandle,
        filter: NotifyFilterAndType,
        key: NotifyKey,
    ) -> Result<()> {
        self.backend.register_notify_v2(self.handle, filter, object, key)
    }

    /// `RegisterClusterResourceTypeNotifyV2`.
    pub fn register_resource_type(
        &self,
        cluster: &Cluster,
        flags: u64,
        type_name: &str,
        key: NotifyKey,
    ) -> Result<()> {
        self.backend.register_resource_type_notify_v2(self.handle, cluster.raw(), flags, type_name, key)
    }

    /// `GetClusterNotifyV2` with every output wanted, growing each buffer on
    /// `ERROR_MORE_DATA` (the event stays queued, N17) and retrying. `WAIT_TIMEOUT` when
    /// nothing came in time; `ERROR_INVALID_HANDLE` once the port is closed.
    pub fn get(&self, timeout: Timeout) -> Result<NotificationV2> {
        let (mut buf, mut id, mut parent, mut name, mut ty) =
            (vec![0u8; 64], vec![0u16; 40], vec![0u16; 40], vec![0u16; 64], vec![0u16; 32]);
        loop {
            let mut out = NotifyV2Buffers::all(&mut buf, &mut id, &mut parent, &mut name, &mut ty);
            match self.backend.get_notify_v2(self.handle, &mut out, timeout) {
                Ok(h) => {
                    let s = h.sizes;
                    let object_type = h.filter.typed().ok_or(Win32Error::ERROR_INVALID_DATA)?;
                    return Ok(NotificationV2 {
                        key: h.key,
                        object_type,
                        flag: h.filter.flags,
                        object_id: units(&id[..s.object_id]),
                        parent_id: units(&parent[..s.parent_id]),
                        name: units(&name[..s.name]),
                        type_name: units(&ty[..s.type_name]),
                        buffer: buf[..s.buffer].to_vec(),
                    });
                }
                Err(GetNotifyV2Error::MoreData(s)) => {
                    buf.resize(buf.len().max(s.buffer), 0);
                    id.resize(id.len().max(s.object_id + 1), 0);
                    parent.resize(parent.len().max(s.parent_id + 1), 0);
                    name.resize(name.len().max(s.name + 1), 0);
                    ty.resize(ty.len().max(s.type_name + 1), 0);
                }
                Err(GetNotifyV2Error::Failed(e)) => return Err(e),
            }
        }
    }

    /// `GetClusterNotifyV2` with the caller's buffers, exactly as the C function behaves.
    pub fn get_into(
        &self,
        out: &mut NotifyV2Buffers<'_>,
        timeout: Timeout,
    ) -> std::result::Result<crate::notify_v2::NotifyV2Header, GetNotifyV2Error> {
        self.backend.get_notify_v2(self.handle, out, timeout)
    }

    /// Drains everything queued now.
    pub fn drain(&self) -> Result<Vec<NotificationV2>> {
        super::drain_with(|| self.get(Timeout::POLL))
    }

    /// `GetNotifyEventHandle`: the port's event (owned by the port, N15).
    pub fn event_handle(&self) -> Result<HNotifyEvent> {
        self.backend.get_notify_event_handle(self.handle)
    }

    /// Waits on the port's event (`WaitForSingleObject`): `Ok` once the port holds an
    /// event (nothing consumed), `WAIT_TIMEOUT` after `timeout` on the backend's clock,
    /// `ERROR_INVALID_HANDLE` when the port is or becomes closed.
    pub fn wait(&self, timeout: Timeout) -> Result<()> {
        let event = self.event_handle()?;
        self.backend.wait_notify_event(event, timeout)
    }
}
