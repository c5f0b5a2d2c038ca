//! What V1 and V2 routing share: delivering one event to two ascending target lists in
//! registration order, and the registry keys a change below them concerns.

/// Delivers to every target of `wide` and every target of `objs` that `matches`, both
/// lists ascending by `seq`, merged so that registrations deliver in the order they
/// were made. Returns how many were delivered.
#[inline]
pub(crate) fn merge_in_order<T>(
    wide: &[T],
    objs: &[T],
    seq: impl Fn(&T) -> u64,
    matches: impl Fn(&T) -> bool,
    mut deliver: impl FnMut(&T),
) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    loop {
        while j < objs.len() && !matches(&objs[j]) {
            j += 1;
        }
        match (wide.get(i), objs.get(j)) {
            (Some(a), Some(b)) if seq(a) < seq(b) => {
                deliver(a);
                i += 1;
            }
            (_, Some(b)) => {
                deliver(b);
                j += 1;
            }
            (Some(a), None) => {
                deliver(a);
                i += 1;
            }
            (None, None) => break,
        }
        n += 1;
    }
    n
}

/// The keys whose registrations a change at `path` may concern, as (end of the key's
/// path in `path`, where the delivered relative name starts): the key itself, then each
/// ancestor, the root last.
pub(crate) fn key_prefixes(path: &str) -> Vec<(usize, usize)> {
    let mut ends: Vec<usize> = vec![path.len()];
    ends.extend(path.char_indices().filter(|&(_, c)| c == '\\').map(|(i, _)| i));
    if !path.is_empty() {
        ends.push(0);
    }
    ends.into_iter().map(|end| (end, if end == path.len() || end == 0 { end } else { end + 1 })).collect()
}
