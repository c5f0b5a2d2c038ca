//! The value types the backend traits pass around.

use crate::change::ChangeFlags;
use crate::error::Win32Error;
use crate::object::NotifyKey;
use crate::state::ResourceState;
use std::fmt;

/// What `GetClusterNotify` reports besides the name it copied into the caller's buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotifyHeader {
    /// The key of the registration the event matched.
    pub key: NotifyKey,
    /// Exactly one `CLUSTER_CHANGE` bit.
    pub change: ChangeFlags,
    /// Length of the name in UTF-16 units, excluding the NUL written after it.
    pub name_len: usize,
}

/// Why `get_notify` returned without an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GetNotifyError {
    /// `ERROR_MORE_DATA`: the name needs `needed` UTF-16 units plus a NUL. The event
    /// stays at the head of the queue so a retry with a bigger buffer receives it (N1).
    MoreData {
        /// Name length in UTF-16 units, excluding the NUL.
        needed: usize,
    },
    /// Any other code (`WAIT_TIMEOUT`, `ERROR_INVALID_HANDLE`, …).
    Failed(Win32Error),
}

impl GetNotifyError {
    /// The Win32 code of this outcome.
    pub fn code(self) -> Win32Error {
        match self {
            GetNotifyError::MoreData { .. } => Win32Error::ERROR_MORE_DATA,
            GetNotifyError::Failed(e) => e,
        }
    }
}

impl From<Win32Error> for GetNotifyError {
    fn from(e: Win32Error) -> Self {
        GetNotifyError::Failed(e)
    }
}

impl From<GetNotifyError> for Win32Error {
    fn from(e: GetNotifyError) -> Self {
        e.code()
    }
}

impl fmt::Display for GetNotifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GetNotifyError::MoreData { needed } => {
                write!(f, "ERROR_MORE_DATA (234): name needs {needed} characters plus NUL")
            }
            GetNotifyError::Failed(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for GetNotifyError {}

/// `GetClusterResourceState`'s three outputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceStatus {
    /// The resource's state.
    pub state: ResourceState,
    /// The node that owns the resource's group.
    pub owner_node: String,
    /// The group that contains the resource.
    pub group: String,
}

/// Arguments of `CreateClusterResourceType`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceTypeSpec {
    /// Type name (`lpszResourceTypeName`).
    pub name: String,
    /// Display name.
    pub display_name: String,
    /// Resource DLL file name.
    pub dll_name: String,
    /// LooksAlive poll interval in milliseconds.
    pub looks_alive_ms: u32,
    /// IsAlive poll interval in milliseconds.
    pub is_alive_ms: u32,
}

impl ResourceTypeSpec {
    /// A spec with the given name and display name and defaults for the rest.
    pub fn named(name: &str) -> Self {
        ResourceTypeSpec {
            name: name.to_string(),
            display_name: name.to_string(),
            dll_name: "clusres.dll".to_string(),
            looks_alive_ms: 5000,
            is_alive_ms: 60000,
        }
    }
}
