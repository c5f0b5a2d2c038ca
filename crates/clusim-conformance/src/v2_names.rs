//! The scenario language's words for the V2 vocabulary, and the text a V2 notification
//! becomes in a trace (spec/conformance.md, "V2 steps").
//!
//! - An object type is its `clusapi.h` name without `CLUSTER_OBJECT_TYPE_` (`GROUP`,
//!   `NETWORK_INTERFACE`) or a number (`0x99`: an unknown type, for bad-input steps).
//! - Flags are the names of the type's enum without `CLUSTER_CHANGE_<TYPE>_` and `_V2`
//!   (`STATE`, `OWNER_NODE`, `ALL`), joined by `|`, or numbers.
//! - A filter is `TYPE:FLAGS` (`GROUP:STATE|OWNER_NODE`).
//! - A payload is rendered by the ApiGetNotifyV2 table's layout: `empty`, `dword:N`,
//!   `id:TEXT`, `ids:A|B`, `props:Name:TYPE=VALUE;…`, `membership:quorum=B,up=HEX`,
//!   `raw:HEX`. Ids are GUIDs, which the normalizer numbers like every other id.

use clusim_api::change_v2::*;
use clusim_api::notify_v2::{NotifyFilterAndType, PayloadV2};
use clusim_api::object_type::ObjectType;
use clusim_api::PropertyValue;

/// The (name, bit) pairs of an object type's change enum, in declaration order; empty
/// for a type without one.
pub fn flag_table(t: ObjectType) -> Vec<(&'static str, u64)> {
    fn table<F: bitflags::Flags<Bits = u32>>() -> Vec<(&'static str, u64)> {
        F::FLAGS.iter().map(|f| (f.name(), u64::from(f.value().bits()))).collect()
    }
    match t {
        ObjectType::Cluster => table::<ClusterChangeV2>(),
        ObjectType::Group => table::<GroupChangeV2>(),
        ObjectType::Resource => table::<ResourceChangeV2>(),
        ObjectType::ResourceType => table::<ResourceTypeChangeV2>(),
        ObjectType::NetworkInterface => table::<NetInterfaceChangeV2>(),
        ObjectType::Network => table::<NetworkChangeV2>(),
        ObjectType::Node => table::<NodeChangeV2>(),
        ObjectType::Registry => table::<RegistryChangeV2>(),
        ObjectType::Quorum => table::<QuorumChangeV2>(),
        ObjectType::SharedVolume => table::<SharedVolumeChangeV2>(),
        ObjectType::GroupSet => table::<GroupSetChangeV2>(),
        ObjectType::Spaceport => table::<SpaceportChangeV2>(),
        ObjectType::Upgrade => table::<UpgradeChangeV2>(),
        _ => Vec::new(),
    }
}

fn number(w: &str) -> Option<u64> {
    match w.strip_prefix("0x") {
        Some(h) => u64::from_str_radix(h, 16).ok(),
        None => w.parse().ok(),
    }
}

/// `GROUP`, `NETWORK_INTERFACE`, … or a number: the `dwObjectType` value.
pub fn object_type(w: &str) -> Result<u32, String> {
    if let Some(t) = ObjectType::ALL.iter().find(|t| t.label() == w) {
        return Ok(t.raw());
    }
    number(w).and_then(|n| u32::try_from(n).ok()).ok_or_else(|| {
        format!("unknown object type {w:?}: expected CLUSTER, GROUP, RESOURCE, RESOURCE_TYPE, NETWORK_INTERFACE, NETWORK, NODE, REGISTRY, QUORUM, … or a number")
    })
}

/// `STATE|OWNER_NODE` (names of the type's enum) or numbers: the `FilterFlags` value.
pub fn flags(object_type: u32, text: &str) -> Result<u64, String> {
    let table = ObjectType::from_raw(object_type).map(flag_table).unwrap_or_default();
    let mut bits = 0;
    for part in text.split('|').filter(|p| !p.is_empty()) {
        bits |= match table.iter().find(|(n, _)| *n == part) {
            Some((_, b)) => *b,
            None => number(part).ok_or_else(|| {
                let names: Vec<_> = table.iter().map(|(n, _)| *n).collect();
                format!("unknown flag {part:?} for object type {object_type}: expected one of {names:?} or a number")
            })?,
        };
    }
    Ok(bits)
}

/// `TYPE:FLAGS`.
pub fn filter(w: &str) -> Result<NotifyFilterAndType, String> {
    let (t, f) = w.split_once(':').ok_or_else(|| format!("expected a filter TYPE:FLAGS, found {w:?}"))?;
    let object_type = object_type(t)?;
    Ok(NotifyFilterAndType { object_type, flags: flags(object_type, f)? })
}

/// The object type's label, or its number.
pub fn type_label(object_type: u32) -> String {
    ObjectType::from_raw(object_type).map_or_else(|| object_type.to_string(), |t| t.label().to_string())
}

/// One flag's name in the type's enum, or its number in hex.
pub fn flag_label(object_type: u32, bit: u64) -> String {
    ObjectType::from_raw(object_type)
        .map(flag_table)
        .unwrap_or_default()
        .into_iter()
        .find(|(_, b)| *b == bit)
        .map_or_else(|| format!("{bit:#x}"), |(n, _)| n.to_string())
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn value_text(v: &PropertyValue) -> String {
    match v {
        PropertyValue::Dword(n) => format!("dword={n}"),
        PropertyValue::Qword(n) => format!("qword={n}"),
        PropertyValue::Long(n) => format!("long={n}"),
        PropertyValue::Sz(s) => format!("sz={s}"),
        PropertyValue::ExpandSz(s) => format!("expand={s}"),
        PropertyValue::MultiSz(v) => format!("multi={}", v.join("|")),
        PropertyValue::Binary(b) => format!("binary={}", hex(b)),
    }
}

/// The payload as the table lays it out for (object type, flag).
pub fn payload_text(object_type: u32, flag: u64, bytes: &[u8]) -> String {
    let Some(t) = ObjectType::from_raw(object_type) else { return format!("raw:{}", hex(bytes)) };
    match PayloadV2::decode(t, flag, bytes) {
        PayloadV2::Empty => "empty".into(),
        PayloadV2::Dword(n) => format!("dword:{n}"),
        PayloadV2::Id(s) => format!("id:{s}"),
        PayloadV2::IdList(v) => format!("ids:{}", v.join("|")),
        PayloadV2::PropertyList(p) => {
            let items: Vec<String> = p.iter().map(|(n, v)| format!("{n}:{}", value_text(v))).collect();
            format!("props:{}", items.join(";"))
        }
        PayloadV2::Membership(m) => {
            format!("membership:quorum={},up={}", u8::from(m.has_quorum), hex(&m.up_nodes))
        }
        PayloadV2::Raw(b) => format!("raw:{}", hex(&b)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_parse_names_and_numbers_of_the_types_enum() {
        let f = filter("GROUP:STATE|OWNER_NODE").unwrap();
        assert_eq!((f.object_type, f.flags), (2, 0x18));
        assert_eq!(filter("0x99:1").unwrap().object_type, 0x99);
        assert_eq!(filter("RESOURCE:0x400").unwrap().flags, 0x400);
        assert!(filter("GROUP:NOPE").unwrap_err().contains("unknown flag"));
        assert!(filter("GROUP").is_err());
        assert_eq!(flag_label(2, 0x8), "STATE");
        assert_eq!(flag_label(0x99, 0x8), "0x8");
        assert_eq!(type_label(5), "NETWORK_INTERFACE");
    }

    #[test]
    fn payloads_render_by_the_table() {
        assert_eq!(payload_text(2, 0x8, &1u32.to_le_bytes()), "dword:1");
        assert_eq!(payload_text(2, 0x1, &[]), "empty");
        assert_eq!(payload_text(2, 0x10, &clusim_api::notify_v2::encode_id("x")), "id:x");
    }
}
