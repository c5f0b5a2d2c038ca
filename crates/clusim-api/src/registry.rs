//! Cluster-database vocabulary: registry types, batch commands, results.
//!
//! Numeric values are those of `clusapi.h` / `winnt.h` (fact sheet §1.8, §2.3–2.6).

pub use crate::client::sz;
use crate::error::Win32Error;
use crate::property::PropertyValue;
pub use crate::property::{REG_BINARY, REG_DWORD, REG_EXPAND_SZ, REG_MULTI_SZ, REG_NONE, REG_QWORD, REG_SZ};

/// Decodes `REG_SZ` (or `REG_EXPAND_SZ`) data, the inverse of [`sz`]: UTF-16LE units up
/// to the first NUL. `sz_to_string(&sz(s)) == s` for every `s` without a NUL.
///
/// Framing is read the way `RegGetValue` reads it: data without a terminating NUL is
/// the whole string (`RegQueryValueEx` documents that stored strings may lack it), and
/// anything after the first NUL is ignored; empty data is `""`. An odd number of bytes
/// (no whole number of UTF-16 units; the cluster database refuses such string data, REG-VALUE)
/// or an unpaired surrogate is `ERROR_INVALID_DATA`. `REG_EXPAND_SZ` data is encoded
/// the same way; expanding its `%VARIABLES%` is the reader's business.
///
/// ```
/// use clusim::registry::{sz, sz_to_string};
///
/// assert_eq!(sz("NODE1"), b"N\0O\0D\0E\01\0\0\0");
/// assert_eq!(sz_to_string(&sz("NODE1")), Ok("NODE1".to_string()));
/// assert_eq!(sz_to_string(b"N\0O\0"), Ok("NO".to_string()), "no NUL: the whole data");
/// assert_eq!(sz_to_string(b"A\0\0\0B\0"), Ok("A".to_string()), "stops at the first NUL");
/// assert_eq!(sz_to_string(b"A\0B"), Err(clusim::Win32Error::ERROR_INVALID_DATA), "odd length");
/// ```
pub fn sz_to_string(data: &[u8]) -> Result<String, Win32Error> {
    match PropertyValue::from_reg_bytes(REG_SZ, data) {
        Some(PropertyValue::Sz(s)) => Ok(s),
        _ => Err(Win32Error::ERROR_INVALID_DATA),
    }
}

/// Encodes `REG_MULTI_SZ` data: each string as UTF-16LE with its NUL, then one more NUL
/// (the empty string that ends the list; an empty list is that NUL alone).
///
/// `REG_MULTI_SZ` cannot hold an empty string or a string containing a NUL (either
/// would end the list early): those are `ERROR_INVALID_PARAMETER`, so that
/// [`multi_sz_to_strings`] always gives back exactly `items`.
///
/// ```
/// use clusim::registry::{multi_sz, multi_sz_to_strings};
///
/// assert_eq!(multi_sz(&["a", "bc"])?, b"a\0\0\0b\0c\0\0\0\0\0");
/// assert_eq!(multi_sz::<&str>(&[])?, b"\0\0");
/// assert_eq!(multi_sz_to_strings(&multi_sz(&["NODE1", "NODE2"])?)?, ["NODE1", "NODE2"]);
/// assert_eq!(multi_sz(&["a", ""]), Err(clusim::Win32Error::ERROR_INVALID_PARAMETER));
/// # Ok::<(), clusim::Win32Error>(())
/// ```
pub fn multi_sz<S: AsRef<str>>(items: &[S]) -> Result<Vec<u8>, Win32Error> {
    let items: Vec<String> = items.iter().map(|s| s.as_ref().to_string()).collect();
    if items.iter().any(|s| s.is_empty() || s.contains('\0')) {
        return Err(Win32Error::ERROR_INVALID_PARAMETER);
    }
    Ok(PropertyValue::MultiSz(items).to_reg_bytes())
}

/// Decodes `REG_MULTI_SZ` data, the inverse of [`multi_sz`]: the NUL-terminated strings
/// up to the first empty one.
///
/// Framing is read leniently, as for [`sz_to_string`]: a missing final NUL, or a last
/// string without its NUL, still gives every non-empty string present; anything after
/// the empty string that ends the list is ignored; empty data, or a lone NUL, is the
/// empty list. An odd number of bytes or an unpaired surrogate is `ERROR_INVALID_DATA`.
///
/// ```
/// use clusim::registry::multi_sz_to_strings;
///
/// assert_eq!(multi_sz_to_strings(b"a\0\0\0b\0\0\0\0\0")?, ["a", "b"]);
/// assert_eq!(multi_sz_to_strings(b"a\0\0\0b\0")?, ["a", "b"], "no NULs at the end");
/// assert_eq!(multi_sz_to_strings(b"a\0\0\0\0\0b\0\0\0")?, ["a"], "the empty string ends the list");
/// assert!(multi_sz_to_strings(b"\0\0")?.is_empty());
/// # Ok::<(), clusim::Win32Error>(())
/// ```
pub fn multi_sz_to_strings(data: &[u8]) -> Result<Vec<String>, Win32Error> {
    match PropertyValue::from_reg_bytes(REG_MULTI_SZ, data) {
        Some(PropertyValue::MultiSz(items)) => Ok(items),
        _ => Err(Win32Error::ERROR_INVALID_DATA),
    }
}

/// `CLUSREG_COMMAND_NONE` (0): bracket, not a command.
pub const CLUSREG_COMMAND_NONE: u32 = 0;
/// `CLUSREG_SET_VALUE` (1).
pub const CLUSREG_SET_VALUE: u32 = 1;
/// `CLUSREG_CREATE_KEY` (2).
pub const CLUSREG_CREATE_KEY: u32 = 2;
/// `CLUSREG_DELETE_KEY` (3).
pub const CLUSREG_DELETE_KEY: u32 = 3;
/// `CLUSREG_DELETE_VALUE` (4).
pub const CLUSREG_DELETE_VALUE: u32 = 4;
/// `CLUSREG_SET_KEY_SECURITY` (5): reserved.
pub const CLUSREG_SET_KEY_SECURITY: u32 = 5;
/// `CLUSREG_VALUE_DELETED` (6): only in batch notifications.
pub const CLUSREG_VALUE_DELETED: u32 = 6;
/// `CLUSREG_READ_KEY` (7).
pub const CLUSREG_READ_KEY: u32 = 7;
/// `CLUSREG_READ_VALUE` (8): a successful read-batch result.
pub const CLUSREG_READ_VALUE: u32 = 8;
/// `CLUSREG_READ_ERROR` (9): a failed read-batch result.
pub const CLUSREG_READ_ERROR: u32 = 9;
/// `CLUSREG_CONTROL_COMMAND` (10).
pub const CLUSREG_CONTROL_COMMAND: u32 = 10;
/// `CLUSREG_CONDITION_EXISTS` (11).
pub const CLUSREG_CONDITION_EXISTS: u32 = 11;
/// `CLUSREG_CONDITION_NOT_EXISTS` (12).
pub const CLUSREG_CONDITION_NOT_EXISTS: u32 = 12;
/// `CLUSREG_CONDITION_IS_EQUAL` (13).
pub const CLUSREG_CONDITION_IS_EQUAL: u32 = 13;
/// `CLUSREG_CONDITION_IS_NOT_EQUAL` (14).
pub const CLUSREG_CONDITION_IS_NOT_EQUAL: u32 = 14;
/// `CLUSREG_CONDITION_IS_GREATER_THAN` (15).
pub const CLUSREG_CONDITION_IS_GREATER_THAN: u32 = 15;
/// `CLUSREG_CONDITION_IS_LESS_THAN` (16).
pub const CLUSREG_CONDITION_IS_LESS_THAN: u32 = 16;
/// `CLUSREG_CONDITION_KEY_EXISTS` (17).
pub const CLUSREG_CONDITION_KEY_EXISTS: u32 = 17;
/// `CLUSREG_CONDITION_KEY_NOT_EXISTS` (18).
pub const CLUSREG_CONDITION_KEY_NOT_EXISTS: u32 = 18;
/// `CLUSREG_LAST_COMMAND` (19): bracket.
pub const CLUSREG_LAST_COMMAND: u32 = 19;

/// `CLUSREG_DATABASE_SYNC_WRITE_TO_ALL_NODES` (1).
pub const CLUSREG_DATABASE_SYNC_WRITE_TO_ALL_NODES: u32 = 1;
/// `CLUSREG_DATABASE_ISOLATE_READ` (2).
pub const CLUSREG_DATABASE_ISOLATE_READ: u32 = 2;

/// `REG_CREATED_NEW_KEY` (1).
pub const REG_CREATED_NEW_KEY: u32 = 1;
/// `REG_OPENED_EXISTING_KEY` (2).
pub const REG_OPENED_EXISTING_KEY: u32 = 2;

/// The value types the cluster database stores.
pub const VALUE_TYPES: [u32; 7] =
    [REG_NONE, REG_SZ, REG_EXPAND_SZ, REG_BINARY, REG_DWORD, REG_MULTI_SZ, REG_QWORD];

/// Largest value the cluster database accepts, in bytes (spec/registry.md REG-VALUE).
pub const MAX_VALUE_DATA: usize = 1 << 20;

/// The `CLUSREG_*` name of a command number.
pub fn command_name(command: u32) -> &'static str {
    match command {
        CLUSREG_COMMAND_NONE => "CLUSREG_COMMAND_NONE",
        CLUSREG_SET_VALUE => "CLUSREG_SET_VALUE",
        CLUSREG_CREATE_KEY => "CLUSREG_CREATE_KEY",
        CLUSREG_DELETE_KEY => "CLUSREG_DELETE_KEY",
        CLUSREG_DELETE_VALUE => "CLUSREG_DELETE_VALUE",
        CLUSREG_SET_KEY_SECURITY => "CLUSREG_SET_KEY_SECURITY",
        CLUSREG_VALUE_DELETED => "CLUSREG_VALUE_DELETED",
        CLUSREG_READ_KEY => "CLUSREG_READ_KEY",
        CLUSREG_READ_VALUE => "CLUSREG_READ_VALUE",
        CLUSREG_READ_ERROR => "CLUSREG_READ_ERROR",
        CLUSREG_CONTROL_COMMAND => "CLUSREG_CONTROL_COMMAND",
        CLUSREG_CONDITION_EXISTS => "CLUSREG_CONDITION_EXISTS",
        CLUSREG_CONDITION_NOT_EXISTS => "CLUSREG_CONDITION_NOT_EXISTS",
        CLUSREG_CONDITION_IS_EQUAL => "CLUSREG_CONDITION_IS_EQUAL",
        CLUSREG_CONDITION_IS_NOT_EQUAL => "CLUSREG_CONDITION_IS_NOT_EQUAL",
        CLUSREG_CONDITION_IS_GREATER_THAN => "CLUSREG_CONDITION_IS_GREATER_THAN",
        CLUSREG_CONDITION_IS_LESS_THAN => "CLUSREG_CONDITION_IS_LESS_THAN",
        CLUSREG_CONDITION_KEY_EXISTS => "CLUSREG_CONDITION_KEY_EXISTS",
        CLUSREG_CONDITION_KEY_NOT_EXISTS => "CLUSREG_CONDITION_KEY_NOT_EXISTS",
        CLUSREG_LAST_COMMAND => "CLUSREG_LAST_COMMAND",
        _ => "CLUSREG_?",
    }
}

/// Checks that data fits a value type: a known type, at most [`MAX_VALUE_DATA`] bytes,
/// 4 bytes for `REG_DWORD`, 8 for `REG_QWORD`, an even length for the string types.
/// Otherwise `ERROR_INVALID_PARAMETER`.
pub fn check_value(ty: u32, data: &[u8]) -> Result<(), Win32Error> {
    let ok = VALUE_TYPES.contains(&ty)
        && data.len() <= MAX_VALUE_DATA
        && match ty {
            REG_DWORD => data.len() == 4,
            REG_QWORD => data.len() == 8,
            REG_SZ | REG_EXPAND_SZ | REG_MULTI_SZ => data.len().is_multiple_of(2),
            _ => true,
        };
    if ok {
        Ok(())
    } else {
        Err(Win32Error::ERROR_INVALID_PARAMETER)
    }
}

/// A `FILETIME`: 100-ns intervals since 1601-01-01 UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileTime(pub u64);

/// `ClusterRegCreateKey`'s disposition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Disposition {
    /// `REG_CREATED_NEW_KEY`.
    CreatedNew,
    /// `REG_OPENED_EXISTING_KEY`.
    OpenedExisting,
}

impl Disposition {
    /// The `REG_*` value.
    pub fn value(self) -> u32 {
        match self {
            Disposition::CreatedNew => REG_CREATED_NEW_KEY,
            Disposition::OpenedExisting => REG_OPENED_EXISTING_KEY,
        }
    }
}

/// `ClusterRegQueryInfoKey`'s outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KeyInfo {
    /// Number of subkeys.
    pub subkeys: u32,
    /// Longest subkey name, in characters, without the NUL.
    pub max_subkey_len: u32,
    /// Number of values.
    pub values: u32,
    /// Longest value name, in characters, without the NUL.
    pub max_value_name_len: u32,
    /// Largest value data, in bytes.
    pub max_value_len: u32,
    /// Size of the security descriptor, in bytes.
    pub security_descriptor_len: u32,
    /// Last write time.
    pub last_write: FileTime,
}

/// One command of a write batch or of a batch notification
/// (`CLUSTER_BATCH_COMMAND`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BatchCommand {
    /// A `CLUSREG_*` command.
    pub command: u32,
    /// The value type for value commands, else 0.
    pub options: u32,
    /// Value name or key path (`""` for the default value / the key itself).
    pub name: String,
    /// Value data (empty when none).
    pub data: Vec<u8>,
}

impl BatchCommand {
    /// A command with no data.
    pub fn new(command: u32, name: &str) -> BatchCommand {
        BatchCommand { command, options: 0, name: name.to_string(), data: Vec::new() }
    }

    /// `CLUSREG_SET_VALUE`.
    pub fn set_value(name: &str, ty: u32, data: &[u8]) -> BatchCommand {
        BatchCommand { command: CLUSREG_SET_VALUE, options: ty, name: name.to_string(), data: data.to_vec() }
    }
}

/// Why a write batch did not apply: the code, and the 0-based number of the failing
/// command (`-1` when the batch failed before any command ran, B1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchFailure {
    /// The code `ClusterRegCloseBatch` returns (B2).
    pub code: Win32Error,
    /// `failedCommandNumber`.
    pub failed_command: i32,
}

impl BatchFailure {
    /// A failure before any command ran.
    pub fn before_any(code: Win32Error) -> BatchFailure {
        BatchFailure { code, failed_command: -1 }
    }
}

impl From<BatchFailure> for Win32Error {
    fn from(f: BatchFailure) -> Self {
        f.code
    }
}

impl std::fmt::Display for BatchFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at command {}", self.code, self.failed_command)
    }
}

impl std::error::Error for BatchFailure {}

/// One result of a read batch (`CLUSTER_READ_BATCH_COMMAND`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReadBatchResult {
    /// `CLUSREG_READ_VALUE` or `CLUSREG_READ_ERROR`.
    pub command: u32,
    /// The value type (`READ_VALUE`) or the error code (`READ_ERROR`).
    pub options: u32,
    /// The subkey as requested (`None`: the batch key).
    pub subkey: Option<String>,
    /// The value name as requested (`None`: the default value).
    pub value: Option<String>,
    /// The data read.
    pub data: Vec<u8>,
}

/// How batch notifications are grouped (B6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum BatchGranularity {
    /// One notification holds every command of every batch committed since the previous
    /// get (SDK-BGET) — the default.
    #[default]
    Coalesced,
    /// One notification per committed batch ([MS-CMRP] ApiGetBatchNotification).
    PerBatch,
}

/// `SE_SELF_RELATIVE`, the control bit of a self-relative security descriptor.
pub const SE_SELF_RELATIVE: u16 = 0x8000;
/// Size of a self-relative `SECURITY_DESCRIPTOR` header (revision, control, four offsets).
pub const SECURITY_DESCRIPTOR_HEADER_LEN: usize = 20;
/// Largest self-relative descriptor whose length [`self_relative_sd_len`] computes:
/// component offsets beyond it are refused.
pub const MAX_SECURITY_DESCRIPTOR_LEN: usize = 64 * 1024;

/// The length of a self-relative security descriptor, computed from its contents the way
/// `RtlLengthSecurityDescriptor` does: the 20-byte header, then the end of the farthest
/// component (owner and group SIDs: 8 + 4 × sub-authority count bytes; SACL and DACL:
/// their `AclSize`). `ClusterRegSetKeySecurity` receives no length, so both sides of
/// the C boundary need this.
///
/// `peek(offset)` returns the 4 bytes at `offset`, or `None` when they are not
/// available; it is only called for offsets below [`MAX_SECURITY_DESCRIPTOR_LEN`], in
/// increasing order within each component. Anything that is not a plausible
/// self-relative descriptor — a peek that fails, revision ≠ 1, no `SE_SELF_RELATIVE`,
/// an offset inside the header or past the limit, more than 15 sub-authorities, an ACL
/// shorter than its 8-byte header — is `ERROR_INVALID_SECURITY_DESCR`.
pub fn self_relative_sd_len(mut peek: impl FnMut(usize) -> Option<[u8; 4]>) -> Result<usize, Win32Error> {
    let bad = Win32Error::ERROR_INVALID_SECURITY_DESCR;
    let mut header = [0u8; SECURITY_DESCRIPTOR_HEADER_LEN];
    for (i, chunk) in header.chunks_exact_mut(4).enumerate() {
        chunk.copy_from_slice(&peek(i * 4).ok_or(bad)?);
    }
    let control = u16::from_le_bytes([header[2], header[3]]);
    if header[0] != 1 || control & SE_SELF_RELATIVE == 0 {
        return Err(bad);
    }
    let mut len = SECURITY_DESCRIPTOR_HEADER_LEN;
    for (i, is_sid) in [(0usize, true), (1, true), (2, false), (3, false)] {
        let o = 4 + i * 4;
        let off = u32::from_le_bytes([header[o], header[o + 1], header[o + 2], header[o + 3]]) as usize;
        if off == 0 {
            continue;
        }
        if !(SECURITY_DESCRIPTOR_HEADER_LEN..=MAX_SECURITY_DESCRIPTOR_LEN - 4).contains(&off) {
            return Err(bad);
        }
        let head = peek(off).ok_or(bad)?;
        let size = if is_sid {
            let count = head[1] as usize;
            if head[0] != 1 || count > 15 {
                return Err(bad);
            }
            8 + 4 * count
        } else {
            let size = u16::from_le_bytes([head[2], head[3]]) as usize;
            if size < 8 {
                return Err(bad);
            }
            size
        };
        len = len.max(off + size);
    }
    if len > MAX_SECURITY_DESCRIPTOR_LEN {
        return Err(bad);
    }
    Ok(len)
}

/// [`self_relative_sd_len`] over a byte slice; `Ok(len)` only when the whole descriptor
/// lies within `sd` (`len <= sd.len()`).
pub fn self_relative_sd_len_in(sd: &[u8]) -> Result<usize, Win32Error> {
    let len = self_relative_sd_len(|off| sd.get(off..off + 4).map(|b| [b[0], b[1], b[2], b[3]]))?;
    if len > sd.len() {
        return Err(Win32Error::ERROR_INVALID_SECURITY_DESCR);
    }
    Ok(len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn utf16le(units: &[u16]) -> Vec<u8> {
        units.iter().flat_map(|u| u.to_le_bytes()).collect()
    }

    #[test]
    fn sz_to_string_reads_up_to_the_first_nul_or_the_end() {
        assert_eq!(sz_to_string(&sz("héllo")), Ok("héllo".into()));
        assert_eq!(sz_to_string(&sz("")), Ok(String::new()));
        assert_eq!(sz_to_string(&[]), Ok(String::new()), "empty data");
        assert_eq!(sz_to_string(&utf16le(&[0x41, 0x42])), Ok("AB".into()), "missing NUL");
        assert_eq!(sz_to_string(&utf16le(&[0x41, 0, 0x42, 0])), Ok("A".into()), "after the NUL");
        assert_eq!(sz_to_string(&sz("\u{1F600}")), Ok("\u{1F600}".into()), "surrogate pair");
    }

    #[test]
    fn string_decoders_refuse_odd_lengths_and_unpaired_surrogates() {
        let bad = Err(Win32Error::ERROR_INVALID_DATA);
        assert_eq!(sz_to_string(&[0x41, 0, 0]), bad);
        assert_eq!(sz_to_string(&utf16le(&[0xD800, 0])), bad);
        assert_eq!(multi_sz_to_strings(&[0x41, 0, 0, 0, 0]), Err(Win32Error::ERROR_INVALID_DATA));
        assert_eq!(
            multi_sz_to_strings(&utf16le(&[0x41, 0, 0xDC00, 0, 0])),
            Err(Win32Error::ERROR_INVALID_DATA)
        );
    }

    #[test]
    fn multi_sz_ends_at_the_empty_string_and_tolerates_missing_nuls() {
        let ab = vec!["a".to_string(), "b".to_string()];
        assert_eq!(multi_sz(&["a", "b"]).unwrap(), utf16le(&[0x61, 0, 0x62, 0, 0]));
        assert_eq!(multi_sz::<&str>(&[]).unwrap(), utf16le(&[0]), "the empty list is one NUL");
        assert_eq!(multi_sz_to_strings(&utf16le(&[0x61, 0, 0x62, 0, 0])), Ok(ab.clone()));
        assert_eq!(multi_sz_to_strings(&utf16le(&[0x61, 0, 0x62, 0])), Ok(ab.clone()), "no final NUL");
        assert_eq!(multi_sz_to_strings(&utf16le(&[0x61, 0, 0x62])), Ok(ab), "last string unterminated");
        assert_eq!(multi_sz_to_strings(&utf16le(&[0x61, 0, 0, 0x62, 0, 0])), Ok(vec!["a".into()]));
        assert_eq!(multi_sz_to_strings(&[]), Ok(Vec::new()));
        assert_eq!(multi_sz_to_strings(&utf16le(&[0, 0])), Ok(Vec::new()));
    }

    #[test]
    fn multi_sz_refuses_what_it_cannot_represent() {
        let bad = Err(Win32Error::ERROR_INVALID_PARAMETER);
        assert_eq!(multi_sz(&["a", ""]), bad);
        assert_eq!(multi_sz(&["a\0b"]), bad);
    }

    proptest! {
        #[test]
        fn sz_round_trips(s in "[^\u{0}]*") {
            prop_assert_eq!(sz_to_string(&sz(&s)), Ok(s));
        }

        #[test]
        fn multi_sz_round_trips(items in proptest::collection::vec("[^\u{0}]+", 0..6)) {
            let bytes = multi_sz(&items).unwrap();
            prop_assert!(check_value(REG_MULTI_SZ, &bytes).is_ok());
            prop_assert_eq!(multi_sz_to_strings(&bytes), Ok(items));
        }
    }

    fn sd(owner: u32, dacl: u32, tail: &[u8]) -> Vec<u8> {
        let mut v = vec![1, 0, 0x04, 0x80];
        for o in [owner, 0, 0, dacl] {
            v.extend_from_slice(&o.to_le_bytes());
        }
        v.extend_from_slice(tail);
        v
    }

    #[test]
    fn a_bare_header_is_twenty_bytes() {
        assert_eq!(self_relative_sd_len_in(&sd(0, 0, &[])), Ok(20));
        assert_eq!(self_relative_sd_len_in(&sd(0, 0, &[9; 7])), Ok(20));
    }

    #[test]
    fn the_length_reaches_the_end_of_the_farthest_component() {
        // Owner SID at 20 with 2 sub-authorities (16 bytes), DACL at 36 of 8 bytes.
        let mut tail = vec![1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 32, 2, 0, 0];
        tail.extend_from_slice(&[2, 0, 8, 0, 0, 0, 0, 0]);
        assert_eq!(self_relative_sd_len_in(&sd(20, 36, &tail)), Ok(44));
        assert_eq!(
            self_relative_sd_len_in(&sd(20, 36, &tail[..tail.len() - 1])),
            Err(Win32Error::ERROR_INVALID_SECURITY_DESCR)
        );
    }

    #[test]
    fn implausible_descriptors_are_invalid_security_descr() {
        let bad = Err(Win32Error::ERROR_INVALID_SECURITY_DESCR);
        assert_eq!(self_relative_sd_len_in(&[1, 0, 0, 0x80]), bad);
        let mut absolute = sd(0, 0, &[]);
        absolute[3] = 0;
        assert_eq!(self_relative_sd_len_in(&absolute), bad);
        let mut rev2 = sd(0, 0, &[]);
        rev2[0] = 2;
        assert_eq!(self_relative_sd_len_in(&rev2), bad);
        assert_eq!(self_relative_sd_len_in(&sd(4, 0, &[0; 64])), bad, "offset inside the header");
        assert_eq!(self_relative_sd_len_in(&sd(u32::MAX, 0, &[0; 64])), bad, "offset past the limit");
        assert_eq!(self_relative_sd_len_in(&sd(0, 20, &[2, 0, 4, 0])), bad, "ACL shorter than its header");
        assert_eq!(self_relative_sd_len_in(&sd(20, 0, &[1, 16, 0, 0])), bad, "too many sub-authorities");
    }
}
