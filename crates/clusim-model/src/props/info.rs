//! What the informational control codes answer: `GET_CHARACTERISTICS`, `GET_FLAGS`,
//! `GET_CLASS_INFO`, `GET_REQUIRED_DEPENDENCIES`, `GET_NETWORK_NAME` (spec/model.md,
//! "Control codes").

use crate::cluster::Cluster;
use crate::ids::{ResTypeId, ResourceId};
use crate::objects::ObjRef;
use clusim_api::control_code::*;
use clusim_api::*;
use std::collections::BTreeSet;

/// The type a resource or resource-type object stands for.
fn type_of(c: &Cluster, obj: ObjRef) -> Result<Option<ResTypeId>> {
    Ok(match obj {
        ObjRef::Resource(r) => Some(c.resource(r)?.rtype),
        ObjRef::ResType(t) => {
            c.restype(t)?;
            Some(t)
        }
        _ => {
            c.obj_key(obj)?;
            None
        }
    })
}

impl Cluster {
    /// `GET_CHARACTERISTICS`: `CLUS_CHAR_QUORUM` for a quorum-capable type and its
    /// resources, 0 (`CLUS_CHAR_UNKNOWN`) otherwise.
    pub fn characteristics(&self, obj: ObjRef) -> Result<u32> {
        Ok(match type_of(self, obj)? {
            Some(t) if self.restype(t)?.quorum_capable => CLUS_CHAR_QUORUM,
            _ => 0,
        })
    }

    /// `GET_FLAGS`: `CLUS_FLAG_CORE` for a core resource and for a group that holds one.
    pub fn flags(&self, obj: ObjRef) -> Result<u32> {
        let core = match obj {
            ObjRef::Resource(r) => self.resource(r)?.core,
            ObjRef::Group(g) => self.group(g)?.resources.iter().any(|r| self.resources[*r].core),
            _ => {
                self.obj_key(obj)?;
                false
            }
        };
        Ok(if core { CLUS_FLAG_CORE } else { 0 })
    }

    /// `GET_CLASS_INFO` of a resource or type: storage (shared) for `Physical Disk`,
    /// network for `IP Address`, `IPv6 Address` and `Network Name`, unknown otherwise.
    pub fn class_info(&self, obj: ObjRef) -> Result<ClassInfo> {
        let t = type_of(self, obj)?.ok_or(Win32Error::ERROR_INVALID_FUNCTION)?;
        let name = &*self.restype(t)?.name;
        Ok(match name {
            "Physical Disk" => ClassInfo { class: CLUS_RESCLASS_STORAGE, subclass: CLUS_RESSUBCLASS_SHARED },
            "IP Address" | "IPv6 Address" | "Network Name" => {
                ClassInfo { class: CLUS_RESCLASS_NETWORK, subclass: 0 }
            }
            _ => ClassInfo { class: CLUS_RESCLASS_UNKNOWN, subclass: 0 },
        })
    }

    /// `GET_REQUIRED_DEPENDENCIES` of a resource or type: a `Network Name` needs an
    /// `IP Address`; the other built-in types need nothing.
    pub fn required_dependencies(&self, obj: ObjRef) -> Result<Vec<RequiredDependency>> {
        let t = type_of(self, obj)?.ok_or(Win32Error::ERROR_INVALID_FUNCTION)?;
        Ok(match &*self.restype(t)?.name {
            "Network Name" => vec![RequiredDependency::TypeName("IP Address".into())],
            _ => Vec::new(),
        })
    }

    /// `CLUSCTL_RESOURCE_GET_NETWORK_NAME`: the `Name` private property of the first
    /// `Network Name` resource found from `r` along its dependencies (breadth first, `r`
    /// itself first); `ERROR_DEPENDENCY_NOT_FOUND` when there is none (P-NETNAME).
    pub fn network_name_of(&self, r: ResourceId) -> Result<String> {
        let mut queue = vec![r];
        let mut seen = BTreeSet::new();
        let mut i = 0;
        while let Some(&id) = queue.get(i) {
            i += 1;
            if !seen.insert(id) {
                continue;
            }
            let res = self.resource(id)?;
            if &*self.restype(res.rtype)?.name == "Network Name" {
                let private = self.properties(ObjRef::Resource(id), PropertyScope::Private)?;
                let name = private.into_iter().find_map(|(n, v)| match v {
                    PropertyValue::Sz(s) if n.eq_ignore_ascii_case("Name") => Some(s),
                    _ => None,
                });
                return Ok(name.unwrap_or_else(|| res.name.to_string()));
            }
            queue.extend(res.deps.iter().copied());
        }
        Err(Win32Error::ERROR_DEPENDENCY_NOT_FOUND)
    }
}
