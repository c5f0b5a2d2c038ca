//! The cluster database: object keys, keys and values, enumeration, key information and security.

use crate::buffers::*;
use crate::errors::*;
use crate::ClusApiBackend;
use clusim_api::registry::self_relative_sd_len_in;
use clusim_api::*;
use std::ffi::c_void;
use windows_sys::Win32::Foundation::FILETIME;
use windows_sys::Win32::Networking::Clustering::*;

impl RegistryApi for ClusApiBackend {
    fn get_cluster_key(&self, cluster: HCluster, sam: u32) -> Result<HKey> {
        let c = self.ledger.check(cluster.0, ObjectKind::Cluster)?;
        // SAFETY: an open cluster handle.
        let k = unsafe { GetClusterKey(c, sam) };
        self.ledger.opened(k as usize, ObjectKind::Key).map(HKey)
    }

    fn get_object_key(&self, object: ObjectHandle, sam: u32) -> Result<HKey> {
        let h = self.ledger.check(object.raw(), object.kind())?;
        // SAFETY: `h` is an open handle of the kind each function takes.
        let k = unsafe {
            match object {
                ObjectHandle::Cluster(_) => GetClusterKey(h, sam),
                ObjectHandle::Node(_) => GetClusterNodeKey(h, sam),
                ObjectHandle::Group(_) => GetClusterGroupKey(h, sam),
                ObjectHandle::Resource(_) => GetClusterResourceKey(h, sam),
                ObjectHandle::Network(_) => GetClusterNetworkKey(h, sam),
                ObjectHandle::NetInterface(_) => GetClusterNetInterfaceKey(h, sam),
                ObjectHandle::Key(_) => return Err(Win32Error::ERROR_INVALID_HANDLE),
            }
        };
        self.ledger.opened(k as usize, ObjectKind::Key).map(HKey)
    }

    fn get_resource_type_key(&self, cluster: HCluster, type_name: &str, sam: u32) -> Result<HKey> {
        let (c, n) = self.name_call(cluster, type_name)?;
        // SAFETY: an open cluster handle and a NUL-terminated name.
        let k = unsafe { GetClusterResourceTypeKey(c, n.as_ptr(), sam) };
        self.ledger.opened(k as usize, ObjectKind::Key).map(HKey)
    }

    fn reg_create_key(&self, key: HKey, subkey: &str, options: u32, sam: u32) -> Result<(HKey, Disposition)> {
        let k = self.ledger.check(key.0, ObjectKind::Key)?;
        let s = wide(subkey)?;
        let (mut new, mut disposition) = (std::ptr::null_mut(), 0u32);
        // SAFETY: an open key, a NUL-terminated subkey, no security attributes, and
        // out-pointers to locals.
        lrc(unsafe {
            ClusterRegCreateKey(
                k as *mut c_void,
                s.as_ptr(),
                options,
                sam,
                std::ptr::null(),
                &mut new,
                &mut disposition,
            )
        })?;
        let new = HKey(self.ledger.add(RawHandle(new as usize), ObjectKind::Key));
        let d = if disposition == clusim_api::registry::REG_CREATED_NEW_KEY {
            Disposition::CreatedNew
        } else {
            Disposition::OpenedExisting
        };
        Ok((new, d))
    }

    fn reg_open_key(&self, key: HKey, subkey: &str, sam: u32) -> Result<HKey> {
        let k = self.ledger.check(key.0, ObjectKind::Key)?;
        let s = wide(subkey)?;
        let mut new = std::ptr::null_mut();
        // SAFETY: an open key, a NUL-terminated subkey, an out-pointer to a local.
        lrc(unsafe { ClusterRegOpenKey(k as *mut c_void, s.as_ptr(), sam, &mut new) })?;
        Ok(HKey(self.ledger.add(RawHandle(new as usize), ObjectKind::Key)))
    }

    fn reg_delete_key(&self, key: HKey, subkey: &str) -> Result<()> {
        let k = self.ledger.check(key.0, ObjectKind::Key)?;
        let s = wide(subkey)?;
        // SAFETY: an open key and a NUL-terminated subkey.
        lrc(unsafe { ClusterRegDeleteKey(k as *mut c_void, s.as_ptr()) })
    }

    fn reg_close_key(&self, key: HKey) -> Result<()> {
        let k = self.ledger.take(key.0, ObjectKind::Key)?;
        // SAFETY: an open key, closed once.
        lrc(unsafe { ClusterRegCloseKey(k as *mut c_void) })
    }

    fn reg_set_value(&self, key: HKey, name: &str, ty: u32, data: &[u8]) -> Result<()> {
        let k = self.ledger.check(key.0, ObjectKind::Key)?;
        let n = wide(name)?;
        // SAFETY: an open key, a NUL-terminated name, data readable for its length.
        rc(unsafe { ClusterRegSetValue(k as *mut c_void, n.as_ptr(), ty, data.as_ptr(), cb(data)?) })
    }

    fn reg_delete_value(&self, key: HKey, name: &str) -> Result<()> {
        let k = self.ledger.check(key.0, ObjectKind::Key)?;
        let n = wide(name)?;
        // SAFETY: an open key and a NUL-terminated name.
        rc(unsafe { ClusterRegDeleteValue(k as *mut c_void, n.as_ptr()) })
    }

    fn reg_query_value(&self, key: HKey, name: &str) -> Result<(u32, Vec<u8>)> {
        let k = self.ledger.check(key.0, ObjectKind::Key)?;
        let n = wide(name)?;
        let mut ty = 0u32;
        let data = read_bytes(|buf, cap, got| {
            *got = cap;
            // SAFETY: `buf` is writable for `cap` bytes; `*got` carries the capacity in.
            unsafe { ClusterRegQueryValue(k as *mut c_void, n.as_ptr(), &mut ty, buf, got) as u32 }
        })?;
        Ok((ty, data))
    }

    fn reg_enum_key(&self, key: HKey, index: u32) -> Result<(String, FileTime)> {
        let k = self.ledger.check(key.0, ObjectKind::Key)?;
        let mut time = FILETIME { dwLowDateTime: 0, dwHighDateTime: 0 };
        // SAFETY: buffers valid for the sizes passed; `time` is a local.
        let name = read_string(|b, c| unsafe {
            ClusterRegEnumKey(k as *mut c_void, index, b, c, &mut time) as u32
        })?;
        Ok((name, filetime(time)))
    }

    fn reg_enum_value(&self, key: HKey, index: u32) -> Result<(String, u32, Vec<u8>)> {
        let k = self.ledger.check(key.0, ObjectKind::Key)?;
        let (mut name, mut data) = (vec![0u16; FIRST_CHARS], vec![0u8; FIRST_BYTES]);
        for _ in 0..MAX_ROUNDS {
            let (mut cch, mut cbd, mut ty) = (name.len() as u32, data.len() as u32, 0u32);
            // SAFETY: buffers valid for the capacities passed; the rest are locals.
            let code = unsafe {
                ClusterRegEnumValue(
                    k as *mut c_void,
                    index,
                    name.as_mut_ptr(),
                    &mut cch,
                    &mut ty,
                    data.as_mut_ptr(),
                    &mut cbd,
                )
            };
            match code {
                0 => {
                    data.truncate(cbd as usize);
                    let n = String::from_utf16_lossy(&name[..(cch as usize).min(name.len())]);
                    return Ok((n, ty, data));
                }
                234 => {
                    let (n0, d0) = (name.len(), data.len());
                    name.resize((cch as usize + 1).max(n0), 0);
                    data.resize((cbd as usize).max(d0), 0);
                    if name.len() == n0 && data.len() == d0 {
                        // The sizes reported fit already: the value grew in between.
                        name.resize(n0 * 2, 0);
                        data.resize(d0 * 2, 0);
                    }
                }
                e => return Err(Win32Error(e)),
            }
        }
        Err(Win32Error::ERROR_MORE_DATA)
    }

    fn reg_query_info_key(&self, key: HKey) -> Result<KeyInfo> {
        let k = self.ledger.check(key.0, ObjectKind::Key)?;
        let mut i = KeyInfo::default();
        let mut time = FILETIME { dwLowDateTime: 0, dwHighDateTime: 0 };
        // windows-sys declares these out-parameters `*const u32` (a metadata quirk: the
        // header has LPDWORD); the function writes them.
        let out = |v: &mut u32| v as *mut u32 as *const u32;
        // SAFETY: every pointer is to a local the function may write.
        lrc(unsafe {
            ClusterRegQueryInfoKey(
                k as *mut c_void,
                out(&mut i.subkeys),
                out(&mut i.max_subkey_len),
                out(&mut i.values),
                out(&mut i.max_value_name_len),
                out(&mut i.max_value_len),
                out(&mut i.security_descriptor_len),
                &mut time as *mut FILETIME as *const FILETIME,
            )
        })?;
        i.last_write = filetime(time);
        Ok(i)
    }

    fn reg_get_key_security(&self, key: HKey, info: u32) -> Result<Vec<u8>> {
        let k = self.ledger.check(key.0, ObjectKind::Key)?;
        read_bytes(|buf, cap, got| {
            *got = cap;
            // SAFETY: `buf` writable for `cap` bytes; `*got` carries the capacity in.
            unsafe { ClusterRegGetKeySecurity(k as *mut c_void, info, buf.cast(), got) as u32 }
        })
    }

    fn reg_set_key_security(&self, key: HKey, info: u32, descriptor: &[u8]) -> Result<()> {
        let k = self.ledger.check(key.0, ObjectKind::Key)?;
        // The C function takes no length: it reads as far as the descriptor's own offsets
        // say, so a descriptor that claims more than the slice holds never leaves here.
        self_relative_sd_len_in(descriptor)?;
        // SAFETY: an open key; the descriptor lies within `descriptor` (checked) and the
        // function only reads it.
        lrc(unsafe { ClusterRegSetKeySecurity(k as *mut c_void, info, descriptor.as_ptr() as *mut c_void) })
    }
}

/// A `FILETIME` as the one 64-bit count the trait reports.
fn filetime(t: FILETIME) -> FileTime {
    FileTime(u64::from(t.dwHighDateTime) << 32 | u64::from(t.dwLowDateTime))
}
