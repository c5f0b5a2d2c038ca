//! ClusAPI's enumerations: `…OpenEnum`, `…GetEnumCount`, `…Enum` per index, `…CloseEnum`.

use crate::buffers::read_string;
use crate::errors::{last_error, rc};
use clusim_api::enums::EnumEntry;
use clusim_api::Result;

type EnumCount = unsafe extern "system" fn(isize) -> u32;
type EnumItem = unsafe extern "system" fn(isize, u32, *mut u32, *mut u16, *mut u32) -> u32;
type EnumClose = unsafe extern "system" fn(isize) -> u32;

/// `…OpenEnum` (already called: `e`), `…GetEnumCount`, `…Enum` for each index,
/// `…CloseEnum` — also on the way out of an error.
pub(crate) fn enumerate(
    e: isize,
    count: EnumCount,
    item: EnumItem,
    close: EnumClose,
) -> Result<Vec<EnumEntry>> {
    if e == 0 {
        return Err(last_error());
    }
    let entries = (|| -> Result<Vec<EnumEntry>> {
        // SAFETY: `e` is the enumeration handle just returned.
        let n = unsafe { count(e) };
        let mut out = Vec::with_capacity(n as usize);
        for i in 0..n {
            let mut kind = 0u32;
            // SAFETY: `read_string` passes a buffer valid for `*cch` units.
            let name = read_string(|b, c| unsafe { item(e, i, &mut kind, b, c) })?;
            out.push(EnumEntry { kind, name });
        }
        Ok(out)
    })();
    // SAFETY: closed once, whatever happened above.
    let closed = rc(unsafe { close(e) });
    let entries = entries?;
    closed?;
    Ok(entries)
}
