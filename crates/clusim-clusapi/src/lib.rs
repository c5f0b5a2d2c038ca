//! # clusim-clusapi
//!
//! [`ClusApiBackend`]: clusim's [`Backend`](clusim_api::Backend) traits on top of the
//! ClusAPI functions as `windows-sys` declares them (`Win32_Networking_Clustering`).
//!
//! Guarantees:
//! - **Handle ownership.** The backend keeps a ledger of every handle ClusAPI returned
//!   to it (value and kind). A handle reaches ClusAPI only while the ledger lists it as
//!   open with the kind the call expects; anything else — NULL, closed, forged, another
//!   kind, another backend's — is `ERROR_INVALID_HANDLE` without a call (ClusAPI's own
//!   handles are unchecked pointers). Closing takes the handle out of the ledger first.
//!   Dropping the backend closes every handle still open (notifications and replies,
//!   batches — discarded —, ports, keys, objects, clusters, in that order).
//! - **No size queries.** Buffers start small and grow on `ERROR_MORE_DATA` (or
//!   `ERROR_INSUFFICIENT_BUFFER` from `ClusterRegGetKeySecurity`) to the size reported.
//! - **Batch gets with a timeout.** `ClusterRegGetBatchNotification` has none; a finite
//!   timeout is served by a posted call on a helper thread (module [`batch_get`]).
//! - `Timeout` becomes `dwMilliseconds` for `GetClusterNotify`
//!   ([`Timeout::as_millis_u32`](clusim_api::Timeout::as_millis_u32)).
//!
//! Every trait method calls the ClusAPI function of that name, with the documented
//! buffer negotiation (`ERROR_MORE_DATA` loops), UTF-16 conversion and error mapping.
//! There is no `cfg(windows)` in the logic. On Windows `windows-sys` links the
//! functions from `clusapi.dll`, so the backend talks to a real cluster; elsewhere
//! `windows-sys` declares them without a link attribute and this crate depends on
//! `libclusapi`, whose `#[no_mangle]` exports — the same functions over the
//! simulator — resolve them. The same code therefore runs against libclusapi in CI and
//! against a cluster on a Windows node (README, "Running against a real cluster").
//!
//! Public and cheap to construct, so benchmarks can drive libclusapi (or clusapi.dll)
//! through the same trait as the simulator.
//!
//! Where things are:
//!
//! | file | what |
//! |---|---|
//! | `backend.rs` | the [`ClusApiBackend`] value: construction, closing everything on drop |
//! | `ledger.rs` | the handles it holds: the one place a handle is validated |
//! | `api/*.rs` | one file per area trait, its complete impl |
//! | `buffers.rs` | UTF-16 conversion and buffer negotiation |
//! | `errors.rs` | return codes, `BOOL`s and last errors as results |
//! | `enumeration.rs` | the `…OpenEnum` / `…Enum` / `…CloseEnum` loop |
//! | `control_codes.rs` | the control codes of each object kind and their control function |
//! | `control_call.rs` | any control code on any target, answers decoded |
//! | `batch_get.rs` | `ClusterRegGetBatchNotification` with a timeout |

#![warn(missing_docs)]

mod api;
mod backend;
pub mod batch_get;
mod buffers;
mod control_call;
mod control_codes;
mod enumeration;
mod errors;
mod ledger;

// Off Windows the ClusAPI symbols come from libclusapi's exports: link it.
#[cfg(not(windows))]
use clusapi as _;

pub use backend::ClusApiBackend;
pub use control_call::control_object;
pub use control_codes::{control, control_codes};
