//! Raw handle values, as ClusAPI hands them out.
//!
//! A handle is an opaque pointer-sized value. The typed wrappers ([`HCluster`],
//! [`HResource`], …) say what a value is meant to be, but any value can be forged with
//! `from_raw` — which is exactly what bad-input tests do. A backend validates every
//! handle it receives and answers `ERROR_INVALID_HANDLE` for NULL, closed, stale,
//! foreign or wrong-kind values; it never trusts the wrapper type.
//!
//! The RAII layer in [`crate::client`] closes handles on `Drop`; this module only
//! names them.

use crate::object::ObjectKind;
use std::fmt;

/// An untyped handle value (`HANDLE`). `0` is NULL.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct RawHandle(pub usize);

impl RawHandle {
    /// The NULL handle.
    pub const NULL: RawHandle = RawHandle(0);

    /// True for NULL.
    pub fn is_null(self) -> bool {
        self.0 == 0
    }
}

impl fmt::Debug for RawHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#x}", self.0)
    }
}

macro_rules! typed_handle {
    ($( $(#[$doc:meta])* $name:ident => $kind:ident ),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(transparent)]
        pub struct $name(pub RawHandle);

        impl $name {
            /// The object kind this handle type names.
            pub const KIND: ObjectKind = ObjectKind::$kind;

            /// Wraps a raw value (no validation: the backend validates on use).
            pub fn from_raw(raw: usize) -> Self {
                $name(RawHandle(raw))
            }

            /// The raw value.
            pub fn raw(self) -> RawHandle {
                self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:#x})", stringify!($name), (self.0).0)
            }
        }
    )*};
}

typed_handle! {
    /// `HCLUSTER`.
    HCluster => Cluster,
    /// `HNODE`.
    HNode => Node,
    /// `HGROUP`.
    HGroup => Group,
    /// `HRESOURCE`.
    HResource => Resource,
    /// `HNETWORK`.
    HNetwork => Network,
    /// `HNETINTERFACE`.
    HNetInterface => NetInterface,
    /// `HKEY` for a cluster-database key.
    HKey => Key,
    /// `HCHANGE`: a notification port.
    HChange => Port,
    /// `HREGBATCH`: a write batch being built.
    HRegBatch => RegBatch,
    /// `HREGBATCHPORT`: a batch notification port.
    HRegBatchPort => BatchPort,
    /// `HREGBATCHNOTIFICATION`: one batch notification being read.
    HRegBatchNotification => BatchNotification,
    /// `HREGREADBATCH`: a read batch being built.
    HRegReadBatch => ReadBatch,
    /// `HREGREADBATCHREPLY`: the results of an executed read batch.
    HRegReadBatchReply => ReadBatchReply,
    /// The event handle of a notification port (`GetNotifyEventHandle`, N15): owned by
    /// the port, valid until the port closes.
    HNotifyEvent => NotifyEvent,
}

/// A handle to any object that can be registered with `RegisterClusterNotify` or
/// carry properties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ObjectHandle {
    /// An `HCLUSTER`.
    Cluster(HCluster),
    /// An `HNODE`.
    Node(HNode),
    /// An `HGROUP`.
    Group(HGroup),
    /// An `HRESOURCE`.
    Resource(HResource),
    /// An `HNETWORK`.
    Network(HNetwork),
    /// An `HNETINTERFACE`.
    NetInterface(HNetInterface),
    /// An `HKEY`.
    Key(HKey),
}

impl ObjectHandle {
    /// The raw value, whatever the kind.
    pub fn raw(self) -> RawHandle {
        match self {
            ObjectHandle::Cluster(h) => h.0,
            ObjectHandle::Node(h) => h.0,
            ObjectHandle::Group(h) => h.0,
            ObjectHandle::Resource(h) => h.0,
            ObjectHandle::Network(h) => h.0,
            ObjectHandle::NetInterface(h) => h.0,
            ObjectHandle::Key(h) => h.0,
        }
    }

    /// The handle of `kind` with value `raw`; `None` for kinds that are not objects
    /// with properties (ports, batches, …).
    pub fn of_kind(kind: ObjectKind, raw: RawHandle) -> Option<ObjectHandle> {
        Some(match kind {
            ObjectKind::Cluster => ObjectHandle::Cluster(HCluster(raw)),
            ObjectKind::Node => ObjectHandle::Node(HNode(raw)),
            ObjectKind::Group => ObjectHandle::Group(HGroup(raw)),
            ObjectKind::Resource => ObjectHandle::Resource(HResource(raw)),
            ObjectKind::Network => ObjectHandle::Network(HNetwork(raw)),
            ObjectKind::NetInterface => ObjectHandle::NetInterface(HNetInterface(raw)),
            ObjectKind::Key => ObjectHandle::Key(HKey(raw)),
            _ => return None,
        })
    }

    /// The kind the caller claims the handle is.
    pub fn kind(self) -> ObjectKind {
        match self {
            ObjectHandle::Cluster(_) => ObjectKind::Cluster,
            ObjectHandle::Node(_) => ObjectKind::Node,
            ObjectHandle::Group(_) => ObjectKind::Group,
            ObjectHandle::Resource(_) => ObjectKind::Resource,
            ObjectHandle::Network(_) => ObjectKind::Network,
            ObjectHandle::NetInterface(_) => ObjectKind::NetInterface,
            ObjectHandle::Key(_) => ObjectKind::Key,
        }
    }
}

macro_rules! into_object {
    ($($h:ident => $v:ident),*) => {$(
        impl From<$h> for ObjectHandle {
            fn from(h: $h) -> Self {
                ObjectHandle::$v(h)
            }
        }
    )*};
}
into_object!(HCluster => Cluster, HNode => Node, HGroup => Group, HResource => Resource,
    HNetwork => Network, HNetInterface => NetInterface, HKey => Key);
