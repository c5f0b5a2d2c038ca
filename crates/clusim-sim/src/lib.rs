//! # clusim-sim
//!
//! The simulator backend. [`Sim`] holds any number of independent simulated clusters —
//! one per distinct name, created on first open from the built-in default topology (or
//! the one given to [`SimBuilder`]) — and implements [`clusim_api::Backend`], one file
//! per area trait.
//!
//! Guarantees:
//! - Every call validates every handle: NULL, closed, foreign (another `Sim`), stale
//!   and wrong-kind handles give `ERROR_INVALID_HANDLE`; a failing call changes nothing.
//! - Each port sees the changes of its cluster in the order the model applied them:
//!   a call mutates the model and hands its effects to the cluster's router (V1
//!   registrations, batch notification ports, `HANDLE_CLOSE` on a handle's close)
//!   under one cluster lock. Nothing else queues an indication.
//! - Time, and so every timeout, goes through [`Sim::clock`].
//! - Same seed and same calls give the same object ids and the same event streams.
//!
//! Users reach it through the `clusim` crate, which re-exports [`Sim`], [`SimBuilder`]
//! and [`Faults`] next to the whole ClusAPI vocabulary:
//!
//! ```
//! use clusim::{ChangeFlags, NotifyKey, Sim, Timeout};
//!
//! let sim = Sim::builder().manual_clock().build();
//! let cluster = sim.open(None)?;
//! let port = cluster.notify_port(ChangeFlags::GROUP_ADDED, NotifyKey(7))?;
//! cluster.create_group("Web")?;
//! let n = port.get(Timeout::POLL)?;
//! assert_eq!((n.key, n.change, n.name.as_str()), (NotifyKey(7), ChangeFlags::GROUP_ADDED, "Web"));
//! # Ok::<(), clusim::Win32Error>(())
//! ```
//!
//! ## Lock order
//!
//! Locks are only ever taken in this order (a thread holding one takes only later
//! ones): the cluster directory (held alone, to find or create a cluster) → a port's
//! binding → a cluster's state (model + router) → a port queue (V1 or batch; a timed
//! wait registers with the clock under it). The handle table's lock is taken alone:
//! for one lookup, insertion or removal, never while another lock is held, and never
//! under a cluster lock (a port is registered with the router first, its handle
//! inserted after).

#![warn(missing_docs)]

mod api;
mod builder;
mod cell;
mod cell_v2;
mod faults;
mod handles;
mod life;
mod resolve;
mod sim;

pub use api::allowed_filter;
pub use builder::{SimBuilder, DEFAULT_BATCH_PORT_CAPACITY, DEFAULT_PORT_CAPACITY};
pub use clusim_model::policy::{Durations, FailoverPolicy, OnlineScript, RestartPolicy};
pub use faults::Faults;
pub use life::REAL_CLOCK_DURATION_DIVISOR;
pub use sim::Sim;
