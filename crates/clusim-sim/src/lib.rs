//! # clusim-sim
//!
//! The simulator backend. [`Sim`] holds any number of independent simulated clusters —
//! one per distinct name, created on first open from the built-in default topology (or
//! the one given to [`SimBuilder`]) — and implements [`clusim_api::Backend`].
//!
//! Guarantees:
//! - Every call validates every handle: NULL, closed, foreign (another `Sim`), stale
//!   and wrong-kind handles give `ERROR_INVALID_HANDLE`; a failing call changes nothing.
//! - Each port sees the changes of its cluster in the order the model applied them.
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

#![warn(missing_docs)]

mod backend;
mod builder;
pub mod cell;
mod faults;
pub mod handles;
pub mod registry;
mod sim;

pub use builder::{SimBuilder, DEFAULT_BATCH_PORT_CAPACITY, DEFAULT_PORT_CAPACITY};
pub use faults::Faults;
pub use sim::{allowed_filter, Sim};
