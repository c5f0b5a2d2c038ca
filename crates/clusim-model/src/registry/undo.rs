//! The undo log of a write batch: the batch changes the database in place and, when a
//! command fails, the log puts back exactly what the batch changed (spec/batches.md
//! BATCH-ATOMIC). Its cost is that of the batch's commands, never that of the database.
//!
//! Guarantees:
//! - [`Registry::rollback`] restores every key, value, value position, security
//!   descriptor and last-write time the batch touched, and keeps every key id that
//!   existed before the batch valid (a deleted subtree is only detached until
//!   [`Registry::commit`]).
//! - Outside a batch nothing is logged.

use super::{RegValue, Registry};
use crate::ids::RegKeyId;
use crate::names::NameKey;
use std::time::Duration;

/// One change the running batch made, with what undoes it.
#[derive(Debug, Clone)]
pub(super) enum Undo {
    /// A key was created: remove it.
    KeyCreated(RegKeyId),
    /// A subtree was detached from its parent: re-attach it.
    KeyDetached(RegKeyId),
    /// A key's last-write time was replaced: the old one.
    LastWrite(RegKeyId, Duration),
    /// A value was appended: drop the last value.
    ValueAdded(RegKeyId),
    /// The value at this position was replaced: the old one.
    ValueReplaced(RegKeyId, usize, RegValue),
    /// The value at this position was deleted: put it back there.
    ValueDeleted(RegKeyId, usize, RegValue),
    /// The security descriptor was replaced: the old one.
    Security(RegKeyId, Vec<u8>),
}

impl Registry {
    /// Starts logging for a write batch (the simulator runs batches under the cluster
    /// lock, one at a time).
    pub fn begin(&mut self) {
        debug_assert!(self.undo.is_none(), "one write batch at a time");
        self.undo = Some(Vec::new());
    }

    /// Ends the batch, keeping its changes: the subtrees it deleted are removed.
    pub fn commit(&mut self) {
        for u in self.undo.take().unwrap_or_default() {
            if let Undo::KeyDetached(top) = u {
                let mut order = Vec::new();
                self.subtree(top, &mut order);
                for k in order {
                    self.keys.remove(k);
                }
            }
        }
    }

    /// Ends the batch, undoing every change it made, last first.
    pub fn rollback(&mut self) {
        let log = self.undo.take().unwrap_or_default();
        for u in log.into_iter().rev() {
            match u {
                Undo::KeyCreated(id) => {
                    let key = self.keys.remove(id).expect("created by this batch");
                    let parent = key.parent.expect("created keys have a parent");
                    self.keys[parent].subkeys.remove(&NameKey::of(&key.name));
                }
                Undo::KeyDetached(top) => {
                    let mut order = Vec::new();
                    self.subtree(top, &mut order);
                    for &k in &order {
                        self.keys[k].detached = false;
                    }
                    let key = &self.keys[top];
                    let (nk, parent) = (NameKey::of(&key.name), key.parent.expect("never the root"));
                    self.keys[parent].subkeys.insert(nk, top);
                }
                Undo::LastWrite(id, prev) => self.keys[id].last_write = prev,
                Undo::ValueAdded(id) => {
                    let key = &mut self.keys[id];
                    let v = key.values.pop().expect("appended by this batch");
                    key.value_index.remove(&NameKey::of(&v.name));
                }
                Undo::ValueReplaced(id, pos, old) => self.keys[id].values[pos] = old,
                Undo::ValueDeleted(id, pos, old) => {
                    let key = &mut self.keys[id];
                    for i in key.value_index.values_mut() {
                        if *i >= pos {
                            *i += 1;
                        }
                    }
                    key.value_index.insert(NameKey::of(&old.name), pos);
                    key.values.insert(pos, old);
                }
                Undo::Security(id, prev) => self.keys[id].security = prev,
            }
        }
    }

    /// Records a change while a batch runs.
    pub(super) fn log(&mut self, u: Undo) {
        if let Some(log) = self.undo.as_mut() {
            log.push(u);
        }
    }

    /// Every key at and below `top`, detached or not (iterative).
    fn subtree(&self, top: RegKeyId, out: &mut Vec<RegKeyId>) {
        let mut stack = vec![top];
        while let Some(k) = stack.pop() {
            out.push(k);
            stack.extend(self.keys[k].subkeys.values().copied());
        }
    }
}
