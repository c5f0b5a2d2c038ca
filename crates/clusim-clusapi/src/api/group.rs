//! Groups: open, create, delete, state, name, preferred owners, online/offline/move,
//! enumeration.

use crate::buffers::*;
use crate::enumeration::enumerate;
use crate::errors::*;
use crate::ClusApiBackend;
use clusim_api::enums::EnumEntry;
use clusim_api::*;
use windows_sys::Win32::Networking::Clustering::*;

impl GroupApi for ClusApiBackend {
    fn open_group(&self, cluster: HCluster, name: &str) -> Result<HGroup> {
        let (c, n) = self.name_call(cluster, name)?;
        // SAFETY: an open cluster handle and a NUL-terminated name.
        let h = unsafe { OpenClusterGroup(c, n.as_ptr()) };
        self.ledger.opened(h as usize, ObjectKind::Group).map(HGroup)
    }

    fn close_group(&self, group: HGroup) -> Result<()> {
        let h = self.ledger.take(group.0, ObjectKind::Group)?;
        // SAFETY: an open group handle, closed once.
        bool_or_gle(unsafe { CloseClusterGroup(h) })
    }

    fn create_group(&self, cluster: HCluster, name: &str) -> Result<HGroup> {
        let (c, n) = self.name_call(cluster, name)?;
        // SAFETY: an open cluster handle and a NUL-terminated name.
        let h = unsafe { CreateClusterGroup(c, n.as_ptr()) };
        self.ledger.opened(h as usize, ObjectKind::Group).map(HGroup)
    }

    fn delete_group(&self, group: HGroup) -> Result<()> {
        let h = self.ledger.check(group.0, ObjectKind::Group)?;
        // SAFETY: an open group handle.
        rc(unsafe { DeleteClusterGroup(h) })
    }

    fn group_state(&self, group: HGroup) -> Result<(GroupState, String)> {
        let h = self.ledger.check(group.0, ObjectKind::Group)?;
        let mut state = -1;
        let owner = read_string(|b, c| {
            // SAFETY: buffers valid for the sizes passed.
            state = unsafe { GetClusterGroupState(h, b, c) };
            if state == -1 {
                last_error().0
            } else {
                0
            }
        })?;
        Ok((GroupState::from_value(state).ok_or(Win32Error::ERROR_GEN_FAILURE)?, owner))
    }

    fn set_group_name(&self, group: HGroup, name: &str) -> Result<()> {
        let h = self.ledger.check(group.0, ObjectKind::Group)?;
        let n = wide(name)?;
        // SAFETY: an open group handle and a NUL-terminated name.
        rc(unsafe { SetClusterGroupName(h, n.as_ptr()) })
    }

    fn set_group_node_list(&self, group: HGroup, nodes: &[HNode]) -> Result<()> {
        let h = self.ledger.check(group.0, ObjectKind::Group)?;
        let list =
            nodes.iter().map(|n| self.ledger.check(n.0, ObjectKind::Node)).collect::<Result<Vec<isize>>>()?;
        // SAFETY: `list` holds `len` open node handles.
        rc(unsafe { SetClusterGroupNodeList(h, list.len() as u32, list.as_ptr()) })
    }

    fn online_group(&self, group: HGroup, node: Option<HNode>) -> Result<()> {
        let h = self.ledger.check(group.0, ObjectKind::Group)?;
        let n = node.map(|n| self.ledger.check(n.0, ObjectKind::Node)).transpose()?.unwrap_or(0);
        // SAFETY: open handles (NULL node: stay where it is).
        rc(unsafe { OnlineClusterGroup(h, n) })
    }

    fn offline_group(&self, group: HGroup) -> Result<()> {
        let h = self.ledger.check(group.0, ObjectKind::Group)?;
        // SAFETY: an open group handle.
        rc(unsafe { OfflineClusterGroup(h) })
    }

    fn move_group(&self, group: HGroup, node: Option<HNode>) -> Result<()> {
        let h = self.ledger.check(group.0, ObjectKind::Group)?;
        let n = node.map(|n| self.ledger.check(n.0, ObjectKind::Node)).transpose()?.unwrap_or(0);
        // SAFETY: open handles (NULL node: the cluster chooses).
        rc(unsafe { MoveClusterGroup(h, n) })
    }

    fn group_enum(&self, group: HGroup, kinds: u32) -> Result<Vec<EnumEntry>> {
        let h = self.ledger.check(group.0, ObjectKind::Group)?;
        // SAFETY: an open group handle.
        let e = unsafe { ClusterGroupOpenEnum(h, kinds) };
        enumerate(e, ClusterGroupGetEnumCount, ClusterGroupEnum, ClusterGroupCloseEnum)
    }
}
