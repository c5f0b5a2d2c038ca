//! What a model mutation tells the rest of clusim.
//!
//! Operations push [`Effect`]s into a `Vec` in the order the changes happened; the
//! notification engine routes them in that order. A failed operation pushes nothing.

use clusim_api::{ChangeFlags, ObjectKind, ObjectType};
use std::sync::Arc;

use crate::event_v2::EventV2Data;

/// One change event, before routing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelEvent {
    /// Exactly one `CLUSTER_CHANGE` bit.
    pub change: ChangeFlags,
    /// The kind of object the event is about (per-object registrations match on it).
    pub kind: ObjectKind,
    /// The object's name (for registry events: the changed key's path from the root,
    /// `""` for the root itself).
    pub name: Arc<str>,
}

/// A model effect: a V1 event, a V2 event, or a rename the router must follow (N9).
/// V1 and V2 events of one change come from the same emission function
/// (`crate::emit`), V1 first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// A V1 event to route.
    Event(ModelEvent),
    /// A V2 event to route (spec/v2.md).
    EventV2(ModelEventV2),
    /// An object changed its name: per-object registrations follow it.
    Renamed {
        /// The object kind.
        kind: ObjectKind,
        /// The old name.
        old: Arc<str>,
        /// The new name.
        new: Arc<str>,
    },
}

impl Effect {
    /// Shorthand for an event effect.
    pub fn event(change: ChangeFlags, kind: ObjectKind, name: &Arc<str>) -> Effect {
        Effect::Event(ModelEvent { change, kind, name: name.clone() })
    }

    /// The event, if this is one.
    pub fn as_event(&self) -> Option<&ModelEvent> {
        match self {
            Effect::Event(e) => Some(e),
            Effect::EventV2(_) | Effect::Renamed { .. } => None,
        }
    }

    /// The V2 event, if this is one.
    pub fn as_event_v2(&self) -> Option<&ModelEventV2> {
        match self {
            Effect::EventV2(e) => Some(e),
            _ => None,
        }
    }
}

/// One V2 change event, before routing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelEventV2 {
    /// The object type.
    pub object_type: ObjectType,
    /// Exactly one bit of the type's `CLUSTER_CHANGE_*_V2` enum.
    pub flag: u32,
    /// What targeted registrations match: the id of the object the event is about (the
    /// group for every GROUP event, the node for every NODE event, …), the key path for
    /// REGISTRY events, the type name for RESOURCE_TYPE events, `""` for CLUSTER ones.
    pub subject: Arc<str>,
    /// The delivered fields.
    pub data: Arc<EventV2Data>,
}
