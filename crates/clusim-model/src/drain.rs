//! Pause with drain and resume with failback: `PauseClusterNodeEx`, `ResumeClusterNodeEx`
//! (spec/model.md MODEL-DRAIN, MODEL-FAILBACK).
//!
//! Guarantees:
//! - Every refusal comes before any change (MODEL-ATOMIC).
//! - A drain pauses the node (`NODE_STATE` if it was Up), sets its `NodeDrainStatus`
//!   common property to InProgress (one `REGISTRY_VALUE`, one `NODE_PROPERTY`), moves each
//!   group it owns, in group order, as `MoveClusterGroup` would (to the drain target, else
//!   to the node `MoveClusterGroup(NULL)` picks), then sets Completed or Failed (again one
//!   `REGISTRY_VALUE`, one `NODE_PROPERTY`). The drain completes inside the call.
//! - Resume with failback moves the groups the last drain moved back to the node, in drain
//!   order (immediately, or only those whose `AutoFailbackType` is 1, per policy).

use crate::cluster::Cluster;
use crate::event::Effect;
use crate::ids::*;
use clusim_api::drain::*;
use clusim_api::property::REG_DWORD;
use clusim_api::*;

impl Cluster {
    /// The node's `NodeDrainStatus` (`drain_status::NOT_INITIATED` until a drain).
    pub fn node_drain_status(&self, id: NodeId) -> Result<u32> {
        let key = self.node(id)?.key;
        Ok(self.dword_value(key, "NodeDrainStatus").unwrap_or(drain_status::NOT_INITIATED))
    }

    fn dword_value(&self, key: RegKeyId, name: &str) -> Option<u32> {
        let v = self.registry.value(key, name).ok()?;
        (v.ty == REG_DWORD && v.data.len() == 4)
            .then(|| u32::from_le_bytes([v.data[0], v.data[1], v.data[2], v.data[3]]))
    }

    fn set_drain_status(&mut self, id: NodeId, status: u32, fx: &mut Vec<Effect>) {
        let key = self.nodes[id].key;
        self.registry
            .set_value(key, "NodeDrainStatus", REG_DWORD, status.to_le_bytes().to_vec(), self.now, fx)
            .expect("a node's key exists and the value is a DWORD");
        let name = self.nodes[id].name.clone();
        // V1 NODE_PROPERTY; V2 NODE COMMON_PROPERTY_V2 with the changed value.
        let changed = vec![("NodeDrainStatus".to_string(), clusim_api::PropertyValue::Dword(status))];
        let v1 = (ChangeFlags::NODE_PROPERTY, ObjectKind::Node, &name);
        self.emit_properties(
            crate::objects::ObjRef::Node(id),
            clusim_api::PropertyScope::Common,
            &changed,
            v1,
            fx,
        );
    }

    /// `PauseClusterNodeEx(node, drain, flags, target)`. Refusals, in this order: a flag
    /// outside [`PAUSE_FLAGS`], a target without `drain`, or the node itself as target:
    /// `ERROR_INVALID_PARAMETER`; the node not Up or Paused: `ERROR_CLUSTER_NODE_DOWN`
    /// ([MS-CMRP] ApiPauseNode); draining with no other Up node: `ERROR_CLUSTER_NODE_DOWN`
    /// (ApiPauseNodeEx); a target that is not Up: `ERROR_HOST_NODE_NOT_AVAILABLE`
    /// (ApiPauseNodeWithDrainTarget). Without `drain` it is `PauseClusterNode`.
    pub fn pause_node_ex(
        &mut self,
        id: NodeId,
        drain: bool,
        flags: u32,
        target: Option<NodeId>,
        fx: &mut Vec<Effect>,
    ) -> Result<()> {
        let state = self.node(id)?.state;
        if let Some(t) = target {
            self.node(t)?;
        }
        if flags & !PAUSE_FLAGS != 0 || (target.is_some() && !drain) || target == Some(id) {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        if !matches!(state, NodeState::Up | NodeState::Paused) {
            return Err(Win32Error::ERROR_CLUSTER_NODE_DOWN);
        }
        if !drain {
            return self.pause_node(id, fx);
        }
        if !self.nodes.iter().any(|(k, n)| k != id && n.state == NodeState::Up) {
            return Err(Win32Error::ERROR_CLUSTER_NODE_DOWN);
        }
        if target.is_some_and(|t| self.nodes[t].state != NodeState::Up) {
            return Err(Win32Error::ERROR_HOST_NODE_NOT_AVAILABLE);
        }
        self.pause_node(id, fx)?;
        self.set_drain_status(id, drain_status::IN_PROGRESS, fx);
        let owned: Vec<GroupId> = self.groups.iter().filter(|(_, g)| g.owner == id).map(|(k, _)| k).collect();
        let mut moved = Vec::new();
        let mut stayed = false;
        for g in owned {
            let mut attempt = Vec::new();
            let done = self.move_group(g, target, &mut attempt);
            fx.append(&mut attempt);
            match done {
                Ok(()) => moved.push(g),
                Err(_) => stayed = true,
            }
        }
        self.quorum_state.drained.insert(id, moved);
        let remain = flags & CLUSAPI_NODE_PAUSE_REMAIN_ON_PAUSED_NODE_ON_MOVE_ERROR != 0;
        let status = if stayed && !remain { drain_status::FAILED } else { drain_status::COMPLETED };
        self.set_drain_status(id, status, fx);
        Ok(())
    }

    /// `ResumeClusterNodeEx(node, failback, flags)`. A failback type other than 0, 1, 2 or
    /// a flag outside [`RESUME_FLAGS`]: `ERROR_INVALID_PARAMETER`; a node that is not
    /// paused: `ERROR_CLUSTER_NODE_NOT_PAUSED`. `NODE_STATE` (Up), then the failback: each
    /// group the last drain moved off the node that is not on it already moves back as
    /// `MoveClusterGroup(group, node)` would; a group that cannot move stays where it is.
    pub fn resume_node_ex(
        &mut self,
        id: NodeId,
        failback: u32,
        flags: u32,
        fx: &mut Vec<Effect>,
    ) -> Result<()> {
        self.node(id)?;
        let (Some(kind), 0) = (FailbackType::from_raw(failback), flags & !RESUME_FLAGS) else {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        };
        self.resume_node(id, fx)?;
        let drained = self.quorum_state.drained.remove(&id).unwrap_or_default();
        for g in drained {
            let Some(group) = self.groups.get(g) else { continue };
            let wanted = match kind {
                FailbackType::DoNotFailback => false,
                FailbackType::Immediately => true,
                FailbackType::PerPolicy => self.dword_value(group.key, "AutoFailbackType") == Some(1),
            };
            if wanted && group.owner != id {
                let mut attempt = Vec::new();
                if self.move_group(g, Some(id), &mut attempt).is_ok() {
                    fx.append(&mut attempt);
                }
            }
        }
        Ok(())
    }
}
