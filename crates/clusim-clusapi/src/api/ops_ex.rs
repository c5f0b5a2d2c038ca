//! The `…Ex` group, resource and node operations, `GetClusterFrom…`, `OpenCluster…Ex`.

use crate::buffers::*;
use crate::errors::*;
use crate::ClusApiBackend;
use clusim_api::ex::CLUSTER_CREATE_GROUP_INFO_VERSION;
use clusim_api::*;
use windows_sys::Win32::Networking::Clustering::*;

impl ClusApiBackend {
    /// An optional node argument: NULL for `None`, else a node handle the ledger holds.
    fn node_arg(&self, node: Option<HNode>) -> Result<isize> {
        Ok(node.map(|n| self.ledger.check(n.0, ObjectKind::Node)).transpose()?.unwrap_or(0))
    }
}

/// An input buffer as ClusAPI takes it: NULL when empty.
fn input_ptr(input: &[u8]) -> *const u8 {
    if input.is_empty() {
        std::ptr::null()
    } else {
        input.as_ptr()
    }
}

impl OpsExApi for ClusApiBackend {
    fn online_group_ex(&self, group: HGroup, node: Option<HNode>, flags: u32, input: &[u8]) -> Result<()> {
        let h = self.ledger.check(group.0, ObjectKind::Group)?;
        let n = self.node_arg(node)?;
        // SAFETY: open handles; `input` readable for its length.
        rc(unsafe { OnlineClusterGroupEx(h, n, flags, input_ptr(input), cb(input)?) })
    }

    fn offline_group_ex(&self, group: HGroup, flags: u32, input: &[u8]) -> Result<()> {
        let h = self.ledger.check(group.0, ObjectKind::Group)?;
        // SAFETY: an open group handle; `input` readable for its length.
        rc(unsafe { OfflineClusterGroupEx(h, flags, input_ptr(input), cb(input)?) })
    }

    fn move_group_ex(&self, group: HGroup, node: Option<HNode>, flags: u32, input: &[u8]) -> Result<()> {
        let h = self.ledger.check(group.0, ObjectKind::Group)?;
        let n = self.node_arg(node)?;
        // SAFETY: open handles (NULL node: the cluster chooses); `input` readable.
        rc(unsafe { MoveClusterGroupEx(h, n, flags, input_ptr(input), cb(input)?) })
    }

    fn online_resource_ex(&self, resource: HResource, flags: u32, input: &[u8]) -> Result<()> {
        let h = self.ledger.check(resource.0, ObjectKind::Resource)?;
        // SAFETY: an open resource handle; `input` readable for its length.
        rc(unsafe { OnlineClusterResourceEx(h, flags, input_ptr(input), cb(input)?) })
    }

    fn offline_resource_ex(&self, resource: HResource, flags: u32, input: &[u8]) -> Result<()> {
        let h = self.ledger.check(resource.0, ObjectKind::Resource)?;
        // SAFETY: an open resource handle; `input` readable for its length.
        rc(unsafe { OfflineClusterResourceEx(h, flags, input_ptr(input), cb(input)?) })
    }

    fn cancel_group_operation(&self, group: HGroup, flags: u32) -> Result<()> {
        let h = self.ledger.check(group.0, ObjectKind::Group)?;
        // SAFETY: an open group handle.
        rc(unsafe { CancelClusterGroupOperation(h, flags) })
    }

    fn restart_resource(&self, resource: HResource, flags: u32) -> Result<()> {
        let h = self.ledger.check(resource.0, ObjectKind::Resource)?;
        // SAFETY: an open resource handle.
        rc(unsafe { RestartClusterResource(h, flags) })
    }

    fn create_group_ex(&self, cluster: HCluster, name: &str, group_type: Option<u32>) -> Result<HGroup> {
        let (c, n) = self.name_call(cluster, name)?;
        let info = group_type.map(|t| CLUSTER_CREATE_GROUP_INFO {
            dwVersion: CLUSTER_CREATE_GROUP_INFO_VERSION,
            groupType: t as CLUSGROUP_TYPE,
        });
        let p = info.as_ref().map_or(std::ptr::null(), |i| i as *const CLUSTER_CREATE_GROUP_INFO);
        // SAFETY: an open cluster handle, a NUL-terminated name, NULL or a filled info.
        let h = unsafe { CreateClusterGroupEx(c, n.as_ptr(), p) };
        self.ledger.opened(h as usize, ObjectKind::Group).map(HGroup)
    }

    fn destroy_group(&self, group: HGroup) -> Result<()> {
        let h = self.ledger.check(group.0, ObjectKind::Group)?;
        // SAFETY: an open group handle.
        rc(unsafe { DestroyClusterGroup(h) })
    }

    fn can_be_dependent(&self, resource: HResource, dependent: HResource) -> Result<bool> {
        let r = self.ledger.check(resource.0, ObjectKind::Resource)?;
        let d = self.ledger.check(dependent.0, ObjectKind::Resource)?;
        // SAFETY: open resource handles.
        Ok(unsafe { CanResourceBeDependent(r, d) } != 0)
    }

    fn dependency_expression(&self, resource: HResource) -> Result<String> {
        let h = self.ledger.check(resource.0, ObjectKind::Resource)?;
        // SAFETY: an open resource handle; buffers valid for the sizes passed.
        read_string(|b, c| unsafe { GetClusterResourceDependencyExpression(h, b, c) })
    }

    fn set_dependency_expression(&self, resource: HResource, expression: &str) -> Result<()> {
        let h = self.ledger.check(resource.0, ObjectKind::Resource)?;
        let e = wide(expression)?;
        // SAFETY: an open resource handle and a NUL-terminated expression.
        rc(unsafe { SetClusterResourceDependencyExpression(h, e.as_ptr()) })
    }

    fn resource_network_name(&self, resource: HResource) -> Result<String> {
        let h = self.ledger.check(resource.0, ObjectKind::Resource)?;
        read_string(|b, c| {
            // SAFETY: an open resource handle; buffers valid for the sizes passed.
            if unsafe { GetClusterResourceNetworkName(h, b, c) } != 0 {
                0
            } else {
                last_error().0
            }
        })
    }

    fn node_cluster_state(&self, node_name: Option<&str>) -> Result<u32> {
        let name = wide_opt(node_name)?;
        let mut state = 0u32;
        // SAFETY: NULL or a NUL-terminated name; `state` writable.
        rc(unsafe { GetNodeClusterState(ptr_opt(&name), &mut state) })?;
        Ok(state)
    }

    fn node_id(&self, node: HNode) -> Result<String> {
        let h = self.ledger.check(node.0, ObjectKind::Node)?;
        // SAFETY: an open node handle; buffers valid for the sizes passed.
        read_string(|b, c| unsafe { GetClusterNodeId(h, b, c) })
    }

    fn cluster_from(&self, object: ObjectHandle) -> Result<HCluster> {
        // SAFETY (each call): a handle the ledger holds with the kind the function takes.
        let h = unsafe {
            match object {
                ObjectHandle::Node(n) => GetClusterFromNode(self.ledger.check(n.0, ObjectKind::Node)?),
                ObjectHandle::Group(g) => GetClusterFromGroup(self.ledger.check(g.0, ObjectKind::Group)?),
                ObjectHandle::Resource(r) => {
                    GetClusterFromResource(self.ledger.check(r.0, ObjectKind::Resource)?)
                }
                ObjectHandle::Network(n) => {
                    GetClusterFromNetwork(self.ledger.check(n.0, ObjectKind::Network)?)
                }
                ObjectHandle::NetInterface(i) => {
                    GetClusterFromNetInterface(self.ledger.check(i.0, ObjectKind::NetInterface)?)
                }
                _ => return Err(Win32Error::ERROR_INVALID_HANDLE),
            }
        };
        self.ledger.opened(h as usize, ObjectKind::Cluster).map(HCluster)
    }

    fn open_ex(
        &self,
        cluster: HCluster,
        kind: ObjectKind,
        name: &str,
        desired: u32,
    ) -> Result<(ObjectHandle, u32)> {
        let (c, n) = self.name_call(cluster, name)?;
        let mut granted = 0u32;
        type OpenEx = unsafe extern "system" fn(isize, *const u16, u32, *mut u32) -> isize;
        let open: OpenEx = match kind {
            ObjectKind::Node => OpenClusterNodeEx,
            ObjectKind::Group => OpenClusterGroupEx,
            ObjectKind::Resource => OpenClusterResourceEx,
            ObjectKind::Network => OpenClusterNetworkEx,
            ObjectKind::NetInterface => OpenClusterNetInterfaceEx,
            _ => return Err(Win32Error::ERROR_INVALID_PARAMETER),
        };
        // SAFETY: an open cluster handle, a NUL-terminated name, `granted` writable.
        let h = unsafe { open(c, n.as_ptr(), desired, &mut granted) };
        let raw = self.ledger.opened(h as usize, kind)?;
        Ok((ObjectHandle::of_kind(kind, raw).expect("an object kind"), granted))
    }
}
