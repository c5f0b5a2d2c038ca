//! Executing a committed write batch: transactional, current-key rules, the records
//! batch notification ports receive.
//!
//! Guarantees (spec/batches.md):
//! - All or nothing: the batch runs on a copy of the database that replaces it only if
//!   every command succeeded; a failed batch changes nothing and records no effect (B11).
//! - The current key starts at the batch key; `CREATE_KEY` (path relative to the current
//!   key) creates-or-opens and makes it current; `DELETE_KEY` (relative path, recursive)
//!   clears it; a value command (or value condition) while it is cleared fails the batch
//!   with `ERROR_INVALID_PARAMETER` ([MS-CMRP] ApiExecuteBatch). Creating an existing key,
//!   deleting a missing key or a missing value are not errors.
//! - The failing command's number is 0-based; `-1` when the batch failed before any
//!   command ran (B1). The batch's own code is returned (B2).
//! - Executed records: before every `SET_VALUE`/`DELETE_VALUE` whose value had data, a
//!   `CLUSREG_VALUE_DELETED` record with the old type and data; a `DELETE_VALUE` record
//!   itself also carries the deleted type and data (B7). Conditions produce no record.

use crate::cluster::Cluster;
use crate::event::Effect;
use crate::ids::RegKeyId;
use crate::registry::Registry;
use clusim_api::registry::*;
use clusim_api::{BatchCommand, BatchFailure, Win32Error};
use std::cmp::Ordering;
use std::sync::Arc;

/// One record of an executed batch, with the absolute key it applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecRecord {
    /// `CLUSREG_SET_VALUE`, `CREATE_KEY`, `DELETE_KEY`, `DELETE_VALUE` or `VALUE_DELETED`.
    pub command: u32,
    /// Key records: the key created/opened or deleted; value records: the key holding
    /// the value. Path from the root.
    pub key_path: Arc<str>,
    /// Value records: the value name; key records: `""`.
    pub name: Arc<str>,
    /// The value type (value records).
    pub options: u32,
    /// The data (value records).
    pub data: Arc<[u8]>,
}

/// What executing a batch accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BatchOptions {
    /// Accept the condition commands 11–18 (B4; off by default, as SDK-BADD documents).
    pub conditions: bool,
}

/// What running a batch's commands gives: its records and effects, or its failure.
type Outcome = Result<(Vec<ExecRecord>, Vec<Effect>), BatchFailure>;

fn fail(code: Win32Error, index: usize) -> BatchFailure {
    BatchFailure { code, failed_command: index as i32 }
}

/// Compares a stored value with a condition's comparand; `None` when they are not
/// comparable (different types).
fn compare(stored_ty: u32, stored: &[u8], ty: u32, given: &[u8]) -> Option<Ordering> {
    if stored_ty != ty {
        return None;
    }
    Some(match ty {
        REG_DWORD => {
            u32::from_le_bytes(stored.try_into().ok()?).cmp(&u32::from_le_bytes(given.try_into().ok()?))
        }
        REG_QWORD => {
            u64::from_le_bytes(stored.try_into().ok()?).cmp(&u64::from_le_bytes(given.try_into().ok()?))
        }
        REG_SZ | REG_EXPAND_SZ => {
            let units = |b: &[u8]| -> Vec<u16> {
                let v: Vec<u16> = b.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
                let end = v.iter().position(|&u| u == 0).unwrap_or(v.len());
                v[..end].to_vec()
            };
            units(stored).cmp(&units(given))
        }
        _ => stored.cmp(given),
    })
}

impl Cluster {
    /// True for keys the database cannot lose: the root, the object base keys, and every
    /// object's own key (their deletion is `ERROR_ACCESS_DENIED`).
    pub fn is_protected_key(&self, key: RegKeyId) -> bool {
        let Some(k) = self.registry.key(key) else {
            return false;
        };
        if k.parent.is_none()
            || k.parent == Some(self.registry.root())
                && crate::cluster::BASE_KEYS.iter().any(|b| b.eq_ignore_ascii_case(&k.name))
        {
            return true;
        }
        self.registry.is_pinned(key)
    }

    /// True if the key or anything below it is protected (iterative walk).
    pub fn subtree_protected(&self, key: RegKeyId) -> bool {
        let mut all = Vec::new();
        self.registry.post_order(key, &mut all);
        all.into_iter().any(|k| self.is_protected_key(k))
    }

    /// Executes an encoded batch at `key` (see [`Cluster::execute_commands`]); a batch
    /// that does not decode fails before any command with `ERROR_INVALID_DATA`.
    pub fn execute_batch(
        &mut self,
        key: RegKeyId,
        wire: &[u8],
        opts: BatchOptions,
        fx: &mut Vec<Effect>,
    ) -> Result<Vec<ExecRecord>, BatchFailure> {
        let commands = crate::batch_wire::decode(wire)
            .map_err(|_| BatchFailure::before_any(Win32Error::ERROR_INVALID_DATA))?;
        self.execute_commands(key, &commands, opts, fx)
    }

    /// Executes a batch's commands at `key`, in place: on success the effects (REGISTRY_*
    /// events, B12) are appended to `fx` and the executed records are returned; on
    /// failure the undo log puts everything back and nothing is recorded. Costs
    /// O(the commands and the subtrees they delete), whatever the database's size.
    pub fn execute_commands(
        &mut self,
        key: RegKeyId,
        commands: &[BatchCommand],
        opts: BatchOptions,
        fx: &mut Vec<Effect>,
    ) -> Result<Vec<ExecRecord>, BatchFailure> {
        if !self.registry.exists(key) {
            return Err(BatchFailure::before_any(Win32Error::ERROR_KEY_DELETED));
        }
        self.registry.begin();
        match self.run_commands(key, commands, opts) {
            Ok((records, mut local_fx)) => {
                self.registry.commit();
                fx.append(&mut local_fx);
                Ok(records)
            }
            Err(e) => {
                self.registry.rollback();
                Err(e)
            }
        }
    }

    /// Runs the commands; the records and the effects, or the failure.
    fn run_commands(&mut self, key: RegKeyId, commands: &[BatchCommand], opts: BatchOptions) -> Outcome {
        let mut effects = Vec::new();
        let local_fx = &mut effects;
        let mut records = Vec::new();
        let now = self.now;
        let mut current: Option<RegKeyId> = Some(key);
        for (i, c) in commands.iter().enumerate() {
            match c.command {
                CLUSREG_CREATE_KEY => {
                    let from = current.unwrap_or(key);
                    let from = if self.registry.exists(from) {
                        from
                    } else {
                        return Err(fail(Win32Error::ERROR_KEY_DELETED, i));
                    };
                    let (k, _) =
                        self.registry.create_key(from, &c.name, now, local_fx).map_err(|e| fail(e, i))?;
                    let path = self.registry.key(k).expect("just created").path.clone();
                    records.push(ExecRecord {
                        command: c.command,
                        key_path: path,
                        name: Arc::from(""),
                        options: 0,
                        data: Arc::from(&[][..]),
                    });
                    current = Some(k);
                }
                CLUSREG_DELETE_KEY => {
                    let from = current.unwrap_or(key);
                    match self.registry.lookup(from, &c.name) {
                        Ok(k) => {
                            if self.registry.key(k).is_some_and(|x| x.parent.is_none())
                                || self.subtree_protected(k)
                            {
                                return Err(fail(Win32Error::ERROR_ACCESS_DENIED, i));
                            }
                            let path = self.registry.key(k).expect("looked up").path.clone();
                            self.registry.delete_tree(k, now, local_fx).map_err(|e| fail(e, i))?;
                            records.push(ExecRecord {
                                command: c.command,
                                key_path: path,
                                name: Arc::from(""),
                                options: 0,
                                data: Arc::from(&[][..]),
                            });
                        }
                        Err(Win32Error::ERROR_FILE_NOT_FOUND) | Err(Win32Error::ERROR_KEY_DELETED) => {
                            let base = self
                                .registry
                                .key(from)
                                .map(|k| k.path.clone())
                                .unwrap_or_else(|| Arc::from(""));
                            let path: Arc<str> = match (base.is_empty(), c.name.is_empty()) {
                                (_, true) => base,
                                (true, false) => Arc::from(c.name.as_str()),
                                (false, false) => Arc::from(format!("{base}\\{}", c.name)),
                            };
                            records.push(ExecRecord {
                                command: c.command,
                                key_path: path,
                                name: Arc::from(""),
                                options: 0,
                                data: Arc::from(&[][..]),
                            });
                        }
                        Err(e) => return Err(fail(e, i)),
                    }
                    current = None;
                }
                CLUSREG_SET_VALUE | CLUSREG_DELETE_VALUE => {
                    let Some(k) = current.filter(|k| self.registry.exists(*k)) else {
                        return Err(fail(Win32Error::ERROR_INVALID_PARAMETER, i));
                    };
                    let path = self.registry.key(k).expect("exists").path.clone();
                    let name: Arc<str> = Arc::from(c.name.as_str());
                    let old = match c.command {
                        CLUSREG_SET_VALUE => {
                            check_value(c.options, &c.data).map_err(|e| fail(e, i))?;
                            self.registry
                                .set_value(k, &c.name, c.options, c.data.clone(), now, local_fx)
                                .map_err(|e| fail(e, i))?
                        }
                        _ => match self.registry.delete_value(k, &c.name, now, local_fx) {
                            Ok(old) => Some(old),
                            Err(Win32Error::ERROR_FILE_NOT_FOUND) => None,
                            Err(e) => return Err(fail(e, i)),
                        },
                    };
                    if let Some(old) = &old {
                        records.push(ExecRecord {
                            command: CLUSREG_VALUE_DELETED,
                            key_path: path.clone(),
                            name: name.clone(),
                            options: old.ty,
                            data: Arc::from(old.data.as_slice()),
                        });
                    }
                    let (options, data): (u32, Arc<[u8]>) = match (c.command, &old) {
                        (CLUSREG_SET_VALUE, _) => (c.options, Arc::from(c.data.as_slice())),
                        (_, Some(old)) => (old.ty, Arc::from(old.data.as_slice())),
                        (_, None) => (REG_NONE, Arc::from(&[][..])),
                    };
                    records.push(ExecRecord { command: c.command, key_path: path, name, options, data });
                }
                CLUSREG_CONDITION_EXISTS..=CLUSREG_CONDITION_KEY_NOT_EXISTS if opts.conditions => {
                    let Some(k) = current.filter(|k| self.registry.exists(*k)) else {
                        return Err(fail(Win32Error::ERROR_INVALID_PARAMETER, i));
                    };
                    let holds = match c.command {
                        CLUSREG_CONDITION_KEY_EXISTS => self.registry.lookup(k, &c.name).is_ok(),
                        CLUSREG_CONDITION_KEY_NOT_EXISTS => self.registry.lookup(k, &c.name).is_err(),
                        _ => {
                            let v = self.registry.value(k, &c.name).ok();
                            match c.command {
                                CLUSREG_CONDITION_EXISTS => v.is_some(),
                                CLUSREG_CONDITION_NOT_EXISTS => v.is_none(),
                                CLUSREG_CONDITION_IS_EQUAL => {
                                    v.is_some_and(|v| v.ty == c.options && v.data == c.data)
                                }
                                CLUSREG_CONDITION_IS_NOT_EQUAL => {
                                    !v.is_some_and(|v| v.ty == c.options && v.data == c.data)
                                }
                                CLUSREG_CONDITION_IS_GREATER_THAN => {
                                    v.and_then(|v| compare(v.ty, &v.data, c.options, &c.data))
                                        == Some(Ordering::Greater)
                                }
                                _ => {
                                    v.and_then(|v| compare(v.ty, &v.data, c.options, &c.data))
                                        == Some(Ordering::Less)
                                }
                            }
                        }
                    };
                    if !holds {
                        return Err(fail(Win32Error::ERROR_CLUSTER_DATABASE_SEQMISMATCH, i));
                    }
                }
                _ => return Err(fail(Win32Error::ERROR_INVALID_FUNCTION, i)),
            }
        }
        Ok((records, effects))
    }

    /// Validates one command for `ClusterRegBatchAddCommand` (spec/batches.md BATCH-ADD).
    pub fn validate_batch_command(c: &BatchCommand, opts: BatchOptions) -> Result<(), Win32Error> {
        let key_path = |p: &str| Registry::split_path(p).map(|_| ());
        let value_name = |n: &str| {
            if n.contains('\0') || n.encode_utf16().count() > crate::registry::MAX_VALUE_NAME_LEN {
                Err(Win32Error::ERROR_INVALID_PARAMETER)
            } else {
                Ok(())
            }
        };
        let no_payload = |c: &BatchCommand| {
            if c.options == 0 && c.data.is_empty() {
                Ok(())
            } else {
                Err(Win32Error::ERROR_INVALID_PARAMETER)
            }
        };
        match c.command {
            CLUSREG_SET_VALUE => {
                value_name(&c.name)?;
                check_value(c.options, &c.data)
            }
            CLUSREG_CREATE_KEY | CLUSREG_DELETE_KEY => {
                key_path(&c.name)?;
                no_payload(c)
            }
            CLUSREG_DELETE_VALUE => {
                value_name(&c.name)?;
                no_payload(c)
            }
            CLUSREG_CONDITION_EXISTS | CLUSREG_CONDITION_NOT_EXISTS if opts.conditions => {
                value_name(&c.name)?;
                no_payload(c)
            }
            CLUSREG_CONDITION_IS_EQUAL..=CLUSREG_CONDITION_IS_LESS_THAN if opts.conditions => {
                value_name(&c.name)?;
                check_value(c.options, &c.data)
            }
            CLUSREG_CONDITION_KEY_EXISTS | CLUSREG_CONDITION_KEY_NOT_EXISTS if opts.conditions => {
                key_path(&c.name)?;
                no_payload(c)
            }
            _ => Err(Win32Error::ERROR_INVALID_FUNCTION),
        }
    }
}
