//! The cluster itself: opening and closing it, its name and vendor, its enumeration,
//! the quorum resource.

use crate::buffers::*;
use crate::enumeration::enumerate;
use crate::errors::*;
use crate::ClusApiBackend;
use clusim_api::enums::EnumEntry;
use clusim_api::*;
use windows_sys::Win32::Networking::Clustering::*;

impl ClusApiBackend {
    /// The vendor `GetClusterInformation` reports for `cluster` (`szVendorId` of
    /// `CLUSTERVERSIONINFO`): `"clusim"` when the ClusAPI functions are libclusapi's,
    /// Microsoft's string on a real cluster. It tells which implementation a run is
    /// talking to — on Windows, a `clusapi.dll` built from `crates/libclusapi` next to
    /// the executable would be loaded before the system's.
    pub fn vendor(&self, cluster: HCluster) -> Result<String> {
        let h = self.ledger.check(cluster.0, ObjectKind::Cluster)?;
        let mut info = CLUSTERVERSIONINFO {
            dwVersionInfoSize: std::mem::size_of::<CLUSTERVERSIONINFO>() as u32,
            ..Default::default()
        };
        // The structure is filled together with the name, so negotiate the name.
        // SAFETY: an open cluster handle; buffers valid for the sizes passed.
        read_string(|b, c| unsafe { GetClusterInformation(h, b, c, &mut info) })?;
        let end = info.szVendorId.iter().position(|&u| u == 0).unwrap_or(info.szVendorId.len());
        Ok(String::from_utf16_lossy(&info.szVendorId[..end]))
    }
}

impl ClusterApi for ClusApiBackend {
    fn backend_name(&self) -> &'static str {
        "clusapi"
    }

    fn open_cluster(&self, name: Option<&str>) -> Result<HCluster> {
        let name = wide_opt(name)?;
        // SAFETY: NULL or a NUL-terminated string.
        let h = unsafe { OpenCluster(ptr_opt(&name)) };
        self.ledger.opened(h as usize, ObjectKind::Cluster).map(HCluster)
    }

    fn close_cluster(&self, cluster: HCluster) -> Result<()> {
        let h = self.ledger.take(cluster.0, ObjectKind::Cluster)?;
        // SAFETY: an open cluster handle, closed once.
        bool_or_gle(unsafe { CloseCluster(h) })
    }

    fn cluster_name(&self, cluster: HCluster) -> Result<String> {
        let h = self.ledger.check(cluster.0, ObjectKind::Cluster)?;
        // SAFETY: buffers valid for the sizes passed; no version structure.
        read_string(|b, c| unsafe { GetClusterInformation(h, b, c, std::ptr::null_mut()) })
    }

    fn cluster_enum(&self, cluster: HCluster, kinds: u32) -> Result<Vec<EnumEntry>> {
        let h = self.ledger.check(cluster.0, ObjectKind::Cluster)?;
        // SAFETY: an open cluster handle.
        let e = unsafe { ClusterOpenEnum(h, kinds) };
        enumerate(e, ClusterGetEnumCount, ClusterEnum, ClusterCloseEnum)
    }

    fn quorum_resource(&self, cluster: HCluster) -> Result<Option<String>> {
        let h = self.ledger.check(cluster.0, ObjectKind::Cluster)?;
        let (mut name, mut dev) = (vec![0u16; FIRST_CHARS], vec![0u16; FIRST_CHARS]);
        for _ in 0..MAX_ROUNDS {
            let (mut cn, mut cd, mut log) = (name.len() as u32, dev.len() as u32, 0u32);
            // SAFETY: buffers valid for the capacities passed.
            let code = unsafe {
                GetClusterQuorumResource(h, name.as_mut_ptr(), &mut cn, dev.as_mut_ptr(), &mut cd, &mut log)
            };
            match code {
                0 => {
                    let s = String::from_utf16_lossy(&name[..(cn as usize).min(name.len())]);
                    return Ok((!s.is_empty()).then_some(s));
                }
                234 => {
                    let (n0, d0) = (name.len(), dev.len());
                    name.resize((cn as usize + 1).max(n0), 0);
                    dev.resize((cd as usize + 1).max(d0), 0);
                    if name.len() == n0 && dev.len() == d0 {
                        name.resize(n0 * 2, 0);
                        dev.resize(d0 * 2, 0);
                    }
                }
                e => return Err(Win32Error(e)),
            }
        }
        Err(Win32Error::ERROR_MORE_DATA)
    }

    fn set_quorum_resource(&self, resource: HResource) -> Result<()> {
        let h = self.ledger.check(resource.0, ObjectKind::Resource)?;
        // SAFETY: NULL device name: keep the current one.
        rc(unsafe { SetClusterQuorumResource(h, std::ptr::null(), 0) })
    }
}
