//! Structural operations: create, delete, rename, dependencies, owners, nodes.
//!
//! Each operation validates first, then mutates, then records effects in this order:
//! database writes first, then the object events (spec/model.md, "event order").

use crate::arena::{Arena, Named};
use crate::cluster::Cluster;
use crate::event::Effect;
use crate::ids::*;
use crate::names::validate_new_name;
use crate::objects::*;
use clusim_api::property::REG_SZ;
use clusim_api::*;
use std::sync::Arc;

impl Cluster {
    pub(crate) fn add_node(&mut self, name: &str, fx: &mut Vec<Effect>) -> NodeId {
        let number = self.next_node_number;
        self.next_node_number += 1;
        let id = number.to_string();
        let key = self
            .create_object_key("Nodes", &id, &[("NodeName", PropertyValue::Sz(name.into()))], fx)
            .expect("Nodes key exists");
        self.nodes.insert(Node { name: Arc::from(name), id: Arc::from(id), state: NodeState::Up, key })
    }

    pub(crate) fn add_network(&mut self, name: &str) -> Result<NetworkId> {
        let name = validate_new_name(name)?;
        if self.networks.name_taken(&name) {
            return Err(Win32Error::ERROR_OBJECT_ALREADY_EXISTS);
        }
        let id = self.ids.guid();
        let key = self.create_object_key(
            "Networks",
            &id,
            &[("Name", PropertyValue::Sz(name.to_string()))],
            &mut Vec::new(),
        )?;
        Ok(self.networks.insert(Network { name, id: Arc::from(id), state: NetworkState::Up, key }))
    }

    pub(crate) fn add_net_interface(
        &mut self,
        name: &str,
        node: NodeId,
        network: NetworkId,
    ) -> Result<NetIfId> {
        let name = validate_new_name(name)?;
        if self.netifs.name_taken(&name) {
            return Err(Win32Error::ERROR_OBJECT_ALREADY_EXISTS);
        }
        let id = self.ids.guid();
        let values = [
            ("Name", PropertyValue::Sz(name.to_string())),
            ("Node", PropertyValue::Sz(self.nodes[node].id.to_string())),
            ("Network", PropertyValue::Sz(self.networks[network].id.to_string())),
        ];
        let key = self.create_object_key("NetworkInterfaces", &id, &values, &mut Vec::new())?;
        Ok(self.netifs.insert(NetIf {
            name,
            id: Arc::from(id),
            node,
            network,
            state: NetInterfaceState::Up,
            key,
        }))
    }

    // ----- resource types ----------------------------------------------------------------

    /// `CreateClusterResourceType`: `RESOURCE_TYPE_ADDED`.
    pub fn create_resource_type(
        &mut self,
        spec: &ResourceTypeSpec,
        fx: &mut Vec<Effect>,
    ) -> Result<ResTypeId> {
        let name = validate_new_name(&spec.name)?;
        if spec.dll_name.is_empty() || spec.dll_name.contains('\0') || spec.display_name.contains('\0') {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        if self.restypes.name_taken(&name) {
            return Err(Win32Error::ERROR_OBJECT_ALREADY_EXISTS);
        }
        let values = [
            ("Name", PropertyValue::Sz(spec.display_name.clone())),
            ("DllName", PropertyValue::Sz(spec.dll_name.clone())),
            ("LooksAlivePollInterval", PropertyValue::Dword(spec.looks_alive_ms)),
            ("IsAlivePollInterval", PropertyValue::Dword(spec.is_alive_ms)),
        ];
        let key = self.create_object_key("ResourceTypes", &name, &values, fx)?;
        let id = self.restypes.insert(ResType {
            name: name.clone(),
            display_name: Arc::from(spec.display_name.as_str()),
            dll: Arc::from(spec.dll_name.as_str()),
            looks_alive_ms: spec.looks_alive_ms,
            is_alive_ms: spec.is_alive_ms,
            quorum_capable: false,
            key,
            life: crate::policy::TypeLife {
                durations: self.default_durations(name.as_ref()),
                script: Default::default(),
            },
        });
        self.emit_restype_added(&name, fx);
        Ok(id)
    }

    /// `DeleteClusterResourceType`: refused while resources of the type exist
    /// (`ERROR_DIR_NOT_EMPTY`); `RESOURCE_TYPE_DELETED`.
    pub fn delete_resource_type(&mut self, name: &str, fx: &mut Vec<Effect>) -> Result<()> {
        let id = self.restype_by_name(name)?;
        if self.resources.iter().any(|(_, r)| r.rtype == id) {
            return Err(Win32Error::ERROR_DIR_NOT_EMPTY);
        }
        let t = self.restypes.remove(id).expect("looked up");
        self.registry.delete_tree(t.key, self.now, fx)?;
        self.emit_restype_deleted(&t.name, fx);
        Ok(())
    }

    // ----- groups --------------------------------------------------------------------------

    /// The first node (in node order) that is up: where new groups start.
    pub(crate) fn first_up_node(&self) -> NodeId {
        self.nodes
            .iter()
            .find(|(_, n)| n.state == NodeState::Up)
            .or_else(|| self.nodes.iter().next())
            .map(|(k, _)| k)
            .expect("a cluster has nodes")
    }

    /// `CreateClusterGroup`: an empty offline group on the first up node; `GROUP_ADDED`.
    pub fn create_group(&mut self, name: &str, fx: &mut Vec<Effect>) -> Result<GroupId> {
        let name = validate_new_name(name)?;
        if self.groups.name_taken(&name) {
            return Err(Win32Error::ERROR_OBJECT_ALREADY_EXISTS);
        }
        let id = self.ids.guid();
        let key =
            self.create_object_key("Groups", &id, &[("Name", PropertyValue::Sz(name.to_string()))], fx)?;
        let owner = self.first_up_node();
        let g = self.groups.insert(Group {
            name: name.clone(),
            id: Arc::from(id),
            owner,
            state: GroupState::Offline,
            want_online: false,
            resources: Vec::new(),
            tally: Default::default(),
            preferred: Vec::new(),
            group_type: clusim_api::ex::CLUSGROUP_TYPE_UNKNOWN,
            key,
            life: Default::default(),
        });
        self.emit_group_added(g, fx);
        Ok(g)
    }

    /// `DeleteClusterGroup`: only empty groups (`ERROR_DIR_NOT_EMPTY`); `GROUP_DELETED`.
    pub fn delete_group(&mut self, id: GroupId, fx: &mut Vec<Effect>) -> Result<()> {
        if !self.group(id)?.resources.is_empty() {
            return Err(Win32Error::ERROR_DIR_NOT_EMPTY);
        }
        let g = self.groups.remove(id).expect("checked");
        self.registry.delete_tree(g.key, self.now, fx)?;
        self.emit_group_deleted(&g, fx);
        Ok(())
    }

    /// `SetClusterGroupName`: `REGISTRY_VALUE` (Name), then `GROUP_PROPERTY` under the new
    /// name; per-object registrations follow the group (N9).
    pub fn rename_group(&mut self, id: GroupId, name: &str, fx: &mut Vec<Effect>) -> Result<()> {
        self.rename_object(|c| &mut c.groups, id, ObjRef::Group(id), ChangeFlags::GROUP_PROPERTY, name, fx)
    }
    /// `SetClusterGroupNodeList`: `GROUP_PROPERTY`.
    pub fn set_group_node_list(&mut self, id: GroupId, nodes: &[NodeId], fx: &mut Vec<Effect>) -> Result<()> {
        self.group(id)?;
        for (i, &n) in nodes.iter().enumerate() {
            self.node(n)?;
            if nodes[..i].contains(&n) {
                return Err(Win32Error::ERROR_INVALID_PARAMETER);
            }
        }
        let ids: Vec<String> = nodes.iter().map(|&n| self.nodes[n].id.to_string()).collect();
        let key = self.groups[id].key;
        self.registry.set_value(
            key,
            "PreferredOwners",
            clusim_api::property::REG_MULTI_SZ,
            PropertyValue::MultiSz(ids).to_reg_bytes(),
            self.now,
            fx,
        )?;
        self.groups[id].preferred = nodes.to_vec();
        self.emit_preferred_owners(id, fx);
        Ok(())
    }

    // ----- resources -----------------------------------------------------------------------

    /// `CreateClusterResource`: offline, every node a possible owner. Effects:
    /// `REGISTRY_NAME` (its key), `RESOURCE_ADDED`, `GROUP_PROPERTY` on the group, and
    /// `GROUP_STATE` if the group's aggregate state changes (an online group becomes
    /// partially online). No initial `RESOURCE_STATE` (N16).
    pub fn create_resource(
        &mut self,
        group: GroupId,
        name: &str,
        type_name: &str,
        fx: &mut Vec<Effect>,
    ) -> Result<ResourceId> {
        self.group(group)?;
        let name = validate_new_name(name)?;
        let rtype = self.restype_by_name(type_name)?;
        if self.resources.name_taken(&name) {
            return Err(Win32Error::ERROR_OBJECT_ALREADY_EXISTS);
        }
        let id = self.ids.guid();
        let type_display = self.restypes[rtype].name.to_string();
        let values =
            [("Name", PropertyValue::Sz(name.to_string())), ("Type", PropertyValue::Sz(type_display))];
        let key = self.create_object_key("Resources", &id, &values, fx)?;
        let possible_owners = self.nodes.keys().to_vec();
        self.next_resource += 1;
        let r = self.resources.insert(Resource {
            name: name.clone(),
            id: Arc::from(id),
            rtype,
            group,
            state: ResourceState::Offline,
            deps: Vec::new(),
            dependents: Vec::new(),
            created: self.next_resource,
            possible_owners,
            core: false,
            key,
            life: Default::default(),
        });
        self.groups[group].resources.push(r);
        self.groups[group].tally.add(ResourceState::Offline, 1);
        self.emit_resource_added(r, fx);
        self.refresh_group(group, fx);
        Ok(r)
    }

    /// `DeleteClusterResource`: must be offline or failed (`ERROR_INVALID_STATE`, the
    /// Windows Server 2012 code of the SDK page), not
    /// core (`ERROR_CORE_RESOURCE`), not the quorum (`ERROR_QUORUM_RESOURCE`), with no
    /// dependents (`ERROR_DEPENDENT_RESOURCE_EXISTS`). Effects: `REGISTRY_NAME` per
    /// deleted key, `RESOURCE_DELETED`, `GROUP_PROPERTY`, `GROUP_STATE` if it changes.
    pub fn delete_resource(&mut self, id: ResourceId, fx: &mut Vec<Effect>) -> Result<()> {
        let r = self.resource(id)?;
        if !matches!(r.state, ResourceState::Offline | ResourceState::Failed | ResourceState::Initializing) {
            return Err(Win32Error::ERROR_INVALID_STATE);
        }
        if r.core {
            return Err(Win32Error::ERROR_CORE_RESOURCE);
        }
        if self.quorum == Some(id) {
            return Err(Win32Error::ERROR_QUORUM_RESOURCE);
        }
        if !r.dependents.is_empty() {
            return Err(Win32Error::ERROR_DEPENDENT_RESOURCE_EXISTS);
        }
        let r = self.resources.remove(id).expect("checked");
        for &p in &r.deps {
            self.resources[p].dependents.retain(|&x| x != id);
        }
        self.groups[r.group].resources.retain(|&x| x != id);
        self.groups[r.group].tally.add(r.state, -1);
        self.registry.delete_tree(r.key, self.now, fx)?;
        self.emit_resource_deleted(&r, fx);
        self.refresh_group(r.group, fx);
        Ok(())
    }

    /// `SetClusterResourceName`: `REGISTRY_VALUE` (Name), `RESOURCE_PROPERTY` under the
    /// new name; registrations follow (N9).
    pub fn rename_resource(&mut self, id: ResourceId, name: &str, fx: &mut Vec<Effect>) -> Result<()> {
        self.rename_object(
            |c| &mut c.resources,
            id,
            ObjRef::Resource(id),
            ChangeFlags::RESOURCE_PROPERTY,
            name,
            fx,
        )
    }

    pub(crate) fn depends_transitively(&self, from: ResourceId, on: ResourceId) -> bool {
        let mut stack = vec![from];
        let mut seen = std::collections::HashSet::new();
        while let Some(x) = stack.pop() {
            if x == on {
                return true;
            }
            if !seen.insert(x) {
                continue;
            }
            stack.extend(self.resources[x].deps.iter().copied());
        }
        false
    }

    /// `AddClusterResourceDependency(resource, provider)` (SDK page): on itself
    /// `ERROR_CIRCULAR_DEPENDENCY`; other group `ERROR_INVALID_PARAMETER`; a longer cycle
    /// `ERROR_CIRCULAR_DEPENDENCY` ([MS-CMRP] ApiAddResourceDependency); already present
    /// `ERROR_DEPENDENCY_ALREADY_EXISTS`. `RESOURCE_PROPERTY` on `resource`.
    pub fn add_dependency(
        &mut self,
        resource: ResourceId,
        provider: ResourceId,
        fx: &mut Vec<Effect>,
    ) -> Result<()> {
        let r = self.resource(resource)?;
        let p = self.resource(provider)?;
        if resource == provider {
            return Err(Win32Error::ERROR_CIRCULAR_DEPENDENCY);
        }
        if r.group != p.group {
            return Err(Win32Error::ERROR_INVALID_PARAMETER);
        }
        if self.depends_transitively(provider, resource) {
            return Err(Win32Error::ERROR_CIRCULAR_DEPENDENCY);
        }
        if r.deps.contains(&provider) {
            return Err(Win32Error::ERROR_DEPENDENCY_ALREADY_EXISTS);
        }
        self.link_dependency(resource, provider);
        self.emit_dependency_changed(resource, &[provider], fx);
        Ok(())
    }

    /// `RemoveClusterResourceDependency`: `ERROR_DEPENDENCY_NOT_FOUND` if absent.
    pub fn remove_dependency(
        &mut self,
        resource: ResourceId,
        provider: ResourceId,
        fx: &mut Vec<Effect>,
    ) -> Result<()> {
        self.resource(provider)?;
        let r = self.resource(resource)?;
        if !r.deps.contains(&provider) {
            return Err(Win32Error::ERROR_DEPENDENCY_NOT_FOUND);
        }
        self.unlink_dependency(resource, provider);
        self.emit_dependency_changed(resource, &[provider], fx);
        Ok(())
    }

    /// `AddClusterResourceNode`: `ERROR_OBJECT_ALREADY_EXISTS` if already a possible owner.
    pub fn add_possible_owner(
        &mut self,
        resource: ResourceId,
        node: NodeId,
        fx: &mut Vec<Effect>,
    ) -> Result<()> {
        self.node(node)?;
        if self.resource(resource)?.possible_owners.contains(&node) {
            return Err(Win32Error::ERROR_OBJECT_ALREADY_EXISTS);
        }
        self.resources[resource].possible_owners.push(node);
        self.emit_possible_owners(resource, fx);
        Ok(())
    }

    /// `RemoveClusterResourceNode`: `ERROR_CLUSTER_NODE_NOT_FOUND` if not a possible owner;
    /// the owner of an online resource cannot be removed (`ERROR_INVALID_STATE`).
    pub fn remove_possible_owner(
        &mut self,
        resource: ResourceId,
        node: NodeId,
        fx: &mut Vec<Effect>,
    ) -> Result<()> {
        self.node(node)?;
        let r = self.resource(resource)?;
        if !r.possible_owners.contains(&node) {
            return Err(Win32Error::ERROR_CLUSTER_NODE_NOT_FOUND);
        }
        if self.groups[r.group].owner == node
            && r.state != ResourceState::Offline
            && r.state != ResourceState::Failed
        {
            return Err(Win32Error::ERROR_INVALID_STATE);
        }
        self.resources[resource].possible_owners.retain(|&n| n != node);
        self.emit_possible_owners(resource, fx);
        Ok(())
    }

    /// `ChangeClusterResourceGroup` (SDK page): both groups must be owned by the same node
    /// whatever the resource's state (`ERROR_HOST_NODE_NOT_AVAILABLE`, decision: the page
    /// names no code); the whole dependency tree (every resource reachable through
    /// dependencies and dependents) moves, in the old group's order; none of it may be a
    /// core resource (`ERROR_CORE_RESOURCE`). States are kept. Effects: `GROUP_PROPERTY`
    /// on the old group then the new one, `GROUP_STATE` where the aggregate changes.
    pub fn change_resource_group(
        &mut self,
        resource: ResourceId,
        group: GroupId,
        fx: &mut Vec<Effect>,
    ) -> Result<()> {
        self.group(group)?;
        let old = self.resource(resource)?.group;
        if old == group {
            return Ok(());
        }
        if self.groups[old].owner != self.groups[group].owner {
            return Err(Win32Error::ERROR_HOST_NODE_NOT_AVAILABLE);
        }
        let tree = self.dependency_tree(resource);
        if tree.iter().any(|&x| self.resources[x].core) {
            return Err(Win32Error::ERROR_CORE_RESOURCE);
        }
        let moving: Vec<ResourceId> =
            self.groups[old].resources.iter().copied().filter(|x| tree.contains(x)).collect();
        self.groups[old].resources.retain(|x| !tree.contains(x));
        for &x in &moving {
            let state = self.resources[x].state;
            self.groups[old].tally.add(state, -1);
            self.groups[group].tally.add(state, 1);
            self.groups[group].resources.push(x);
            self.resources[x].group = group;
        }
        self.emit_resource_group_changed(&moving, old, group, fx);
        self.refresh_group(old, fx);
        self.refresh_group(group, fx);
        Ok(())
    }

    /// Every resource connected to `r` through dependencies or dependents, `r` included
    /// (membership only; callers order by the group's resource list).
    fn dependency_tree(&self, r: ResourceId) -> std::collections::HashSet<ResourceId> {
        let mut seen = std::collections::HashSet::new();
        let mut stack = vec![r];
        while let Some(x) = stack.pop() {
            if seen.insert(x) {
                let res = &self.resources[x];
                stack.extend(res.deps.iter().chain(res.dependents.iter()).copied());
            }
        }
        seen
    }

    /// `SetClusterQuorumResource`: the resource's type must be quorum-capable
    /// (`ERROR_NOT_QUORUM_CAPABLE`); `QUORUM_STATE` with the resource's name.
    pub fn set_quorum(&mut self, resource: ResourceId, fx: &mut Vec<Effect>) -> Result<()> {
        let r = self.resource(resource)?;
        if !self.restypes[r.rtype].quorum_capable {
            return Err(Win32Error::ERROR_NOT_QUORUM_CAPABLE);
        }
        if self.quorum == Some(resource) {
            return Ok(());
        }
        let id = r.id.to_string();
        self.quorum = Some(resource);
        let root = self.registry.root();
        self.registry.set_value(
            root,
            "QuorumResource",
            REG_SZ,
            PropertyValue::Sz(id).to_reg_bytes(),
            self.now,
            fx,
        )?;
        self.emit_quorum_set(resource, fx);
        Ok(())
    }

    // ----- nodes ---------------------------------------------------------------------------

    /// `PauseClusterNode`: Up → Paused with `NODE_STATE`; pausing a paused node succeeds
    /// with no event; a down node gives `ERROR_CLUSTER_NODE_DOWN`.
    pub fn pause_node(&mut self, id: NodeId, fx: &mut Vec<Effect>) -> Result<()> {
        match self.node(id)?.state {
            NodeState::Paused => Ok(()),
            NodeState::Up => {
                self.nodes[id].state = NodeState::Paused;
                self.emit_node_state(id, false, fx);
                Ok(())
            }
            _ => Err(Win32Error::ERROR_CLUSTER_NODE_DOWN),
        }
    }

    /// `ResumeClusterNode`: Paused → Up with `NODE_STATE`; otherwise
    /// `ERROR_CLUSTER_NODE_NOT_PAUSED`.
    pub fn resume_node(&mut self, id: NodeId, fx: &mut Vec<Effect>) -> Result<()> {
        if self.node(id)?.state != NodeState::Paused {
            return Err(Win32Error::ERROR_CLUSTER_NODE_NOT_PAUSED);
        }
        self.nodes[id].state = NodeState::Up;
        self.emit_node_state(id, false, fx);
        Ok(())
    }

    /// `EvictClusterNode`: refused while the node owns a group or is the last node
    /// (`ERROR_CANT_EVICT_ACTIVE_NODE`). Its interfaces are deleted
    /// (`NETINTERFACE_DELETED` each), it leaves every possible-owner and preferred-owner
    /// list silently, then `NODE_DELETED`.
    pub fn evict_node(&mut self, id: NodeId, fx: &mut Vec<Effect>) -> Result<()> {
        self.node(id)?;
        if self.nodes.len() == 1 || self.groups.iter().any(|(_, g)| g.owner == id) {
            return Err(Win32Error::ERROR_CANT_EVICT_ACTIVE_NODE);
        }
        let ifs: Vec<NetIfId> = self.netifs.iter().filter(|(_, i)| i.node == id).map(|(k, _)| k).collect();
        for i in ifs {
            let netif = self.netifs.remove(i).expect("listed");
            self.registry.delete_tree(netif.key, self.now, fx)?;
            self.emit_netif_deleted(&netif, fx);
        }
        let rids: Vec<ResourceId> = self.resources.keys().to_vec();
        for r in rids {
            self.resources[r].possible_owners.retain(|&n| n != id);
        }
        let gids: Vec<GroupId> = self.groups.keys().to_vec();
        for g in gids {
            self.groups[g].preferred.retain(|&n| n != id);
        }
        let node = self.nodes.remove(id).expect("checked");
        self.registry.delete_tree(node.key, self.now, fx)?;
        self.emit_node_deleted(&node, fx);
        Ok(())
    }

    // ----- networks ------------------------------------------------------------------------

    /// `SetClusterNetworkName`: `REGISTRY_VALUE`, `NETWORK_PROPERTY` under the new name.
    pub fn rename_network(&mut self, id: NetworkId, name: &str, fx: &mut Vec<Effect>) -> Result<()> {
        self.rename_object(
            |c| &mut c.networks,
            id,
            ObjRef::Network(id),
            ChangeFlags::NETWORK_PROPERTY,
            name,
            fx,
        )
    }

    /// The one rename rule: validate the new name, refuse a taken one
    /// (`ERROR_OBJECT_ALREADY_EXISTS`), nothing for the same name; then `REGISTRY_VALUE`
    /// (Name), the rename the router follows (N9), and `change` under the new name.
    fn rename_object<K: slotmap::Key, T: Named>(
        &mut self,
        arena: fn(&mut Cluster) -> &mut Arena<K, T>,
        id: K,
        obj: ObjRef,
        change: ChangeFlags,
        name: &str,
        fx: &mut Vec<Effect>,
    ) -> Result<()> {
        let kind = obj.kind();
        let old = arena(self).get(id).ok_or_else(|| not_found(kind))?.name().clone();
        let name = validate_new_name(name)?;
        if *old == *name {
            return Ok(());
        }
        if arena(self).by_name(&name).is_some_and(|other| other != id) {
            return Err(Win32Error::ERROR_OBJECT_ALREADY_EXISTS);
        }
        let key = arena(self)[id].reg_key();
        self.write_name_value(key, &name, fx)?;
        arena(self).rename(id, name.clone());
        fx.push(Effect::Renamed { kind, old, new: name.clone() });
        let props = vec![("Name".to_string(), PropertyValue::Sz(name.to_string()))];
        self.emit_properties(obj, PropertyScope::Common, &props, (change, kind, &name), fx);
        Ok(())
    }
}

/// The not-found code of an object kind.
fn not_found(kind: ObjectKind) -> Win32Error {
    match kind {
        ObjectKind::Node => Win32Error::ERROR_CLUSTER_NODE_NOT_FOUND,
        ObjectKind::Group => Win32Error::ERROR_GROUP_NOT_FOUND,
        ObjectKind::Resource => Win32Error::ERROR_RESOURCE_NOT_FOUND,
        ObjectKind::Network => Win32Error::ERROR_CLUSTER_NETWORK_NOT_FOUND,
        ObjectKind::NetInterface => Win32Error::ERROR_CLUSTER_NETINTERFACE_NOT_FOUND,
        ObjectKind::ResourceType => Win32Error::ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND,
        _ => Win32Error::ERROR_INVALID_HANDLE,
    }
}
