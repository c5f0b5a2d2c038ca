//! The `…OpenEnumEx` enumerations: `…GetEnumCountEx`, `…EnumEx` per index with the
//! documented `cbItem` negotiation (`ERROR_MORE_DATA` leaves the size needed), and
//! `…CloseEnumEx`. Items are read out of the buffer they were written to.

use crate::errors::{last_error, rc};
use clusim_api::{Result, Win32Error};

type Count = unsafe extern "system" fn(isize) -> u32;
type Close = unsafe extern "system" fn(isize) -> u32;
/// `…EnumEx(enum, index, item, cbItem)`.
pub(crate) type Item<I> = unsafe extern "system" fn(isize, u32, *mut I, *mut u32) -> u32;

/// How many times an item's buffer may grow before giving up.
const MAX_ROUNDS: usize = 8;

/// Enumerates `e` (already opened; 0 is the open call's failure) and closes it, also on
/// the way out of an error. `read` turns an item, whose strings point into its buffer,
/// into an owned value.
pub(crate) fn enumerate_ex<I, T>(
    e: isize,
    count: Count,
    item: Item<I>,
    close: Close,
    read: impl Fn(&I) -> T,
) -> Result<Vec<T>> {
    if e == 0 {
        return Err(last_error());
    }
    // SAFETY: `e` is the enumeration handle just returned.
    let n = unsafe { count(e) };
    let items: Result<Vec<T>> = (0..n).map(|i| one(e, i, item, &read)).collect();
    // SAFETY: closed once, whatever happened above.
    let closed = rc(unsafe { close(e) });
    let items = items?;
    closed?;
    Ok(items)
}

/// Item `i`, growing its buffer to the size `ERROR_MORE_DATA` reports.
fn one<I, T>(e: isize, i: u32, item: Item<I>, read: &impl Fn(&I) -> T) -> Result<T> {
    let mut words = std::mem::size_of::<I>().div_ceil(8) + 32;
    for _ in 0..MAX_ROUNDS {
        let mut buf = vec![0u64; words];
        let mut cb = (words * 8) as u32;
        // SAFETY: `buf` is writable for `cb` bytes and aligned for `I`.
        match unsafe { item(e, i, buf.as_mut_ptr().cast::<I>(), &mut cb) } {
            0 => {
                // SAFETY: the call filled the item at the start of `buf`, which is still
                // alive, as are the strings it points to inside `buf`.
                return Ok(read(unsafe { &*buf.as_ptr().cast::<I>() }));
            }
            code if code == Win32Error::ERROR_MORE_DATA.0 => words = (cb as usize).div_ceil(8).max(words + 1),
            code => return Err(Win32Error(code)),
        }
    }
    Err(Win32Error::ERROR_MORE_DATA)
}

/// The string an item field points to (`""` for NULL), at most `cb` bytes.
///
/// # Safety
/// `p` is NULL or points to `cb` readable bytes (the field's size, NUL included).
pub(crate) unsafe fn field(p: *const u16, cb: u32) -> String {
    if p.is_null() {
        return String::new();
    }
    // SAFETY: readable for `cb` bytes (caller contract).
    let units = unsafe { std::slice::from_raw_parts(p, cb as usize / 2) };
    let end = units.iter().position(|&u| u == 0).unwrap_or(units.len());
    String::from_utf16_lossy(&units[..end])
}
