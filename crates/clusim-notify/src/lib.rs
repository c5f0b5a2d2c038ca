//! # clusim-notify
//!
//! The notification engine: the [`router`] decides which registrations an event
//! matches; each [`port`] is a FIFO queue with ClusAPI's `GetClusterNotify` semantics.
//! The simulator (`clusim-sim`) routes a model change while it holds the cluster's lock,
//! so every port sees changes in the order the model applied them.

#![warn(missing_docs)]

pub mod batch_port;
pub mod port;
pub mod router;

pub use batch_port::{project, BatchPortQueue, NotifRecord};
pub use port::{Indication, PortQueue, PortStats};
pub use router::{HandleId, PortId, Registration, Router, Scope};
