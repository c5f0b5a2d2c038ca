//! The scenario language: one ClusAPI call per line (spec/conformance.md).
//!
//! ```text
//! # title: The documented watcher
//! # rules: PATTERN-WATCHER, PORT-FIFO
//! # confirm: N7
//! # backends: any                          (any | sim | real)
//! # step-timeout: 5s                        (the deadline of each step; default 10 s)
//! c = OpenCluster
//! p = CreateClusterNotifyPort - c RESOURCE_ADDED|RESOURCE_STATE 1
//! g = OpenClusterGroup c "Available Storage"
//! r = CreateClusterResource g "Disk 9" "Physical Disk"
//! GetClusterNotify p timeout=0                       -> ERROR_SUCCESS
//! @sim Advance 500ms
//! @confirm N1 GetClusterNotify p timeout=0 buffer=2  -> ERROR_MORE_DATA
//! spawn w: GetClusterNotify p timeout=INFINITE
//! join w
//! ```
//!
//! Guarantees: parsing never panics; every error names the file, the line and what was
//! expected.

use std::fmt;

/// Which backends a scenario or step applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Applies {
    /// Every backend.
    #[default]
    Any,
    /// Only the simulator (it needs a manual clock or a simulator knob).
    SimOnly,
    /// Only real clusters.
    RealOnly,
}

impl Applies {
    /// Whether a backend with this label runs it (`"sim"` is the simulator; anything
    /// else counts as real ClusAPI).
    pub fn includes(self, backend: &str) -> bool {
        match self {
            Applies::Any => true,
            Applies::SimOnly => backend == "sim",
            Applies::RealOnly => backend != "sim",
        }
    }

    /// The marker text.
    pub fn label(self) -> &'static str {
        match self {
            Applies::Any => "any",
            Applies::SimOnly => "sim",
            Applies::RealOnly => "real",
        }
    }
}

/// One argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// A bare word (variable, flag list, number, `-`).
    Word(String),
    /// A quoted string.
    Str(String),
    /// `key=value`.
    KeyVal(String, String),
}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Word(w) => f.write_str(w),
            Arg::Str(s) => write!(f, "\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")),
            Arg::KeyVal(k, v) => write!(f, "{k}={v}"),
        }
    }
}

/// One step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// 1-based line in the file.
    pub line: usize,
    /// `spawn NAME:` runs the step on a background actor.
    pub spawn: Option<String>,
    /// Which backends run it.
    pub applies: Applies,
    /// Fact-sheet ids this step's expectation depends on.
    pub confirm: Vec<String>,
    /// `var =` binds the returned handle.
    pub bind: Option<String>,
    /// The operation (a ClusAPI function name, or a runner verb).
    pub op: String,
    /// Arguments.
    pub args: Vec<Arg>,
    /// `-> CODE`: the return code the step must give.
    pub expect: Option<String>,
}

impl Step {
    /// The arguments as written.
    pub fn args_text(&self) -> String {
        self.args.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(" ")
    }
}

/// A parsed scenario file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scenario {
    /// The file stem.
    pub name: String,
    /// `# title:`.
    pub title: String,
    /// `# rules:` spec rule ids it covers.
    pub rules: Vec<String>,
    /// `# confirm:` fact-sheet ids the whole scenario depends on.
    pub confirm: Vec<String>,
    /// `# backends:`.
    pub applies: Applies,
    /// `# sim-options:` simulator knobs (`key=value`, comma-separated) applied when the
    /// scenario runs on the simulator: `port_capacity`, `batch_port_capacity`,
    /// `handle_close_requires_filter`, `batch_conditions`, `granularity`.
    pub sim_options: Vec<(String, String)>,
    /// `# step-timeout:` the real-time deadline of each step (`500ms`, `5s`); `None`: the
    /// runner's default ([`crate::runner::DEFAULT_STEP_TIMEOUT`]).
    pub step_timeout: Option<std::time::Duration>,
    /// The steps.
    pub steps: Vec<Step>,
}

/// Operations whose effect the runner cannot undo after the scenario: a real node
/// evicted stays evicted (there is no ClusAPI call that adds it back), a deleted
/// resource type loses its DLL and properties.
pub const IRREVERSIBLE_OPS: [&str; 2] = ["EvictClusterNode", "DeleteClusterResourceType"];

impl Scenario {
    /// The steps whose effect cannot be undone ([`IRREVERSIBLE_OPS`]): a run on a shared
    /// cluster leaves it changed.
    pub fn irreversible_steps(&self) -> Vec<&Step> {
        self.steps.iter().filter(|s| IRREVERSIBLE_OPS.contains(&s.op.as_str())).collect()
    }

    /// The title, or the file name when the scenario has none.
    pub fn display_title(&self) -> &str {
        if self.title.is_empty() {
            &self.name
        } else {
            &self.title
        }
    }
}

/// A parse error: file, line, what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What was wrong and what was expected.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

fn split_list(s: &str) -> Vec<String> {
    s.split(',').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect()
}

fn read_quoted(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<String, String> {
    let unterminated = || "unterminated string: expected a closing \"".to_string();
    let mut s = String::new();
    loop {
        match chars.next().ok_or_else(unterminated)? {
            '"' => return Ok(s),
            '\\' => match chars.next().ok_or_else(unterminated)? {
                // Only \" and \\ are escapes: Windows paths keep their backslashes.
                '"' => s.push('"'),
                '\\' => s.push('\\'),
                o => {
                    s.push('\\');
                    s.push(o);
                }
            },
            o => s.push(o),
        }
    }
}

fn tokenize(text: &str) -> Result<Vec<Arg>, String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' {
            chars.next();
            out.push(Arg::Str(read_quoted(&mut chars)?));
        } else {
            let mut w = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                chars.next();
                if c == '"' {
                    let Some(key) = w.strip_suffix('=') else {
                        return Err("a quote inside a word: put a space before the string".into());
                    };
                    out.push(Arg::KeyVal(key.to_string(), read_quoted(&mut chars)?));
                    w.clear();
                    break;
                }
                w.push(c);
            }
            if w.is_empty() {
                continue;
            }
            match w.split_once('=') {
                Some((k, v)) if !k.is_empty() => out.push(Arg::KeyVal(k.to_string(), v.to_string())),
                _ => out.push(Arg::Word(w)),
            }
        }
    }
    Ok(out)
}

fn is_ident(s: &str) -> bool {
    !s.is_empty()
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Parses a scenario. `file` is used in error messages and for the name.
pub fn parse(file: &str, text: &str) -> Result<Scenario, ParseError> {
    let name = std::path::Path::new(file).file_stem().and_then(|s| s.to_str()).unwrap_or(file).to_string();
    let mut sc = Scenario { name, ..Scenario::default() };
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let err = |message: String| ParseError { file: file.to_string(), line, message };
        let t = raw.trim();
        if t.is_empty() {
            continue;
        }
        if let Some(c) = t.strip_prefix('#') {
            let c = c.trim();
            if let Some((k, v)) = c.split_once(':') {
                match k.trim().to_ascii_lowercase().as_str() {
                    "title" => sc.title = v.trim().to_string(),
                    "rules" => sc.rules = split_list(v),
                    "step-timeout" => {
                        let d = crate::runner::parse_duration(v.trim())
                            .map_err(|m| err(format!("step-timeout {:?}: {m}", v.trim())))?;
                        sc.step_timeout = Some(d);
                    }
                    "confirm" => sc.confirm = split_list(v),
                    "sim-options" => {
                        for item in split_list(v) {
                            let (k, val) = item
                                .split_once('=')
                                .ok_or_else(|| err(format!("sim option {item:?}: expected key=value")))?;
                            sc.sim_options.push((k.trim().to_string(), val.trim().to_string()));
                        }
                    }
                    "backends" => {
                        sc.applies = match v.trim() {
                            "any" => Applies::Any,
                            "sim" => Applies::SimOnly,
                            "real" => Applies::RealOnly,
                            o => {
                                return Err(err(format!("unknown backends {o:?}: expected any, sim or real")))
                            }
                        }
                    }
                    _ => {}
                }
            }
            continue;
        }
        let (body, expect) = match t.rsplit_once("->") {
            Some((b, e)) if !e.trim().contains(' ') && !e.trim().is_empty() => {
                (b.trim(), Some(e.trim().to_string()))
            }
            Some(_) => return Err(err("expected one return code after ->".into())),
            None => (t, None),
        };
        let mut rest = body;
        let mut applies = Applies::Any;
        let mut confirm = Vec::new();
        loop {
            if let Some(r) = rest.strip_prefix("@sim ") {
                applies = Applies::SimOnly;
                rest = r.trim_start();
            } else if let Some(r) = rest.strip_prefix("@real ") {
                applies = Applies::RealOnly;
                rest = r.trim_start();
            } else if let Some(r) = rest.strip_prefix("@confirm ") {
                let (id, r) = r
                    .trim_start()
                    .split_once(' ')
                    .ok_or_else(|| err("expected a step after @confirm ID".into()))?;
                confirm.push(id.to_string());
                rest = r.trim_start();
            } else if rest.starts_with('@') {
                return Err(err("unknown marker: expected @sim, @real or @confirm ID".into()));
            } else {
                break;
            }
        }
        let mut spawn = None;
        if let Some(r) = rest.strip_prefix("spawn ") {
            let (name, r) = r.split_once(':').ok_or_else(|| err("expected `spawn NAME: STEP`".into()))?;
            if !is_ident(name.trim()) {
                return Err(err(format!("bad actor name {:?}: expected an identifier", name.trim())));
            }
            spawn = Some(name.trim().to_string());
            rest = r.trim_start();
        }
        let mut bind = None;
        if let Some((lhs, rhs)) = rest.split_once('=') {
            let lhs = lhs.trim();
            if is_ident(lhs)
                && !lhs.contains(' ')
                && rhs.trim_start().chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            {
                bind = Some(lhs.to_string());
                rest = rhs.trim_start();
            }
        }
        let args = tokenize(rest).map_err(err)?;
        let mut args = args.into_iter();
        let op = match args.next() {
            Some(Arg::Word(w)) if is_ident(&w) => w,
            other => return Err(err(format!("expected an operation name, found {other:?}"))),
        };
        sc.steps.push(Step { line, spawn, applies, confirm, bind, op, args: args.collect(), expect });
    }
    if sc.steps.is_empty() {
        return Err(ParseError {
            file: file.to_string(),
            line: 1,
            message: "no steps: expected at least one operation".into(),
        });
    }
    Ok(sc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_headers_markers_bindings_and_expectations() {
        let sc = parse(
            "x.scenario",
            "# title: T\n# rules: A, B\n# confirm: N1\n# backends: sim\n\nc = OpenCluster\n@sim @confirm N2 g = OpenClusterGroup c \"Cluster Group\" -> ERROR_SUCCESS\nspawn w: GetClusterNotify p timeout=INFINITE\nSetValue k name=\"a b\" sz=\"x\"\n",
        )
        .unwrap();
        assert_eq!((sc.title.as_str(), sc.rules.len(), sc.applies), ("T", 2, Applies::SimOnly));
        assert_eq!(sc.steps.len(), 4);
        let s = &sc.steps[1];
        assert_eq!(
            (s.line, s.applies, s.bind.as_deref(), s.op.as_str()),
            (7, Applies::SimOnly, Some("g"), "OpenClusterGroup")
        );
        assert_eq!(s.confirm, vec!["N2"]);
        assert_eq!(s.args, vec![Arg::Word("c".into()), Arg::Str("Cluster Group".into())]);
        assert_eq!(s.expect.as_deref(), Some("ERROR_SUCCESS"));
        assert_eq!(sc.steps[2].spawn.as_deref(), Some("w"));
        assert_eq!(
            sc.steps[2].args,
            vec![Arg::Word("p".into()), Arg::KeyVal("timeout".into(), "INFINITE".into())]
        );
        assert_eq!(sc.steps[3].args[1], Arg::KeyVal("name".into(), "a b".into()));
        assert_eq!(sc.steps[3].args[2], Arg::KeyVal("sz".into(), "x".into()));
    }

    #[test]
    fn errors_name_file_line_and_expectation() {
        let e = parse("s.scenario", "c = OpenCluster\nGet \"unterminated\n").unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("s.scenario", 2));
        assert!(e.message.contains("expected a closing"), "{e}");
        let sc = parse("p.scenario", "k = ClusterRegCreateKey root \"Software\\nope\\\\x\"\n").unwrap();
        assert_eq!(sc.steps[0].args[1], Arg::Str("Software\\nope\\x".into()), "paths keep backslashes");
        let e = parse("s.scenario", "@bogus X\n").unwrap_err();
        assert!(e.to_string().starts_with("s.scenario:1: unknown marker"), "{e}");
        let e = parse("s.scenario", "# only comments\n").unwrap_err();
        assert!(e.message.contains("no steps"));
        let e = parse("s.scenario", "42\n").unwrap_err();
        assert!(e.message.contains("expected an operation name"));
    }
}
