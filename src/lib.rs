//! # clusim
//!
//! An in-process simulator of the Windows Failover Cluster notification subsystem
//! (ClusAPI). Write your cluster-aware code against [`Backend`] (or the RAII layer in
//! [`client`]), test it on any OS against [`Sim`], and run the same code against a real
//! cluster through the real-ClusAPI backend.
//!
//! ```
//! use clusim::{ChangeFlags, NotifyKey, Sim, Timeout};
//! use std::time::Duration;
//!
//! let sim = Sim::builder().seed(1).manual_clock().build();
//! let cluster = sim.open(None)?;
//!
//! // Resource events under one key, cluster-database events under another.
//! let resource_events = ChangeFlags::RESOURCE_ADDED | ChangeFlags::RESOURCE_DELETED
//!     | ChangeFlags::RESOURCE_PROPERTY | ChangeFlags::RESOURCE_STATE;
//! let port = cluster.notify_port(resource_events, NotifyKey(1))?;
//! port.add(&cluster, ChangeFlags::REGISTRY_EVENTS | ChangeFlags::REGISTRY_SUBTREE, NotifyKey(2))?;
//!
//! let group = cluster.open_group("Available Storage")?;
//! let disk = group.create_resource("Cluster Disk 2", "Physical Disk")?;
//! // As on Windows, the online goes on after the call: ERROR_IO_PENDING, OnlinePending
//! // now, Online once the disk's online duration (2 s of simulated time) has passed.
//! assert_eq!(disk.online(), Err(clusim::Win32Error::ERROR_IO_PENDING));
//! sim.clock().advance(Duration::from_secs(2));
//!
//! let events = port.drain()?;
//! let resource: Vec<_> = events.iter().filter(|e| e.key == NotifyKey(1)).collect();
//! assert_eq!(resource[0].change, ChangeFlags::RESOURCE_ADDED);
//! assert_eq!(resource[0].name, "Cluster Disk 2");
//! assert_eq!(resource.len(), 3); // ADDED, then OnlinePending and Online
//!
//! // Nothing more: a 500 ms get times out once the test advances the clock.
//! let clock = sim.clock().clone();
//! let waiter = std::thread::spawn(move || port.get(Timeout::from(Duration::from_millis(500))));
//! clock.wait_for_timed_waiters(1, Duration::from_secs(5));
//! clock.advance(Duration::from_millis(500));
//! assert_eq!(waiter.join().unwrap().unwrap_err(), clusim::Win32Error::WAIT_TIMEOUT);
//! # Ok::<(), clusim::Win32Error>(())
//! ```
//!
//! The cluster database works the same way: keys ([`client::Key`]), write batches
//! ([`client::WriteBatch`]), batch notification ports ([`client::BatchPort`]) and read
//! batches. What a configuration watcher relies on is stated, with a running example, on
//! the method it governs: only batches reach a batch port ([`client::Key::set_value`]),
//! an overwrite arrives as `CLUSREG_VALUE_DELETED` with the old value and then the
//! `CLUSREG_SET_VALUE` ([`client::WriteBatch::set_value`]), deleting a missing key in a
//! batch is not an error ([`client::WriteBatch::delete_key`]), and closing a batch port
//! wakes its waiter with `ERROR_NO_MORE_ITEMS` ([`client::BatchPort::get`]). String data
//! is encoded and decoded by [`registry::sz`], [`registry::sz_to_string`],
//! [`registry::multi_sz`] and [`registry::multi_sz_to_strings`].

pub use clusim_api::*;
pub use clusim_clock::{Clock, Participant, SimInstant};
pub use clusim_model::policy::{Durations, FailoverPolicy, OnlineScript, RestartPolicy};
pub use clusim_model::Topology;
pub use clusim_sim::{Faults, Sim, SimBuilder};

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
