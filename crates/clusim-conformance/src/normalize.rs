//! Normalizers: replace what legitimately differs between backends and runs with stable
//! placeholders.
//!
//! - object ids (GUIDs, as in `Resources\<guid>`) → `<id:1>`, `<id:2>`, … numbered by
//!   first appearance in the trace;
//! - the scenario's cluster name → `<cluster>`.
//!
//! Timestamps and handle values never enter a trace, so they need no normalizer.

use crate::trace::{Record, Trace};
use std::collections::BTreeMap;

fn is_guid_at(b: &[u8], i: usize) -> bool {
    const GROUPS: [usize; 5] = [8, 4, 4, 4, 12];
    let mut p = i;
    for (gi, n) in GROUPS.iter().enumerate() {
        for _ in 0..*n {
            if !b.get(p).is_some_and(|c| c.is_ascii_hexdigit()) {
                return false;
            }
            p += 1;
        }
        if gi < 4 {
            if b.get(p) != Some(&b'-') {
                return false;
            }
            p += 1;
        }
    }
    !b.get(p).is_some_and(|c| c.is_ascii_hexdigit()) && (i == 0 || !b[i - 1].is_ascii_hexdigit())
}

struct Normalizer<'a> {
    cluster: &'a str,
    ids: BTreeMap<String, usize>,
}

impl Normalizer<'_> {
    fn text(&mut self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if is_guid_at(b, i) {
                let g = s[i..i + 36].to_ascii_lowercase();
                let n = self.ids.len() + 1;
                let id = *self.ids.entry(g).or_insert(n);
                out.push_str(&format!("<id:{id}>"));
                i += 36;
            } else {
                let ch = s[i..].chars().next().expect("in bounds");
                out.push(ch);
                i += ch.len_utf8();
            }
        }
        if !self.cluster.is_empty() && out.eq_ignore_ascii_case(self.cluster) {
            return "<cluster>".into();
        }
        out
    }

    fn record(&mut self, r: &Record) -> Record {
        r.iter().map(|(k, v)| (k.clone(), self.text(v))).collect()
    }
}

/// Normalizes a trace recorded on the cluster named `cluster`.
pub fn normalize(trace: &Trace, cluster: &str) -> Trace {
    let mut n = Normalizer { cluster, ids: BTreeMap::new() };
    let mut t = trace.clone();
    for e in &mut t.entries {
        e.out = e.out.iter().map(|r| n.record(r)).collect();
        e.observed = e.observed.iter().map(|r| n.record(r)).collect();
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::{record, Entry, Header};

    #[test]
    fn guids_are_numbered_by_first_appearance_and_the_cluster_is_a_placeholder() {
        let e = Entry {
            step: 0,
            line: 1,
            actor: "main".into(),
            op: "x".into(),
            args: String::new(),
            bind: None,
            code: "ERROR_SUCCESS".into(),
            out: vec![record([(
                "name",
                "Resources\\c551e75f-c1a1-48fc-b7b8-9741b63672dd\\Parameters".into(),
            )])],
            observed: vec![
                record([("name", "conf-x".into())]),
                record([("name", "Groups\\00000000-0000-4000-8000-000000000001".into())]),
                record([("name", "Resources\\C551E75F-C1A1-48FC-B7B8-9741B63672DD".into())]),
            ],
            only: None,
            confirm: vec![],
            failed: None,
        };
        let t = Trace { header: Header { scenario: "x".into(), backend: "sim".into() }, entries: vec![e] };
        let n = normalize(&t, "CONF-X");
        assert_eq!(n.entries[0].out[0]["name"], "Resources\\<id:1>\\Parameters");
        assert_eq!(n.entries[0].observed[0]["name"], "<cluster>");
        assert_eq!(n.entries[0].observed[1]["name"], "Groups\\<id:2>");
        assert_eq!(n.entries[0].observed[2]["name"], "Resources\\<id:1>");
    }
}
