//! The `…Ex` group and resource operations that are more than the plain calls with
//! checked flags: group types, `DestroyClusterGroup`, `RestartClusterResource`,
//! `CancelClusterGroupOperation`, `CanResourceBeDependent` (spec/model.md MODEL-EX).

use crate::cluster::Cluster;
use crate::event::Effect;
use crate::ids::*;
use clusim_api::ex::*;
use clusim_api::*;

/// The group type a topology group gets: the core groups' own types, else unknown.
pub(crate) fn topology_group_type(name: &str) -> u32 {
    match name {
        "Cluster Group" => CLUSGROUP_TYPE_CORE_CLUSTER,
        "Available Storage" => CLUSGROUP_TYPE_AVAILABLE_STORAGE,
        _ => CLUSGROUP_TYPE_UNKNOWN,
    }
}

impl Cluster {
    /// `CreateClusterGroupEx`: `CreateClusterGroup`, then the group carries `group_type`.
    pub fn create_group_ex(&mut self, name: &str, group_type: u32, fx: &mut Vec<Effect>) -> Result<GroupId> {
        let g = self.create_group(name, fx)?;
        self.groups[g].group_type = group_type;
        Ok(g)
    }

    /// `DestroyClusterGroup` ([MS-CMRP] ApiDeleteGroup with `force`): every resource is
    /// taken offline, each is deleted once nothing depends on it (dependents first, then
    /// creation order), then the group. A core resource in the group:
    /// `ERROR_CORE_RESOURCE`; the quorum resource: `ERROR_QUORUM_RESOURCE` — both
    /// checked before anything changes.
    pub fn destroy_group(&mut self, g: GroupId, fx: &mut Vec<Effect>) -> Result<()> {
        let members = self.group(g)?.resources.clone();
        if members.iter().any(|&r| self.resources[r].core) {
            return Err(Win32Error::ERROR_CORE_RESOURCE);
        }
        if members.iter().any(|&r| Some(r) == self.quorum) {
            return Err(Win32Error::ERROR_QUORUM_RESOURCE);
        }
        self.offline_group(g, fx)?;
        while let Some(&r) =
            self.groups[g].resources.iter().find(|&&r| self.resources[r].dependents.is_empty())
        {
            let deps = self.resources[r].deps.clone();
            for p in deps {
                self.unlink_dependency(r, p);
            }
            self.delete_resource(r, fx)?;
        }
        self.delete_group(g, fx)
    }

    /// `RestartClusterResource`: an online resource goes offline (its online dependents
    /// first, as `OfflineClusterResource`), then comes back online together with the
    /// dependents that were online. `flags` must be 0 (`ERROR_INVALID_PARAMETER`: the SDK
    /// documents none); a resource that is not online: `ERROR_RESOURCE_NOT_ONLINE`.
    pub fn restart_resource(&mut self, r: ResourceId, flags: u32, fx: &mut Vec<Effect>) -> Result<()> {
        if flags != 0 {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        if self.resource(r)?.state != ResourceState::Online {
            return Err(Win32Error::ERROR_RESOURCE_NOT_ONLINE);
        }
        let mut back = vec![r];
        let mut i = 0;
        while i < back.len() {
            for &d in &self.resources[back[i]].dependents {
                if self.resources[d].state == ResourceState::Online && !back.contains(&d) {
                    back.push(d);
                }
            }
            i += 1;
        }
        self.offline_resource(r, fx)?;
        for x in back {
            self.online_resource(x, fx)?;
        }
        Ok(())
    }

    /// `CancelClusterGroupOperation`: `flags` must be 0 (`ERROR_INVALID_PARAMETER`); with
    /// no cancellable move pending, `ERROR_INVALID_STATE` ([MS-CMRP]
    /// ApiCancelClusterGroupOperation).
    pub fn cancel_group_operation(&mut self, g: GroupId, flags: u32, fx: &mut Vec<Effect>) -> Result<()> {
        if flags != 0 {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        self.group(g)?;
        self.cancel_pending_move(g, fx).unwrap_or(Err(Win32Error::ERROR_INVALID_STATE))
    }

    /// The hook a cancellation goes through: `Some(result)` when a move of `g` was in
    /// progress with its owner change still ahead — the change is dropped and the group
    /// returns to its persistent state on its owner: `Ok` when nothing is left pending,
    /// `ERROR_IO_PENDING` while its resources finish ("the cancellation … is now in
    /// progress", SDK CancelClusterGroupOperation) — and `None` when nothing is pending.
    fn cancel_pending_move(&mut self, g: GroupId, fx: &mut Vec<Effect>) -> Option<Result<()>> {
        let _ = fx;
        if !self.cancel_owner_change(g) {
            return None;
        }
        let members = self.groups[g].resources.clone();
        Some(self.settled(&members))
    }

    /// `CanResourceBeDependent(resource, dependent)`: `dependent` can become a dependency
    /// of `resource` — another resource of the same group that does not already depend on
    /// `resource` (directly or not). An existing dependency still answers `true`.
    pub fn can_be_dependent(&self, resource: ResourceId, dependent: ResourceId) -> Result<bool> {
        let r = self.resource(resource)?;
        let d = self.resource(dependent)?;
        Ok(resource != dependent && r.group == d.group && !self.depends_transitively(dependent, resource))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Topology;

    // MODEL-GROUP-TYPE: the type given at creation is kept; core groups have their own.
    #[test]
    fn groups_keep_the_type_they_were_created_with() {
        let mut c = Cluster::from_topology("types", &Topology::default_cluster(), 1).unwrap();
        let mut fx = Vec::new();
        let vm = c.create_group_ex("vm", CLUSGROUP_TYPE_VIRTUAL_MACHINE, &mut fx).unwrap();
        let plain = c.create_group("plain", &mut fx).unwrap();
        assert_eq!(c.group(vm).unwrap().group_type, 111);
        assert_eq!(c.group(plain).unwrap().group_type, CLUSGROUP_TYPE_UNKNOWN);
        let core = c.group_by_name("Cluster Group").unwrap();
        assert_eq!(c.group(core).unwrap().group_type, CLUSGROUP_TYPE_CORE_CLUSTER);
        let storage = c.group_by_name("Available Storage").unwrap();
        assert_eq!(c.group(storage).unwrap().group_type, CLUSGROUP_TYPE_AVAILABLE_STORAGE);
    }
}
