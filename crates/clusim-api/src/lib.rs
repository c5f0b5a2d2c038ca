//! # clusim-api
//!
//! The vocabulary of the Windows Failover Cluster API (ClusAPI) as Rust types, and the
//! [`Backend`] trait every clusim backend implements.
//!
//! Guarantees:
//! - Every constant carries the exact numeric value of `clusapi.h` / `winerror.h`.
//! - Notify keys are pointer-width ([`NotifyKey`]) and never truncated (N12).
//! - Every fallible call returns [`Result`] with the Win32 code ClusAPI would return.
//!
//! Layers: [`Backend`] is handle-based and mirrors ClusAPI call for call (what a
//! conformance suite drives); [`client`] wraps it in RAII types for everyday use.

#![warn(missing_docs)]

pub mod backend;
pub mod change;
pub mod change_v2;
pub mod client;
pub mod control_code;
pub mod drain;
pub mod enums;
pub mod error;
pub mod ex;
pub mod handle;
pub mod notify_v2;
pub mod object;
pub mod object_type;
pub mod property;
pub mod proplist;
pub mod registry;
pub mod state;
pub mod timeout;
pub mod utf32;

pub use backend::{
    Backend, BatchApi, ClusterApi, ControlApi, ControlTarget, EnumExApi, GetNotifyError, GroupApi,
    NetworkApi, NodeApi, NotifyApi, NotifyHeader, NotifyV2Api, OpsExApi, RegistryApi, ResourceApi,
    ResourceStatus, ResourceTypeSpec,
};
pub use change::ChangeFlags;
pub use error::{Result, Win32Error};
pub use handle::{
    HChange, HCluster, HGroup, HKey, HNetInterface, HNetwork, HNode, HNotifyEvent, HRegBatch,
    HRegBatchNotification, HRegBatchPort, HRegReadBatch, HRegReadBatchReply, HResource, ObjectHandle,
    RawHandle,
};
pub use notify_v2::{
    GetNotifyV2Error, NotificationV2, NotifyFilterAndType, NotifyV2Buffers, NotifyV2Header, NotifyV2Sizes,
    PayloadV2,
};
pub use object::{NotifyKey, ObjectKind};
pub use object_type::ObjectType;
pub use property::{PropertyList, PropertyScope, PropertyValue};
pub use registry::{
    BatchCommand, BatchFailure, BatchGranularity, Disposition, FileTime, KeyInfo, ReadBatchResult,
};
pub use state::{GroupState, NetInterfaceState, NetworkState, NodeState, ResourceState};
pub use timeout::{Timeout, INFINITE};
