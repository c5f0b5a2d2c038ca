//! # clusim-cabi-fuzzing
//!
//! [`c_abi_ops`] turns a byte string into a sequence of libclusapi's exported calls —
//! cluster, group, resource, port, registry, batch and control functions — with
//! fuzzer-chosen handles (live, closed, of another kind, forged), buffer sizes, NULL
//! pointers, strings (including unpaired surrogates) and data. It is the body of the
//! `c_abi_ops` fuzz target (`fuzz/`) and of the corpus replay in `cargo test`.
//!
//! Invariants checked (a broken one panics, which the fuzzer reports):
//! - no call crashes, and none panics across the C ABI (that would abort);
//! - a function that returns a handle returns a non-NULL one or sets a last error;
//! - a successful `GetClusterNotify` delivers exactly one change bit and a name that fits
//!   the buffer it was given, NUL-terminated;
//! - `ERROR_MORE_DATA` reports a length larger than the buffer it was given.
//!
//! Every handle an input opens is closed at its end, so the library's state stays
//! bounded across millions of inputs; clusters come from a pool of three names.
//!
//! This is an FFI crate: every call goes through `unsafe` blocks, each with its
//! `// SAFETY:` line. The pointers passed are always valid for the sizes passed (a
//! buffer size larger than the buffer is the caller's undefined behaviour in C, not an
//! input the library can defend against), or NULL.

#![warn(missing_docs)]

mod ops;

pub use ops::c_abi_ops;
