//! The ids the router keys its tables by: distinct types, so a port and a handle can
//! never be passed in each other's place.

/// Identifies a port (V1 or batch) within a simulator: its handle value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PortId(pub u64);

/// Identifies the client handle a registration was made with: its handle value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HandleId(pub u64);
