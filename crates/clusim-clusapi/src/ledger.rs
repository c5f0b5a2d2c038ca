//! The handles a [`crate::ClusApiBackend`] holds, by value and kind.
//!
//! ClusAPI handles are pointers into the client library's heap: clusapi.dll does not
//! validate them, so a closed, forged or wrong-kind handle given to it is a
//! use-after-free or a wild read, not an error code. The trait promises
//! `ERROR_INVALID_HANDLE` for every such handle, so the backend answers it here, before
//! any ClusAPI call: a handle is passed to ClusAPI only while this ledger lists it as
//! open with the kind the call expects. Closing takes it out first, so two threads
//! closing one handle never both reach ClusAPI.

use crate::errors::last_error;
use clusim_api::{ObjectKind, RawHandle, Result, Win32Error};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Mutex;

/// Hashes a handle value with one multiplication (Fibonacci hashing). Handles are
/// pointers or counters, not attacker-chosen keys, and every ClusAPI call checks one:
/// SipHash would be most of the ledger's cost. The map is never iterated for an order
/// (`take_all`'s caller sorts).
#[derive(Default)]
struct HandleHasher(u64);

impl Hasher for HandleHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_usize(&mut self, v: usize) {
        // The high bits of the product are the well-mixed ones; hash tables use the low.
        self.0 = (v as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(32);
    }
}

type HandleMap = HashMap<usize, ObjectKind, BuildHasherDefault<HandleHasher>>;

/// Open handles by raw value.
#[derive(Default)]
pub(crate) struct Ledger {
    open: Mutex<HandleMap>,
}

impl Ledger {
    fn map(&self) -> std::sync::MutexGuard<'_, HandleMap> {
        // A panic while holding the lock leaves the map consistent (every operation is
        // one insert or remove), so a poisoned lock is still usable.
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Records a handle ClusAPI just returned.
    pub(crate) fn add(&self, raw: RawHandle, kind: ObjectKind) -> RawHandle {
        self.map().insert(raw.0, kind);
        raw
    }

    /// A handle-returning call's answer (`h`, NULL on failure): recorded with `kind`, or
    /// the thread's last error.
    pub(crate) fn opened(&self, h: usize, kind: ObjectKind) -> Result<RawHandle> {
        if h == 0 {
            Err(last_error())
        } else {
            Ok(self.add(RawHandle(h), kind))
        }
    }

    /// The value to pass to ClusAPI when `raw` is open with `kind`, else
    /// `ERROR_INVALID_HANDLE`. The one check every call makes on every handle it is given.
    pub(crate) fn check(&self, raw: RawHandle, kind: ObjectKind) -> Result<isize> {
        match self.map().get(&raw.0) {
            Some(k) if *k == kind => Ok(raw.0 as isize),
            _ => Err(Win32Error::ERROR_INVALID_HANDLE),
        }
    }

    /// Removes an open handle of `kind` and gives the value to close, else
    /// `ERROR_INVALID_HANDLE` and nothing changes.
    pub(crate) fn take(&self, raw: RawHandle, kind: ObjectKind) -> Result<isize> {
        let mut map = self.map();
        match map.get(&raw.0) {
            Some(k) if *k == kind => {
                map.remove(&raw.0);
                Ok(raw.0 as isize)
            }
            _ => Err(Win32Error::ERROR_INVALID_HANDLE),
        }
    }

    /// Every open handle, removed from the ledger.
    pub(crate) fn take_all(&self) -> Vec<(RawHandle, ObjectKind)> {
        self.map().drain().map(|(v, k)| (RawHandle(v), k)).collect()
    }

    /// How many handles are open.
    pub(crate) fn len(&self) -> usize {
        self.map().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_handle_is_valid_only_while_open_and_only_as_its_kind() {
        let l = Ledger::default();
        let h = l.add(RawHandle(0x10), ObjectKind::Group);
        assert_eq!(l.check(h, ObjectKind::Group), Ok(0x10));
        assert_eq!(l.check(h, ObjectKind::Resource), Err(Win32Error::ERROR_INVALID_HANDLE));
        assert_eq!(l.check(RawHandle(0), ObjectKind::Group), Err(Win32Error::ERROR_INVALID_HANDLE));
        assert_eq!(l.take(h, ObjectKind::Node), Err(Win32Error::ERROR_INVALID_HANDLE));
        assert_eq!(l.len(), 1);
        assert_eq!(l.take(h, ObjectKind::Group), Ok(0x10));
        assert_eq!(l.take(h, ObjectKind::Group), Err(Win32Error::ERROR_INVALID_HANDLE));
        assert_eq!(l.check(h, ObjectKind::Group), Err(Win32Error::ERROR_INVALID_HANDLE));
        assert_eq!(l.len(), 0);
    }
}
