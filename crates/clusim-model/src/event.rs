//! What a model mutation tells the rest of clusim.
//!
//! Operations push [`Effect`]s into a `Vec` in the order the changes happened; the
//! notification engine routes them in that order. A failed operation pushes nothing.

use clusim_api::{ChangeFlags, ObjectKind};
use std::sync::Arc;

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

/// A model effect: an event, or a rename the router must follow (N9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// An event to route.
    Event(ModelEvent),
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
            Effect::Renamed { .. } => None,
        }
    }
}
