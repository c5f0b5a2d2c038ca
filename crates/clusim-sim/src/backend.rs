//! `impl Backend for Sim`: each ClusAPI call resolved, validated, applied and routed.
//!
//! A handle whose object was deleted stays a valid handle, but every call through it
//! answers the object's not-found code (`ERROR_RESOURCE_NOT_FOUND`, …), as the arena's
//! generation check reports (spec/model.md).

use crate::cell::ClusterCell;
use crate::handles::Entry;
use crate::sim::Sim;
use clusim_api::enums::EnumEntry;
use clusim_api::registry::*;
use clusim_api::*;
use clusim_model::ids::*;
use clusim_model::ObjRef;
use std::sync::Arc;

macro_rules! resolver {
    ($fn:ident, $h:ty, $variant:ident, $id:ty) => {
        fn $fn(&self, h: $h) -> Result<(Arc<ClusterCell>, $id)> {
            match self.entry(h.0)? {
                Entry::$variant(c, id) => Ok((c, id)),
                _ => Err(Win32Error::ERROR_INVALID_HANDLE),
            }
        }
    };
}

impl Sim {
    resolver!(node_h, HNode, Node, NodeId);
    resolver!(group_h, HGroup, Group, GroupId);
    resolver!(resource_h, HResource, Resource, ResourceId);
    resolver!(network_h, HNetwork, Network, NetworkId);
    resolver!(netif_h, HNetInterface, NetInterface, NetIfId);

    pub(crate) fn obj_handle(&self, h: ObjectHandle) -> Result<(Arc<ClusterCell>, ObjRef)> {
        self.obj_h(h)
    }

    fn obj_h(&self, h: ObjectHandle) -> Result<(Arc<ClusterCell>, ObjRef)> {
        Ok(match h {
            ObjectHandle::Cluster(c) => (self.cluster_of(c)?, ObjRef::Cluster),
            ObjectHandle::Node(n) => {
                let (c, id) = self.node_h(n)?;
                (c, ObjRef::Node(id))
            }
            ObjectHandle::Group(n) => {
                let (c, id) = self.group_h(n)?;
                (c, ObjRef::Group(id))
            }
            ObjectHandle::Resource(n) => {
                let (c, id) = self.resource_h(n)?;
                (c, ObjRef::Resource(id))
            }
            ObjectHandle::Network(n) => {
                let (c, id) = self.network_h(n)?;
                (c, ObjRef::Network(id))
            }
            ObjectHandle::NetInterface(n) => {
                let (c, id) = self.netif_h(n)?;
                (c, ObjRef::NetIf(id))
            }
            ObjectHandle::Key(_) => return Err(Win32Error::ERROR_INVALID_HANDLE),
        })
    }

    /// Two handles must name objects of the same cluster (`ERROR_INVALID_HANDLE`).
    fn same_cluster(a: &Arc<ClusterCell>, b: &Arc<ClusterCell>) -> Result<()> {
        if Arc::ptr_eq(a, b) {
            Ok(())
        } else {
            Err(Win32Error::ERROR_INVALID_HANDLE)
        }
    }
}

impl ClusterApi for Sim {
    fn backend_name(&self) -> &'static str {
        "sim"
    }

    fn open_cluster(&self, name: Option<&str>) -> Result<HCluster> {
        let cell = self.cluster_cell(name)?;
        Ok(HCluster(self.new_handle(Entry::Cluster(cell))))
    }

    fn close_cluster(&self, cluster: HCluster) -> Result<()> {
        self.close_object(cluster.0, ObjectKind::Cluster)
    }

    fn cluster_name(&self, cluster: HCluster) -> Result<String> {
        Ok(self.cluster_of(cluster)?.name.to_string())
    }

    fn cluster_enum(&self, cluster: HCluster, kinds: u32) -> Result<Vec<EnumEntry>> {
        let cell = self.cluster_of(cluster)?;
        let st = cell.lock(self.clock());
        Ok(st.model.enumerate(kinds))
    }

    fn quorum_resource(&self, cluster: HCluster) -> Result<Option<String>> {
        let cell = self.cluster_of(cluster)?;
        let st = cell.lock(self.clock());
        st.model.quorum().map(|q| st.model.resource(q).map(|r| r.name.to_string())).transpose()
    }

    fn set_quorum_resource(&self, resource: HResource) -> Result<()> {
        let (cell, id) = self.resource_h(resource)?;
        cell.mutate(self.clock(), |m, fx| m.set_quorum(id, fx))
    }
}

impl NodeApi for Sim {
    fn open_node(&self, cluster: HCluster, name: &str) -> Result<HNode> {
        let cell = self.cluster_of(cluster)?;
        let id = cell.lock(self.clock()).model.node_by_name(name)?;
        Ok(HNode(self.new_handle(Entry::Node(cell, id))))
    }

    fn close_node(&self, node: HNode) -> Result<()> {
        self.close_object(node.0, ObjectKind::Node)
    }

    fn node_state(&self, node: HNode) -> Result<NodeState> {
        let (cell, id) = self.node_h(node)?;
        let st = cell.lock(self.clock());
        Ok(st.model.node(id)?.state)
    }

    fn pause_node(&self, node: HNode) -> Result<()> {
        let (cell, id) = self.node_h(node)?;
        cell.mutate(self.clock(), |m, fx| m.pause_node(id, fx))
    }

    fn resume_node(&self, node: HNode) -> Result<()> {
        let (cell, id) = self.node_h(node)?;
        cell.mutate(self.clock(), |m, fx| m.resume_node(id, fx))
    }

    fn evict_node(&self, node: HNode) -> Result<()> {
        let (cell, id) = self.node_h(node)?;
        cell.mutate(self.clock(), |m, fx| m.evict_node(id, fx))
    }

    fn node_enum(&self, node: HNode, kinds: u32) -> Result<Vec<EnumEntry>> {
        let (cell, id) = self.node_h(node)?;
        let st = cell.lock(self.clock());
        st.model.node_enum(id, kinds)
    }
}

impl GroupApi for Sim {
    fn open_group(&self, cluster: HCluster, name: &str) -> Result<HGroup> {
        let cell = self.cluster_of(cluster)?;
        let id = cell.lock(self.clock()).model.group_by_name(name)?;
        Ok(HGroup(self.new_handle(Entry::Group(cell, id))))
    }

    fn close_group(&self, group: HGroup) -> Result<()> {
        self.close_object(group.0, ObjectKind::Group)
    }

    fn create_group(&self, cluster: HCluster, name: &str) -> Result<HGroup> {
        let cell = self.cluster_of(cluster)?;
        let id = cell.mutate(self.clock(), |m, fx| m.create_group(name, fx))?;
        Ok(HGroup(self.new_handle(Entry::Group(cell, id))))
    }

    fn delete_group(&self, group: HGroup) -> Result<()> {
        let (cell, id) = self.group_h(group)?;
        cell.mutate(self.clock(), |m, fx| m.delete_group(id, fx))
    }

    fn group_state(&self, group: HGroup) -> Result<(GroupState, String)> {
        let (cell, id) = self.group_h(group)?;
        let st = cell.lock(self.clock());
        let g = st.model.group(id)?;
        Ok((g.state, st.model.node(g.owner)?.name.to_string()))
    }

    fn set_group_name(&self, group: HGroup, name: &str) -> Result<()> {
        let (cell, id) = self.group_h(group)?;
        cell.mutate(self.clock(), |m, fx| m.rename_group(id, name, fx))
    }

    fn set_group_node_list(&self, group: HGroup, nodes: &[HNode]) -> Result<()> {
        let (cell, id) = self.group_h(group)?;
        let mut ids = Vec::with_capacity(nodes.len());
        for &n in nodes {
            let (c, nid) = self.node_h(n)?;
            Sim::same_cluster(&cell, &c)?;
            ids.push(nid);
        }
        cell.mutate(self.clock(), |m, fx| m.set_group_node_list(id, &ids, fx))
    }

    fn online_group(&self, group: HGroup, node: Option<HNode>) -> Result<()> {
        let (cell, id) = self.group_h(group)?;
        let node = match node {
            Some(n) => {
                let (c, nid) = self.node_h(n)?;
                Sim::same_cluster(&cell, &c)?;
                Some(nid)
            }
            None => None,
        };
        cell.mutate(self.clock(), |m, fx| m.online_group(id, node, fx))
    }

    fn offline_group(&self, group: HGroup) -> Result<()> {
        let (cell, id) = self.group_h(group)?;
        cell.mutate(self.clock(), |m, fx| m.offline_group(id, fx))
    }

    fn move_group(&self, group: HGroup, node: Option<HNode>) -> Result<()> {
        let (cell, id) = self.group_h(group)?;
        let node = match node {
            Some(n) => {
                let (c, nid) = self.node_h(n)?;
                Sim::same_cluster(&cell, &c)?;
                Some(nid)
            }
            None => None,
        };
        cell.mutate(self.clock(), |m, fx| m.move_group(id, node, fx))
    }

    fn group_enum(&self, group: HGroup, kinds: u32) -> Result<Vec<EnumEntry>> {
        let (cell, id) = self.group_h(group)?;
        let st = cell.lock(self.clock());
        st.model.group_enum(id, kinds)
    }
}

impl ResourceApi for Sim {
    fn open_resource(&self, cluster: HCluster, name: &str) -> Result<HResource> {
        let cell = self.cluster_of(cluster)?;
        let id = cell.lock(self.clock()).model.resource_by_name(name)?;
        Ok(HResource(self.new_handle(Entry::Resource(cell, id))))
    }

    fn close_resource(&self, resource: HResource) -> Result<()> {
        self.close_object(resource.0, ObjectKind::Resource)
    }

    fn create_resource(&self, group: HGroup, name: &str, type_name: &str) -> Result<HResource> {
        let (cell, gid) = self.group_h(group)?;
        let id = cell.mutate(self.clock(), |m, fx| m.create_resource(gid, name, type_name, fx))?;
        Ok(HResource(self.new_handle(Entry::Resource(cell, id))))
    }

    fn delete_resource(&self, resource: HResource) -> Result<()> {
        let (cell, id) = self.resource_h(resource)?;
        cell.mutate(self.clock(), |m, fx| m.delete_resource(id, fx))
    }

    fn resource_state(&self, resource: HResource) -> Result<ResourceStatus> {
        let (cell, id) = self.resource_h(resource)?;
        let st = cell.lock(self.clock());
        let r = st.model.resource(id)?;
        let g = st.model.group(r.group)?;
        Ok(ResourceStatus {
            state: r.state,
            owner_node: st.model.node(g.owner)?.name.to_string(),
            group: g.name.to_string(),
        })
    }

    fn set_resource_name(&self, resource: HResource, name: &str) -> Result<()> {
        let (cell, id) = self.resource_h(resource)?;
        cell.mutate(self.clock(), |m, fx| m.rename_resource(id, name, fx))
    }

    fn online_resource(&self, resource: HResource) -> Result<()> {
        let (cell, id) = self.resource_h(resource)?;
        cell.mutate(self.clock(), |m, fx| m.online_resource(id, fx))
    }

    fn offline_resource(&self, resource: HResource) -> Result<()> {
        let (cell, id) = self.resource_h(resource)?;
        cell.mutate(self.clock(), |m, fx| m.offline_resource(id, fx))
    }

    fn fail_resource(&self, resource: HResource) -> Result<()> {
        let (cell, id) = self.resource_h(resource)?;
        cell.mutate(self.clock(), |m, fx| m.fail_resource(id, fx))
    }

    fn add_dependency(&self, resource: HResource, depends_on: HResource) -> Result<()> {
        let (cell, id) = self.resource_h(resource)?;
        let (c2, dep) = self.resource_h(depends_on)?;
        Sim::same_cluster(&cell, &c2)?;
        cell.mutate(self.clock(), |m, fx| m.add_dependency(id, dep, fx))
    }

    fn remove_dependency(&self, resource: HResource, depends_on: HResource) -> Result<()> {
        let (cell, id) = self.resource_h(resource)?;
        let (c2, dep) = self.resource_h(depends_on)?;
        Sim::same_cluster(&cell, &c2)?;
        cell.mutate(self.clock(), |m, fx| m.remove_dependency(id, dep, fx))
    }

    fn add_possible_owner(&self, resource: HResource, node: HNode) -> Result<()> {
        let (cell, id) = self.resource_h(resource)?;
        let (c2, n) = self.node_h(node)?;
        Sim::same_cluster(&cell, &c2)?;
        cell.mutate(self.clock(), |m, fx| m.add_possible_owner(id, n, fx))
    }

    fn remove_possible_owner(&self, resource: HResource, node: HNode) -> Result<()> {
        let (cell, id) = self.resource_h(resource)?;
        let (c2, n) = self.node_h(node)?;
        Sim::same_cluster(&cell, &c2)?;
        cell.mutate(self.clock(), |m, fx| m.remove_possible_owner(id, n, fx))
    }

    fn change_resource_group(&self, resource: HResource, group: HGroup) -> Result<()> {
        let (cell, id) = self.resource_h(resource)?;
        let (c2, g) = self.group_h(group)?;
        Sim::same_cluster(&cell, &c2)?;
        cell.mutate(self.clock(), |m, fx| m.change_resource_group(id, g, fx))
    }

    fn resource_type_name(&self, resource: HResource) -> Result<String> {
        let (cell, id) = self.resource_h(resource)?;
        let st = cell.lock(self.clock());
        let r = st.model.resource(id)?;
        Ok(st.model.restype(r.rtype)?.name.to_string())
    }

    fn resource_enum(&self, resource: HResource, kinds: u32) -> Result<Vec<EnumEntry>> {
        let (cell, id) = self.resource_h(resource)?;
        let st = cell.lock(self.clock());
        st.model.resource_enum(id, kinds)
    }

    fn create_resource_type(&self, cluster: HCluster, spec: &ResourceTypeSpec) -> Result<()> {
        let cell = self.cluster_of(cluster)?;
        cell.mutate(self.clock(), |m, fx| m.create_resource_type(spec, fx)).map(|_| ())
    }

    fn delete_resource_type(&self, cluster: HCluster, name: &str) -> Result<()> {
        let cell = self.cluster_of(cluster)?;
        cell.mutate(self.clock(), |m, fx| m.delete_resource_type(name, fx))
    }
}

impl NetworkApi for Sim {
    fn open_network(&self, cluster: HCluster, name: &str) -> Result<HNetwork> {
        let cell = self.cluster_of(cluster)?;
        let id = cell.lock(self.clock()).model.network_by_name(name)?;
        Ok(HNetwork(self.new_handle(Entry::Network(cell, id))))
    }

    fn close_network(&self, network: HNetwork) -> Result<()> {
        self.close_object(network.0, ObjectKind::Network)
    }

    fn network_state(&self, network: HNetwork) -> Result<NetworkState> {
        let (cell, id) = self.network_h(network)?;
        let st = cell.lock(self.clock());
        Ok(st.model.network(id)?.state)
    }

    fn set_network_name(&self, network: HNetwork, name: &str) -> Result<()> {
        let (cell, id) = self.network_h(network)?;
        cell.mutate(self.clock(), |m, fx| m.rename_network(id, name, fx))
    }

    fn network_enum(&self, network: HNetwork, kinds: u32) -> Result<Vec<EnumEntry>> {
        let (cell, id) = self.network_h(network)?;
        let st = cell.lock(self.clock());
        st.model.network_enum(id, kinds)
    }

    fn open_net_interface(&self, cluster: HCluster, name: &str) -> Result<HNetInterface> {
        let cell = self.cluster_of(cluster)?;
        let id = cell.lock(self.clock()).model.netif_by_name(name)?;
        Ok(HNetInterface(self.new_handle(Entry::NetInterface(cell, id))))
    }

    fn close_net_interface(&self, netif: HNetInterface) -> Result<()> {
        self.close_object(netif.0, ObjectKind::NetInterface)
    }

    fn net_interface_state(&self, netif: HNetInterface) -> Result<NetInterfaceState> {
        let (cell, id) = self.netif_h(netif)?;
        let st = cell.lock(self.clock());
        Ok(st.model.netif(id)?.state)
    }

    fn net_interface_name(&self, cluster: HCluster, node: &str, network: &str) -> Result<String> {
        let cell = self.cluster_of(cluster)?;
        let st = cell.lock(self.clock());
        Ok(st.model.netif_for(node, network)?.to_string())
    }
}

impl ControlApi for Sim {
    fn get_properties(&self, object: ObjectHandle, scope: PropertyScope) -> Result<PropertyList> {
        let (cell, obj) = self.obj_h(object)?;
        let st = cell.lock(self.clock());
        st.model.properties(obj, scope)
    }

    fn set_properties(&self, object: ObjectHandle, scope: PropertyScope, props: &PropertyList) -> Result<()> {
        let (cell, obj) = self.obj_h(object)?;
        cell.mutate(self.clock(), |m, fx| m.set_properties(obj, scope, props, fx))
    }

    fn get_resource_type_properties(
        &self,
        cluster: HCluster,
        type_name: &str,
        scope: PropertyScope,
    ) -> Result<PropertyList> {
        let cell = self.cluster_of(cluster)?;
        let st = cell.lock(self.clock());
        let id = st.model.restype_by_name(type_name)?;
        st.model.properties(ObjRef::ResType(id), scope)
    }

    fn set_resource_type_properties(
        &self,
        cluster: HCluster,
        type_name: &str,
        scope: PropertyScope,
        props: &PropertyList,
    ) -> Result<()> {
        let cell = self.cluster_of(cluster)?;
        cell.mutate(self.clock(), |m, fx| {
            let id = m.restype_by_name(type_name)?;
            m.set_properties(ObjRef::ResType(id), scope, props, fx)
        })
    }

    fn object_id(&self, object: ObjectHandle) -> Result<String> {
        let (cell, obj) = self.obj_h(object)?;
        let st = cell.lock(self.clock());
        let m = &st.model;
        Ok(match obj {
            ObjRef::Node(id) => m.node(id)?.id.to_string(),
            ObjRef::Group(id) => m.group(id)?.id.to_string(),
            ObjRef::Resource(id) => m.resource(id)?.id.to_string(),
            ObjRef::Network(id) => m.network(id)?.id.to_string(),
            ObjRef::NetIf(id) => m.netif(id)?.id.to_string(),
            ObjRef::Cluster | ObjRef::ResType(_) => return Err(Win32Error::ERROR_INVALID_FUNCTION),
        })
    }

    fn object_name(&self, object: ObjectHandle) -> Result<String> {
        let (cell, obj) = self.obj_h(object)?;
        let st = cell.lock(self.clock());
        Ok(st.model.obj_name(obj)?.to_string())
    }
}

impl NotifyApi for Sim {
    fn create_notify_port(
        &self,
        existing: Option<HChange>,
        cluster: Option<HCluster>,
        filter: ChangeFlags,
        key: NotifyKey,
    ) -> Result<HChange> {
        self.port_create(existing, cluster, filter, key)
    }

    fn register_notify(
        &self,
        port: HChange,
        filter: ChangeFlags,
        object: ObjectHandle,
        key: NotifyKey,
    ) -> Result<()> {
        self.port_register(port, filter, object, key)
    }

    fn get_notify(
        &self,
        port: HChange,
        name: &mut [u16],
        timeout: Timeout,
    ) -> std::result::Result<NotifyHeader, GetNotifyError> {
        self.port_get(port, name, timeout)
    }

    fn close_notify_port(&self, port: HChange) -> Result<()> {
        self.port_close(port)
    }
}

impl RegistryApi for Sim {
    fn get_cluster_key(&self, cluster: HCluster, _sam: u32) -> Result<HKey> {
        self.do_get_cluster_key(cluster)
    }

    fn get_object_key(&self, object: ObjectHandle, _sam: u32) -> Result<HKey> {
        self.do_get_object_key(object)
    }

    fn get_resource_type_key(&self, cluster: HCluster, type_name: &str, _sam: u32) -> Result<HKey> {
        self.do_get_resource_type_key(cluster, type_name)
    }

    fn reg_create_key(
        &self,
        key: HKey,
        subkey: &str,
        options: u32,
        _sam: u32,
    ) -> Result<(HKey, Disposition)> {
        self.do_reg_create_key(key, subkey, options)
    }

    fn reg_open_key(&self, key: HKey, subkey: &str, _sam: u32) -> Result<HKey> {
        self.do_reg_open_key(key, subkey)
    }

    fn reg_delete_key(&self, key: HKey, subkey: &str) -> Result<()> {
        self.do_reg_delete_key(key, subkey)
    }

    fn reg_close_key(&self, key: HKey) -> Result<()> {
        self.close_object(key.0, ObjectKind::Key)
    }

    fn reg_set_value(&self, key: HKey, name: &str, ty: u32, data: &[u8]) -> Result<()> {
        self.do_reg_set_value(key, name, ty, data)
    }

    fn reg_delete_value(&self, key: HKey, name: &str) -> Result<()> {
        self.do_reg_delete_value(key, name)
    }

    fn reg_query_value(&self, key: HKey, name: &str) -> Result<(u32, Vec<u8>)> {
        self.with_registry(key, |r, k| r.value(k, name).map(|v| (v.ty, v.data.clone())))
    }

    fn reg_enum_key(&self, key: HKey, index: u32) -> Result<(String, FileTime)> {
        self.with_registry(key, |r, k| r.enum_key(k, index).map(|(n, t)| (n.to_string(), t)))
    }

    fn reg_enum_value(&self, key: HKey, index: u32) -> Result<(String, u32, Vec<u8>)> {
        self.with_registry(key, |r, k| {
            r.enum_value(k, index).map(|v| (v.name.to_string(), v.ty, v.data.clone()))
        })
    }

    fn reg_query_info_key(&self, key: HKey) -> Result<KeyInfo> {
        self.with_registry(key, |r, k| r.info(k))
    }

    fn reg_get_key_security(&self, key: HKey, _info: u32) -> Result<Vec<u8>> {
        self.with_registry(key, |r, k| {
            r.key(k).map(|k| k.security.clone()).ok_or(Win32Error::ERROR_KEY_DELETED)
        })
    }

    fn reg_set_key_security(&self, key: HKey, _info: u32, descriptor: &[u8]) -> Result<()> {
        self.do_reg_set_key_security(key, descriptor)
    }
}

impl BatchApi for Sim {
    fn reg_create_batch(&self, key: HKey) -> Result<HRegBatch> {
        self.do_create_batch(key)
    }

    fn reg_batch_add_command(
        &self,
        batch: HRegBatch,
        command: u32,
        name: Option<&str>,
        options: u32,
        data: &[u8],
    ) -> Result<()> {
        self.do_batch_add(batch, command, name, options, data)
    }

    fn reg_close_batch(&self, batch: HRegBatch, commit: bool) -> std::result::Result<(), BatchFailure> {
        self.do_close_batch(batch, commit, 0)
    }

    fn reg_close_batch_ex(&self, batch: HRegBatch, flags: u32) -> std::result::Result<(), BatchFailure> {
        self.do_close_batch(batch, true, flags)
    }

    fn reg_create_batch_notify_port(&self, key: HKey) -> Result<HRegBatchPort> {
        self.do_create_batch_port(key)
    }

    fn reg_get_batch_notification(
        &self,
        port: HRegBatchPort,
        timeout: Timeout,
    ) -> Result<HRegBatchNotification> {
        self.do_get_batch_notification(port, timeout)
    }

    fn reg_batch_read_command(&self, notification: HRegBatchNotification) -> Result<BatchCommand> {
        self.do_batch_read_command(notification)
    }

    fn reg_batch_close_notification(&self, notification: HRegBatchNotification) -> Result<()> {
        self.remove_plain(notification.0, ObjectKind::BatchNotification)
    }

    fn reg_close_batch_notify_port(&self, port: HRegBatchPort) -> Result<()> {
        self.do_close_batch_port(port)
    }

    fn reg_create_read_batch(&self, key: HKey) -> Result<HRegReadBatch> {
        self.do_create_read_batch(key)
    }

    fn reg_read_batch_add_command(
        &self,
        batch: HRegReadBatch,
        subkey: Option<&str>,
        value: Option<&str>,
    ) -> Result<()> {
        self.do_read_batch_add(batch, subkey, value)
    }

    fn reg_close_read_batch(&self, batch: HRegReadBatch, flags: u32) -> Result<HRegReadBatchReply> {
        self.do_close_read_batch(batch, flags)
    }

    fn reg_read_batch_reply_next_command(&self, reply: HRegReadBatchReply) -> Result<ReadBatchResult> {
        self.do_read_reply_next(reply)
    }

    fn reg_close_read_batch_reply(&self, reply: HRegReadBatchReply) -> Result<()> {
        self.remove_plain(reply.0, ObjectKind::ReadBatchReply)
    }
}
