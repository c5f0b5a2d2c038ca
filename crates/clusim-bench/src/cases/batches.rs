//! Write-batch cases: P7 (batch size at a fixed database size), S-batch (per command
//! against a channel message), S-db (a small commit as the database grows) and B1 (per
//! command against a baseline that does the same validation and builds the same
//! records).

use super::channel_burst;
use crate::measure::{Pair, Side};
use clusim_api::client::{BatchPort, Key};
use clusim_api::registry::{check_value, CLUSREG_SET_VALUE, CLUSREG_VALUE_DELETED, REG_DWORD};
use clusim_api::{BatchCommand, Timeout, Win32Error};
use clusim_model::names::NameKey;
use clusim_model::registry::MAX_VALUE_NAME_LEN;
use clusim_model::{BatchOptions, Cluster, ExecRecord};
use clusim_notify::NotifRecord;
use clusim_sim::Sim;
use crossbeam_channel::unbounded;
use std::collections::HashMap;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

/// The database a batch side runs against: values already there before measuring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Db {
    /// Values `Value 0`… on key `Bench` (the batches overwrite the first ones).
    pub bench: usize,
    /// Values on key `Filler`, which no batch touches.
    pub filler: usize,
}

/// The name of the `i`th value of key `Bench`.
fn value_name(i: usize) -> String {
    format!("Value {i}")
}

/// The data every benchmarked `SET_VALUE` writes (a `REG_DWORD`).
const DATA: [u8; 4] = 7u32.to_le_bytes();

/// A simulator whose database holds `db`, with `ports` batch notification ports on key
/// `Bench`. Each iteration commits one write batch of `commands` `SET_VALUE`s on values
/// that already exist, then every port gets its notification and reads every record:
/// `2 × commands` of them (each `SET_VALUE` follows a `VALUE_DELETED` with the old
/// data, BATCH-NOTIFY-CONTENT). The database keeps its size from batch to batch.
pub(crate) fn batch_side(
    label: &'static str,
    commands: usize,
    ports: usize,
    ops_per_iter: u64,
    db: Db,
) -> Side {
    let sim = Sim::builder().instant_transitions(true).build();
    let cluster = sim.open(None).expect("default cluster");
    let root = cluster.root_key().expect("root key");
    let key = root.create("Bench").expect("key Bench");
    for i in 0..db.bench.max(commands) {
        key.set_value(&value_name(i), REG_DWORD, &DATA).expect("value set");
    }
    let filler = root.create("Filler").expect("key Filler");
    for i in 0..db.filler {
        filler.set_value(&format!("Filler {i}"), REG_DWORD, &DATA).expect("value set");
    }
    let ports: Vec<BatchPort> = (0..ports).map(|_| key.batch_port().expect("batch port")).collect();
    let names: Vec<String> = (0..commands).map(value_name).collect();
    let commit = move |key: &Key| {
        let mut batch = key.batch().expect("batch");
        for name in &names {
            batch.set_value(name, REG_DWORD, &DATA).expect("command added");
        }
        batch.commit().expect("batch committed");
    };
    let drain = move |ports: &[BatchPort]| {
        for port in ports {
            let n = port.get(Timeout::POLL).expect("the batch reached every port");
            let got = n.read_all().expect("records");
            assert_eq!(got.len(), 2 * commands, "every record of the batch");
            black_box(got);
        }
    };
    Side::with_ops(label, ops_per_iter, move |iters| {
        let _keep = (&cluster, &filler);
        let start = Instant::now();
        for _ in 0..iters {
            commit(&key);
            drain(&ports);
        }
        start.elapsed()
    })
}

/// Batch ports of P7.
pub const P7_PORTS: usize = 100;

/// Values on key `Bench` on both sides of P7 (the larger batch's size).
pub const P7_DB_VALUES: usize = 2_000;

/// P7: a write batch of 2,000 commands committed and delivered to 100 batch ports
/// (each reading every record), against the same with 1,000 commands, both on the same
/// database (2,000 values): linear in the batch is 2×, whatever the database costs.
pub fn p7_batches() -> Pair {
    let db = Db { bench: P7_DB_VALUES, filler: 0 };
    Pair {
        clusim: batch_side("2,000-command batch → 100 ports", 2_000, P7_PORTS, 1, db),
        baseline: batch_side("1,000-command batch → 100 ports", 1_000, P7_PORTS, 1, db),
    }
}

/// Sweep over batch sizes: one batch of `commands` commands committed and delivered to
/// one batch port, per command, against one crossbeam channel carrying `commands`
/// messages (send all, then receive all), per message.
pub fn sweep_batch(commands: usize) -> Pair {
    let baseline = channel_burst("crossbeam: N sends + N recvs, per message", commands);
    let db = Db { bench: commands, filler: 0 };
    Pair {
        clusim: batch_side("N-command batch → 1 port, per command", commands, 1, commands as u64, db),
        baseline,
    }
}

/// Commands of an S-db commit.
pub const S_DB_COMMANDS: usize = 10;

/// Sweep over database size: a 10-command commit with `values` values already in the
/// database (on a key the batch does not touch), against the same commit on a
/// database without them. O(commands) is 1× at every point.
pub fn sweep_db(values: usize) -> Pair {
    let small = Db { bench: S_DB_COMMANDS, filler: 0 };
    Pair {
        clusim: batch_side(
            "10-command commit, N values in the database",
            S_DB_COMMANDS,
            0,
            1,
            Db { filler: values, ..small },
        ),
        baseline: batch_side("10-command commit, 0 values", S_DB_COMMANDS, 0, 1, small),
    }
}

/// Commands of a B1 batch.
pub const B1_COMMANDS: usize = 1_000;

/// One value of the baseline's key: as the model stores it.
struct StoredValue {
    name: Arc<str>,
    ty: u32,
    data: Vec<u8>,
}

/// The baseline's key: values indexed by case-insensitive name, as the model's key.
struct BaselineKey {
    path: Arc<str>,
    index: HashMap<NameKey, usize>,
    values: Vec<StoredValue>,
}

impl BaselineKey {
    /// `ClusterRegBatchAddCommand`'s checks and copy, then the execution's checks,
    /// the store and the executed records; returns the records.
    fn commit(&mut self, names: &[String], records: &mut Vec<ExecRecord>) -> Result<(), Win32Error> {
        let mut batch = Vec::with_capacity(names.len());
        for name in names {
            let cmd = BatchCommand {
                command: CLUSREG_SET_VALUE,
                options: REG_DWORD,
                name: name.clone(),
                data: DATA.to_vec(),
            };
            Cluster::validate_batch_command(&cmd, BatchOptions::default())?;
            batch.push(cmd);
        }
        for cmd in batch {
            if cmd.name.contains('\0') || cmd.name.encode_utf16().count() > MAX_VALUE_NAME_LEN {
                return Err(Win32Error::ERROR_INVALID_PARAMETER);
            }
            check_value(cmd.options, &cmd.data)?;
            let new = StoredValue { name: Arc::from(cmd.name.as_str()), ty: cmd.options, data: cmd.data };
            let i = *self.index.get(&NameKey::of(&new.name)).ok_or(Win32Error::ERROR_FILE_NOT_FOUND)?;
            let old = std::mem::replace(&mut self.values[i], new);
            let slot = &mut self.values[i];
            slot.name = old.name.clone();
            records.push(ExecRecord {
                command: CLUSREG_VALUE_DELETED,
                key_path: self.path.clone(),
                name: old.name,
                options: old.ty,
                data: Arc::from(old.data),
            });
            records.push(ExecRecord {
                command: CLUSREG_SET_VALUE,
                key_path: self.path.clone(),
                name: slot.name.clone(),
                options: slot.ty,
                data: Arc::from(&slot.data[..]),
            });
        }
        Ok(())
    }
}

/// The records a batch port on the records' own key receives: each executed record,
/// sharing its name and data.
fn port_records(records: &[ExecRecord]) -> Vec<NotifRecord> {
    records
        .iter()
        .map(|r| NotifRecord {
            command: r.command,
            options: r.options,
            name: r.name.clone(),
            data: r.data.clone(),
        })
        .collect()
}

/// B1: a 1,000-command batch committed through the simulator and read back through one
/// batch port, per command, against a baseline that does the same work by hand: the
/// add-time validation (`Cluster::validate_batch_command`) and copy of each command,
/// the execution's name and data checks, a case-insensitive indexed store of a key's
/// values, the same executed records (`VALUE_DELETED` with the old data, then
/// `SET_VALUE`), the port's records (shared names and data), a channel carrying them,
/// and the reader's owned copy of each record. The ratio is what the simulator's
/// handles, locks, events and bookkeeping add.
pub fn b1_batch_cost() -> Pair {
    let db = Db { bench: B1_COMMANDS, filler: 0 };
    let clusim =
        batch_side("1,000-command batch → 1 port, per command", B1_COMMANDS, 1, B1_COMMANDS as u64, db);
    let names: Vec<String> = (0..B1_COMMANDS).map(value_name).collect();
    let mut key = BaselineKey { path: Arc::from("Bench"), index: HashMap::new(), values: Vec::new() };
    for name in &names {
        key.index.insert(NameKey::of(name), key.values.len());
        key.values.push(StoredValue { name: Arc::from(name.as_str()), ty: REG_DWORD, data: DATA.to_vec() });
    }
    let (tx, rx) = unbounded::<Vec<NotifRecord>>();
    let baseline =
        Side::with_ops("the same validation, store and records by hand", B1_COMMANDS as u64, move |iters| {
            let start = Instant::now();
            for _ in 0..iters {
                let mut records = Vec::new();
                key.commit(&names, &mut records).expect("every command is valid");
                let port: Vec<NotifRecord> = port_records(&records);
                tx.send(port).expect("receiver alive");
                let got: Vec<BatchCommand> =
                    rx.try_recv().expect("sent").iter().map(NotifRecord::to_command).collect();
                assert_eq!(got.len(), 2 * B1_COMMANDS, "every record of the batch");
                black_box(got);
            }
            start.elapsed()
        });
    Pair { clusim, baseline }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn batch_sides_deliver_every_record() {
        // Three ports, ten commands: each iteration checks every port read 20 records.
        let mut side = batch_side("t", 10, 3, 1, Db { bench: 20, filler: 5 });
        assert!((side.run)(2) > Duration::ZERO);
        let pair = sweep_batch(10);
        assert_eq!((pair.clusim.ops_per_iter, pair.baseline.ops_per_iter), (10, 10));
    }

    #[test]
    fn the_b1_baseline_builds_the_records_the_simulator_delivers() {
        let sim = Sim::builder().instant_transitions(true).build();
        let key = sim.open(None).unwrap().root_key().unwrap().create("Bench").unwrap();
        let names: Vec<String> = (0..3).map(value_name).collect();
        for n in &names {
            key.set_value(n, REG_DWORD, &1u32.to_le_bytes()).unwrap();
        }
        let port = key.batch_port().unwrap();
        let mut batch = key.batch().unwrap();
        for n in &names {
            batch.set_value(n, REG_DWORD, &DATA).unwrap();
        }
        batch.commit().unwrap();
        let delivered = port.get(Timeout::POLL).unwrap().read_all().unwrap();

        let mut base = BaselineKey { path: Arc::from("Bench"), index: HashMap::new(), values: Vec::new() };
        for n in &names {
            base.index.insert(NameKey::of(n), base.values.len());
            base.values.push(StoredValue {
                name: Arc::from(n.as_str()),
                ty: REG_DWORD,
                data: 1u32.to_le_bytes().to_vec(),
            });
        }
        let mut records = Vec::new();
        base.commit(&names, &mut records).unwrap();
        let built: Vec<BatchCommand> = port_records(&records).iter().map(NotifRecord::to_command).collect();
        assert_eq!(built, delivered, "BATCH-NOTIFY-CONTENT: VALUE_DELETED with the old data, then SET_VALUE");
    }

    #[test]
    fn the_b1_baseline_refuses_what_the_simulator_refuses() {
        let mut base = BaselineKey { path: Arc::from("Bench"), index: HashMap::new(), values: Vec::new() };
        let mut records = Vec::new();
        assert_eq!(
            base.commit(&["a\0b".to_string()], &mut records),
            Err(Win32Error::ERROR_INVALID_PARAMETER)
        );
        assert!(records.is_empty());
    }

    #[test]
    fn s_db_sides_commit_on_a_filled_database() {
        let mut pair = sweep_db(50);
        assert!((pair.clusim.run)(2) > Duration::ZERO && (pair.baseline.run)(2) > Duration::ZERO);
    }
}
