//! Registry events: which per-key and root registrations a database change reaches,
//! and the name each one delivers (N5).

use super::{Router, Target};
use crate::port::Indication;
use clusim_api::ChangeFlags;
use clusim_model::names::NameKey;
use clusim_model::ModelEvent;
use std::sync::Arc;

impl Router {
    /// Whether a registry registration at some key matches an event `rel` below it
    /// (`""` = the key itself): always for the key itself; for `REGISTRY_NAME`, also for a
    /// direct subkey created or deleted (as Win32's `REG_NOTIFY_CHANGE_NAME`); anything
    /// deeper only with `REGISTRY_SUBTREE`.
    fn registry_scope_matches(filter: ChangeFlags, change: ChangeFlags, rel: &str) -> bool {
        filter.contains(change)
            && (rel.is_empty()
                || filter.contains(ChangeFlags::REGISTRY_SUBTREE)
                || (change == ChangeFlags::REGISTRY_NAME && !rel.contains('\\')))
    }

    pub(super) fn route_registry(&self, ev: &ModelEvent) -> usize {
        let mut hits: Vec<(u64, &Target, Arc<str>)> = Vec::new();
        let path: &str = &ev.name;
        for t in &self.root_registry {
            if Router::registry_scope_matches(t.filter, ev.change, path) {
                hits.push((t.seq, t, ev.name.clone()));
            }
        }
        if !self.by_key.is_empty() {
            // The key itself, then each ancestor, the root last.
            let mut prefixes: Vec<usize> = vec![path.len()];
            prefixes.extend(path.char_indices().filter(|&(_, c)| c == '\\').map(|(i, _)| i));
            if !path.is_empty() {
                prefixes.push(0);
            }
            for end in prefixes {
                let Some(list) = self.by_key.get(&NameKey::of(&path[..end])) else {
                    continue;
                };
                let rel: Arc<str> = if end == path.len() {
                    Arc::from("")
                } else if end == 0 {
                    ev.name.clone()
                } else {
                    Arc::from(&path[end + 1..])
                };
                for t in list {
                    if Router::registry_scope_matches(t.filter, ev.change, &rel) {
                        hits.push((t.seq, t, rel.clone()));
                    }
                }
            }
        }
        hits.sort_by_key(|h| h.0);
        for (_, t, name) in &hits {
            t.port.push(Indication { key: t.key, change: ev.change, name: name.clone() });
        }
        hits.len()
    }
}
