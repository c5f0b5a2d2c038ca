//! # libresutils
//!
//! The property-list and resource helpers of `resutils.dll` (`resapi.h`; header in
//! `include/resutils.h`) for client code that reads and builds what the control codes
//! of libclusapi return. The library target is `resutils` (`libresutils.so`, link with
//! `-lresutils -lclusapi`), built by `cargo build --release` beside libclusapi. The same
//! sources build `resutils_wchar32` (package `crates/libresutils-wchar32`,
//! `--cfg clusim_wchar32`, `-lresutils_wchar32 -lclusapi_wchar32`), whose `WCHAR` is the
//! platform's 32-bit `wchar_t`, over libclusapi_wchar32 ([`wide`]).
//!
//! Like resutils.dll over clusapi.dll, it calls libclusapi's exported functions
//! ([`clusapi`]): handles, clusters and the `LocalAlloc` allocator are libclusapi's, so
//! every string it hands out is freed with libclusapi's `LocalFree`.
//!
//! Guarantees: no panic crosses the C boundary (an export answers `ERROR_GEN_FAILURE`);
//! bad input gets the documented code and writes nothing; wide strings go through
//! [`wide`] alone, whose [`wide::WChar`] fixes their width.
//!
//! | file | functions |
//! |---|---|
//! | `find.rs` | `ResUtilFind{Dword,Long,ULargeInteger,Sz,ExpandSz,MultiSz,Binary}Property` |
//! | `table.rs` | `ResUtilGetPropertiesToParameterBlock`, `ResUtilPropertyListFromParameterBlock`, `ResUtilGetAllProperties` |
//! | `enumerate.rs` | `ResUtilEnumResources`, `ResUtilGetResourceDependency` |

#![warn(missing_docs)]

pub mod clusapi;
pub mod enumerate;
mod ffi;
pub mod find;
pub mod table;
pub mod wide;
