//! Resources (open, create, delete, state, dependencies, possible owners, type,
//! enumeration) and resource types (create, delete).

use crate::buffers::*;
use crate::control_codes::control;
use crate::enumeration::enumerate;
use crate::errors::*;
use crate::ClusApiBackend;
use clusim_api::enums::EnumEntry;
use clusim_api::*;
use windows_sys::Win32::Networking::Clustering::*;

impl ResourceApi for ClusApiBackend {
    fn open_resource(&self, cluster: HCluster, name: &str) -> Result<HResource> {
        let (c, n) = self.name_call(cluster, name)?;
        // SAFETY: an open cluster handle and a NUL-terminated name.
        let h = unsafe { OpenClusterResource(c, n.as_ptr()) };
        self.ledger.opened(h as usize, ObjectKind::Resource).map(HResource)
    }

    fn close_resource(&self, resource: HResource) -> Result<()> {
        let h = self.ledger.take(resource.0, ObjectKind::Resource)?;
        // SAFETY: an open resource handle, closed once.
        bool_or_gle(unsafe { CloseClusterResource(h) })
    }

    fn create_resource(&self, group: HGroup, name: &str, type_name: &str) -> Result<HResource> {
        let g = self.ledger.check(group.0, ObjectKind::Group)?;
        let (n, t) = (wide(name)?, wide(type_name)?);
        // SAFETY: an open group handle and NUL-terminated strings.
        let h = unsafe { CreateClusterResource(g, n.as_ptr(), t.as_ptr(), 0) };
        self.ledger.opened(h as usize, ObjectKind::Resource).map(HResource)
    }

    fn delete_resource(&self, resource: HResource) -> Result<()> {
        let h = self.ledger.check(resource.0, ObjectKind::Resource)?;
        // SAFETY: an open resource handle.
        rc(unsafe { DeleteClusterResource(h) })
    }

    fn resource_state(&self, resource: HResource) -> Result<ResourceStatus> {
        let h = self.ledger.check(resource.0, ObjectKind::Resource)?;
        let (mut node, mut group) = (vec![0u16; FIRST_CHARS], vec![0u16; FIRST_CHARS]);
        for _ in 0..MAX_ROUNDS {
            let (mut cn, mut cg) = (node.len() as u32, group.len() as u32);
            // SAFETY: buffers valid for the capacities passed.
            let s = unsafe {
                GetClusterResourceState(h, node.as_mut_ptr(), &mut cn, group.as_mut_ptr(), &mut cg)
            };
            match state_or_gle(s) {
                Ok(s) => {
                    return Ok(ResourceStatus {
                        state: ResourceState::from_value(s).ok_or(Win32Error::ERROR_GEN_FAILURE)?,
                        owner_node: String::from_utf16_lossy(&node[..(cn as usize).min(node.len())]),
                        group: String::from_utf16_lossy(&group[..(cg as usize).min(group.len())]),
                    })
                }
                Err(Win32Error::ERROR_MORE_DATA) => {
                    node.resize((cn as usize + 1).max(node.len()), 0);
                    group.resize((cg as usize + 1).max(group.len()), 0);
                }
                Err(e) => return Err(e),
            }
        }
        Err(Win32Error::ERROR_MORE_DATA)
    }

    fn set_resource_name(&self, resource: HResource, name: &str) -> Result<()> {
        let h = self.ledger.check(resource.0, ObjectKind::Resource)?;
        let n = wide(name)?;
        // SAFETY: an open resource handle and a NUL-terminated name.
        rc(unsafe { SetClusterResourceName(h, n.as_ptr()) })
    }

    fn online_resource(&self, resource: HResource) -> Result<()> {
        let h = self.ledger.check(resource.0, ObjectKind::Resource)?;
        // SAFETY: an open resource handle.
        rc(unsafe { OnlineClusterResource(h) })
    }

    fn offline_resource(&self, resource: HResource) -> Result<()> {
        let h = self.ledger.check(resource.0, ObjectKind::Resource)?;
        // SAFETY: an open resource handle.
        rc(unsafe { OfflineClusterResource(h) })
    }

    fn fail_resource(&self, resource: HResource) -> Result<()> {
        let h = self.ledger.check(resource.0, ObjectKind::Resource)?;
        // SAFETY: an open resource handle.
        rc(unsafe { FailClusterResource(h) })
    }

    fn add_dependency(&self, resource: HResource, depends_on: HResource) -> Result<()> {
        let h = self.ledger.check(resource.0, ObjectKind::Resource)?;
        let d = self.ledger.check(depends_on.0, ObjectKind::Resource)?;
        // SAFETY: open resource handles.
        rc(unsafe { AddClusterResourceDependency(h, d) })
    }

    fn remove_dependency(&self, resource: HResource, depends_on: HResource) -> Result<()> {
        let h = self.ledger.check(resource.0, ObjectKind::Resource)?;
        let d = self.ledger.check(depends_on.0, ObjectKind::Resource)?;
        // SAFETY: open resource handles.
        rc(unsafe { RemoveClusterResourceDependency(h, d) })
    }

    fn add_possible_owner(&self, resource: HResource, node: HNode) -> Result<()> {
        let h = self.ledger.check(resource.0, ObjectKind::Resource)?;
        let n = self.ledger.check(node.0, ObjectKind::Node)?;
        // SAFETY: open handles.
        rc(unsafe { AddClusterResourceNode(h, n) })
    }

    fn remove_possible_owner(&self, resource: HResource, node: HNode) -> Result<()> {
        let h = self.ledger.check(resource.0, ObjectKind::Resource)?;
        let n = self.ledger.check(node.0, ObjectKind::Node)?;
        // SAFETY: open handles.
        rc(unsafe { RemoveClusterResourceNode(h, n) })
    }

    fn change_resource_group(&self, resource: HResource, group: HGroup) -> Result<()> {
        let h = self.ledger.check(resource.0, ObjectKind::Resource)?;
        let g = self.ledger.check(group.0, ObjectKind::Group)?;
        // SAFETY: open handles.
        rc(unsafe { ChangeClusterResourceGroup(h, g) })
    }

    fn resource_type_name(&self, resource: HResource) -> Result<String> {
        let h = self.ledger.check(resource.0, ObjectKind::Resource)?;
        let object = ObjectHandle::Resource(resource);
        // SAFETY: `read_bytes` passes a buffer valid for the capacity it gives.
        let bytes = read_bytes(|o, n, r| unsafe {
            control(object, h, CLUSCTL_RESOURCE_GET_RESOURCE_TYPE as u32, std::ptr::null(), 0, o.cast(), n, r)
        })?;
        Ok(utf16z_bytes(&bytes))
    }

    fn resource_enum(&self, resource: HResource, kinds: u32) -> Result<Vec<EnumEntry>> {
        let h = self.ledger.check(resource.0, ObjectKind::Resource)?;
        // SAFETY: an open resource handle.
        let e = unsafe { ClusterResourceOpenEnum(h, kinds) };
        enumerate(e, ClusterResourceGetEnumCount, ClusterResourceEnum, ClusterResourceCloseEnum)
    }

    fn create_resource_type(&self, cluster: HCluster, spec: &ResourceTypeSpec) -> Result<()> {
        let (c, n) = self.name_call(cluster, &spec.name)?;
        let (d, dll) = (wide(&spec.display_name)?, wide(&spec.dll_name)?);
        // SAFETY: an open cluster handle and NUL-terminated strings.
        rc(unsafe {
            CreateClusterResourceType(
                c,
                n.as_ptr(),
                d.as_ptr(),
                dll.as_ptr(),
                spec.looks_alive_ms,
                spec.is_alive_ms,
            )
        })
    }

    fn delete_resource_type(&self, cluster: HCluster, name: &str) -> Result<()> {
        let (c, n) = self.name_call(cluster, name)?;
        // SAFETY: an open cluster handle and a NUL-terminated name.
        rc(unsafe { DeleteClusterResourceType(c, n.as_ptr()) })
    }
}
