//! The RAII client layer: handles that close on `Drop`, buffers negotiated for you.
//!
//! Every type here works over any [`Backend`] (`Arc<dyn Backend>`), so a test written
//! against these types runs unchanged on the simulator and on a real cluster.
//!
//! ```
//! use clusim::client::Cluster;
//! use clusim::{ChangeFlags, NotifyKey, Sim, Timeout, Win32Error};
//! use std::time::Duration;
//!
//! // Any `Arc<dyn Backend>`: the simulator here, `ClusApiBackend` on a real cluster.
//! let sim = Sim::builder().manual_clock().build();
//! let cluster = Cluster::open(sim.shared(), None)?; // OpenCluster(NULL)
//! let port = cluster.notify_port(ChangeFlags::RESOURCE_ADDED, NotifyKey(1))?;
//! let group = cluster.open_group("Available Storage")?;
//! group.create_resource("Disk 2", "Physical Disk")?;
//! let event = port.get(Timeout::from(Duration::from_millis(500)))?;
//! assert_eq!(event.change, ChangeFlags::RESOURCE_ADDED);
//! assert_eq!(event.name, "Disk 2");
//! # Ok::<(), Win32Error>(())
//! ```
//!
//! The cluster database (keys, write batches, batch notification ports, read batches)
//! is [`Key`] and the types around it; the rules a configuration watcher relies on are
//! on [`Key::set_value`], [`WriteBatch::set_value`], [`WriteBatch::delete_key`] and
//! [`BatchPort::get`].

use crate::backend::{Backend, GetNotifyError, ResourceStatus, ResourceTypeSpec};
use crate::change::ChangeFlags;
use crate::enums::*;
use crate::error::{Result, Win32Error};
use crate::handle::*;
use crate::object::NotifyKey;
use crate::property::{PropertyList, PropertyScope};
use crate::state::*;
use crate::timeout::Timeout;
use std::sync::Arc;

/// A shared backend.
pub type SharedBackend = Arc<dyn Backend>;

/// One delivered V1 indication, with the name decoded.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Notification {
    /// The key of the registration that matched.
    pub key: NotifyKey,
    /// Exactly one `CLUSTER_CHANGE` bit.
    pub change: ChangeFlags,
    /// The object name ClusAPI reports for this event.
    pub name: String,
}

macro_rules! raii {
    ($(#[$doc:meta])* $name:ident, $h:ident, $close:ident) => {
        $(#[$doc])*
        pub struct $name {
            backend: SharedBackend,
            handle: $h,
            closed: std::sync::atomic::AtomicBool,
        }

        impl $name {
            /// Takes ownership of a raw handle: it is closed on `Drop`.
            pub fn from_raw(backend: SharedBackend, handle: $h) -> Self {
                $name { backend, handle, closed: std::sync::atomic::AtomicBool::new(false) }
            }

            /// The raw handle (still owned by `self`).
            pub fn raw(&self) -> $h {
                self.handle
            }

            /// The backend this handle belongs to.
            pub fn backend(&self) -> &SharedBackend {
                &self.backend
            }

            /// Closes the handle now and reports the result. Later calls, and `Drop`, do
            /// nothing more.
            pub fn close(&self) -> Result<()> {
                if self.closed.swap(true, std::sync::atomic::Ordering::AcqRel) {
                    return Ok(());
                }
                self.backend.$close(self.handle)
            }

            /// Gives up ownership without closing.
            pub fn into_raw(self) -> $h {
                self.closed.store(true, std::sync::atomic::Ordering::Release);
                self.handle
            }
        }

        impl Drop for $name {
            fn drop(&mut self) {
                if !self.closed.swap(true, std::sync::atomic::Ordering::AcqRel) {
                    let _ = self.backend.$close(self.handle);
                }
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($name)).field("handle", &self.handle).finish()
            }
        }
    };
}

mod notify_v2;
mod read_only;
mod registry;

pub use notify_v2::NotifyPortV2;
pub use registry::{sz, BatchNotification, BatchPort, Key, ReadBatch, ReadBatchReply, WriteBatch};

raii!(
    /// An open cluster (`HCLUSTER`).
    Cluster, HCluster, close_cluster
);
raii!(
    /// An open node (`HNODE`).
    Node, HNode, close_node
);
raii!(
    /// An open group (`HGROUP`).
    Group, HGroup, close_group
);
raii!(
    /// An open resource (`HRESOURCE`).
    Resource, HResource, close_resource
);
raii!(
    /// An open network (`HNETWORK`).
    Network, HNetwork, close_network
);
raii!(
    /// An open network interface (`HNETINTERFACE`).
    NetInterface, HNetInterface, close_net_interface
);
raii!(
    /// A V1 notification port (`HCHANGE`). Share it with `Arc` to let one thread wait
    /// while another closes it: [`NotifyPort::close`] takes `&self` and wakes waiters.
    NotifyPort, HChange, close_notify_port
);

/// Calls `poll` until it answers `WAIT_TIMEOUT`; what it returned before, in order.
pub(crate) fn drain_with<T>(mut poll: impl FnMut() -> Result<T>) -> Result<Vec<T>> {
    let mut out = Vec::new();
    loop {
        match poll() {
            Ok(n) => out.push(n),
            Err(Win32Error::WAIT_TIMEOUT) => return Ok(out),
            Err(e) => return Err(e),
        }
    }
}

fn names(entries: Vec<EnumEntry>) -> std::vec::IntoIter<String> {
    entries.into_iter().map(|e| e.name).collect::<Vec<_>>().into_iter()
}

impl Cluster {
    /// `OpenCluster`: `None` is the local cluster.
    pub fn open(backend: SharedBackend, name: Option<&str>) -> Result<Cluster> {
        let h = backend.open_cluster(name)?;
        Ok(Cluster::from_raw(backend, h))
    }

    /// The cluster name.
    pub fn name(&self) -> Result<String> {
        self.backend.cluster_name(self.handle)
    }

    /// Enumerates objects of the given `CLUSTER_ENUM_*` kinds (a snapshot).
    pub fn enumerate(&self, kinds: u32) -> Result<Vec<EnumEntry>> {
        self.backend.cluster_enum(self.handle, kinds)
    }

    /// Node names.
    pub fn nodes(&self) -> Result<impl Iterator<Item = String>> {
        Ok(names(self.enumerate(CLUSTER_ENUM_NODE)?))
    }

    /// Group names.
    pub fn groups(&self) -> Result<impl Iterator<Item = String>> {
        Ok(names(self.enumerate(CLUSTER_ENUM_GROUP)?))
    }

    /// Resource names.
    pub fn resources(&self) -> Result<impl Iterator<Item = String>> {
        Ok(names(self.enumerate(CLUSTER_ENUM_RESOURCE)?))
    }

    /// Resource type names.
    pub fn resource_types(&self) -> Result<impl Iterator<Item = String>> {
        Ok(names(self.enumerate(CLUSTER_ENUM_RESTYPE)?))
    }

    /// Network names.
    pub fn networks(&self) -> Result<impl Iterator<Item = String>> {
        Ok(names(self.enumerate(CLUSTER_ENUM_NETWORK)?))
    }

    /// Network interface names.
    pub fn net_interfaces(&self) -> Result<impl Iterator<Item = String>> {
        Ok(names(self.enumerate(CLUSTER_ENUM_NETINTERFACE)?))
    }

    /// `OpenClusterNode`.
    pub fn open_node(&self, name: &str) -> Result<Node> {
        let h = self.backend.open_node(self.handle, name)?;
        Ok(Node::from_raw(self.backend.clone(), h))
    }

    /// `OpenClusterGroup`.
    pub fn open_group(&self, name: &str) -> Result<Group> {
        let h = self.backend.open_group(self.handle, name)?;
        Ok(Group::from_raw(self.backend.clone(), h))
    }

    /// `CreateClusterGroup`.
    pub fn create_group(&self, name: &str) -> Result<Group> {
        let h = self.backend.create_group(self.handle, name)?;
        Ok(Group::from_raw(self.backend.clone(), h))
    }

    /// `OpenClusterResource`.
    pub fn open_resource(&self, name: &str) -> Result<Resource> {
        let h = self.backend.open_resource(self.handle, name)?;
        Ok(Resource::from_raw(self.backend.clone(), h))
    }

    /// `OpenClusterNetwork`.
    pub fn open_network(&self, name: &str) -> Result<Network> {
        let h = self.backend.open_network(self.handle, name)?;
        Ok(Network::from_raw(self.backend.clone(), h))
    }

    /// `OpenClusterNetInterface`.
    pub fn open_net_interface(&self, name: &str) -> Result<NetInterface> {
        let h = self.backend.open_net_interface(self.handle, name)?;
        Ok(NetInterface::from_raw(self.backend.clone(), h))
    }

    /// `GetClusterNetInterface`.
    pub fn net_interface_name(&self, node: &str, network: &str) -> Result<String> {
        self.backend.net_interface_name(self.handle, node, network)
    }

    /// `CreateClusterResourceType`.
    pub fn create_resource_type(&self, spec: &ResourceTypeSpec) -> Result<()> {
        self.backend.create_resource_type(self.handle, spec)
    }

    /// `DeleteClusterResourceType`.
    pub fn delete_resource_type(&self, name: &str) -> Result<()> {
        self.backend.delete_resource_type(self.handle, name)
    }

    /// `GetClusterQuorumResource`.
    pub fn quorum_resource(&self) -> Result<Option<String>> {
        self.backend.quorum_resource(self.handle)
    }

    /// Common or private properties of the cluster.
    pub fn properties(&self, scope: PropertyScope) -> Result<PropertyList> {
        self.backend.get_properties(self.handle.into(), scope)
    }

    /// Sets common or private properties of the cluster.
    pub fn set_properties(&self, scope: PropertyScope, props: &PropertyList) -> Result<()> {
        self.backend.set_properties(self.handle.into(), scope, props)
    }

    /// `CreateClusterNotifyPort(INVALID_HANDLE_VALUE, hCluster, filter, key)`.
    pub fn notify_port(&self, filter: ChangeFlags, key: NotifyKey) -> Result<NotifyPort> {
        let h = self.backend.create_notify_port(None, Some(self.handle), filter, key)?;
        Ok(NotifyPort::from_raw(self.backend.clone(), h))
    }
}

impl Node {
    /// `GetClusterNodeState`.
    pub fn state(&self) -> Result<NodeState> {
        self.backend.node_state(self.handle)
    }
    /// `PauseClusterNode`.
    pub fn pause(&self) -> Result<()> {
        self.backend.pause_node(self.handle)
    }
    /// `ResumeClusterNode`.
    pub fn resume(&self) -> Result<()> {
        self.backend.resume_node(self.handle)
    }
    /// `PauseClusterNodeEx`: pause; with `drain`, move the node's groups to `target` (else
    /// to the best possible owner). `flags`: [`crate::drain`].
    pub fn pause_ex(&self, drain: bool, flags: u32, target: Option<&Node>) -> Result<()> {
        self.backend.pause_node_ex(self.handle, drain, flags, target.map(|t| t.handle))
    }
    /// `ResumeClusterNodeEx` with a `CLUSTER_NODE_RESUME_FAILBACK_TYPE` value.
    pub fn resume_ex(&self, failback: u32, flags: u32) -> Result<()> {
        self.backend.resume_node_ex(self.handle, failback, flags)
    }
    /// `EvictClusterNode`.
    pub fn evict(&self) -> Result<()> {
        self.backend.evict_node(self.handle)
    }
    /// Names of the groups the node owns.
    pub fn groups(&self) -> Result<impl Iterator<Item = String>> {
        Ok(names(self.backend.node_enum(self.handle, CLUSTER_NODE_ENUM_GROUPS)?))
    }
    /// Names of the node's network interfaces.
    pub fn net_interfaces(&self) -> Result<impl Iterator<Item = String>> {
        Ok(names(self.backend.node_enum(self.handle, CLUSTER_NODE_ENUM_NETINTERFACES)?))
    }
    /// Common or private properties.
    pub fn properties(&self, scope: PropertyScope) -> Result<PropertyList> {
        self.backend.get_properties(self.handle.into(), scope)
    }
    /// Sets common or private properties.
    pub fn set_properties(&self, scope: PropertyScope, props: &PropertyList) -> Result<()> {
        self.backend.set_properties(self.handle.into(), scope, props)
    }
}

impl Group {
    /// `GetClusterGroupState`: state and owner node.
    pub fn state(&self) -> Result<(GroupState, String)> {
        self.backend.group_state(self.handle)
    }
    /// `CreateClusterResource` in this group.
    pub fn create_resource(&self, name: &str, type_name: &str) -> Result<Resource> {
        let h = self.backend.create_resource(self.handle, name, type_name)?;
        Ok(Resource::from_raw(self.backend.clone(), h))
    }
    /// `DeleteClusterGroup`.
    pub fn delete(&self) -> Result<()> {
        self.backend.delete_group(self.handle)
    }
    /// `SetClusterGroupName`.
    pub fn rename(&self, name: &str) -> Result<()> {
        self.backend.set_group_name(self.handle, name)
    }
    /// `SetClusterGroupNodeList`.
    pub fn set_preferred_owners(&self, nodes: &[&Node]) -> Result<()> {
        let raw: Vec<HNode> = nodes.iter().map(|n| n.raw()).collect();
        self.backend.set_group_node_list(self.handle, &raw)
    }
    /// `OnlineClusterGroup`.
    pub fn online(&self) -> Result<()> {
        self.backend.online_group(self.handle, None)
    }
    /// `OfflineClusterGroup`.
    pub fn offline(&self) -> Result<()> {
        self.backend.offline_group(self.handle)
    }
    /// `MoveClusterGroup` to a node (`None`: the cluster chooses).
    pub fn move_to(&self, node: Option<&Node>) -> Result<()> {
        self.backend.move_group(self.handle, node.map(|n| n.raw()))
    }
    /// Names of the resources in the group.
    pub fn resources(&self) -> Result<impl Iterator<Item = String>> {
        Ok(names(self.backend.group_enum(self.handle, CLUSTER_GROUP_ENUM_CONTAINS)?))
    }
    /// Names of the preferred owner nodes.
    pub fn preferred_owners(&self) -> Result<impl Iterator<Item = String>> {
        Ok(names(self.backend.group_enum(self.handle, CLUSTER_GROUP_ENUM_NODES)?))
    }
    /// Common or private properties.
    pub fn properties(&self, scope: PropertyScope) -> Result<PropertyList> {
        self.backend.get_properties(self.handle.into(), scope)
    }
    /// Sets common or private properties.
    pub fn set_properties(&self, scope: PropertyScope, props: &PropertyList) -> Result<()> {
        self.backend.set_properties(self.handle.into(), scope, props)
    }
}

impl Resource {
    /// `GetClusterResourceState`.
    pub fn status(&self) -> Result<ResourceStatus> {
        self.backend.resource_state(self.handle)
    }
    /// The state alone.
    pub fn state(&self) -> Result<ResourceState> {
        Ok(self.status()?.state)
    }
    /// The resource type name.
    pub fn type_name(&self) -> Result<String> {
        self.backend.resource_type_name(self.handle)
    }
    /// `DeleteClusterResource`.
    pub fn delete(&self) -> Result<()> {
        self.backend.delete_resource(self.handle)
    }
    /// `SetClusterResourceName`.
    pub fn rename(&self, name: &str) -> Result<()> {
        self.backend.set_resource_name(self.handle, name)
    }
    /// `OnlineClusterResource`.
    pub fn online(&self) -> Result<()> {
        self.backend.online_resource(self.handle)
    }
    /// `OfflineClusterResource`.
    pub fn offline(&self) -> Result<()> {
        self.backend.offline_resource(self.handle)
    }
    /// `FailClusterResource`.
    pub fn fail(&self) -> Result<()> {
        self.backend.fail_resource(self.handle)
    }
    /// `AddClusterResourceDependency(self, provider)`.
    pub fn add_dependency(&self, provider: &Resource) -> Result<()> {
        self.backend.add_dependency(self.handle, provider.raw())
    }
    /// `RemoveClusterResourceDependency(self, provider)`.
    pub fn remove_dependency(&self, provider: &Resource) -> Result<()> {
        self.backend.remove_dependency(self.handle, provider.raw())
    }
    /// `AddClusterResourceNode`.
    pub fn add_possible_owner(&self, node: &Node) -> Result<()> {
        self.backend.add_possible_owner(self.handle, node.raw())
    }
    /// `RemoveClusterResourceNode`.
    pub fn remove_possible_owner(&self, node: &Node) -> Result<()> {
        self.backend.remove_possible_owner(self.handle, node.raw())
    }
    /// `ChangeClusterResourceGroup`.
    pub fn change_group(&self, group: &Group) -> Result<()> {
        self.backend.change_resource_group(self.handle, group.raw())
    }
    /// Names of the resources this one depends on.
    pub fn dependencies(&self) -> Result<impl Iterator<Item = String>> {
        Ok(names(self.backend.resource_enum(self.handle, CLUSTER_RESOURCE_ENUM_DEPENDS)?))
    }
    /// Names of the resources that depend on this one.
    pub fn dependents(&self) -> Result<impl Iterator<Item = String>> {
        Ok(names(self.backend.resource_enum(self.handle, CLUSTER_RESOURCE_ENUM_PROVIDES)?))
    }
    /// Names of the possible owner nodes.
    pub fn possible_owners(&self) -> Result<impl Iterator<Item = String>> {
        Ok(names(self.backend.resource_enum(self.handle, CLUSTER_RESOURCE_ENUM_NODES)?))
    }
    /// Common or private properties.
    pub fn properties(&self, scope: PropertyScope) -> Result<PropertyList> {
        self.backend.get_properties(self.handle.into(), scope)
    }
    /// Sets common or private properties.
    pub fn set_properties(&self, scope: PropertyScope, props: &PropertyList) -> Result<()> {
        self.backend.set_properties(self.handle.into(), scope, props)
    }
}

impl Network {
    /// `GetClusterNetworkState`.
    pub fn state(&self) -> Result<NetworkState> {
        self.backend.network_state(self.handle)
    }
    /// `SetClusterNetworkName`.
    pub fn rename(&self, name: &str) -> Result<()> {
        self.backend.set_network_name(self.handle, name)
    }
    /// Names of the network's interfaces.
    pub fn net_interfaces(&self) -> Result<impl Iterator<Item = String>> {
        Ok(names(self.backend.network_enum(self.handle, CLUSTER_NETWORK_ENUM_NETINTERFACES)?))
    }
}

impl NetInterface {
    /// `GetClusterNetInterfaceState`.
    pub fn state(&self) -> Result<NetInterfaceState> {
        self.backend.net_interface_state(self.handle)
    }
}

/// Anything that can be registered on a port with `RegisterClusterNotify`.
pub trait Registrable {
    /// The object handle to pass.
    fn object_handle(&self) -> ObjectHandle;
}

macro_rules! registrable {
    ($($t:ident),*) => {$(
        impl Registrable for $t {
            fn object_handle(&self) -> ObjectHandle {
                self.handle.into()
            }
        }
    )*};
}
registrable!(Cluster, Node, Group, Resource, Network, NetInterface);

impl NotifyPort {
    /// A port not associated with any cluster (`hCluster = INVALID_HANDLE_VALUE`, N13).
    pub fn unassociated(backend: SharedBackend) -> Result<NotifyPort> {
        let h = backend.create_notify_port(None, None, ChangeFlags::empty(), NotifyKey(0))?;
        Ok(NotifyPort::from_raw(backend, h))
    }

    /// Adds a cluster-wide registration (`CreateClusterNotifyPort(hChange, …)`).
    pub fn add(&self, cluster: &Cluster, filter: ChangeFlags, key: NotifyKey) -> Result<()> {
        self.backend.create_notify_port(Some(self.handle), Some(cluster.raw()), filter, key).map(|_| ())
    }

    /// Adds a per-object registration (`RegisterClusterNotify`).
    pub fn register(&self, object: &dyn Registrable, filter: ChangeFlags, key: NotifyKey) -> Result<()> {
        self.backend.register_notify(self.handle, filter, object.object_handle(), key)
    }

    /// `GetClusterNotify`, growing the name buffer on `ERROR_MORE_DATA` and retrying, as
    /// documented usage does. `WAIT_TIMEOUT` when nothing came in time. Closing the port
    /// from another thread wakes a waiting `get` with `ERROR_INVALID_HANDLE` (PORT-CLOSE,
    /// N3) — a batch port answers `ERROR_NO_MORE_ITEMS` instead
    /// ([`BatchPort::get`]).
    pub fn get(&self, timeout: Timeout) -> Result<Notification> {
        let mut buf = vec![0u16; 64];
        loop {
            match self.backend.get_notify(self.handle, &mut buf, timeout) {
                Ok(h) => {
                    return Ok(Notification {
                        key: h.key,
                        change: h.change,
                        name: String::from_utf16_lossy(&buf[..h.name_len]),
                    })
                }
                Err(GetNotifyError::MoreData { needed }) => buf.resize(needed + 1, 0),
                Err(GetNotifyError::Failed(e)) => return Err(e),
            }
        }
    }

    /// `GetClusterNotify` with the caller's buffer, exactly as the C function behaves.
    pub fn get_into(
        &self,
        name: &mut [u16],
        timeout: Timeout,
    ) -> std::result::Result<crate::backend::NotifyHeader, GetNotifyError> {
        self.backend.get_notify(self.handle, name, timeout)
    }

    /// Drains everything queued now (polling gets) into a vector.
    pub fn drain(&self) -> Result<Vec<Notification>> {
        drain_with(|| self.get(Timeout::POLL))
    }
}
