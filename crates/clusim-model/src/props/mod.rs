//! The property store: one table per object kind of the documented common properties
//! (name, syntax, read-only or read-write, default, range; [`tables`]) over the values
//! kept in each object's database key (common) and its `Parameters` subkey (private).
//!
//! A property that was never written reads as its documented default, so every
//! documented property exists on every object from its creation without a database
//! value (the database shows only what was written, as before). Model code reads
//! properties through [`Props`]:
//!
//! ```
//! # use clusim_model::{Cluster, ObjRef, Topology};
//! let c = Cluster::from_topology("CLUSTER", &Topology::default_cluster(), 7).unwrap();
//! let r = c.resource_by_name("Cluster Disk 1").unwrap();
//! assert_eq!(c.props(ObjRef::Resource(r)).unwrap().dword("RestartThreshold"), 3);
//! ```
//!
//! Rules (spec/model.md, "Properties"): GET returns the read-write properties, then any
//! other value written to the key; GET_RO the read-only ones; SET and VALIDATE refuse a
//! read-only property, a value of the wrong syntax or out of range, an empty or
//! duplicated name, and `Name` (renames go through `SetCluster*Name`), all with
//! `ERROR_INVALID_PARAMETER` and before anything changes. Names not in the table are
//! kept as given (P-UNKNOWN in spec/model.md).

mod info;
mod tables;

use crate::cluster::Cluster;
use crate::event::Effect;
use crate::ids::RegKeyId;
use crate::objects::ObjRef;
use clusim_api::*;
use std::collections::BTreeSet;

/// The value syntax of a documented property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `CLUSPROP_SYNTAX_LIST_VALUE_DWORD`.
    Dword,
    /// `CLUSPROP_SYNTAX_LIST_VALUE_LONG`.
    Long,
    /// `CLUSPROP_SYNTAX_LIST_VALUE_ULARGE_INTEGER`.
    Qword,
    /// `CLUSPROP_SYNTAX_LIST_VALUE_SZ`.
    Sz,
    /// `CLUSPROP_SYNTAX_LIST_VALUE_MULTI_SZ`.
    MultiSz,
}

/// Whether `CLUSCTL_*_SET_COMMON_PROPERTIES` may change a property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Reported by `GET_RO_COMMON_PROPERTIES`; SET refuses it.
    ReadOnly,
    /// Reported by `GET_COMMON_PROPERTIES`; SET may change it.
    ReadWrite,
}

/// A documented default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Default {
    /// A DWORD.
    Dword(u32),
    /// A LONG.
    Long(i32),
    /// A ULARGE_INTEGER.
    Qword(u64),
    /// The empty string / empty list (the pages' "NULL").
    Empty,
}

/// One row of a kind's property table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PropDef {
    /// The property name.
    pub name: &'static str,
    /// Its syntax.
    pub syntax: Syntax,
    /// Read-only or read-write.
    pub access: Access,
    /// Its value before anything is written.
    pub default: Default,
    /// Smallest accepted value (numbers; a LONG's bits sign-extended).
    pub min: u64,
    /// Largest accepted value (numbers; a LONG's bits sign-extended).
    pub max: u64,
}

impl PropDef {
    /// The default as a value.
    pub fn default_value(&self) -> PropertyValue {
        match (self.default, self.syntax) {
            (Default::Dword(v), _) => PropertyValue::Dword(v),
            (Default::Long(v), _) => PropertyValue::Long(v),
            (Default::Qword(v), _) => PropertyValue::Qword(v),
            (Default::Empty, Syntax::MultiSz) => PropertyValue::MultiSz(Vec::new()),
            (Default::Empty, _) => PropertyValue::Sz(String::new()),
        }
    }

    /// A value written for this property, in its syntax, or `ERROR_INVALID_PARAMETER`
    /// for a wrong syntax or a number out of range. A DWORD and a LONG are both 4-byte
    /// numbers: either is accepted for the other and stored in the table's syntax.
    pub fn check(&self, v: &PropertyValue) -> Result<PropertyValue> {
        let bad = Err(Win32Error::ERROR_INVALID_PARAMETER);
        let v = match (self.syntax, v) {
            (Syntax::Dword, PropertyValue::Dword(x)) => PropertyValue::Dword(*x),
            (Syntax::Dword, PropertyValue::Long(x)) => PropertyValue::Dword(*x as u32),
            (Syntax::Long, PropertyValue::Long(x)) => PropertyValue::Long(*x),
            (Syntax::Long, PropertyValue::Dword(x)) => PropertyValue::Long(*x as i32),
            (Syntax::Qword, PropertyValue::Qword(x)) => PropertyValue::Qword(*x),
            (Syntax::Sz, PropertyValue::Sz(x)) => PropertyValue::Sz(x.clone()),
            (Syntax::MultiSz, PropertyValue::MultiSz(x)) => PropertyValue::MultiSz(x.clone()),
            _ => return bad,
        };
        let in_range = match v {
            PropertyValue::Dword(x) => (self.min..=self.max).contains(&u64::from(x)),
            PropertyValue::Long(x) => (self.min as i64..=self.max as i64).contains(&i64::from(x)),
            PropertyValue::Qword(x) => (self.min..=self.max).contains(&x),
            _ => true,
        };
        if in_range {
            Ok(v)
        } else {
            bad
        }
    }

    /// A stored value read back in this property's syntax (`REG_DWORD` holds a LONG).
    fn typed(&self, v: PropertyValue) -> PropertyValue {
        match (self.syntax, v) {
            (Syntax::Long, PropertyValue::Dword(x)) => PropertyValue::Long(x as i32),
            (_, v) => v,
        }
    }
}

/// The documented common properties of an object's kind, in table order.
pub fn common_table(obj: ObjRef) -> &'static [PropDef] {
    match obj {
        ObjRef::Cluster => tables::CLUSTER,
        ObjRef::Node(_) => tables::NODE,
        ObjRef::Group(_) => tables::GROUP,
        ObjRef::Resource(_) => tables::RESOURCE,
        ObjRef::ResType(_) => tables::RESTYPE,
        ObjRef::Network(_) => tables::NETWORK,
        ObjRef::NetIf(_) => tables::NETINTERFACE,
    }
}

/// The row of `name` (case-insensitive, as the cluster database compares names).
pub fn find(table: &'static [PropDef], name: &str) -> Option<&'static PropDef> {
    table.iter().find(|d| d.name.eq_ignore_ascii_case(name))
}

/// Which part of a property set a GET reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// `GET_*_PROPERTIES`: the read-write properties and any other value written.
    ReadWrite,
    /// `GET_RO_*_PROPERTIES`: the read-only properties.
    ReadOnly,
}

/// A read view of one object's common properties: documented defaults where nothing
/// was written. Accessors of a property that does not exist, or has another syntax,
/// answer the syntax's zero (0, "" or an empty list).
#[derive(Debug)]
pub struct Props<'a> {
    cluster: &'a Cluster,
    obj: ObjRef,
    key: RegKeyId,
}

impl Props<'_> {
    /// The current value of a common property: computed where the model owns it,
    /// else the database value, else the documented default; `None` for a name that
    /// is neither documented nor written.
    pub fn get(&self, name: &str) -> Option<PropertyValue> {
        let def = find(common_table(self.obj), name);
        if let Some(v) = def.and_then(|d| self.cluster.computed_property(self.obj, d.name)) {
            return Some(v);
        }
        let stored = self
            .cluster
            .registry
            .value(self.key, name)
            .ok()
            .and_then(|v| PropertyValue::from_reg_bytes(v.ty, &v.data));
        match (def, stored) {
            (Some(d), Some(v)) => Some(d.typed(v)),
            (Some(d), None) => Some(self.cluster.derived_default(self.obj, d)),
            (None, v) => v,
        }
    }

    /// A DWORD property (`RestartThreshold`, `FailoverPeriod`, …).
    pub fn dword(&self, name: &str) -> u32 {
        match self.get(name) {
            Some(PropertyValue::Dword(v)) => v,
            _ => 0,
        }
    }

    /// A LONG property (`FailbackWindowStart`, `FailbackWindowEnd`).
    pub fn long(&self, name: &str) -> i32 {
        match self.get(name) {
            Some(PropertyValue::Long(v)) => v,
            Some(PropertyValue::Dword(v)) => v as i32,
            _ => 0,
        }
    }

    /// A ULARGE_INTEGER property (a group's `StatusInformation`).
    pub fn qword(&self, name: &str) -> u64 {
        match self.get(name) {
            Some(PropertyValue::Qword(v)) => v,
            _ => 0,
        }
    }

    /// A string property (`Description`, `Type`, …).
    pub fn sz(&self, name: &str) -> String {
        match self.get(name) {
            Some(PropertyValue::Sz(v)) | Some(PropertyValue::ExpandSz(v)) => v,
            _ => String::new(),
        }
    }

    /// A MULTI_SZ property (`AntiAffinityClassNames`).
    pub fn multi_sz(&self, name: &str) -> Vec<String> {
        match self.get(name) {
            Some(PropertyValue::MultiSz(v)) => v,
            _ => Vec::new(),
        }
    }
}

impl Cluster {
    /// The common properties of `obj` (see [`Props`]).
    pub fn props(&self, obj: ObjRef) -> Result<Props<'_>> {
        Ok(Props { cluster: self, obj, key: self.obj_key(obj)? })
    }

    /// A value the model keeps itself rather than in the database.
    fn computed_property(&self, obj: ObjRef, name: &str) -> Option<PropertyValue> {
        match (obj, name) {
            // PersistentState is the group's "last brought online" flag (MODEL-PERSISTENT).
            (ObjRef::Group(g), "PersistentState") => {
                self.groups.get(g).map(|g| PropertyValue::Dword(u32::from(g.want_online)))
            }
            (ObjRef::Group(_) | ObjRef::Resource(_) | ObjRef::Network(_) | ObjRef::ResType(_), "Name") => {
                self.obj_name(obj).ok().map(|n| PropertyValue::Sz(n.to_string()))
            }
            _ => None,
        }
    }

    /// The value of a documented property nothing was written to: the table's default,
    /// but for the groups the cluster creates itself, whose `GroupType` says what they
    /// are (`ClusGroupTypeCoreCluster` 1 for the group of the core resources,
    /// `ClusGroupTypeAvailableStorage` 2 for "Available Storage"; CLUSGROUP_TYPE).
    fn derived_default(&self, obj: ObjRef, d: &PropDef) -> PropertyValue {
        if let (ObjRef::Group(g), "GroupType") = (obj, d.name) {
            if let Some(g) = self.groups.get(g) {
                if g.resources.iter().any(|r| self.resources.get(*r).is_some_and(|r| r.core)) {
                    return PropertyValue::Dword(1);
                }
                if &*g.name == "Available Storage" {
                    return PropertyValue::Dword(2);
                }
            }
        }
        d.default_value()
    }

    /// `GET_[RO_]COMMON_PROPERTIES` / `GET_[RO_]PRIVATE_PROPERTIES`.
    pub fn read_properties(&self, obj: ObjRef, scope: PropertyScope, part: Part) -> Result<PropertyList> {
        if scope == PropertyScope::Private {
            // Private properties are whatever was written; none is read-only.
            return match part {
                Part::ReadWrite => self.properties(obj, scope),
                Part::ReadOnly => {
                    self.obj_key(obj)?;
                    Ok(Vec::new())
                }
            };
        }
        let table = common_table(obj);
        let view = self.props(obj)?;
        let want = if part == Part::ReadOnly { Access::ReadOnly } else { Access::ReadWrite };
        let mut out: PropertyList = table
            .iter()
            .filter(|d| d.access == want)
            .filter_map(|d| view.get(d.name).map(|v| (d.name.to_string(), v)))
            .collect();
        if part == Part::ReadWrite {
            let extra = self.properties(obj, scope)?;
            out.extend(extra.into_iter().filter(|(n, _)| find(table, n).is_none()));
        }
        Ok(out)
    }

    /// `ENUM_COMMON_PROPERTIES` / `ENUM_PRIVATE_PROPERTIES`: the names of the properties
    /// a GET (read-write and read-only) reports, in that order.
    pub fn property_names(&self, obj: ObjRef, scope: PropertyScope) -> Result<Vec<String>> {
        let rw = self.read_properties(obj, scope, Part::ReadWrite)?;
        let ro = self.read_properties(obj, scope, Part::ReadOnly)?;
        Ok(rw.into_iter().chain(ro).map(|(n, _)| n).collect())
    }

    /// `VALIDATE_COMMON_PROPERTIES` / `VALIDATE_PRIVATE_PROPERTIES`: the checks of a SET,
    /// changing nothing. Returns the list as it would be stored.
    pub fn validate_properties(
        &self,
        obj: ObjRef,
        scope: PropertyScope,
        props: &PropertyList,
    ) -> Result<PropertyList> {
        self.obj_key(obj)?;
        let mut seen = BTreeSet::new();
        let mut out = PropertyList::new();
        for (k, v) in props {
            if k.is_empty()
                || k.contains('\0')
                || k.encode_utf16().count() > crate::registry::MAX_VALUE_NAME_LEN
                || !seen.insert(k.to_uppercase())
            {
                return Err(Win32Error::ERROR_INVALID_PARAMETER);
            }
            if scope == PropertyScope::Private {
                out.push((k.clone(), v.clone()));
                continue;
            }
            if k.eq_ignore_ascii_case("Name") {
                return Err(Win32Error::ERROR_INVALID_PARAMETER);
            }
            match find(common_table(obj), k) {
                Some(d) if d.access == Access::ReadOnly => return Err(Win32Error::ERROR_INVALID_PARAMETER),
                Some(d) => out.push((d.name.to_string(), d.check(v)?)),
                None => out.push((k.clone(), v.clone())),
            }
        }
        Ok(out)
    }

    /// Writes a property the model owns (e.g. a group's `GroupType` given to
    /// `CreateClusterGroupEx`, a `StatusInformation`), read-only ones included, with no
    /// event: the value is part of the change that caused it. The value must fit the
    /// table (`ERROR_INVALID_PARAMETER`).
    pub fn store_property(&mut self, obj: ObjRef, name: &str, value: PropertyValue) -> Result<()> {
        let key = self.obj_key(obj)?;
        let value = match find(common_table(obj), name) {
            Some(d) => d.check(&value)?,
            None => value,
        };
        let mut quiet: Vec<Effect> = Vec::new();
        self.registry.set_value(key, name, value.reg_type(), value.to_reg_bytes(), self.now, &mut quiet)?;
        Ok(())
    }

    /// After a SET stored `props`: the model fields a property mirrors.
    pub(crate) fn apply_properties(&mut self, obj: ObjRef, props: &PropertyList) {
        for (k, v) in props {
            if let (ObjRef::Group(g), "PersistentState", PropertyValue::Dword(x)) = (obj, k.as_str(), v) {
                if let Some(g) = self.groups.get_mut(g) {
                    g.want_online = *x != 0;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
