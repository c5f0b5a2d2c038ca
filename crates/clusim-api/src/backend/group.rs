//! Groups: lifecycle, state, names, preferred owners, online/offline/move, enumeration.
//!
//! One area of [`Backend`](super::Backend); every method validates every handle
//! (`ERROR_INVALID_HANDLE` for NULL, closed, stale, foreign and wrong-kind handles)
//! and a failing call changes nothing.

use crate::enums::EnumEntry;
use crate::error::Result;
use crate::handle::{HCluster, HGroup, HNode};
use crate::state::GroupState;

/// Groups: lifecycle, state, names, preferred owners, online/offline/move, enumeration.
pub trait GroupApi: Send + Sync {
    /// `OpenClusterGroup`.
    fn open_group(&self, cluster: HCluster, name: &str) -> Result<HGroup>;

    /// `CloseClusterGroup`.
    fn close_group(&self, group: HGroup) -> Result<()>;

    /// `CreateClusterGroup`.
    fn create_group(&self, cluster: HCluster, name: &str) -> Result<HGroup>;

    /// `DeleteClusterGroup`.
    fn delete_group(&self, group: HGroup) -> Result<()>;

    /// `GetClusterGroupState`: state and owner node name.
    fn group_state(&self, group: HGroup) -> Result<(GroupState, String)>;

    /// `SetClusterGroupName`.
    fn set_group_name(&self, group: HGroup, name: &str) -> Result<()>;

    /// `SetClusterGroupNodeList`: the preferred owners.
    fn set_group_node_list(&self, group: HGroup, nodes: &[HNode]) -> Result<()>;

    /// `OnlineClusterGroup`, optionally on a given node.
    fn online_group(&self, group: HGroup, node: Option<HNode>) -> Result<()>;

    /// `OfflineClusterGroup`.
    fn offline_group(&self, group: HGroup) -> Result<()>;

    /// `MoveClusterGroup`; `None` lets the cluster choose.
    fn move_group(&self, group: HGroup, node: Option<HNode>) -> Result<()>;

    /// `ClusterGroupOpenEnum` and friends.
    fn group_enum(&self, group: HGroup, kinds: u32) -> Result<Vec<EnumEntry>>;
}
