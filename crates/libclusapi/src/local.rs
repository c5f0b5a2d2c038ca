//! The memory behind `LocalAlloc` / `LocalFree`: each block is a Rust allocation whose
//! layout is kept in a table under its address, so `LocalFree` can tell a pointer
//! `LocalAlloc` returned from any other value and never frees what it did not allocate.

use clusim_api::{Result, Win32Error};
use parking_lot::Mutex;
use std::alloc::Layout;
use std::collections::BTreeMap;
use std::ffi::c_void;

/// `LMEM_ZEROINIT`.
const LMEM_ZEROINIT: u32 = 0x0040;
/// What `malloc` guarantees, so any C object fits a block.
const ALIGN: usize = 16;

static BLOCKS: Mutex<BTreeMap<usize, Layout>> = Mutex::new(BTreeMap::new());

/// `LocalAlloc(uFlags, bytes)`: only `LMEM_FIXED` (0) and `LMEM_ZEROINIT` are accepted.
pub(crate) fn alloc(flags: u32, bytes: usize) -> Result<*mut c_void> {
    if flags & !LMEM_ZEROINIT != 0 {
        return Err(Win32Error::ERROR_INVALID_PARAMETER);
    }
    let layout =
        Layout::from_size_align(bytes.max(1), ALIGN).map_err(|_| Win32Error::ERROR_NOT_ENOUGH_MEMORY)?;
    // SAFETY: the layout has a non-zero size.
    let p = unsafe {
        if flags & LMEM_ZEROINIT != 0 {
            std::alloc::alloc_zeroed(layout)
        } else {
            std::alloc::alloc(layout)
        }
    };
    if p.is_null() {
        return Err(Win32Error::ERROR_NOT_ENOUGH_MEMORY);
    }
    BLOCKS.lock().insert(p as usize, layout);
    Ok(p.cast())
}

/// `LocalFree(p)`: frees a block `alloc` returned; NULL is a no-op; anything else is
/// `ERROR_INVALID_HANDLE` and frees nothing.
pub(crate) fn free(p: *mut c_void) -> Result<()> {
    if p.is_null() {
        return Ok(());
    }
    let layout = BLOCKS.lock().remove(&(p as usize)).ok_or(Win32Error::ERROR_INVALID_HANDLE)?;
    // SAFETY: `p` was returned by `std::alloc::alloc{,_zeroed}` with this layout and was
    // still in the table, so it is live and freed exactly once.
    unsafe { std::alloc::dealloc(p.cast(), layout) };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // windows.h: LocalAlloc(LPTR) zeroes; LocalFree refuses what it did not hand out.
    #[test]
    fn local_alloc_lptr_zeroes_and_local_free_refuses_foreign_or_freed_pointers() {
        let p = alloc(LMEM_ZEROINIT, 64).expect("alloc");
        // SAFETY: `p` is a live 64-byte block.
        let bytes = unsafe { std::slice::from_raw_parts(p.cast::<u8>(), 64) };
        assert!(bytes.iter().all(|&b| b == 0));
        assert_eq!(free(p), Ok(()));
        assert_eq!(free(p), Err(Win32Error::ERROR_INVALID_HANDLE));
        let mut local = 0u8;
        assert_eq!(free((&mut local as *mut u8).cast()), Err(Win32Error::ERROR_INVALID_HANDLE));
        assert_eq!(alloc(0x0002, 8), Err(Win32Error::ERROR_INVALID_PARAMETER));
        assert_eq!(free(std::ptr::null_mut()), Ok(()));
    }
}
