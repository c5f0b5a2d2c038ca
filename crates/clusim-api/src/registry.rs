//! Cluster-database vocabulary: registry types, batch commands, results.
//!
//! Numeric values are those of `clusapi.h` / `winnt.h` (fact sheet §1.8, §2.3–2.6).

pub use crate::client::sz;
use crate::error::Win32Error;
pub use crate::property::{REG_BINARY, REG_DWORD, REG_EXPAND_SZ, REG_MULTI_SZ, REG_NONE, REG_QWORD, REG_SZ};

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
