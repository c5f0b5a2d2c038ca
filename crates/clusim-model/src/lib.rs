//! # clusim-model
//!
//! The simulated cluster and its rules, with no knowledge of ports or threads.
//!
//! Guarantees:
//! - Every mutation validates before it changes anything: a failing call leaves the
//!   cluster exactly as it was and records no [`Effect`].
//! - Effects are recorded in the order the changes happened; nothing depends on hash
//!   iteration order (arenas enumerate in creation order).
//! - Object ids come from a seeded generator: same seed and calls, same ids.
//!
//! The notification engine (`clusim-notify`) routes the effects; the simulator
//! (`clusim-sim`) owns the locking.

#![warn(missing_docs)]

pub mod arena;
pub mod batch_exec;
pub mod batch_wire;
pub mod cluster;
pub mod dependency_expr;
pub mod drain;
pub mod emit;
pub mod emit_objects;
pub mod enum_ex;
pub mod event;
pub mod event_v2;
pub mod failure;
pub mod faults;
pub mod group_ex;
pub mod ids;
pub mod lifecycle;
pub mod names;
pub mod objects;
pub mod ops;
pub mod policy;
pub mod props;
pub mod quorum;
pub mod registry;
pub mod scripting;
pub mod topology;
pub mod transitions;

pub use batch_exec::{BatchOptions, ExecRecord};
pub use cluster::{Cluster, TopologyError};
pub use event::{Effect, ModelEvent, ModelEventV2};
pub use event_v2::{EventV2Data, FieldV2};
pub use ids::*;
pub use objects::ObjRef;
pub use topology::Topology;
