//! Shrinking: the smallest list of operations (found greedily) that still fails.
//!
//! Delta debugging in its simple form: try removing chunks of the operation list,
//! halving the chunk size down to single operations, keeping every removal after which
//! the run still has a violation. Bounded by a number of re-runs.

use crate::ops::Op;

/// Shrinks `ops` while `fails` holds, with at most `budget` calls of `fails`.
pub fn shrink(ops: &[(u8, Op)], budget: usize, mut fails: impl FnMut(&[(u8, Op)]) -> bool) -> Vec<(u8, Op)> {
    let mut cur = ops.to_vec();
    let mut runs = 0;
    let mut chunk = cur.len().div_ceil(2).max(1);
    while runs < budget && !cur.is_empty() {
        let mut removed_any = false;
        let mut start = 0;
        while start < cur.len() && runs < budget {
            let end = (start + chunk).min(cur.len());
            let candidate: Vec<(u8, Op)> = cur[..start].iter().chain(&cur[end..]).cloned().collect();
            runs += 1;
            if fails(&candidate) {
                cur = candidate;
                removed_any = true;
            } else {
                start = end;
            }
        }
        if chunk == 1 && !removed_any {
            break;
        }
        chunk = (chunk / 2).max(1);
    }
    cur
}

#[cfg(test)]
mod tests {
    use super::shrink;
    use crate::ops::Op;

    #[test]
    fn shrinks_to_the_operations_the_failure_needs() {
        let ops: Vec<(u8, Op)> = (0..40).map(|i| (0, Op::CreateGroup(i % 4))).collect();
        // "Fails" while both a CreateGroup(1) and a CreateGroup(3) remain.
        let out = shrink(&ops, 500, |c| {
            c.iter().any(|(_, o)| *o == Op::CreateGroup(1)) && c.iter().any(|(_, o)| *o == Op::CreateGroup(3))
        });
        assert_eq!(out.len(), 2);
    }
}
