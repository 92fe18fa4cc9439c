//! Rendering a gate [`Report`]: text (one line per finding, in `kabi.pl`'s words), JSON,
//! JUnit XML ([`super::junit`]), SARIF 2.1.0 ([`super::sarif`]) and GitHub workflow
//! annotations. Renderers return the bytes; the CLI decides where they go.

use std::fmt::Write as _;
use std::str::FromStr;

use serde::Serialize;

use super::{Finding, Report, Severity, Verdict};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Junit,
    Sarif,
    Github,
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "text" => Format::Text,
            "json" => Format::Json,
            "junit" => Format::Junit,
            "sarif" => Format::Sarif,
            "github" => Format::Github,
            _ => return Err(format!("unknown format `{s}` (expected text, json, junit, sarif or github)")),
        })
    }
}

/// Renders `report` in `format`.
pub fn render(report: &Report, format: Format) -> Vec<u8> {
    match format {
        Format::Text => text(report).into_bytes(),
        Format::Json => json(report),
        Format::Junit => super::junit::render(report).into_bytes(),
        Format::Sarif => super::sarif::render(report),
        Format::Github => github(report).into_bytes(),
    }
}

/// `gate_submit(mod:vmlinux ns:FOO)`
fn subject(f: &Finding) -> String {
    let mut s = format!("{}(mod:{}", f.symbol, f.module);
    if !f.namespace.is_empty() {
        let _ = write!(s, " ns:{}", f.namespace);
    }
    s.push(')');
    s
}

/// The finding in one line, without a severity prefix: `symbol gate_submit(mod:vmlinux)
/// changed crc from 0x… to 0x…: s#gate_request: member added: long flags (tolerated: …)`.
pub fn describe(f: &Finding) -> String {
    let mut s = format!("symbol {} {}", subject(f), f.message);
    if let Some(e) = &f.explanation {
        if !e.changes.is_empty() {
            let changes: Vec<String> = e.changes.iter().map(|c| c.summary()).collect();
            let _ = write!(s, ": {}", changes.join("; "));
        }
        if !e.verified {
            s.push_str(" [unverified: the .symtypes do not reproduce the compared CRCs]");
        }
    }
    if let Some(why) = &f.unexplained {
        let _ = write!(s, " (no explanation: {why})");
    }
    match (f.verdict, &f.rule) {
        (Verdict::Tolerated, Some(r)) => {
            let _ = write!(s, " (tolerated: {r})");
        }
        (Verdict::Tolerated, None) => s.push_str(" (tolerated: not on the stablelist)"),
        (Verdict::Fail, Some(r)) => {
            let _ = write!(s, " (failed by {r})");
        }
        _ => {}
    }
    s
}

/// One line per finding, `kabi.pl`-style, then a summary line.
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let prefix = match f.severity {
            Severity::Error => "KABI: ",
            Severity::Warning => "KABI: warning: ",
            Severity::Note => "KABI: note: ",
        };
        let _ = writeln!(out, "{prefix}{}", describe(f));
    }
    let _ = writeln!(out, "{}", summary(report));
    out
}

/// `gate: 3811 symbols checked, 1 failing, 0 tolerated, 0 warnings, 2 notes: FAIL`
pub fn summary(report: &Report) -> String {
    let warnings = report.findings.iter().filter(|f| f.severity == Severity::Warning).count();
    let notes = report.findings.iter().filter(|f| f.severity == Severity::Note).count();
    format!(
        "gate: {} symbols checked, {} failing, {} tolerated, {warnings} warnings, {notes} notes: {}",
        report.checked,
        report.count(Verdict::Fail),
        report.count(Verdict::Tolerated),
        if report.failed() { "FAIL" } else { "PASS" }
    )
}

#[derive(Serialize)]
struct JsonSide<'a> {
    #[serde(flatten)]
    set: &'a super::exports::ExportSet,
    exports: usize,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    verdict: &'static str,
    checked: usize,
    failing: usize,
    tolerated: usize,
    baseline: JsonSide<'a>,
    current: JsonSide<'a>,
    findings: &'a [Finding],
}

pub fn json(report: &Report) -> Vec<u8> {
    let r = JsonReport {
        verdict: if report.failed() { "fail" } else { "pass" },
        checked: report.checked,
        failing: report.count(Verdict::Fail),
        tolerated: report.count(Verdict::Tolerated),
        baseline: JsonSide { set: &report.baseline, exports: report.baseline.exports.len() },
        current: JsonSide { set: &report.current, exports: report.current.exports.len() },
        findings: &report.findings,
    };
    let mut out = serde_json::to_vec_pretty(&r).expect("the report serializes");
    out.push(b'\n');
    out
}

/// GitHub Actions workflow commands: `::error file=F,line=N,title=T::MESSAGE`. Failing
/// breaks are errors, warnings are warnings, tolerated breaks and notes are notices.
pub fn github(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let level = match (f.verdict, f.severity) {
            (Verdict::Fail, _) => "error",
            (_, Severity::Warning) => "warning",
            _ => "notice",
        };
        let origin = &f.export().origin;
        let mut props = format!("file={}", escape_property(&origin.file.to_string_lossy()));
        if let Some(line) = origin.line {
            let _ = write!(props, ",line={line}");
        }
        let _ = write!(props, ",title={}", escape_property(&format!("thinpost gate: {}", f.kind.id())));
        let _ = writeln!(out, "::{level} {props}::{}", escape_data(&describe(f)));
    }
    let _ = writeln!(out, "{}", summary(report));
    out
}

/// Escapes a workflow command's message (`%`, CR, LF).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow command property value (also `:` and `,`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escaping() {
        assert_eq!(escape_data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(escape_property("x:y,z"), "x%3Ay%2Cz");
        assert_eq!("sarif".parse::<Format>(), Ok(Format::Sarif));
        assert!("xml".parse::<Format>().is_err());
    }
}
