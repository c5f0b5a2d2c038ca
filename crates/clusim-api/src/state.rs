//! Object state enums with their exact `clusapi.h` values (fact sheet §5.1).

macro_rules! state_enum {
    ($(#[$doc:meta])* $name:ident { $( $(#[$vdoc:meta])* $variant:ident = $value:expr, )* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(i32)]
        pub enum $name {
            $( $(#[$vdoc])* $variant = $value, )*
        }

        impl $name {
            /// The numeric value as ClusAPI returns it.
            pub fn value(self) -> i32 {
                self as i32
            }

            /// Converts a numeric value back; `None` for values not in the header.
            pub fn from_value(v: i32) -> Option<Self> {
                match v {
                    $( $value => Some(Self::$variant), )*
                    _ => None,
                }
            }
        }
    };
}

state_enum! {
    /// `CLUSTER_NODE_STATE`.
    NodeState {
        /// `ClusterNodeStateUnknown` (-1): the failure return of `GetClusterNodeState`.
        Unknown = -1,
        /// `ClusterNodeUp` (0).
        Up = 0,
        /// `ClusterNodeDown` (1).
        Down = 1,
        /// `ClusterNodePaused` (2).
        Paused = 2,
        /// `ClusterNodeJoining` (3).
        Joining = 3,
    }
}

state_enum! {
    /// `CLUSTER_GROUP_STATE`.
    GroupState {
        /// `ClusterGroupStateUnknown` (-1).
        Unknown = -1,
        /// `ClusterGroupOnline` (0).
        Online = 0,
        /// `ClusterGroupOffline` (1).
        Offline = 1,
        /// `ClusterGroupFailed` (2).
        Failed = 2,
        /// `ClusterGroupPartialOnline` (3).
        PartialOnline = 3,
        /// `ClusterGroupPending` (4).
        Pending = 4,
    }
}

state_enum! {
    /// `CLUSTER_RESOURCE_STATE`.
    ResourceState {
        /// `ClusterResourceStateUnknown` (-1).
        Unknown = -1,
        /// `ClusterResourceInherited` (0).
        Inherited = 0,
        /// `ClusterResourceInitializing` (1).
        Initializing = 1,
        /// `ClusterResourceOnline` (2).
        Online = 2,
        /// `ClusterResourceOffline` (3).
        Offline = 3,
        /// `ClusterResourceFailed` (4).
        Failed = 4,
        /// `ClusterResourcePending` (128).
        Pending = 128,
        /// `ClusterResourceOnlinePending` (129).
        OnlinePending = 129,
        /// `ClusterResourceOfflinePending` (130).
        OfflinePending = 130,
    }
}

state_enum! {
    /// `CLUSTER_NETWORK_STATE`.
    NetworkState {
        /// `ClusterNetworkStateUnknown` (-1).
        Unknown = -1,
        /// `ClusterNetworkUnavailable` (0).
        Unavailable = 0,
        /// `ClusterNetworkDown` (1).
        Down = 1,
        /// `ClusterNetworkPartitioned` (2).
        Partitioned = 2,
        /// `ClusterNetworkUp` (3).
        Up = 3,
    }
}

state_enum! {
    /// `CLUSTER_NETINTERFACE_STATE`.
    NetInterfaceState {
        /// `ClusterNetInterfaceStateUnknown` (-1).
        Unknown = -1,
        /// `ClusterNetInterfaceUnavailable` (0).
        Unavailable = 0,
        /// `ClusterNetInterfaceFailed` (1).
        Failed = 1,
        /// `ClusterNetInterfaceUnreachable` (2).
        Unreachable = 2,
        /// `ClusterNetInterfaceUp` (3).
        Up = 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values() {
        assert_eq!(ResourceState::OnlinePending.value(), 129);
        assert_eq!(ResourceState::OfflinePending.value(), 130);
        assert_eq!(GroupState::Pending.value(), 4);
        assert_eq!(NodeState::Paused.value(), 2);
        assert_eq!(NetworkState::Up.value(), 3);
        assert_eq!(NetInterfaceState::Unreachable.value(), 2);
        assert_eq!(ResourceState::from_value(3), Some(ResourceState::Offline));
        assert_eq!(ResourceState::from_value(5), None);
    }
}
