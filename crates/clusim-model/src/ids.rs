//! Arena keys and deterministic object ids.
//!
//! Objects live in `slotmap` arenas: a key carries a generation, so a handle that
//! outlives its object (deleted, then its slot reused) is detected as stale.
//! Object id strings (GUIDs, as real clusters use for registry keys) come from a seeded
//! generator, so two runs with the same seed produce the same ids.

slotmap::new_key_type! {
    /// A node in the arena.
    pub struct NodeId;
    /// A group in the arena.
    pub struct GroupId;
    /// A resource in the arena.
    pub struct ResourceId;
    /// A resource type in the arena.
    pub struct ResTypeId;
    /// A network in the arena.
    pub struct NetworkId;
    /// A network interface in the arena.
    pub struct NetIfId;
    /// A cluster-database key in the arena.
    pub struct RegKeyId;
}

/// A seeded generator of GUID-shaped ids (splitmix64).
#[derive(Debug, Clone)]
pub struct IdGen {
    state: u64,
}

impl IdGen {
    /// A generator for one cluster: the simulator seed mixed with the cluster's name.
    pub fn new(seed: u64, cluster_name: &str) -> IdGen {
        // FNV-1a of the upper-cased name: stable across platforms and runs.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in cluster_name.to_uppercase().bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        IdGen { state: seed ^ h }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A new version-4-shaped GUID, lower case, without braces.
    pub fn guid(&mut self) -> String {
        let a = self.next_u64();
        let b = self.next_u64();
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            (a >> 32) as u32,
            (a >> 16) as u16,
            (a as u16) & 0x0fff,
            ((b >> 48) as u16 & 0x3fff) | 0x8000,
            b & 0xffff_ffff_ffff
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_ids_and_names_differ() {
        let mut a = IdGen::new(7, "c1");
        let mut b = IdGen::new(7, "C1");
        assert_eq!(a.guid(), b.guid());
        let mut c = IdGen::new(7, "c2");
        assert_ne!(a.guid(), c.guid());
        let g = a.guid();
        assert_eq!(g.len(), 36);
        assert_eq!(&g[14..15], "4");
    }
}
