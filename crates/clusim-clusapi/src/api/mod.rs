//! `ClusApiBackend`'s implementation of the area traits of [`clusim_api::Backend`], one
//! file per trait, each the trait's complete impl: every method checks its handles in
//! the ledger ([`crate::ledger`]) and makes the ClusAPI call of its name.
//!
//! | trait | file |
//! |---|---|
//! | `ClusterApi` (and [`crate::ClusApiBackend::vendor`]) | `cluster.rs` |
//! | `NodeApi` | `node.rs` |
//! | `GroupApi` | `group.rs` |
//! | `ResourceApi` | `resource.rs` |
//! | `NetworkApi` | `network.rs` |
//! | `ControlApi` | `control.rs` |
//! | `NotifyApi` | `notify.rs` |
//! | `NotifyV2Api` | `notify_v2.rs` |
//! | `RegistryApi` | `registry.rs` |
//! | `BatchApi` | `batch.rs` |

mod batch;
mod cluster;
mod control;
mod enum_ex;
mod group;
mod network;
mod node;
mod notify;
mod notify_v2;
mod ops_ex;
mod registry;
mod resource;
