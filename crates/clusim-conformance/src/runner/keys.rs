//! The registry half of the cleanup: which keys a scenario creates, the old values and
//! security of pre-existing keys it writes, snapshots of pre-existing keys it deletes
//! (write batches included, following BATCH-CURRENT-KEY), and how they are undone.

use super::cleanup::{Action, Undo};
use clusim_api::registry::*;
use clusim_api::*;

/// A key's contents: its values and subkeys.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tree {
    values: Vec<(String, u32, Vec<u8>)>,
    subkeys: Vec<(String, Tree)>,
}

fn join(base: &str, sub: &str) -> String {
    let sub = sub.trim_matches('\\');
    match (base.is_empty(), sub.is_empty()) {
        (_, true) => base.to_string(),
        (true, false) => sub.to_string(),
        (false, false) => format!("{base}\\{sub}"),
    }
}

/// Runs `f` on the key at `path` below `root` (opened and closed around it).
pub(crate) fn with_key<T>(
    b: &dyn Backend,
    root: HKey,
    path: &str,
    f: impl FnOnce(HKey) -> Result<T>,
) -> Result<T> {
    if path.is_empty() {
        return f(root);
    }
    let k = b.reg_open_key(root, path, 0)?;
    let r = f(k);
    let _ = b.reg_close_key(k);
    r
}

fn enum_all<T>(mut next: impl FnMut(u32) -> Result<T>) -> Result<Vec<T>> {
    let mut v = Vec::new();
    loop {
        match next(v.len() as u32) {
            Ok(x) => v.push(x),
            Err(Win32Error::ERROR_NO_MORE_ITEMS) => return Ok(v),
            Err(e) => return Err(e),
        }
    }
}

fn snapshot(b: &dyn Backend, root: HKey, path: &str) -> Result<Tree> {
    let (values, names) = with_key(b, root, path, |k| {
        let values = enum_all(|i| b.reg_enum_value(k, i))?;
        let names: Vec<String> = enum_all(|i| b.reg_enum_key(k, i))?.into_iter().map(|(n, _)| n).collect();
        Ok((values, names))
    })?;
    let mut subkeys = Vec::new();
    for n in names {
        subkeys.push((n.clone(), snapshot(b, root, &join(path, &n))?));
    }
    Ok(Tree { values, subkeys })
}

/// Deletes `path` and everything below it (missing: nothing to do).
pub(crate) fn delete_tree(b: &dyn Backend, root: HKey, path: &str) -> Result<()> {
    let names = match with_key(b, root, path, |k| enum_all(|i| b.reg_enum_key(k, i))) {
        Err(Win32Error::ERROR_FILE_NOT_FOUND) => return Ok(()),
        r => r?,
    };
    for (n, _) in names {
        delete_tree(b, root, &join(path, &n))?;
    }
    match b.reg_delete_key(root, path) {
        Err(Win32Error::ERROR_FILE_NOT_FOUND) => Ok(()),
        r => r,
    }
}

/// Writes a value back (or deletes it when it did not exist), only if it differs.
pub(crate) fn restore_value(
    b: &dyn Backend,
    root: HKey,
    path: &str,
    name: &str,
    old: Option<&(u32, Vec<u8>)>,
) -> Result<()> {
    let r = with_key(b, root, path, |k| {
        let now = match b.reg_query_value(k, name) {
            Ok(v) => Some(v),
            Err(Win32Error::ERROR_FILE_NOT_FOUND) => None,
            Err(e) => return Err(e),
        };
        match (old, now) {
            (Some(o), Some(n)) if *o == n => Ok(()),
            (Some((t, d)), _) => b.reg_set_value(k, name, *t, d),
            (None, Some(_)) => b.reg_delete_value(k, name),
            (None, None) => Ok(()),
        }
    });
    match r {
        // The key itself was deleted: its own note (a snapshot) brings the value back.
        Err(Win32Error::ERROR_FILE_NOT_FOUND) if old.is_none() => Ok(()),
        r => r,
    }
}

/// Recreates what is missing or different below `path` from a snapshot.
pub(crate) fn restore_tree(b: &dyn Backend, root: HKey, path: &str, tree: &Tree) -> Result<()> {
    let (k, _) = b.reg_create_key(root, path, 0, 0)?;
    let _ = b.reg_close_key(k);
    for (n, t, d) in &tree.values {
        restore_value(b, root, path, n, Some(&(*t, d.clone())))?;
    }
    for (n, sub) in &tree.subkeys {
        restore_tree(b, root, &join(path, n), sub)?;
    }
    Ok(())
}

impl Undo {
    fn path_of(&self, k: HKey) -> Option<String> {
        self.st.lock().unwrap().key_paths.get(&k.0 .0).cloned()
    }

    fn in_created_tree(&self, path: &str) -> bool {
        let p = path.to_ascii_lowercase();
        self.st.lock().unwrap().created_trees.iter().any(|t| p == *t || p.starts_with(&format!("{t}\\")))
    }

    fn own_root<T>(&self, f: impl FnOnce(&dyn Backend, HKey) -> Result<T>) -> Result<T> {
        let b = &*self.backend;
        let root = b.get_cluster_key(self.cluster, 0)?;
        let r = f(b, root);
        let _ = b.reg_close_key(root);
        r
    }

    /// A key handle reached at `path` below the cluster root.
    pub fn key_at(&self, k: HKey, path: String) {
        self.st.lock().unwrap().key_paths.insert(k.0 .0, path);
    }

    /// A key handle opened or created at `sub` below `parent`.
    pub fn child_key(&self, parent: HKey, sub: &str, k: HKey) {
        if let Some(p) = self.path_of(parent) {
            self.key_at(k, join(&p, sub));
        }
    }

    /// Before `ClusterRegCreateKey(parent, sub)`: notes the first missing key of the path.
    pub fn before_create_key(&self, parent: HKey, sub: &str) {
        if let Some(p) = self.path_of(parent) {
            self.before_create(&join(&p, sub));
        }
    }

    fn before_create(&self, path: &str) {
        if self.in_created_tree(path) {
            return;
        }
        let mut prefix = String::new();
        for part in path.split('\\').filter(|s| !s.is_empty()) {
            prefix = join(&prefix, part);
            let exists = self.own_root(|b, root| with_key(b, root, &prefix, |_| Ok(())));
            if exists == Err(Win32Error::ERROR_FILE_NOT_FOUND) {
                self.st.lock().unwrap().created_trees.push(prefix.to_ascii_lowercase());
                self.push(Action::KeyTree(prefix));
                return;
            }
        }
    }

    /// Before `ClusterRegDeleteKey(parent, sub)`: snapshots a pre-existing key. Returns
    /// the log position of the note, to [`Undo::forget`] it if the deletion fails.
    pub fn before_delete_key(&self, parent: HKey, sub: &str) -> Option<usize> {
        self.path_of(parent).and_then(|p| self.before_delete(&join(&p, sub)))
    }

    fn before_delete(&self, path: &str) -> Option<usize> {
        if self.in_created_tree(path) || path.is_empty() {
            return None;
        }
        let tree = self.own_root(|b, root| snapshot(b, root, path)).ok()?;
        let mut st = self.st.lock().unwrap();
        st.log.push(Action::RestoreTree { path: path.to_string(), tree });
        Some(st.log.len() - 1)
    }

    /// Drops a note whose change did not happen.
    pub fn forget(&self, at: Option<usize>) {
        if let Some(i) = at {
            let mut st = self.st.lock().unwrap();
            if i + 1 == st.log.len() {
                st.log.pop();
            }
        }
    }

    /// Before a value of `k` is set or deleted: notes its old value.
    pub fn touch_value(&self, k: HKey, name: &str) {
        if let Some(p) = self.path_of(k) {
            self.touch_value_at(&p, name);
        }
    }

    fn touch_value_at(&self, path: &str, name: &str) {
        if self.in_created_tree(path)
            || !self.st.lock().unwrap().noted.insert(format!("value:{}\\{name}", path.to_ascii_lowercase()))
        {
            return;
        }
        let old = self.own_root(|b, root| {
            with_key(b, root, path, |k| match b.reg_query_value(k, name) {
                Ok(v) => Ok(Some(v)),
                Err(Win32Error::ERROR_FILE_NOT_FOUND) => Ok(None),
                Err(e) => Err(e),
            })
        });
        if let Ok(old) = old {
            self.push(Action::Value { path: path.to_string(), name: name.to_string(), old });
        }
    }

    /// Before `ClusterRegSetKeySecurity(k)`: notes the old descriptor.
    pub fn touch_security(&self, k: HKey) {
        let Some(path) = self.path_of(k) else { return };
        if self.in_created_tree(&path)
            || !self.st.lock().unwrap().noted.insert(format!("security:{}", path.to_ascii_lowercase()))
        {
            return;
        }
        if let Ok(old) = self.own_root(|b, root| with_key(b, root, &path, |k| b.reg_get_key_security(k, 4))) {
            self.push(Action::Security { path, old });
        }
    }

    /// A write batch created on `k`.
    pub fn batch_on(&self, batch: HRegBatch, k: HKey) {
        let p = self.path_of(k);
        self.st.lock().unwrap().batches.insert(batch.0 .0, (p, Vec::new()));
    }

    /// A command added to a write batch.
    pub fn batch_command(&self, batch: HRegBatch, command: u32, name: Option<&str>) {
        if let Some((_, cmds)) = self.st.lock().unwrap().batches.get_mut(&batch.0 .0) {
            cmds.push((command, name.map(str::to_string)));
        }
    }

    /// Before a batch commits: notes what its commands will change (BATCH-CURRENT-KEY:
    /// `CREATE_KEY` is relative to the current key, or to the batch key after a
    /// `DELETE_KEY`; value commands act on the current key).
    pub fn committing(&self, batch: HRegBatch) {
        let Some((Some(base), cmds)) = self.st.lock().unwrap().batches.remove(&batch.0 .0) else { return };
        let mut current = Some(base.clone());
        for (cmd, name) in cmds {
            let name = name.unwrap_or_default();
            match cmd {
                CLUSREG_CREATE_KEY => {
                    let p = join(current.as_deref().unwrap_or(&base), &name);
                    self.before_create(&p);
                    current = Some(p);
                }
                CLUSREG_DELETE_KEY => {
                    self.before_delete(&join(current.as_deref().unwrap_or(&base), &name));
                    current = None;
                }
                CLUSREG_SET_VALUE | CLUSREG_DELETE_VALUE => {
                    if let Some(c) = &current {
                        self.touch_value_at(c, &name);
                    }
                }
                _ => {}
            }
        }
    }
}
