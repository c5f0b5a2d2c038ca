//! # libclusapi
//!
//! A ClusAPI-compatible C library backed by the clusim simulator: the functions of
//! `clusapi.h` (header in `include/clusapi.h`), exported with their Windows names and
//! signatures, running against simulated clusters in the calling process.
//!
//! One name: the folder `crates/libclusapi` and the package are `libclusapi`
//! (`cargo test -p libclusapi`); the library target is `clusapi`, because the platform's
//! lib-prefix convention turns it into `libclusapi.so` / `libclusapi.a` and C programs link
//! it with `-lclusapi`, as they link `clusapi.dll` on Windows. Rust code refers to it as
//! `clusapi`. `cargo build --release` leaves `libclusapi.so` and `libclusapi.a` in
//! `target/release/`; the Rust `rlib` of the same crate lets Rust tests link the exports.
//!
//! Two flavours, one source: this crate is also compiled by the package
//! `libclusapi-wchar32` (`crates/libclusapi-wchar32`) with `--cfg clusim_wchar32`, which
//! makes `WCHAR` ([`WChar`]) 32 bits — the platform's `wchar_t` — and every string that
//! crosses the ABI UTF-32: `libclusapi_wchar32.so` / `.a` (spec/c-abi.md CABI-WCHAR32).
//! The width is decided in `ffi.rs` and `wide.rs` alone. **The rule for every export**
//! (ARCHITECTURE.md, "The width rule"): wide-string pointers are `*const WChar` /
//! `*mut WChar`, strings are read and written only through the `ffi` helpers
//! (`read_wstr`, `required_wstr`, `write_wstr`, `fits` + `wide_len`, `sim_name_buffer`),
//! and text inside data — value data, property lists, control outputs — goes through
//! `wide` (`reg_data_in` / `reg_data_out`, `proplist_in` / `proplist_out`,
//! `value_list_out`, `strz_bytes`); then an export works in both flavours unchanged.
//!
//! The simulator's own controls (`include/clusim.h`: topology file, manual clock,
//! faults, port counters, the `CLUSIM_TOPOLOGY` / `CLUSIM_CLOCK` environment variables)
//! are exported too (spec/c-abi.md CABI-SIM-*).
//!
//! Guarantees (spec/c-abi.md states every export and every bad-input answer):
//! - No panic crosses the C boundary: each export catches it and answers
//!   `ERROR_GEN_FAILURE` through its documented failure channel.
//! - Every handle is looked up by value in a table before use: NULL, closed, stale,
//!   forged and wrong-kind handles give `ERROR_INVALID_HANDLE` (or NULL/FALSE plus
//!   that last error). Handle values are never reused.
//! - Every out-buffer follows ClusAPI's conventions: character capacity including the
//!   NUL on input, length excluding it on output, `ERROR_MORE_DATA` with the size
//!   needed; a NULL buffer is a size query.
//! - `OpenCluster(NULL)` is the local simulated cluster; `OpenCluster(L"name")` opens
//!   (creating on first use) an independent cluster of that name.
//!
//! - Records handed out by `ClusterRegBatchReadCommand` and
//!   `ClusterRegReadBatchReplyNextCommand` point into storage the library keeps until the
//!   notification or reply is closed with its C close function.

#![warn(missing_docs)]

pub mod control;
mod enum_ex;
mod events;
pub mod exports;
mod ffi;
mod global;
mod local;
mod startup;
pub mod types;
pub mod types_ex;
mod wide;
mod wide_v2;

pub use ffi::WChar;
pub use global::{kept_allocations, sim};
