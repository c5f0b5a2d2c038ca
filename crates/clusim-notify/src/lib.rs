//! # clusim-notify
//!
//! The notification engine: the [`router`] decides which registrations an event
//! matches; each [`port`] is a FIFO queue with ClusAPI's `GetClusterNotify` semantics.
//! The simulator (`clusim-sim`) routes a model change while it holds the cluster's lock,
//! so every port sees changes in the order the model applied them. Every delivery goes
//! through the router: model events, batch commits (batch notification ports) and the
//! indications the client side generates (`HANDLE_CLOSE` on a handle's close;
//! `CLUSTER_STATE` / `CLUSTER_RECONNECT` arrive as cluster events).

#![warn(missing_docs)]

pub mod batch_port;
mod ids;
pub mod port;
pub mod port_v2;
pub mod router;

pub use batch_port::{project, BatchPortQueue, NotifRecord};
pub use ids::{HandleId, PortId};
pub use port::{Indication, PortQueue, PortStats};
pub use port_v2::{IndicationV2, PortQueueV2};
pub use router::v2::{RegistrationV2, ScopeV2, V2Index};
pub use router::{Registration, Router, Scope};
