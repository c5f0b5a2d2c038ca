//! The process-global simulator behind the exports, and the enumeration-handle table.
//!
//! Handle values: object and port handles are the simulator's own values (multiples of
//! 16, process-unique, never reused). Enumeration handles come from this table and are
//! `8 (mod 16)`, so the two ranges can never alias; they are never reused either.

use clusim_api::enums::EnumEntry;
use clusim_api::{Result, Win32Error};
use clusim_sim::Sim;
use parking_lot::Mutex;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

static SIM: OnceLock<Sim> = OnceLock::new();

/// The simulator every export talks to: built on first use with
/// `Sim::builder().build()` (real clock, seed 0, default topology). Rust code in the
/// same process may use it to inspect what C callers did.
pub fn sim() -> &'static Sim {
    SIM.get_or_init(|| Sim::builder().build())
}

/// Which `…OpenEnum` produced an enumeration handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EnumKind {
    /// `HCLUSENUM`.
    Cluster,
    /// `HNODEENUM`.
    Node,
    /// `HGROUPENUM`.
    Group,
    /// `HRESENUM`.
    Resource,
    /// `HNETWORKENUM`.
    Network,
}

struct Snapshot {
    kind: EnumKind,
    entries: Vec<EnumEntry>,
}

static NEXT_ENUM: AtomicUsize = AtomicUsize::new(0x0001_0008);
static ENUMS: Mutex<BTreeMap<usize, Snapshot>> = Mutex::new(BTreeMap::new());

/// Stores a snapshot and returns its fresh handle value.
pub(crate) fn enum_open(kind: EnumKind, entries: Vec<EnumEntry>) -> usize {
    let v = NEXT_ENUM.fetch_add(0x10, Ordering::Relaxed);
    ENUMS.lock().insert(v, Snapshot { kind, entries });
    v
}

/// Runs `f` on the snapshot of an enumeration handle of the given kind.
pub(crate) fn enum_with<T>(raw: usize, kind: EnumKind, f: impl FnOnce(&[EnumEntry]) -> T) -> Result<T> {
    let map = ENUMS.lock();
    match map.get(&raw) {
        Some(s) if s.kind == kind => Ok(f(&s.entries)),
        _ => Err(Win32Error::ERROR_INVALID_HANDLE),
    }
}

/// Closes an enumeration handle of the given kind.
pub(crate) fn enum_close(raw: usize, kind: EnumKind) -> Result<()> {
    let mut map = ENUMS.lock();
    match map.get(&raw) {
        Some(s) if s.kind == kind => {
            map.remove(&raw);
            Ok(())
        }
        _ => Err(Win32Error::ERROR_INVALID_HANDLE),
    }
}
