//! Read-only properties (`CLUSCTL_*_GET_RO_COMMON_PROPERTIES` /
//! `_GET_RO_PRIVATE_PROPERTIES`) of the client objects: what `properties` leaves out
//! (spec/model.md PROP-GET), e.g. a node's `NodeDrainStatus` or a group's `GroupType`.

use super::{Cluster, Group, Network, Node, Resource};
use crate::backend::ControlTarget;
use crate::error::Result;
use crate::property::{PropertyList, PropertyScope};

macro_rules! read_only_properties {
    ($($t:ty),*) => {$(
        impl $t {
            /// The read-only common or private properties (`…_GET_RO_…_PROPERTIES`).
            pub fn read_only_properties(&self, scope: PropertyScope) -> Result<PropertyList> {
                self.backend.read_only_properties(ControlTarget::Object(self.handle.into()), scope)
            }
        }
    )*};
}

read_only_properties!(Cluster, Node, Group, Resource, Network);
