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
}

/// The tree.
#[derive(Debug, Clone)]
pub struct Registry {
    keys: SlotMap<RegKeyId, RegKey>,
    root: RegKeyId,
}

impl Default for Registry {
    fn default() -> Self {
        Registry::new()
    }
}

fn name_event(fx: &mut Vec<Effect>, change: ChangeFlags, path: &Arc<str>) {
    fx.push(Effect::event(change, ObjectKind::Key, path));
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
        });
        Registry { keys, root }
    }

    /// The root key.
    pub fn root(&self) -> RegKeyId {
        self.root
    }

    /// A key by id (`None` once deleted).
    pub fn key(&self, id: RegKeyId) -> Option<&RegKey> {
        self.keys.get(id)
    }

    /// True while the key exists.
    pub fn exists(&self, id: RegKeyId) -> bool {
        self.keys.contains_key(id)
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
        let key = self.keys.get(cur).ok_or(Win32Error::ERROR_KEY_DELETED)?;
        let _ = key;
        for part in Registry::split_path(path)? {
            let k = &self.keys[cur];
            cur = *k.subkeys.get(&NameKey::of(part)).ok_or(Win32Error::ERROR_FILE_NOT_FOUND)?;
        }
        Ok(cur)
    }

    /// Creates `path` below `from` (with every missing intermediate key) or opens it.
    /// Returns the key and whether the last component was created.
    pub fn create_key(
        &mut self,
        from: RegKeyId,
        path: &str,
        now: Duration,
        fx: &mut Vec<Effect>,
    ) -> Result<(RegKeyId, bool)> {
        if !self.keys.contains_key(from) {
            return Err(Win32Error::ERROR_KEY_DELETED);
        }
        let parts = Registry::split_path(path)?;
        let mut cur = from;
        let mut created = false;
        for part in parts {
            let nk = NameKey::of(part);
            if let Some(&next) = self.keys[cur].subkeys.get(&nk) {
                cur = next;
                created = false;
                continue;
            }
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
            });
            let parent = &mut self.keys[cur];
            parent.subkeys.insert(nk, id);
            parent.last_write = now;
            name_event(fx, ChangeFlags::REGISTRY_NAME, &path);
            cur = id;
            created = true;
        }
        Ok((cur, created))
    }

    /// Deletes a key that has no subkeys (`ClusterRegDeleteKey`): a key with subkeys is
    /// refused with `ERROR_ACCESS_DENIED` (B15); the root cannot be deleted.
    pub fn delete_leaf(&mut self, id: RegKeyId, now: Duration, fx: &mut Vec<Effect>) -> Result<()> {
        let key = self.keys.get(id).ok_or(Win32Error::ERROR_KEY_DELETED)?;
        if key.parent.is_none() {
            return Err(Win32Error::ERROR_ACCESS_DENIED);
        }
        if !key.subkeys.is_empty() {
            return Err(Win32Error::ERROR_ACCESS_DENIED);
        }
        self.remove_one(id, now, fx);
        Ok(())
    }

    /// Deletes a key and everything below it, deepest first, one `REGISTRY_NAME` per key.
    pub fn delete_tree(&mut self, id: RegKeyId, now: Duration, fx: &mut Vec<Effect>) -> Result<()> {
        let key = self.keys.get(id).ok_or(Win32Error::ERROR_KEY_DELETED)?;
        if key.parent.is_none() {
            return Err(Win32Error::ERROR_ACCESS_DENIED);
        }
        let mut order = Vec::new();
        self.post_order(id, &mut order);
        for k in order {
            self.remove_one(k, now, fx);
        }
        Ok(())
    }

    /// Every key at and below `id`, children before parents.
    pub fn post_order(&self, id: RegKeyId, out: &mut Vec<RegKeyId>) {
        if let Some(k) = self.keys.get(id) {
            for &child in k.subkeys.values() {
                self.post_order(child, out);
            }
            out.push(id);
        }
    }

    fn remove_one(&mut self, id: RegKeyId, now: Duration, fx: &mut Vec<Effect>) {
        let key = self.keys.remove(id).expect("caller checked existence");
        if let Some(p) = key.parent.and_then(|p| self.keys.get_mut(p)) {
            p.subkeys.remove(&NameKey::of(&key.name));
            p.last_write = now;
        }
        name_event(fx, ChangeFlags::REGISTRY_NAME, &key.path);
    }

    /// A value by name.
    pub fn value(&self, id: RegKeyId, name: &str) -> Result<&RegValue> {
        let key = self.keys.get(id).ok_or(Win32Error::ERROR_KEY_DELETED)?;
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
        let key = self.keys.get_mut(id).ok_or(Win32Error::ERROR_KEY_DELETED)?;
        let nk = NameKey::of(name);
        let new = RegValue { name: Arc::from(name), ty, data };
        let old = match key.value_index.get(&nk) {
            Some(&i) => {
                let slot = &mut key.values[i];
                let name = slot.name.clone();
                let old = std::mem::replace(slot, new);
                slot.name = name;
                Some(old)
            }
            None => {
                key.value_index.insert(nk, key.values.len());
                key.values.push(new);
                None
            }
        };
        key.last_write = now;
        name_event(fx, ChangeFlags::REGISTRY_VALUE, &key.path.clone());
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
        let key = self.keys.get_mut(id).ok_or(Win32Error::ERROR_KEY_DELETED)?;
        let pos = key.value_index.remove(&NameKey::of(name)).ok_or(Win32Error::ERROR_FILE_NOT_FOUND)?;
        let old = key.values.remove(pos);
        for i in key.value_index.values_mut() {
            if *i > pos {
                *i -= 1;
            }
        }
        key.last_write = now;
        name_event(fx, ChangeFlags::REGISTRY_VALUE, &key.path.clone());
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
        let key = self.keys.get_mut(id).ok_or(Win32Error::ERROR_KEY_DELETED)?;
        let mut descriptor = descriptor;
        descriptor.truncate(len);
        key.security = descriptor;
        key.last_write = now;
        name_event(fx, ChangeFlags::REGISTRY_ATTRIBUTES, &key.path.clone());
        Ok(())
    }

    /// The `index`-th subkey (case-insensitive name order); `ERROR_NO_MORE_ITEMS` past
    /// the end.
    pub fn enum_key(&self, id: RegKeyId, index: u32) -> Result<(Arc<str>, FileTime)> {
        let key = self.keys.get(id).ok_or(Win32Error::ERROR_KEY_DELETED)?;
        let sub = key.subkeys.values().nth(index as usize).ok_or(Win32Error::ERROR_NO_MORE_ITEMS)?;
        let s = &self.keys[*sub];
        Ok((s.name.clone(), filetime(s.last_write)))
    }

    /// The `index`-th value (creation order); `ERROR_NO_MORE_ITEMS` past the end.
    pub fn enum_value(&self, id: RegKeyId, index: u32) -> Result<&RegValue> {
        let key = self.keys.get(id).ok_or(Win32Error::ERROR_KEY_DELETED)?;
        key.values.get(index as usize).ok_or(Win32Error::ERROR_NO_MORE_ITEMS)
    }

    /// `ClusterRegQueryInfoKey`.
    pub fn info(&self, id: RegKeyId) -> Result<KeyInfo> {
        let key = self.keys.get(id).ok_or(Win32Error::ERROR_KEY_DELETED)?;
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
mod tests {
    use super::*;

    fn names(fx: &[Effect]) -> Vec<(u32, String)> {
        fx.iter().filter_map(|e| e.as_event()).map(|e| (e.change.bits(), e.name.to_string())).collect()
    }

    #[test]
    fn create_makes_intermediate_keys_with_one_event_each() {
        let mut r = Registry::new();
        let mut fx = Vec::new();
        let (k, created) = r.create_key(r.root(), "a\\b\\c", Duration::ZERO, &mut fx).unwrap();
        assert!(created);
        assert_eq!(&*r.key(k).unwrap().path, "a\\b\\c");
        assert_eq!(names(&fx), vec![(0x10, "a".into()), (0x10, "a\\b".into()), (0x10, "a\\b\\c".into())]);
        fx.clear();
        let (k2, created) = r.create_key(r.root(), "A\\B\\C", Duration::ZERO, &mut fx).unwrap();
        assert_eq!((k2, created), (k, false));
        assert!(fx.is_empty());
    }

    #[test]
    fn leaf_delete_refuses_keys_with_subkeys_and_changes_nothing() {
        let mut r = Registry::new();
        let mut fx = Vec::new();
        let (a, _) = r.create_key(r.root(), "a\\b", Duration::ZERO, &mut fx).unwrap();
        let parent = r.lookup(r.root(), "a").unwrap();
        fx.clear();
        assert_eq!(r.delete_leaf(parent, Duration::ZERO, &mut fx), Err(Win32Error::ERROR_ACCESS_DENIED));
        assert!(fx.is_empty());
        r.delete_leaf(a, Duration::ZERO, &mut fx).unwrap();
        assert_eq!(r.lookup(r.root(), "a\\b"), Err(Win32Error::ERROR_FILE_NOT_FOUND));
    }

    #[test]
    fn tree_delete_is_deepest_first() {
        let mut r = Registry::new();
        let mut fx = Vec::new();
        r.create_key(r.root(), "a\\b", Duration::ZERO, &mut fx).unwrap();
        r.create_key(r.root(), "a\\c", Duration::ZERO, &mut fx).unwrap();
        let a = r.lookup(r.root(), "a").unwrap();
        fx.clear();
        r.delete_tree(a, Duration::ZERO, &mut fx).unwrap();
        assert_eq!(names(&fx), vec![(0x10, "a\\b".into()), (0x10, "a\\c".into()), (0x10, "a".into())]);
        assert_eq!(r.key_count(), 1);
    }

    #[test]
    fn values_keep_first_spelling_and_order() {
        let mut r = Registry::new();
        let mut fx = Vec::new();
        let root = r.root();
        r.set_value(root, "Zed", 4, vec![1, 0, 0, 0], Duration::ZERO, &mut fx).unwrap();
        r.set_value(root, "alpha", 4, vec![2, 0, 0, 0], Duration::ZERO, &mut fx).unwrap();
        let old = r.set_value(root, "ZED", 4, vec![3, 0, 0, 0], Duration::ZERO, &mut fx).unwrap();
        assert_eq!(old.unwrap().data, vec![1, 0, 0, 0]);
        let key = r.key(root).unwrap();
        assert_eq!(&*key.values[0].name, "Zed");
        assert_eq!(key.values[0].data, vec![3, 0, 0, 0]);
        assert_eq!(
            r.delete_value(root, "nope", Duration::ZERO, &mut fx),
            Err(Win32Error::ERROR_FILE_NOT_FOUND)
        );
    }

    #[test]
    fn value_lookups_follow_deletes_and_case() {
        let mut r = Registry::new();
        let mut fx = Vec::new();
        let root = r.root();
        for (i, name) in ["a", "B", "c", "D"].into_iter().enumerate() {
            r.set_value(
                root,
                name,
                clusim_api::registry::REG_DWORD,
                vec![i as u8, 0, 0, 0],
                Duration::ZERO,
                &mut fx,
            )
            .unwrap();
        }
        assert_eq!(r.delete_value(root, "b", Duration::ZERO, &mut fx).unwrap().data[0], 1);
        assert_eq!(r.value(root, "C").unwrap().data[0], 2, "positions after the deleted one moved");
        assert_eq!(r.value(root, "d").unwrap().data[0], 3);
        assert_eq!(r.value(root, "b").unwrap_err(), Win32Error::ERROR_FILE_NOT_FOUND);
        r.set_value(root, "b", clusim_api::registry::REG_DWORD, vec![9, 0, 0, 0], Duration::ZERO, &mut fx)
            .unwrap();
        let order: Vec<&str> = (0..4).map(|i| &*r.enum_value(root, i).unwrap().name).collect();
        assert_eq!(order, ["a", "c", "D", "b"], "creation order kept");
        assert_eq!(r.value(root, "B").unwrap().data[0], 9);
    }

    #[test]
    fn bad_paths_are_invalid_parameter() {
        let r = Registry::new();
        assert_eq!(r.lookup(r.root(), "\\a"), Err(Win32Error::ERROR_INVALID_PARAMETER));
        assert_eq!(r.lookup(r.root(), "a\\\\b"), Err(Win32Error::ERROR_INVALID_PARAMETER));
        assert_eq!(r.lookup(r.root(), "a\0"), Err(Win32Error::ERROR_INVALID_PARAMETER));
    }
}
