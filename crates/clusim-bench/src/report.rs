//! The two forms of a report: a table for people, JSON lines for tools.
//!
//! The table streams (a row is printed as soon as its case is measured); its column
//! widths come from the case list, known before the run.

use crate::{Case, CaseResult, Outcome};
use std::fmt::Write as _;

/// Formats a count of nanoseconds: one decimal below 100, thousands separators above.
pub fn ns(v: f64) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    if v < 100.0 {
        return format!("{v:.1}");
    }
    thousands(v.round() as u64)
}

/// `12345` as `12,345`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The human-readable table.
pub struct Table {
    id_w: usize,
    title_w: usize,
}

const NUM_W: usize = 14;

impl Table {
    /// A table sized for `cases`.
    pub fn new(cases: &[Case]) -> Table {
        let id_w = cases.iter().map(|c| c.id.chars().count()).max().unwrap_or(4).max(4);
        let title_w = cases.iter().map(|c| c.title.chars().count()).max().unwrap_or(4).max(4);
        Table { id_w, title_w }
    }

    /// The header and its rule.
    pub fn header(&self) -> String {
        let line = format!(
            "{:<iw$}  {:<tw$}  {:>nw$}  {:>nw$}  {:>8}  {:<16}  {:>6}  within goal?",
            "case",
            "what",
            "clusim ns/op",
            "baseline ns/op",
            "ratio",
            "goal",
            "margin",
            iw = self.id_w,
            tw = self.title_w,
            nw = NUM_W
        );
        let rule = "-".repeat(line.chars().count());
        format!("{line}\n{rule}")
    }

    /// One row. The margin is the share of the goal's allowance used (at most 1
    /// passes); a memory row shows bytes per queued event in the clusim column.
    pub fn row(&self, r: &CaseResult) -> String {
        let verdict = match r.pass() {
            Some(true) => "yes",
            Some(false) => "NO",
            None => "—",
        };
        let (clusim, baseline, ratio, verdict) = match &r.outcome {
            Outcome::NotYet(why) => {
                ("n/a".to_string(), "n/a".to_string(), "—".to_string(), format!("n/a ({why})"))
            }
            Outcome::Memory(m) => (
                format!("{:.1} B/event", m.bytes_per_event),
                "—".to_string(),
                "—".to_string(),
                format!(
                    "{verdict} ({} B slot, {} names copied)",
                    m.slot_bytes,
                    thousands(m.copied_names as u64)
                ),
            ),
            Outcome::Measured { clusim_ns, baseline_ns, total, .. } => {
                let verdict = match total {
                    Some(t) => format!("{verdict} ({:.0} ms in all)", t.as_secs_f64() * 1e3),
                    None => verdict.to_string(),
                };
                (
                    ns(*clusim_ns),
                    baseline_ns.map_or("—".to_string(), ns),
                    r.ratio().map_or("—".to_string(), |x| format!("{x:.2}×")),
                    verdict,
                )
            }
        };
        format!(
            "{:<iw$}  {:<tw$}  {:>nw$}  {:>nw$}  {:>8}  {:<16}  {:>6}  {}",
            r.id,
            r.title,
            clusim,
            baseline,
            ratio,
            r.goal.to_string(),
            r.margin().map_or("—".to_string(), |m| format!("{m:.2}")),
            verdict,
            iw = self.id_w,
            tw = self.title_w,
            nw = NUM_W
        )
    }

    /// What each side of each case is, and the memory figure: printed after the rows.
    pub fn legend(&self, cases: &[Case], results: &[CaseResult]) -> String {
        let mut out = String::from("\nsides (clusim | baseline):\n");
        let mut last_sweep = None;
        for c in cases {
            // A sweep's points share their sides: one line, under the sweep's name.
            let id = match c.sweep {
                Some((name, _)) if last_sweep == Some(name) => continue,
                Some((name, _)) => format!("{name}-*"),
                None => c.id.clone(),
            };
            last_sweep = c.sweep.map(|(name, _)| name);
            let _ = writeln!(out, "  {:<iw$}  {} | {}", id, c.clusim, c.baseline, iw = self.id_w);
        }
        let _ = results;
        out.push_str(
            "\nratio: the median over rounds of clusim's ns/op over the baseline's in the same round \
             (the sides of a round run back to back), so it need not be the quotient of the two medians\n",
        );
        out.push_str(
            "margin: the share of the goal's allowance used (ratio ÷ max, min ÷ throughput ratio, \
             total ÷ limit, bytes ÷ max); within goal at most 1.00\n",
        );
        out
    }
}

/// Escapes `s` as a JSON string, quotes included.
pub fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn json_num(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => format!("{x:.3}"),
        _ => "null".into(),
    }
}

/// One JSON object (one line) for a result: `case`, `title`, `clusim_ns`,
/// `baseline_ns`, `ratio`, `goal`, `margin`, `pass`; then, when they apply, `total_ms`
/// (wall-time cases), `note` (cases not available yet), and the memory figure
/// (`bytes_per_event`, `slot_bytes`, `reserved_bytes`, `copied_names`, `copied_bytes`,
/// `events`, `names_shared`).
pub fn json_line(r: &CaseResult) -> String {
    let mut out = format!(
        "{{\"case\":{},\"title\":{},\"clusim_ns\":{},\"baseline_ns\":{},\"ratio\":{},\"goal\":{},\"margin\":{},\"pass\":{}",
        json_str(&r.id),
        json_str(&r.title),
        json_num(r.clusim_ns()),
        json_num(r.baseline_ns()),
        json_num(r.ratio()),
        json_str(&r.goal.to_string()),
        json_num(r.margin()),
        r.pass().map_or("null".to_string(), |p| p.to_string()),
    );
    match &r.outcome {
        Outcome::Measured { total: Some(t), .. } => {
            let _ = write!(out, ",\"total_ms\":{}", json_num(Some(t.as_secs_f64() * 1e3)));
        }
        Outcome::Measured { .. } => {}
        Outcome::Memory(m) => {
            let _ = write!(
                out,
                ",\"bytes_per_event\":{},\"slot_bytes\":{},\"reserved_bytes\":{},\"copied_names\":{},\
                 \"copied_bytes\":{},\"events\":{},\"names_shared\":{}",
                json_num(Some(m.bytes_per_event)),
                m.slot_bytes,
                m.reserved_bytes,
                m.copied_names,
                m.copied_bytes,
                m.events,
                m.names_shared()
            );
        }
        Outcome::NotYet(why) => {
            let _ = write!(out, ",\"note\":{}", json_str(why));
        }
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::{DeliveryKind, MemoryFigure};
    use crate::Goal;
    use std::time::Duration;

    fn measured(id: &str, c: f64, b: f64, goal: Goal) -> CaseResult {
        CaseResult {
            id: id.into(),
            title: "a \"quoted\" title".into(),
            goal,
            outcome: Outcome::Measured { clusim_ns: c, baseline_ns: Some(b), ratio: None, total: None },
        }
    }

    #[test]
    fn nanoseconds_read_easily() {
        assert_eq!(ns(52.345), "52.3");
        assert_eq!(ns(1234.4), "1,234");
        assert_eq!(ns(1_234_567.0), "1,234,567");
        assert_eq!(ns(f64::INFINITY), "—");
        assert_eq!((thousands(1), thousands(10_000)), ("1".to_string(), "10,000".to_string()));
    }

    #[test]
    fn json_line_has_the_issue_fields() {
        let r = measured("P1", 60.0, 40.0, Goal::Ratio { max: 1.5, of: None });
        assert_eq!(
            json_line(&r),
            "{\"case\":\"P1\",\"title\":\"a \\\"quoted\\\" title\",\"clusim_ns\":60.000,\"baseline_ns\":40.000,\
             \"ratio\":1.500,\"goal\":\"≤ 1.5×\",\"margin\":1.000,\"pass\":true}"
        );
    }

    #[test]
    fn memory_lines_carry_the_byte_figures() {
        let r = CaseResult {
            id: "M-key".into(),
            title: "t".into(),
            goal: Goal::BytesAtMost(48.0),
            outcome: Outcome::Memory(MemoryFigure {
                kind: DeliveryKind::PerKey,
                events: 10,
                slot_bytes: 32,
                reserved_bytes: 320,
                copied_names: 10,
                copied_bytes: 2_240,
                bytes_per_event: 256.0,
            }),
        };
        assert_eq!(
            json_line(&r),
            "{\"case\":\"M-key\",\"title\":\"t\",\"clusim_ns\":null,\"baseline_ns\":null,\"ratio\":null,\
             \"goal\":\"≤ 48 B/event\",\"margin\":5.333,\"pass\":false,\"bytes_per_event\":256.000,\"slot_bytes\":32,\
             \"reserved_bytes\":320,\"copied_names\":10,\"copied_bytes\":2240,\"events\":10,\"names_shared\":false}"
        );
        let row = Table { id_w: 5, title_w: 4 }.row(&r);
        assert!(
            row.contains("256.0 B/event")
                && row.contains("5.33")
                && row.ends_with("NO (32 B slot, 10 names copied)"),
            "{row}"
        );
    }

    #[test]
    fn cases_not_landed_yet_are_null_with_a_note() {
        let r = CaseResult {
            id: "P5".into(),
            title: "t".into(),
            goal: Goal::Ratio { max: 1.5, of: None },
            outcome: Outcome::NotYet("libclusapi not built yet"),
        };
        let line = json_line(&r);
        for field in ["\"clusim_ns\":null", "\"baseline_ns\":null", "\"ratio\":null", "\"pass\":null"] {
            assert!(line.contains(field), "{field} in {line}");
        }
        assert!(line.ends_with(",\"note\":\"libclusapi not built yet\"}"), "{line}");
        let table = Table { id_w: 4, title_w: 4 };
        assert!(table.row(&r).ends_with("n/a (libclusapi not built yet)"), "{}", table.row(&r));
    }

    #[test]
    fn wall_time_rows_show_the_total_and_no_baseline() {
        let r = CaseResult {
            id: "P6".into(),
            title: "t".into(),
            goal: Goal::WallUnder(Duration::from_secs(1)),
            outcome: Outcome::Measured {
                clusim_ns: 20_000.0,
                baseline_ns: None,
                ratio: None,
                total: Some(Duration::from_millis(200)),
            },
        };
        let line = json_line(&r);
        assert!(line.contains(
            "\"baseline_ns\":null,\"ratio\":null,\"goal\":\"< 1 s in all\",\"margin\":0.200,\"pass\":true"
        ));
        assert!(line.ends_with(",\"total_ms\":200.000}"), "{line}");
        let row = Table { id_w: 4, title_w: 4 }.row(&r);
        assert!(row.contains("20,000") && row.ends_with("yes (200 ms in all)"), "{row}");
    }

    #[test]
    fn a_missed_goal_is_reported_not_hidden() {
        let r = measured("P1", 90.0, 40.0, Goal::Ratio { max: 1.5, of: None });
        assert!(json_line(&r).contains("\"pass\":false"));
        let row = Table { id_w: 4, title_w: 20 }.row(&r);
        assert!(row.contains("2.25×") && row.contains("1.50") && row.ends_with("NO"), "{row}");
    }
}
