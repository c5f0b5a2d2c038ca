//! Nodes: open, close, state, pause/resume/evict, enumeration.

use crate::enumeration::enumerate;
use crate::errors::*;
use crate::ClusApiBackend;
use clusim_api::enums::EnumEntry;
use clusim_api::*;
use windows_sys::Win32::Networking::Clustering::*;

impl NodeApi for ClusApiBackend {
    fn open_node(&self, cluster: HCluster, name: &str) -> Result<HNode> {
        let (c, n) = self.name_call(cluster, name)?;
        // SAFETY: an open cluster handle and a NUL-terminated name.
        let h = unsafe { OpenClusterNode(c, n.as_ptr()) };
        self.ledger.opened(h as usize, ObjectKind::Node).map(HNode)
    }

    fn close_node(&self, node: HNode) -> Result<()> {
        let h = self.ledger.take(node.0, ObjectKind::Node)?;
        // SAFETY: an open node handle, closed once.
        bool_or_gle(unsafe { CloseClusterNode(h) })
    }

    fn node_state(&self, node: HNode) -> Result<NodeState> {
        let h = self.ledger.check(node.0, ObjectKind::Node)?;
        // SAFETY: an open node handle.
        let s = state_or_gle(unsafe { GetClusterNodeState(h) })?;
        NodeState::from_value(s).ok_or(Win32Error::ERROR_GEN_FAILURE)
    }

    fn pause_node(&self, node: HNode) -> Result<()> {
        let h = self.ledger.check(node.0, ObjectKind::Node)?;
        // SAFETY: an open node handle.
        rc(unsafe { PauseClusterNode(h) })
    }

    fn resume_node(&self, node: HNode) -> Result<()> {
        let h = self.ledger.check(node.0, ObjectKind::Node)?;
        // SAFETY: an open node handle.
        rc(unsafe { ResumeClusterNode(h) })
    }

    fn pause_node_ex(&self, node: HNode, drain: bool, flags: u32, target: Option<HNode>) -> Result<()> {
        let h = self.ledger.check(node.0, ObjectKind::Node)?;
        let t = match target {
            Some(t) => self.ledger.check(t.0, ObjectKind::Node)?,
            None => 0,
        };
        // SAFETY: open node handles (or NULL for no drain target).
        rc(unsafe { PauseClusterNodeEx(h, i32::from(drain), flags, t) })
    }

    fn resume_node_ex(&self, node: HNode, failback: u32, flags: u32) -> Result<()> {
        let h = self.ledger.check(node.0, ObjectKind::Node)?;
        let failback = i32::try_from(failback).map_err(|_| Win32Error::ERROR_INVALID_PARAMETER)?;
        // SAFETY: an open node handle.
        rc(unsafe { ResumeClusterNodeEx(h, failback, flags) })
    }

    fn evict_node(&self, node: HNode) -> Result<()> {
        let h = self.ledger.check(node.0, ObjectKind::Node)?;
        // SAFETY: an open node handle.
        rc(unsafe { EvictClusterNode(h) })
    }

    fn node_enum(&self, node: HNode, kinds: u32) -> Result<Vec<EnumEntry>> {
        let h = self.ledger.check(node.0, ObjectKind::Node)?;
        // SAFETY: an open node handle.
        let e = unsafe { ClusterNodeOpenEnum(h, kinds) };
        enumerate(e, ClusterNodeGetEnumCount, ClusterNodeEnum, ClusterNodeCloseEnum)
    }
}
