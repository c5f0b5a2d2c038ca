//! # clusim-conformance
//!
//! The differential conformance suite (spec/conformance.md): scenarios written in a
//! line-oriented language ([`scenario`]) run against any [`clusim_api::Backend`]
//! ([`runner`]); the result is a [`trace`] of every observable outcome, normalized
//! ([`normalize`]) so that backends and runs compare equal, checked against named
//! [`guarantees`], and compared with a golden trace ([`diff`]).

#![warn(missing_docs)]

pub mod diff;
pub mod guarantees;
pub mod normalize;
pub mod runner;
pub mod scenario;
pub mod suite;
pub mod trace;
pub mod v2_names;

pub use runner::{run, FaultHook, RunOptions, RunResult};
pub use scenario::{parse, Scenario};
pub use trace::Trace;
