//! The delivered fields of one V2 event, shared by every port that receives it.
//!
//! Guarantees:
//! - The four strings (`ObjectId`, `ParentId`, `Name`, `Type`) are encoded to UTF-16
//!   once, when the event is made, into one buffer with each string's NUL: a
//!   `GetClusterNotifyV2` delivery copies them with `memcpy` and reads their sizes
//!   without scanning (spec/perf.md V2-GET), however many ports the event reaches.
//! - The `str` and UTF-16 forms cannot disagree: fields are set only by
//!   [`EventV2Data::new`] and [`EventV2Data::with_type`].

use std::sync::Arc;

/// The fields of one V2 event as `GetClusterNotifyV2` delivers them (the ApiGetNotifyV2
/// table, fact sheet §1.6), shared by every port that receives it: queued V2
/// indications hold an `Arc` of this, never a copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventV2Data {
    object_id: Arc<str>,
    parent_id: Arc<str>,
    name: Arc<str>,
    type_name: Arc<str>,
    payload: Arc<[u8]>,
    /// The four strings in UTF-16, each followed by its NUL, in field order.
    wide: Box<[u16]>,
    /// Where each string starts in `wide`; `starts[4]` is `wide.len()`.
    starts: [u32; 5],
}

/// Which string of an event (the order of `GetClusterNotifyV2`'s outputs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldV2 {
    /// `ObjectId`.
    ObjectId = 0,
    /// `ParentId`.
    ParentId = 1,
    /// `Name`.
    Name = 2,
    /// `Type`.
    Type = 3,
}

impl EventV2Data {
    /// An event's fields: `object_id` (`""` where the table has "—"), `parent_id`,
    /// `name` (registry events: the changed key's path from the root; the router delivers
    /// it relative to the registration's key), no `Type`, and the `buffer` laid out as
    /// `clusim_api::notify_v2::payload_kind` says.
    pub fn new(object_id: Arc<str>, parent_id: Arc<str>, name: Arc<str>, payload: Arc<[u8]>) -> Self {
        let empty: Arc<str> = Arc::from("");
        Self::with_type(object_id, parent_id, name, empty, payload)
    }

    /// The same with a `Type` (resource events: the resource type's name).
    pub fn with_type(
        object_id: Arc<str>,
        parent_id: Arc<str>,
        name: Arc<str>,
        type_name: Arc<str>,
        payload: Arc<[u8]>,
    ) -> Self {
        let strs = [&object_id, &parent_id, &name, &type_name];
        let mut wide = Vec::with_capacity(strs.iter().map(|s| s.len() + 1).sum());
        let mut starts = [0u32; 5];
        for (i, s) in strs.iter().enumerate() {
            starts[i] = units(wide.len());
            wide.extend(s.encode_utf16());
            wide.push(0);
        }
        starts[4] = units(wide.len());
        EventV2Data { object_id, parent_id, name, type_name, payload, wide: wide.into(), starts }
    }

    /// `ObjectId`.
    pub fn object_id(&self) -> &Arc<str> {
        &self.object_id
    }

    /// `ParentId`.
    pub fn parent_id(&self) -> &Arc<str> {
        &self.parent_id
    }

    /// `Name` as the model made it (registry events: the full path).
    pub fn name(&self) -> &Arc<str> {
        &self.name
    }

    /// `Type`.
    pub fn type_name(&self) -> &Arc<str> {
        &self.type_name
    }

    /// The `buffer`.
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }

    /// One string in UTF-16 followed by its NUL.
    pub fn wide_z(&self, field: FieldV2) -> &[u16] {
        let i = field as usize;
        &self.wide[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    /// The four strings in UTF-16, each followed by its NUL, in [`FieldV2`] order: what
    /// a delivery copies from.
    #[inline]
    pub fn wide_all(&self) -> [&[u16]; 4] {
        let s = &self.starts;
        let (id, rest) = self.wide.split_at((s[1] - s[0]) as usize);
        let (parent, rest) = rest.split_at((s[2] - s[1]) as usize);
        let (name, ty) = rest.split_at((s[3] - s[2]) as usize);
        [id, parent, name, ty]
    }

    /// UTF-16 units of `Name` before byte `start` of it (where a registry tail begins).
    ///
    /// # Panics
    /// When `start` is not a char boundary of `Name`.
    pub fn name_units_before(&self, start: usize) -> usize {
        let name = &self.name[..start];
        if self.wide_z(FieldV2::Name).len() == self.name.len() + 1 {
            start
        } else {
            name.encode_utf16().count()
        }
    }
}

fn units(n: usize) -> u32 {
    u32::try_from(n).expect("an event's strings are shorter than 4 Gi units")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(name: &str) -> EventV2Data {
        EventV2Data::with_type(
            Arc::from("id-1"),
            Arc::from(""),
            Arc::from(name),
            Arc::from("Disk"),
            Arc::from([]),
        )
    }

    // V2-GET: each string is delivered as its UTF-16 encoding with one NUL.
    #[test]
    fn each_string_is_its_utf16_encoding_with_a_nul() {
        let e = ev("Grüße\u{1F600}");
        let z = |s: &str| s.encode_utf16().chain([0]).collect::<Vec<u16>>();
        assert_eq!(e.wide_z(FieldV2::ObjectId), z("id-1"));
        assert_eq!(e.wide_z(FieldV2::ParentId), [0]);
        assert_eq!(e.wide_z(FieldV2::Name), z("Grüße\u{1F600}"));
        assert_eq!(e.wide_z(FieldV2::Type), z("Disk"));
        assert_eq!(e.name().as_ref(), "Grüße\u{1F600}");
    }

    // V2-GET: a registry tail's start counts UTF-16 units, not bytes.
    #[test]
    fn a_tail_start_counts_utf16_units() {
        assert_eq!(ev("ab\\cd").name_units_before(3), 3);
        let e = ev("Grüße\\x");
        let byte = e.name().find('\\').unwrap();
        assert_eq!(e.name_units_before(byte), 5);
        let e = ev("\u{1F600}\\x");
        assert_eq!(e.name_units_before(4), 2, "a surrogate pair is two units");
    }
}
