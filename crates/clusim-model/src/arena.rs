//! A slotmap arena that also keeps creation order and a case-insensitive name index.
//!
//! Enumeration is in creation order (deterministic, never hash order).

use crate::names::NameKey;
use slotmap::{Key, SlotMap};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Something with a name.
pub trait Named {
    /// The current name.
    fn name(&self) -> &Arc<str>;
    /// Replaces the name.
    fn set_name(&mut self, name: Arc<str>);
    /// Its key in the cluster database.
    fn reg_key(&self) -> crate::ids::RegKeyId;
}

/// Objects of one kind.
#[derive(Debug, Clone)]
pub struct Arena<K: Key, T> {
    items: SlotMap<K, T>,
    order: Vec<K>,
    names: BTreeMap<NameKey, K>,
}

impl<K: Key, T: Named> Default for Arena<K, T> {
    fn default() -> Self {
        Arena { items: SlotMap::with_key(), order: Vec::new(), names: BTreeMap::new() }
    }
}

impl<K: Key, T: Named> Arena<K, T> {
    /// Inserts an object whose name the caller checked is free.
    pub fn insert(&mut self, item: T) -> K {
        let nk = NameKey::of(item.name());
        let k = self.items.insert(item);
        self.order.push(k);
        self.names.insert(nk, k);
        k
    }

    /// Removes an object.
    pub fn remove(&mut self, k: K) -> Option<T> {
        let item = self.items.remove(k)?;
        self.order.retain(|&o| o != k);
        self.names.remove(&NameKey::of(item.name()));
        Some(item)
    }

    /// The object, if it still exists (generation-checked).
    pub fn get(&self, k: K) -> Option<&T> {
        self.items.get(k)
    }

    /// Mutable access.
    pub fn get_mut(&mut self, k: K) -> Option<&mut T> {
        self.items.get_mut(k)
    }

    /// Case-insensitive lookup.
    pub fn by_name(&self, name: &str) -> Option<K> {
        self.names.get(&NameKey::of(name)).copied()
    }

    /// True if another object already has this name.
    pub fn name_taken(&self, name: &str) -> bool {
        self.names.contains_key(&NameKey::of(name))
    }

    /// Renames, keeping the index right. The caller checked the new name is free.
    pub fn rename(&mut self, k: K, name: Arc<str>) {
        if let Some(item) = self.items.get_mut(k) {
            self.names.remove(&NameKey::of(item.name()));
            self.names.insert(NameKey::of(&name), k);
            item.set_name(name);
        }
    }

    /// Keys in creation order.
    pub fn keys(&self) -> &[K] {
        &self.order
    }

    /// (key, object) in creation order.
    pub fn iter(&self) -> impl Iterator<Item = (K, &T)> {
        self.order.iter().map(move |&k| (k, &self.items[k]))
    }

    /// Number of objects.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl<K: Key, T> std::ops::Index<K> for Arena<K, T> {
    type Output = T;
    fn index(&self, k: K) -> &T {
        &self.items[k]
    }
}

impl<K: Key, T> std::ops::IndexMut<K> for Arena<K, T> {
    fn index_mut(&mut self, k: K) -> &mut T {
        &mut self.items[k]
    }
}
