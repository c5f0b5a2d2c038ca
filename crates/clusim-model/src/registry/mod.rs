//! The cluster database: a tree of keys holding typed values.
//!
//! Guarantees:
//! - Subkeys enumerate in case-insensitive name order; values in the order they were
//!   first created.
//! - Every mutation records its [`Effect`]s (`REGISTRY_NAME` for a key created or
//!   deleted, `REGISTRY_VALUE` for a value set or deleted, `REGISTRY_ATTRIBUTES` for a
//!   security change), named by the changed key's path from the root (`""` = root).
//! - A failing call changes nothing and records nothing.
//!
//! Object properties live here too (see [`crate::cluster`]), so the object API and the
//! registry API always agree.

use crate::event::Effect;
use crate::ids::RegKeyId;
use crate::names::NameKey;
use clusim_api::{ChangeFlags, FileTime, KeyInfo, ObjectKind, Result, Win32Error};
use slotmap::SlotMap;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

mod undo;

/// FILETIME of the simulator's time zero: 2026-01-01T00:00:00Z.
pub const EPOCH_FILETIME: u64 = 134_116_992_000_000_000;

/// The FILETIME of a simulator clock reading.
pub fn filetime(at: Duration) -> FileTime {
    FileTime(EPOCH_FILETIME + (at.as_nanos() / 100) as u64)
}

/// The security descriptor a new key gets: a minimal self-relative descriptor
/// (revision 1, `SE_SELF_RELATIVE`, no owner, group or ACLs).
pub const DEFAULT_SECURITY: [u8; 20] = [1, 0, 0x00, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

/// Checks a self-relative security descriptor and returns its length as its contents
/// give it (`RtlLengthSecurityDescriptor`: the header and the farthest owner, group, SACL
/// or DACL); bytes after that are not part of it. Anything implausible is
/// `ERROR_INVALID_SECURITY_DESCR` (spec/registry.md REG-SECURITY).
pub fn check_security(sd: &[u8]) -> Result<usize> {
    clusim_api::registry::self_relative_sd_len_in(sd)
}

/// Longest key-name component accepted (the Win32 registry limit).
pub const MAX_KEY_NAME_LEN: usize = 255;
/// Longest value name accepted (the Win32 registry limit).
pub const MAX_VALUE_NAME_LEN: usize = 16383;
/// Deepest key accepted, in levels below the database root ("Registry element size
/// limits": a tree can be 512 levels deep; spec/registry.md REG-LIMITS).
pub const MAX_KEY_DEPTH: usize = 512;
/// Most keys one create call may add ("up to 32 levels at a time through a single
/// registry API call"; spec/registry.md REG-LIMITS).
pub const MAX_LEVELS_PER_CREATE: usize = 32;

/// One value: name, registry type and raw bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegValue {
    /// The name as first written (`""` is the default value).
    pub name: Arc<str>,
    /// The `REG_*` type.
    pub ty: u32,
    /// The data bytes.
    pub data: Vec<u8>,
}

/// One key.
#[derive(Debug, Clone)]
pub struct RegKey {
    /// The last path component as spelled at creation (`""` for the root).
    pub name: Arc<str>,
    /// The path from the root, `\`-separated (`""` for the root).
    pub path: Arc<str>,
    /// The parent key (`None` for the root).
    pub parent: Option<RegKeyId>,
    /// Subkeys by case-insensitive name.
    pub subkeys: BTreeMap<NameKey, RegKeyId>,
    /// Values in creation order.
    pub values: Vec<RegValue>,
    /// The position of each value in `values`, by case-insensitive name: lookups are
    /// O(log n), so a batch of n value commands on one key costs O(n log n), not O(n²).
    value_index: BTreeMap<NameKey, usize>,
    /// The self-relative security descriptor bytes.
    pub security: Vec<u8>,
    /// Last write time on the simulator clock.
    pub last_write: Duration,
    /// Deleted by the running write batch, not yet committed: invisible to every lookup.
    detached: bool,
    /// An object's own key (REG-DELETE protects it).
    pinned: bool,
}

/// The tree.
#[derive(Debug, Clone)]
pub struct Registry {
    keys: SlotMap<RegKeyId, RegKey>,
    root: RegKeyId,
    /// The undo log of the running write batch (see [`Registry::begin`]).
    undo: Option<Vec<undo::Undo>>,
    /// Whether V2 events are recorded too (`Cluster::enable_v2_events`).
    pub(crate) v2_events: bool,
}

impl Default for Registry {
    fn default() -> Self {
        Registry::new()
    }
}

/// One registry change: the V1 event, then (with `v2`) its V2 event (`crate::emit`).
fn name_event(fx: &mut Vec<Effect>, v2: bool, change: ChangeFlags, path: &Arc<str>, value: &str) {
    fx.push(Effect::event(change, ObjectKind::Key, path));
    if v2 {
        crate::emit::registry_v2(fx, change, path, value);
    }
}

impl Registry {
    /// An empty database with only the root key.
    pub fn new() -> Registry {
        let mut keys = SlotMap::with_key();
        let root = keys.insert(RegKey {
            name: Arc::from(""),
            path: Arc::from(""),
            parent: None,
            subkeys: BTreeMap::new(),
            values: Vec::new(),
            value_index: BTreeMap::new(),
            security: DEFAULT_SECURITY.to_vec(),
            last_write: Duration::ZERO,
            detached: false,
            pinned: false,
        });
        Registry { keys, root, undo: None, v2_events: false }
    }

    /// The root key.
    pub fn root(&self) -> RegKeyId {
        self.root
    }

    /// A key by id (`None` once deleted, or deleted by the running batch).
    pub fn key(&self, id: RegKeyId) -> Option<&RegKey> {
        self.keys.get(id).filter(|k| !k.detached)
    }

    fn key_mut(&mut self, id: RegKeyId) -> Option<&mut RegKey> {
        self.keys.get_mut(id).filter(|k| !k.detached)
    }

    /// True while the key exists.
    pub fn exists(&self, id: RegKeyId) -> bool {
        self.key(id).is_some()
    }

    /// True for an object's own key (marked with [`Registry::pin`]).
    pub fn is_pinned(&self, id: RegKeyId) -> bool {
        self.key(id).is_some_and(|k| k.pinned)
    }

    /// Marks an object's own key; it goes away with the key.
    pub fn pin(&mut self, id: RegKeyId) {
        if let Some(k) = self.key_mut(id) {
            k.pinned = true;
        }
    }

    /// Levels below the root (the root is 0). Bounded by [`MAX_KEY_DEPTH`].
    pub fn depth(&self, id: RegKeyId) -> usize {
        let mut n = 0;
        let mut cur = self.keys.get(id).and_then(|k| k.parent);
        while let Some(p) = cur {
            n += 1;
            cur = self.keys[p].parent;
        }
        n
    }

    /// Splits and validates a relative path: components separated by `\`, none empty,
    /// none longer than [`MAX_KEY_NAME_LEN`], no NUL, no leading `\`.
    pub fn split_path(path: &str) -> Result<Vec<&str>> {
        if path.is_empty() {
            return Ok(Vec::new());
        }
        if path.starts_with('\\') || path.contains('\0') {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        let parts: Vec<&str> = path.trim_end_matches('\\').split('\\').collect();
        for p in &parts {
            if p.is_empty() || p.encode_utf16().count() > MAX_KEY_NAME_LEN {
                return Err(Win32Error::ERROR_INVALID_PARAMETER);
            }
        }
        Ok(parts)
    }

    /// Opens `path` below `from`; `ERROR_FILE_NOT_FOUND` if a component is missing.
    pub fn lookup(&self, from: RegKeyId, path: &str) -> Result<RegKeyId> {
        let mut cur = from;
        self.key(cur).ok_or(Win32Error::ERROR_KEY_DELETED)?;
        for part in Registry::split_path(path)? {
            let k = &self.keys[cur];
            cur = *k.subkeys.get(&NameKey::of(part)).ok_or(Win32Error::ERROR_FILE_NOT_FOUND)?;
        }
        Ok(cur)
    }

    /// Creates `path` below `from` (with every missing intermediate key) or opens it.
    /// Returns the key and whether the last component was created. More than
    /// [`MAX_LEVELS_PER_CREATE`] missing keys, or a key deeper than [`MAX_KEY_DEPTH`]:
    /// `ERROR_INVALID_PARAMETER`, nothing created (REG-LIMITS).
    pub fn create_key(
        &mut self,
        from: RegKeyId,
        path: &str,
        now: Duration,
        fx: &mut Vec<Effect>,
    ) -> Result<(RegKeyId, bool)> {
        if !self.exists(from) {
            return Err(Win32Error::ERROR_KEY_DELETED);
        }
        let parts = Registry::split_path(path)?;
        let mut cur = from;
        let mut existing = 0;
        while let Some(&next) = parts.get(existing).and_then(|p| self.keys[cur].subkeys.get(&NameKey::of(p)))
        {
            cur = next;
            existing += 1;
        }
        if existing == parts.len() {
            return Ok((cur, false));
        }
        let missing = parts.len() - existing;
        if missing > MAX_LEVELS_PER_CREATE || self.depth(cur) + missing > MAX_KEY_DEPTH {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        for &part in &parts[existing..] {
            let nk = NameKey::of(part);
            let parent_path = self.keys[cur].path.clone();
            let path: Arc<str> = if parent_path.is_empty() {
                Arc::from(part)
            } else {
                Arc::from(format!("{parent_path}\\{part}"))
            };
            let id = self.keys.insert(RegKey {
                name: Arc::from(part),
                path: path.clone(),
                parent: Some(cur),
                subkeys: BTreeMap::new(),
                values: Vec::new(),
                value_index: BTreeMap::new(),
                security: DEFAULT_SECURITY.to_vec(),
                last_write: now,
                detached: false,
                pinned: false,
            });
            self.log(undo::Undo::KeyCreated(id));
            self.touch(cur, now);
            self.keys[cur].subkeys.insert(nk, id);
            name_event(fx, self.v2_events, ChangeFlags::REGISTRY_NAME, &path, "");
            cur = id;
        }
        Ok((cur, true))
    }

    /// Deletes a key that has no subkeys (`ClusterRegDeleteKey`): a key with subkeys is
    /// refused with `ERROR_ACCESS_DENIED` (B15); the root cannot be deleted.
    pub fn delete_leaf(&mut self, id: RegKeyId, now: Duration, fx: &mut Vec<Effect>) -> Result<()> {
        let key = self.key(id).ok_or(Win32Error::ERROR_KEY_DELETED)?;
        if key.parent.is_none() {
            return Err(Win32Error::ERROR_ACCESS_DENIED);
        }
        if !key.subkeys.is_empty() {
            return Err(Win32Error::ERROR_ACCESS_DENIED);
        }
        self.delete_tree(id, now, fx)
    }

    /// Deletes a key and everything below it, deepest first, one `REGISTRY_NAME` per key.
    /// Iterative: the depth of the tree costs no stack. Inside a write batch the subtree
    /// is only detached, and removed when the batch commits.
    pub fn delete_tree(&mut self, id: RegKeyId, now: Duration, fx: &mut Vec<Effect>) -> Result<()> {
        let key = self.key(id).ok_or(Win32Error::ERROR_KEY_DELETED)?;
        let Some(parent) = key.parent else {
            return Err(Win32Error::ERROR_ACCESS_DENIED);
        };
        let mut order = Vec::new();
        self.post_order(id, &mut order);
        for &k in &order {
            name_event(fx, self.v2_events, ChangeFlags::REGISTRY_NAME, &self.keys[k].path, "");
        }
        let nk = NameKey::of(&self.keys[id].name);
        self.touch(parent, now);
        self.keys[parent].subkeys.remove(&nk);
        if self.undo.is_some() {
            for &k in &order {
                self.keys[k].detached = true;
            }
            self.log(undo::Undo::KeyDetached(id));
        } else {
            for k in order {
                self.keys.remove(k);
            }
        }
        Ok(())
    }

    /// Every key at and below `id`, children before parents (subkeys in name order).
    /// Iterative: the depth of the tree costs no stack.
    pub fn post_order(&self, id: RegKeyId, out: &mut Vec<RegKeyId>) {
        let start = out.len();
        let mut stack = Vec::new();
        if self.exists(id) {
            stack.push(id);
        }
        // Node first, children pushed left to right (so visited right to left): the
        // reverse of that pre-order is the post-order with children left to right.
        while let Some(k) = stack.pop() {
            out.push(k);
            stack.extend(self.keys[k].subkeys.values().copied());
        }
        out[start..].reverse();
    }

    /// Sets a key's last-write time, logging the old one inside a batch.
    fn touch(&mut self, id: RegKeyId, now: Duration) {
        let prev = std::mem::replace(&mut self.keys[id].last_write, now);
        self.log(undo::Undo::LastWrite(id, prev));
    }

    /// A value by name.
    pub fn value(&self, id: RegKeyId, name: &str) -> Result<&RegValue> {
        let key = self.key(id).ok_or(Win32Error::ERROR_KEY_DELETED)?;
        let &i = key.value_index.get(&NameKey::of(name)).ok_or(Win32Error::ERROR_FILE_NOT_FOUND)?;
        Ok(&key.values[i])
    }

    /// Sets (creates or replaces) a value; one `REGISTRY_VALUE`. Returns the old value.
    pub fn set_value(
        &mut self,
        id: RegKeyId,
        name: &str,
        ty: u32,
        data: Vec<u8>,
        now: Duration,
        fx: &mut Vec<Effect>,
    ) -> Result<Option<RegValue>> {
        if name.contains('\0') || name.encode_utf16().count() > MAX_VALUE_NAME_LEN {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        clusim_api::registry::check_value(ty, &data)?;
        let (logging, v2) = (self.undo.is_some(), self.v2_events);
        let key = self.key_mut(id).ok_or(Win32Error::ERROR_KEY_DELETED)?;
        let nk = NameKey::of(name);
        let new = RegValue { name: Arc::from(name), ty, data };
        let (old, undo) = match key.value_index.get(&nk) {
            Some(&i) => {
                let slot = &mut key.values[i];
                let name = slot.name.clone();
                let old = std::mem::replace(slot, new);
                slot.name = name;
                let undo = logging.then(|| undo::Undo::ValueReplaced(id, i, old.clone()));
                (Some(old), undo)
            }
            None => {
                key.value_index.insert(nk, key.values.len());
                key.values.push(new);
                (None, Some(undo::Undo::ValueAdded(id)))
            }
        };
        name_event(fx, v2, ChangeFlags::REGISTRY_VALUE, &key.path.clone(), name);
        if let Some(u) = undo {
            self.log(u);
        }
        self.touch(id, now);
        Ok(old)
    }

    /// Deletes a value (`ERROR_FILE_NOT_FOUND` if absent); one `REGISTRY_VALUE`.
    pub fn delete_value(
        &mut self,
        id: RegKeyId,
        name: &str,
        now: Duration,
        fx: &mut Vec<Effect>,
    ) -> Result<RegValue> {
        let (logging, v2) = (self.undo.is_some(), self.v2_events);
        let key = self.key_mut(id).ok_or(Win32Error::ERROR_KEY_DELETED)?;
        let pos = key.value_index.remove(&NameKey::of(name)).ok_or(Win32Error::ERROR_FILE_NOT_FOUND)?;
        let old = key.values.remove(pos);
        for i in key.value_index.values_mut() {
            if *i > pos {
                *i -= 1;
            }
        }
        name_event(fx, v2, ChangeFlags::REGISTRY_VALUE, &key.path.clone(), name);
        if logging {
            self.log(undo::Undo::ValueDeleted(id, pos, old.clone()));
        }
        self.touch(id, now);
        Ok(old)
    }

    /// Replaces the security descriptor; one `REGISTRY_ATTRIBUTES`.
    pub fn set_security(
        &mut self,
        id: RegKeyId,
        descriptor: Vec<u8>,
        now: Duration,
        fx: &mut Vec<Effect>,
    ) -> Result<()> {
        let len = check_security(&descriptor)?;
        let v2 = self.v2_events;
        let key = self.key_mut(id).ok_or(Win32Error::ERROR_KEY_DELETED)?;
        let mut descriptor = descriptor;
        descriptor.truncate(len);
        let prev = std::mem::replace(&mut key.security, descriptor);
        name_event(fx, v2, ChangeFlags::REGISTRY_ATTRIBUTES, &key.path.clone(), "");
        self.log(undo::Undo::Security(id, prev));
        self.touch(id, now);
        Ok(())
    }

    /// The `index`-th subkey (case-insensitive name order); `ERROR_NO_MORE_ITEMS` past
    /// the end.
    pub fn enum_key(&self, id: RegKeyId, index: u32) -> Result<(Arc<str>, FileTime)> {
        let key = self.key(id).ok_or(Win32Error::ERROR_KEY_DELETED)?;
        let sub = key.subkeys.values().nth(index as usize).ok_or(Win32Error::ERROR_NO_MORE_ITEMS)?;
        let s = &self.keys[*sub];
        Ok((s.name.clone(), filetime(s.last_write)))
    }

    /// The `index`-th value (creation order); `ERROR_NO_MORE_ITEMS` past the end.
    pub fn enum_value(&self, id: RegKeyId, index: u32) -> Result<&RegValue> {
        let key = self.key(id).ok_or(Win32Error::ERROR_KEY_DELETED)?;
        key.values.get(index as usize).ok_or(Win32Error::ERROR_NO_MORE_ITEMS)
    }

    /// `ClusterRegQueryInfoKey`.
    pub fn info(&self, id: RegKeyId) -> Result<KeyInfo> {
        let key = self.key(id).ok_or(Win32Error::ERROR_KEY_DELETED)?;
        let len16 = |s: &str| s.encode_utf16().count() as u32;
        Ok(KeyInfo {
            subkeys: key.subkeys.len() as u32,
            max_subkey_len: key.subkeys.values().map(|k| len16(&self.keys[*k].name)).max().unwrap_or(0),
            values: key.values.len() as u32,
            max_value_name_len: key.values.iter().map(|v| len16(&v.name)).max().unwrap_or(0),
            max_value_len: key.values.iter().map(|v| v.data.len() as u32).max().unwrap_or(0),
            security_descriptor_len: key.security.len() as u32,
            last_write: filetime(key.last_write),
        })
    }

    /// Number of keys, root included.
    pub fn key_count(&self) -> usize {
        self.keys.len()
    }
}

#[cfg(test)]
mod tests;
