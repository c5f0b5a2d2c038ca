//! Registry events: which per-key and root registrations a database change reaches,
//! and the name each one delivers (N5).

use super::{Router, Target};
use crate::port::Indication;
use clusim_api::ChangeFlags;
use clusim_model::names::NameKey;
use clusim_model::ModelEvent;

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
        // (registration order, target, where the delivered name starts in the path)
        let mut hits: Vec<(u64, &Target, usize)> = Vec::new();
        let path: &str = &ev.name;
        for t in &self.root_registry {
            if Router::registry_scope_matches(t.filter, ev.change, path) {
                hits.push((t.seq, t, 0));
            }
        }
        if !self.by_key.is_empty() {
            // The key itself, then each ancestor, the root last.
            for (end, start) in super::order::key_prefixes(path) {
                let Some(list) = self.by_key.get(&NameKey::of(&path[..end])) else {
                    continue;
                };
                // The delivered name is the path below the registration's key (from
                // `start`); every delivery shares the event's name.
                for t in list {
                    if Router::registry_scope_matches(t.filter, ev.change, &path[start..]) {
                        hits.push((t.seq, t, start));
                    }
                }
            }
        }
        hits.sort_by_key(|h| h.0);
        for &(_, t, start) in &hits {
            t.port.push(Indication::tail(t.key, ev.change, ev.name.clone(), start));
        }
        hits.len()
    }
}
