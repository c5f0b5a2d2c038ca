//! Readable differences between two traces.
//!
//! The diff is taken over the text renderings, where every block starts with
//! `step N line L: op args -> CODE`, so a difference always names the scenario step and
//! line it belongs to.

use crate::trace::Trace;
use similar::{ChangeTag, TextDiff};

/// A unified diff of the renderings, `None` when they are equal. With `color`, removed
/// lines are red and added lines green (ANSI); each hunk starts with the step header
/// nearest above it.
pub fn diff(expected: &Trace, actual: &Trace, color: bool) -> Option<String> {
    let mut a = expected.clone();
    let mut b = actual.clone();
    a.header.backend = String::new();
    b.header.backend = String::new();
    let (ta, tb) = (a.render(), b.render());
    if ta == tb {
        return None;
    }
    let d = TextDiff::from_lines(&ta, &tb);
    let mut out = String::new();
    for group in d.grouped_ops(2) {
        let first = group.first().expect("non-empty group");
        let start = first.old_range().start;
        if let Some(header) =
            ta.lines().take(start + 1).collect::<Vec<_>>().iter().rev().find(|l| l.starts_with("step "))
        {
            out.push_str(&format!("@@ at {header}\n"));
        }
        for op in group {
            for change in d.iter_changes(&op) {
                let (sign, on, off) = match change.tag() {
                    ChangeTag::Delete => ("-", "\x1b[31m", "\x1b[0m"),
                    ChangeTag::Insert => ("+", "\x1b[32m", "\x1b[0m"),
                    ChangeTag::Equal => (" ", "", ""),
                };
                let line = change.to_string_lossy();
                let line = line.trim_end_matches('\n');
                if color && change.tag() != ChangeTag::Equal {
                    out.push_str(&format!("{on}{sign}{line}{off}\n"));
                } else {
                    out.push_str(&format!("{sign}{line}\n"));
                }
            }
        }
    }
    Some(out)
}
