//! The backend traits: ClusAPI's operations in Rust clothing.
//!
//! [`Backend`] is implemented by the simulator (`clusim-sim`) and by the real-ClusAPI
//! backend (`clusim-clusapi`). It is deliberately handle-based and object-safe,
//! mirroring ClusAPI one call to one method, so that a conformance suite can feed every
//! backend the same calls — including bad handles — and compare the answers. Most users
//! want the RAII layer in [`crate::client`] instead, which closes handles on `Drop` and
//! negotiates buffers.
//!
//! Guarantees, for every method of every area trait:
//! - every handle is validated: NULL, closed, stale, foreign and wrong-kind handles
//!   yield `ERROR_INVALID_HANDLE`;
//! - a failing call changes nothing;
//! - the code returned is the Win32 code ClusAPI documents for the case.
//!
//! [`Backend`] is the sum of one trait per area of the API, each in its own file:
//!
//! | trait | area | file |
//! |---|---|---|
//! | [`ClusterApi`] | the cluster, its enumeration and quorum | `backend/cluster.rs` |
//! | [`NodeApi`] | nodes | `backend/node.rs` |
//! | [`GroupApi`] | groups | `backend/group.rs` |
//! | [`ResourceApi`] | resources and resource types | `backend/resource.rs` |
//! | [`NetworkApi`] | networks and network interfaces | `backend/network.rs` |
//! | [`ControlApi`] | control codes: properties, ids, names | `backend/control.rs` |
//! | [`NotifyApi`] | V1 notification ports | `backend/notify.rs` |
//! | [`RegistryApi`] | the cluster database | `backend/registry.rs` |
//! | [`BatchApi`] | write batches, batch ports, read batches | `backend/batch.rs` |
//!
//! A new area (the V2 ports, the simulator's own controls) is a new trait in a new
//! file here, added to [`Backend`]'s supertraits; each backend implements it in a file
//! of its own. Callers that hold a `&dyn Backend` bring the area traits into scope with
//! `use clusim_api::backend::*` (or the crate-root glob `use clusim_api::*`).

mod batch;
mod cluster;
mod control;
mod group;
mod network;
mod node;
mod notify;
mod registry;
mod resource;
mod types;

pub use batch::BatchApi;
pub use cluster::ClusterApi;
pub use control::{ControlApi, ControlTarget};
pub use group::GroupApi;
pub use network::NetworkApi;
pub use node::NodeApi;
pub use notify::NotifyApi;
pub use registry::RegistryApi;
pub use resource::ResourceApi;
pub use types::{GetNotifyError, NotifyHeader, ResourceStatus, ResourceTypeSpec};

/// ClusAPI as a trait: the sum of the area traits. Implemented automatically for every
/// type that implements all of them; see the module documentation.
pub trait Backend:
    ClusterApi + NodeApi + GroupApi + ResourceApi + NetworkApi + ControlApi + NotifyApi + RegistryApi + BatchApi
{
}

impl<T> Backend for T where
    T: ?Sized
        + ClusterApi
        + NodeApi
        + GroupApi
        + ResourceApi
        + NetworkApi
        + ControlApi
        + NotifyApi
        + RegistryApi
        + BatchApi
{
}
