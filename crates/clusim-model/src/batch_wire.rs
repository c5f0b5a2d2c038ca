//! `CLUSTER_REG_BATCH_UPDATE`: the byte encoding a committed batch travels in between
//! the client layer and the model ([MS-CMRP] 2.2.3.17, fact sheet §4.2).
//!
//! ```text
//! CLUSTER_REG_BATCH_UPDATE := Version:u32 (= 1)  Command{1..n}
//! Command := Type:u32  ValueType:u32  NameLength:u32  Name[NameLength] (UTF-16LE + NUL)
//!            DataLength:u32  Data[DataLength]  Pad[DataLength odd ? 1 : 0]
//! ```
//!
//! Guarantees: [`encode`] and [`decode`] are inverse; [`decode`] is strict — it rejects
//! every malformed input (wrong version, truncation, a name that is odd-sized, shorter
//! than its NUL, missing its NUL, holding an inner NUL or invalid UTF-16, a non-zero pad
//! byte, trailing bytes, an unknown command, no command at all) with a [`WireError`] and
//! never panics.

use clusim_api::registry::*;
use clusim_api::BatchCommand;

/// The only version the format defines.
pub const VERSION: u32 = 1;

/// Why bytes are not a valid `CLUSTER_REG_BATCH_UPDATE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireError {
    /// Fewer than 4 bytes, or a version other than 1.
    BadVersion,
    /// No command after the version.
    Empty,
    /// The input ends inside command `index` (0-based).
    Truncated {
        /// The command.
        index: usize,
    },
    /// Command `index` has a type outside 1..=18.
    UnknownCommand {
        /// The command.
        index: usize,
        /// Its type.
        command: u32,
    },
    /// Command `index` has a malformed name.
    BadName {
        /// The command.
        index: usize,
    },
    /// Command `index` has a non-zero pad byte.
    BadPadding {
        /// The command.
        index: usize,
    },
}

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WireError::BadVersion => write!(f, "not a version-1 CLUSTER_REG_BATCH_UPDATE"),
            WireError::Empty => write!(f, "no command"),
            WireError::Truncated { index } => write!(f, "truncated in command {index}"),
            WireError::UnknownCommand { index, command } => {
                write!(f, "command {index}: unknown type {command}")
            }
            WireError::BadName { index } => write!(f, "command {index}: malformed name"),
            WireError::BadPadding { index } => write!(f, "command {index}: non-zero padding"),
        }
    }
}

impl std::error::Error for WireError {}

/// Encodes commands (at least one) as a `CLUSTER_REG_BATCH_UPDATE`.
pub fn encode(commands: &[BatchCommand]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + commands.len() * 32);
    out.extend_from_slice(&VERSION.to_le_bytes());
    for c in commands {
        out.extend_from_slice(&c.command.to_le_bytes());
        out.extend_from_slice(&c.options.to_le_bytes());
        let name: Vec<u16> = c.name.encode_utf16().chain(std::iter::once(0)).collect();
        out.extend_from_slice(&((name.len() * 2) as u32).to_le_bytes());
        for u in name {
            out.extend_from_slice(&u.to_le_bytes());
        }
        out.extend_from_slice(&(c.data.len() as u32).to_le_bytes());
        out.extend_from_slice(&c.data);
        if c.data.len() % 2 == 1 {
            out.push(0);
        }
    }
    out
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.data.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }
    fn u32(&mut self) -> Option<u32> {
        self.take(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

/// Decodes strictly.
pub fn decode(bytes: &[u8]) -> Result<Vec<BatchCommand>, WireError> {
    let mut r = Reader { data: bytes, pos: 0 };
    if r.u32() != Some(VERSION) {
        return Err(WireError::BadVersion);
    }
    let mut out = Vec::new();
    while r.pos < bytes.len() {
        let index = out.len();
        let trunc = WireError::Truncated { index };
        let command = r.u32().ok_or(trunc.clone())?;
        if !(CLUSREG_SET_VALUE..=CLUSREG_CONDITION_KEY_NOT_EXISTS).contains(&command) {
            return Err(WireError::UnknownCommand { index, command });
        }
        let options = r.u32().ok_or(trunc.clone())?;
        let name_len = r.u32().ok_or(trunc.clone())? as usize;
        if name_len < 2 || name_len % 2 == 1 {
            return Err(WireError::BadName { index });
        }
        let raw = r.take(name_len).ok_or(trunc.clone())?;
        let units: Vec<u16> = raw.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        let (last, body) = units.split_last().expect("at least one unit");
        if *last != 0 || body.contains(&0) {
            return Err(WireError::BadName { index });
        }
        let name = String::from_utf16(body).map_err(|_| WireError::BadName { index })?;
        let data_len = r.u32().ok_or(trunc.clone())? as usize;
        let data = r.take(data_len).ok_or(trunc.clone())?.to_vec();
        if data_len % 2 == 1 && r.take(1).ok_or(trunc)? != [0] {
            return Err(WireError::BadPadding { index });
        }
        out.push(BatchCommand { command, options, name, data });
    }
    if out.is_empty() {
        return Err(WireError::Empty);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked example of the fact sheet §4.2 (92 bytes).
    #[test]
    fn encodes_the_documented_example_byte_for_byte() {
        let cmds = vec![
            BatchCommand::new(CLUSREG_CREATE_KEY, "a"),
            BatchCommand::set_value("v", REG_DWORD, &1u32.to_le_bytes()),
            BatchCommand::set_value("b", REG_BINARY, &[1, 2, 3]),
            BatchCommand::new(CLUSREG_DELETE_VALUE, "w"),
        ];
        let expected: Vec<u8> = [
            "01 00 00 00",
            "02 00 00 00 00 00 00 00 04 00 00 00 61 00 00 00 00 00 00 00",
            "01 00 00 00 04 00 00 00 04 00 00 00 76 00 00 00 04 00 00 00 01 00 00 00",
            "01 00 00 00 03 00 00 00 04 00 00 00 62 00 00 00 03 00 00 00 01 02 03 00",
            "04 00 00 00 00 00 00 00 04 00 00 00 77 00 00 00 00 00 00 00",
        ]
        .join(" ")
        .split_whitespace()
        .map(|h| u8::from_str_radix(h, 16).unwrap())
        .collect();
        let bytes = encode(&cmds);
        assert_eq!(bytes.len(), 92);
        assert_eq!(bytes, expected);
        assert_eq!(decode(&bytes).unwrap(), cmds);
    }

    #[test]
    fn rejects_every_malformation() {
        let good = encode(&[BatchCommand::set_value("v", REG_BINARY, &[7])]);
        assert_eq!(decode(&good[..3]), Err(WireError::BadVersion));
        assert_eq!(decode(&[2, 0, 0, 0]), Err(WireError::BadVersion));
        assert_eq!(decode(&[1, 0, 0, 0]), Err(WireError::Empty));
        for cut in 5..good.len() {
            assert!(decode(&good[..cut]).is_err(), "cut at {cut}");
        }
        let mut pad = good.clone();
        *pad.last_mut().unwrap() = 9;
        assert_eq!(decode(&pad), Err(WireError::BadPadding { index: 0 }));
        let mut trailing = good.clone();
        trailing.push(0);
        assert!(decode(&trailing).is_err());
        let mut unknown = good.clone();
        unknown[4] = 42;
        assert_eq!(decode(&unknown), Err(WireError::UnknownCommand { index: 0, command: 42 }));
        let mut no_nul = good.clone();
        no_nul[18] = b'x';
        assert_eq!(decode(&no_nul), Err(WireError::BadName { index: 0 }));
        let mut odd = good;
        odd[12] = 3;
        assert_eq!(decode(&odd), Err(WireError::BadName { index: 0 }));
    }
}
