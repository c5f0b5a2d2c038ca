//! Traces: every observable result of a scenario run, as JSON Lines and as text.
//!
//! The first line is a [`Header`]; each following line is one [`Entry`]: the step's
//! return code and outputs, and the changes the hidden observer port saw right after it.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A flat record of named outputs (sorted keys: stable JSON).
pub type Record = BTreeMap<String, String>;

/// The first line of a trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// Scenario name.
    pub scenario: String,
    /// Backend label (`sim`, `clusapi`, …).
    pub backend: String,
}

/// One step's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// 0-based step number in the scenario.
    pub step: usize,
    /// Line in the scenario file.
    pub line: usize,
    /// `main` or the spawned actor's name.
    pub actor: String,
    /// The operation.
    pub op: String,
    /// The arguments as written.
    pub args: String,
    /// The variable bound, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bind: Option<String>,
    /// The return code's name (`ERROR_SUCCESS`, `WAIT_TIMEOUT`, …; `PENDING` for a spawn).
    pub code: String,
    /// Outputs (notifications, values, records, …), in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub out: Vec<Record>,
    /// Changes the observer port (`CLUSTER_CHANGE_ALL` on the scenario's cluster) saw
    /// after this step.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub observed: Vec<Record>,
    /// `sim`/`real` when the step is marked for one backend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only: Option<String>,
    /// Fact-sheet ids whose decision this step's expectation depends on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub confirm: Vec<String>,
    /// Set when the step failed: its `-> CODE` expectation did not hold (`expected
    /// CODE`), or it was stuck past its deadline. Absent in the trace of a passing step,
    /// so passing traces are unchanged; `clusim check` fails on a trace that has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed: Option<String>,
}

/// A whole trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    /// The header.
    pub header: Header,
    /// The entries, in execution order.
    pub entries: Vec<Entry>,
}

impl Trace {
    /// JSON Lines: the header, then one entry per line.
    pub fn to_jsonl(&self) -> String {
        let mut s = serde_json::to_string(&self.header).expect("serializable");
        s.push('\n');
        for e in &self.entries {
            s.push_str(&serde_json::to_string(e).expect("serializable"));
            s.push('\n');
        }
        s
    }

    /// The entries that record a failed step ([`Entry::failed`]).
    pub fn failed_steps(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.failed.is_some())
    }

    /// Reads JSON Lines; errors name the line.
    pub fn from_jsonl(text: &str) -> Result<Trace, String> {
        let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
        let (_, first) = lines.next().ok_or("empty trace: expected a header line")?;
        let header: Header = serde_json::from_str(first).map_err(|e| format!("line 1: {e}"))?;
        let mut entries = Vec::new();
        for (i, l) in lines {
            entries.push(serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1))?);
        }
        Ok(Trace { header, entries })
    }

    /// Entries that apply to `backend` (drops steps marked for the other kind).
    pub fn for_backend(&self, backend: &str) -> Trace {
        let keep = |e: &Entry| match e.only.as_deref() {
            None => true,
            Some("sim") => backend == "sim",
            Some(_) => backend != "sim",
        };
        Trace {
            header: self.header.clone(),
            entries: self.entries.iter().filter(|e| keep(e)).cloned().collect(),
        }
    }

    /// The readable rendering: one block per step, outputs indented below it.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "scenario {} on {}", self.header.scenario, self.header.backend);
        for e in &self.entries {
            let bind = e.bind.as_ref().map(|b| format!("{b} = ")).unwrap_or_default();
            let actor = if e.actor == "main" { String::new() } else { format!("[{}] ", e.actor) };
            let marks = match (&e.only, e.confirm.is_empty()) {
                (Some(o), true) => format!("  @{o}"),
                (Some(o), false) => format!("  @{o} @confirm {}", e.confirm.join(",")),
                (None, false) => format!("  @confirm {}", e.confirm.join(",")),
                (None, true) => String::new(),
            };
            let args = if e.args.is_empty() { String::new() } else { format!(" {}", e.args) };
            let _ = writeln!(
                s,
                "step {:>3} line {:>3}: {actor}{bind}{}{args} -> {}{marks}",
                e.step, e.line, e.op, e.code
            );
            if let Some(f) = &e.failed {
                let _ = writeln!(s, "        FAILED {f}");
            }
            for o in &e.out {
                let _ = writeln!(s, "        out {}", fmt_record(o));
            }
            for o in &e.observed {
                let _ = writeln!(s, "        saw {}", fmt_record(o));
            }
        }
        s
    }
}

/// `k=v k=v` with values quoted when they hold spaces.
pub fn fmt_record(r: &Record) -> String {
    r.iter()
        .map(|(k, v)| if v.is_empty() || v.contains(' ') { format!("{k}={v:?}") } else { format!("{k}={v}") })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Builds a record from pairs.
pub fn record<const N: usize>(pairs: [(&str, String); N]) -> Record {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}
