//! The ClusAPI calls, one file per area trait of [`clusim_api::Backend`]: each file
//! holds that area's complete `impl` for [`crate::Sim`]. Handles are validated in
//! `crate::resolve`; model effects reach ports through `crate::cell::ClusterState`.

mod batch;
mod cluster;
mod control;
mod enum_ex;
mod group;
mod network;
mod node;
mod notify;
mod notify_event_watch;
mod notify_v2;
mod ops_ex;
mod registry;
mod resource;

pub use notify::allowed_filter;
