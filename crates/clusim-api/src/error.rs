//! Win32 error codes as a typed error (fact sheet §6).
//!
//! Every fallible clusim call returns `Result<T, Win32Error>`; the number inside is
//! exactly the code ClusAPI would return (or leave in `GetLastError`).

use std::fmt;

/// A Win32 error code as ClusAPI returns it. `Win32Error::SUCCESS` is never used as an
/// `Err` value by clusim.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Win32Error(pub u32);

/// Convenience alias used throughout clusim.
pub type Result<T, E = Win32Error> = std::result::Result<T, E>;

macro_rules! codes {
    ($( $(#[$doc:meta])* $name:ident = $value:expr ;)*) => {
        impl Win32Error {
            $( $(#[$doc])* pub const $name: Win32Error = Win32Error($value); )*

            /// The symbolic name (`ERROR_MORE_DATA`, `WAIT_TIMEOUT`, …) if clusim knows it.
            pub fn name(self) -> Option<&'static str> {
                match self.0 {
                    $( $value => Some(stringify!($name)), )*
                    _ => None,
                }
            }

            /// Looks a code up by its symbolic name (with or without the `ERROR_` prefix).
            pub fn from_name(name: &str) -> Option<Win32Error> {
                let upper = name.trim().to_ascii_uppercase();
                $(
                    if upper == stringify!($name)
                        || format!("ERROR_{upper}") == stringify!($name)
                    {
                        return Some(Win32Error($value));
                    }
                )*
                None
            }
        }
    };
}

codes! {
    /// `ERROR_SUCCESS` (0).
    ERROR_SUCCESS = 0;
    /// `ERROR_INVALID_FUNCTION` (1).
    ERROR_INVALID_FUNCTION = 1;
    /// `ERROR_FILE_NOT_FOUND` (2).
    ERROR_FILE_NOT_FOUND = 2;
    /// `ERROR_ACCESS_DENIED` (5).
    ERROR_ACCESS_DENIED = 5;
    /// `ERROR_INVALID_HANDLE` (6).
    ERROR_INVALID_HANDLE = 6;
    /// `ERROR_NOT_ENOUGH_MEMORY` (8).
    ERROR_NOT_ENOUGH_MEMORY = 8;
    /// `ERROR_INVALID_DATA` (13).
    ERROR_INVALID_DATA = 13;
    /// `ERROR_OUTOFMEMORY` (14).
    ERROR_OUTOFMEMORY = 14;
    /// `ERROR_GEN_FAILURE` (31).
    ERROR_GEN_FAILURE = 31;
    /// `ERROR_NOT_SUPPORTED` (50).
    ERROR_NOT_SUPPORTED = 50;
    /// `ERROR_INVALID_PARAMETER` (87).
    ERROR_INVALID_PARAMETER = 87;
    /// `ERROR_INSUFFICIENT_BUFFER` (122).
    ERROR_INSUFFICIENT_BUFFER = 122;
    /// `ERROR_INVALID_NAME` (123).
    ERROR_INVALID_NAME = 123;
    /// `ERROR_DIR_NOT_EMPTY` (145).
    ERROR_DIR_NOT_EMPTY = 145;
    /// `ERROR_ALREADY_EXISTS` (183).
    ERROR_ALREADY_EXISTS = 183;
    /// `ERROR_FILENAME_EXCED_RANGE` (206): a name longer than clusim accepts.
    ERROR_FILENAME_EXCED_RANGE = 206;
    /// `ERROR_MORE_DATA` (234).
    ERROR_MORE_DATA = 234;
    /// `WAIT_TIMEOUT` (258).
    WAIT_TIMEOUT = 258;
    /// `ERROR_NO_MORE_ITEMS` (259).
    ERROR_NO_MORE_ITEMS = 259;
    /// `ERROR_IO_PENDING` (997).
    ERROR_IO_PENDING = 997;
    /// `RPC_S_SERVER_UNAVAILABLE` (1722): no cluster service answers (a cluster without
    /// quorum, spec/faults.md QUORUM-CALLS).
    RPC_S_SERVER_UNAVAILABLE = 1722;
    /// `ERROR_KEY_DELETED` (1018).
    ERROR_KEY_DELETED = 1018;
    /// `ERROR_CIRCULAR_DEPENDENCY` (1059).
    ERROR_CIRCULAR_DEPENDENCY = 1059;
    /// `ERROR_INVALID_SECURITY_DESCR` (1338).
    ERROR_INVALID_SECURITY_DESCR = 1338;
    /// `ERROR_SHUTDOWN_IN_PROGRESS` (1115).
    ERROR_SHUTDOWN_IN_PROGRESS = 1115;
    /// `ERROR_DEPENDENT_RESOURCE_EXISTS` (5001).
    ERROR_DEPENDENT_RESOURCE_EXISTS = 5001;
    /// `ERROR_DEPENDENCY_NOT_FOUND` (5002).
    ERROR_DEPENDENCY_NOT_FOUND = 5002;
    /// `ERROR_DEPENDENCY_ALREADY_EXISTS` (5003).
    ERROR_DEPENDENCY_ALREADY_EXISTS = 5003;
    /// `ERROR_RESOURCE_NOT_ONLINE` (5004).
    ERROR_RESOURCE_NOT_ONLINE = 5004;
    /// `ERROR_HOST_NODE_NOT_AVAILABLE` (5005).
    ERROR_HOST_NODE_NOT_AVAILABLE = 5005;
    /// `ERROR_RESOURCE_NOT_AVAILABLE` (5006).
    ERROR_RESOURCE_NOT_AVAILABLE = 5006;
    /// `ERROR_RESOURCE_NOT_FOUND` (5007).
    ERROR_RESOURCE_NOT_FOUND = 5007;
    /// `ERROR_OBJECT_ALREADY_EXISTS` (5010).
    ERROR_OBJECT_ALREADY_EXISTS = 5010;
    /// `ERROR_GROUP_NOT_AVAILABLE` (5012).
    ERROR_GROUP_NOT_AVAILABLE = 5012;
    /// `ERROR_GROUP_NOT_FOUND` (5013).
    ERROR_GROUP_NOT_FOUND = 5013;
    /// `ERROR_RESOURCE_ONLINE` (5019).
    ERROR_RESOURCE_ONLINE = 5019;
    /// `ERROR_QUORUM_RESOURCE` (5020).
    ERROR_QUORUM_RESOURCE = 5020;
    /// `ERROR_NOT_QUORUM_CAPABLE` (5021).
    ERROR_NOT_QUORUM_CAPABLE = 5021;
    /// `ERROR_INVALID_STATE` (5023).
    ERROR_INVALID_STATE = 5023;
    /// `ERROR_CORE_RESOURCE` (5026).
    ERROR_CORE_RESOURCE = 5026;
    /// `ERROR_CANT_EVICT_ACTIVE_NODE` (5009).
    ERROR_CANT_EVICT_ACTIVE_NODE = 5009;
    /// `ERROR_CLUSTER_NODE_NOT_FOUND` (5042).
    ERROR_CLUSTER_NODE_NOT_FOUND = 5042;
    /// `ERROR_CLUSTER_NETWORK_NOT_FOUND` (5045).
    ERROR_CLUSTER_NETWORK_NOT_FOUND = 5045;
    /// `ERROR_CLUSTER_NETINTERFACE_NOT_FOUND` (5047).
    ERROR_CLUSTER_NETINTERFACE_NOT_FOUND = 5047;
    /// `ERROR_CLUSTER_NODE_DOWN` (5050).
    ERROR_CLUSTER_NODE_DOWN = 5050;
    /// `ERROR_CLUSTER_NODE_NOT_PAUSED` (5058).
    ERROR_CLUSTER_NODE_NOT_PAUSED = 5058;
    /// `ERROR_DEPENDENCY_NOT_ALLOWED` (5069).
    ERROR_DEPENDENCY_NOT_ALLOWED = 5069;
    /// `ERROR_CLUSTER_NODE_PAUSED` (5070).
    ERROR_CLUSTER_NODE_PAUSED = 5070;
    /// `ERROR_NODE_CANT_HOST_RESOURCE` (5071).
    ERROR_NODE_CANT_HOST_RESOURCE = 5071;
    /// `ERROR_CLUSTER_DATABASE_SEQMISMATCH` (5083): a batch condition did not hold (B4).
    ERROR_CLUSTER_DATABASE_SEQMISMATCH = 5083;
    /// `ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND` (5078).
    ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND = 5078;
}

impl Win32Error {
    /// The numeric code.
    pub fn code(self) -> u32 {
        self.0
    }
}

impl fmt::Debug for Win32Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => write!(f, "{n}({})", self.0),
            None => write!(f, "Win32Error({})", self.0),
        }
    }
}

impl fmt::Display for Win32Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => write!(f, "{n} ({})", self.0),
            None => write!(f, "Win32 error {}", self.0),
        }
    }
}

impl std::error::Error for Win32Error {}

impl From<Win32Error> for u32 {
    fn from(e: Win32Error) -> u32 {
        e.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_numbers() {
        assert_eq!(Win32Error::ERROR_MORE_DATA.code(), 234);
        assert_eq!(Win32Error::WAIT_TIMEOUT.code(), 258);
        assert_eq!(Win32Error::ERROR_NO_MORE_ITEMS.code(), 259);
        assert_eq!(Win32Error::ERROR_INVALID_STATE.code(), 5023);
    }

    #[test]
    fn names_round_trip() {
        assert_eq!(Win32Error::ERROR_MORE_DATA.name(), Some("ERROR_MORE_DATA"));
        assert_eq!(Win32Error::from_name("MORE_DATA"), Some(Win32Error::ERROR_MORE_DATA));
        assert_eq!(Win32Error::from_name("wait_timeout"), Some(Win32Error::WAIT_TIMEOUT));
        assert_eq!(format!("{}", Win32Error::WAIT_TIMEOUT), "WAIT_TIMEOUT (258)");
        assert_eq!(format!("{:?}", Win32Error(9999)), "Win32Error(9999)");
    }
}
