//! Kinds of cluster objects and notify keys.

use std::fmt;

/// The kind of a cluster object (and of the handle that refers to it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ObjectKind {
    /// The cluster itself (`HCLUSTER`).
    Cluster,
    /// A node (`HNODE`).
    Node,
    /// A group (`HGROUP`).
    Group,
    /// A resource (`HRESOURCE`).
    Resource,
    /// A resource type (no handle type in ClusAPI; addressed by name).
    ResourceType,
    /// A network (`HNETWORK`).
    Network,
    /// A network interface (`HNETINTERFACE`).
    NetInterface,
    /// A cluster-database key (`HKEY`).
    Key,
    /// A notification port (`HCHANGE`).
    Port,
    /// A write batch (`HREGBATCH`).
    RegBatch,
    /// A batch notification port (`HREGBATCHPORT`).
    BatchPort,
    /// A batch notification (`HREGBATCHNOTIFICATION`).
    BatchNotification,
    /// A read batch (`HREGREADBATCH`).
    ReadBatch,
    /// A read batch reply (`HREGREADBATCHREPLY`).
    ReadBatchReply,
    /// A notification port's event handle (`GetNotifyEventHandle`).
    NotifyEvent,
}

impl ObjectKind {
    /// A short lower-case label used in traces and tables.
    pub fn label(self) -> &'static str {
        match self {
            ObjectKind::Cluster => "cluster",
            ObjectKind::Node => "node",
            ObjectKind::Group => "group",
            ObjectKind::Resource => "resource",
            ObjectKind::ResourceType => "resource-type",
            ObjectKind::Network => "network",
            ObjectKind::NetInterface => "netinterface",
            ObjectKind::Key => "key",
            ObjectKind::Port => "port",
            ObjectKind::RegBatch => "batch",
            ObjectKind::BatchPort => "batch-port",
            ObjectKind::BatchNotification => "batch-notification",
            ObjectKind::ReadBatch => "read-batch",
            ObjectKind::ReadBatchReply => "read-batch-reply",
            ObjectKind::NotifyEvent => "notify-event",
        }
    }
}

impl fmt::Display for ObjectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A notify key (`DWORD_PTR dwNotifyKey`): full pointer width, never truncated (N12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct NotifyKey(pub usize);

impl fmt::Display for NotifyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#x}", self.0)
    }
}

impl From<usize> for NotifyKey {
    fn from(v: usize) -> Self {
        NotifyKey(v)
    }
}
