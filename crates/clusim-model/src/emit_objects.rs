//! The emission functions of structural changes (create, delete, rename, properties,
//! dependencies, owner lists): the second half of [`crate::emit`], same rules — the V1
//! event first, exactly as before V2, then the V2 events of the ApiGetNotifyV2 table.

use crate::cluster::Cluster;
use crate::emit::{empty, fields, push_v2, GROUP_TYPE_UNKNOWN};
use crate::event::Effect;
use crate::ids::*;
use crate::objects::*;
use clusim_api::change_v2::*;
use clusim_api::notify_v2::{encode_id, encode_id_list};
use clusim_api::proplist;
use clusim_api::*;
use std::sync::Arc;

impl Cluster {
    /// `CreateClusterGroup`: V1 `GROUP_ADDED`; V2 CLUSTER GROUP_ADDED_V2 (payload the
    /// group type, ObjectId the group id, ParentId the hosting node's id, Name).
    pub(crate) fn emit_group_added(&self, g: GroupId, fx: &mut Vec<Effect>) {
        let group = &self.groups[g];
        fx.push(Effect::event(ChangeFlags::GROUP_ADDED, ObjectKind::Group, &group.name));
        if !self.v2_events {
            return;
        }
        let d = fields(
            &group.id,
            self.node_id(group.owner),
            &group.name,
            GROUP_TYPE_UNKNOWN.to_le_bytes().to_vec(),
        );
        push_v2(fx, ObjectType::Cluster, ClusterChangeV2::GROUP_ADDED.bits(), &empty(), d);
    }

    /// `DeleteClusterGroup` (the record already removed): V1 `GROUP_DELETED`, V2 GROUP
    /// DELETED_V2 (empty payload).
    pub(crate) fn emit_group_deleted(&self, g: &Group, fx: &mut Vec<Effect>) {
        fx.push(Effect::event(ChangeFlags::GROUP_DELETED, ObjectKind::Group, &g.name));
        if !self.v2_events {
            return;
        }
        self.group_v2(g, GroupChangeV2::DELETED, Vec::new(), fx);
    }

    /// `CreateClusterResource`: V1 `RESOURCE_ADDED`, `GROUP_PROPERTY`; V2 GROUP
    /// RESOURCE_ADDED_V2 as the table has it (sic: payload the group id, ObjectId the new
    /// resource's id, Name the new resource's name, ParentId the owner node's id), then
    /// GROUP RESOURCE_GAINED_V2 (payload the resource id).
    pub(crate) fn emit_resource_added(&self, r: ResourceId, fx: &mut Vec<Effect>) {
        let res = &self.resources[r];
        let group = &self.groups[res.group];
        fx.push(Effect::event(ChangeFlags::RESOURCE_ADDED, ObjectKind::Resource, &res.name));
        fx.push(Effect::event(ChangeFlags::GROUP_PROPERTY, ObjectKind::Group, &group.name));
        if !self.v2_events {
            return;
        }
        let sic = fields(&res.id, self.node_id(group.owner), &res.name, encode_id(&group.id));
        push_v2(fx, ObjectType::Group, GroupChangeV2::RESOURCE_ADDED.bits(), &group.id, sic);
        self.group_v2(group, GroupChangeV2::RESOURCE_GAINED, encode_id(&res.id), fx);
    }

    /// `DeleteClusterResource` (the record already removed): V1 `RESOURCE_DELETED`,
    /// `GROUP_PROPERTY`; V2 RESOURCE DELETED_V2 (payload the containing group's id), GROUP
    /// RESOURCE_LOST_V2 (payload the resource id).
    pub(crate) fn emit_resource_deleted(&self, r: &Resource, fx: &mut Vec<Effect>) {
        let group = &self.groups[r.group];
        fx.push(Effect::event(ChangeFlags::RESOURCE_DELETED, ObjectKind::Resource, &r.name));
        fx.push(Effect::event(ChangeFlags::GROUP_PROPERTY, ObjectKind::Group, &group.name));
        if !self.v2_events {
            return;
        }
        self.resource_v2(r, ResourceChangeV2::DELETED, encode_id(&group.id), fx);
        self.group_v2(group, GroupChangeV2::RESOURCE_LOST, encode_id(&r.id), fx);
    }

    /// `ChangeClusterResourceGroup` (the model already moved `moving`): V1
    /// `GROUP_PROPERTY` on the old group then the new one; V2, per moved resource, GROUP
    /// RESOURCE_LOST_V2 on the old group, GROUP RESOURCE_GAINED_V2 on the new one and
    /// RESOURCE OWNER_GROUP_V2 (payload the new group's id).
    pub(crate) fn emit_resource_group_changed(
        &self,
        moving: &[ResourceId],
        old: GroupId,
        new: GroupId,
        fx: &mut Vec<Effect>,
    ) {
        let (o, n) = (&self.groups[old], &self.groups[new]);
        fx.push(Effect::event(ChangeFlags::GROUP_PROPERTY, ObjectKind::Group, &o.name));
        fx.push(Effect::event(ChangeFlags::GROUP_PROPERTY, ObjectKind::Group, &n.name));
        if !self.v2_events {
            return;
        }
        for &r in moving {
            let res = &self.resources[r];
            self.group_v2(o, GroupChangeV2::RESOURCE_LOST, encode_id(&res.id), fx);
            self.group_v2(n, GroupChangeV2::RESOURCE_GAINED, encode_id(&res.id), fx);
            self.resource_v2(res, ResourceChangeV2::OWNER_GROUP, encode_id(&n.id), fx);
        }
    }

    /// A dependency added or removed: V1 `RESOURCE_PROPERTY` on the dependent; V2
    /// RESOURCE DEPENDENCIES_V2 on the dependent (payload its new dependency expression)
    /// and RESOURCE DEPENDENTS_V2 on each provider whose dependents changed (payload the
    /// ids of its dependents).
    pub(crate) fn emit_dependency_changed(
        &self,
        resource: ResourceId,
        providers: &[ResourceId],
        fx: &mut Vec<Effect>,
    ) {
        let res = &self.resources[resource];
        fx.push(Effect::event(ChangeFlags::RESOURCE_PROPERTY, ObjectKind::Resource, &res.name));
        if !self.v2_events {
            return;
        }
        // The expression GetClusterResourceDependencyExpression returns (MODEL-DEP-EXPR).
        let expr = self.dependency_expression(resource).unwrap_or_default();
        self.resource_v2(res, ResourceChangeV2::DEPENDENCIES, encode_id(&expr), fx);
        for &provider in providers {
            let p = &self.resources[provider];
            let ids: Vec<&str> = p.dependents.iter().map(|&d| &*self.resources[d].id).collect();
            self.resource_v2(p, ResourceChangeV2::DEPENDENTS, encode_id_list(&ids), fx);
        }
    }

    /// A possible owner added or removed: V1 `RESOURCE_PROPERTY`; V2 RESOURCE
    /// POSSIBLE_OWNERS_V2 (payload the node ids).
    pub(crate) fn emit_possible_owners(&self, r: ResourceId, fx: &mut Vec<Effect>) {
        let res = &self.resources[r];
        fx.push(Effect::event(ChangeFlags::RESOURCE_PROPERTY, ObjectKind::Resource, &res.name));
        if !self.v2_events {
            return;
        }
        let ids: Vec<&str> = res.possible_owners.iter().map(|&n| &*self.nodes[n].id).collect();
        self.resource_v2(res, ResourceChangeV2::POSSIBLE_OWNERS, encode_id_list(&ids), fx);
    }

    /// `SetClusterGroupNodeList`: V1 `GROUP_PROPERTY`; V2 GROUP PREFERRED_OWNERS_V2
    /// (payload the node ids in order).
    pub(crate) fn emit_preferred_owners(&self, g: GroupId, fx: &mut Vec<Effect>) {
        let group = &self.groups[g];
        fx.push(Effect::event(ChangeFlags::GROUP_PROPERTY, ObjectKind::Group, &group.name));
        if !self.v2_events {
            return;
        }
        let ids: Vec<&str> = group.preferred.iter().map(|&n| &*self.nodes[n].id).collect();
        self.group_v2(group, GroupChangeV2::PREFERRED_OWNERS, encode_id_list(&ids), fx);
    }

    /// Properties written (`set_properties`, or a rename writing `Name`): V1
    /// `<OBJECT>_PROPERTY` (`change`, `kind`, `name`); V2 `<TYPE>` COMMON_ or
    /// PRIVATE_PROPERTY_V2 with a property list of just `props` — empty for RESOURCE
    /// PRIVATE_PROPERTY_V2 and RESOURCE_TYPE PRIVATE_PROPERTY_V2 (the table, sic).
    pub(crate) fn emit_properties(
        &self,
        obj: ObjRef,
        scope: PropertyScope,
        props: &PropertyList,
        v1: (ChangeFlags, ObjectKind, &Arc<str>),
        fx: &mut Vec<Effect>,
    ) {
        fx.push(Effect::event(v1.0, v1.1, v1.2));
        if !self.v2_events {
            return;
        }
        let common = scope == PropertyScope::Common;
        let list = || proplist::encode(props);
        let pick = |c: u32, p: u32| if common { c } else { p };
        match obj {
            ObjRef::Cluster => {
                let d = fields(&empty(), empty(), &empty(), list());
                let f =
                    pick(ClusterChangeV2::COMMON_PROPERTY.bits(), ClusterChangeV2::PRIVATE_PROPERTY.bits());
                push_v2(fx, ObjectType::Cluster, f, &empty(), d);
            }
            ObjRef::Group(g) => {
                let f = if common { GroupChangeV2::COMMON_PROPERTY } else { GroupChangeV2::PRIVATE_PROPERTY };
                self.group_v2(&self.groups[g], f, list(), fx);
            }
            ObjRef::Resource(r) => {
                let (f, payload) = if common {
                    (ResourceChangeV2::COMMON_PROPERTY, list())
                } else {
                    (ResourceChangeV2::PRIVATE_PROPERTY, Vec::new())
                };
                self.resource_v2(&self.resources[r], f, payload, fx);
            }
            ObjRef::ResType(t) => {
                let t = &self.restypes[t];
                let (f, payload) = if common {
                    (ResourceTypeChangeV2::COMMON_PROPERTY, list())
                } else {
                    (ResourceTypeChangeV2::PRIVATE_PROPERTY, Vec::new())
                };
                push_v2(
                    fx,
                    ObjectType::ResourceType,
                    f.bits(),
                    &t.name,
                    fields(&empty(), empty(), &t.name, payload),
                );
            }
            ObjRef::Node(n) => {
                let n = &self.nodes[n];
                let f = pick(NodeChangeV2::COMMON_PROPERTY.bits(), NodeChangeV2::PRIVATE_PROPERTY.bits());
                push_v2(fx, ObjectType::Node, f, &n.id, fields(&n.id, empty(), &n.name, list()));
            }
            ObjRef::Network(n) => {
                let n = &self.networks[n];
                let f =
                    pick(NetworkChangeV2::COMMON_PROPERTY.bits(), NetworkChangeV2::PRIVATE_PROPERTY.bits());
                push_v2(fx, ObjectType::Network, f, &n.id, fields(&n.id, empty(), &n.name, list()));
            }
            ObjRef::NetIf(i) => {
                let i = &self.netifs[i];
                let f = pick(
                    NetInterfaceChangeV2::COMMON_PROPERTY.bits(),
                    NetInterfaceChangeV2::PRIVATE_PROPERTY.bits(),
                );
                push_v2(
                    fx,
                    ObjectType::NetworkInterface,
                    f,
                    &i.id,
                    fields(&i.id, self.node_id(i.node), &i.name, list()),
                );
            }
        }
    }

    /// `CreateClusterResourceType`: V1 `RESOURCE_TYPE_ADDED`; V2 CLUSTER
    /// RESOURCE_TYPE_ADDED_V2 (Name the type name, nothing else).
    pub(crate) fn emit_restype_added(&self, name: &Arc<str>, fx: &mut Vec<Effect>) {
        fx.push(Effect::event(ChangeFlags::RESOURCE_TYPE_ADDED, ObjectKind::ResourceType, name));
        if !self.v2_events {
            return;
        }
        let d = fields(&empty(), empty(), name, Vec::new());
        push_v2(fx, ObjectType::Cluster, ClusterChangeV2::RESOURCE_TYPE_ADDED.bits(), &empty(), d);
    }

    /// `DeleteClusterResourceType`: V1 `RESOURCE_TYPE_DELETED`; V2 RESOURCE_TYPE
    /// DELETED_V2 (Name the type name, empty payload).
    pub(crate) fn emit_restype_deleted(&self, name: &Arc<str>, fx: &mut Vec<Effect>) {
        fx.push(Effect::event(ChangeFlags::RESOURCE_TYPE_DELETED, ObjectKind::ResourceType, name));
        if !self.v2_events {
            return;
        }
        let d = fields(&empty(), empty(), name, Vec::new());
        push_v2(fx, ObjectType::ResourceType, ResourceTypeChangeV2::DELETED.bits(), name, d);
    }

    /// An interface deleted (node eviction; the record already removed): V1
    /// `NETINTERFACE_DELETED`; V2 NETWORK_INTERFACE DELETED_V2 (empty payload).
    pub(crate) fn emit_netif_deleted(&self, i: &NetIf, fx: &mut Vec<Effect>) {
        fx.push(Effect::event(ChangeFlags::NETINTERFACE_DELETED, ObjectKind::NetInterface, &i.name));
        if !self.v2_events {
            return;
        }
        let d = fields(&i.id, self.node_id(i.node), &i.name, Vec::new());
        push_v2(fx, ObjectType::NetworkInterface, NetInterfaceChangeV2::DELETED.bits(), &i.id, d);
    }

    /// `EvictClusterNode` (the record already removed): V1 `NODE_DELETED`; V2 NODE
    /// DELETED_V2 (payload the node's state as a `DWORD`).
    pub(crate) fn emit_node_deleted(&self, n: &Node, fx: &mut Vec<Effect>) {
        fx.push(Effect::event(ChangeFlags::NODE_DELETED, ObjectKind::Node, &n.name));
        if !self.v2_events {
            return;
        }
        let d = fields(&n.id, empty(), &n.name, (n.state as u32).to_le_bytes().to_vec());
        push_v2(fx, ObjectType::Node, NodeChangeV2::DELETED.bits(), &n.id, d);
    }
}
