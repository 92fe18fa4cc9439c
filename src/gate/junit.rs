//! JUnit XML: one `<testsuite>` per module of the baseline, one `<testcase>` per checked
//! symbol (its classname is the module). A symbol with a failing break has a
//! `<failure>`; tolerated breaks, warnings and notes go to the testcase's `<system-out>`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::report::{describe, summary};
use super::{Finding, Report, Verdict};

struct Case<'a> {
    symbol: &'a str,
    findings: Vec<&'a Finding>,
}

impl Case<'_> {
    fn fails(&self) -> bool {
        self.findings.iter().any(|f| f.verdict == Verdict::Fail)
    }
}

pub fn render(report: &Report) -> String {
    let mut suites: BTreeMap<&str, Vec<Case<'_>>> = BTreeMap::new();
    for (export, findings) in report.by_symbol() {
        suites.entry(export.module.as_str()).or_default().push(Case { symbol: &export.symbol, findings });
    }
    let tests: usize = suites.values().map(Vec::len).sum();
    let failures: usize = suites.values().flatten().filter(|c| c.fails()).count();

    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"thinpost gate\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">"
    );
    for (module, cases) in &suites {
        let f = cases.iter().filter(|c| c.fails()).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{f}\" errors=\"0\" skipped=\"0\">",
            escape(module),
            cases.len()
        );
        for case in cases {
            let name = escape(case.symbol);
            let class = escape(module);
            if case.findings.is_empty() {
                let _ = writeln!(out, "    <testcase name=\"{name}\" classname=\"{class}\"/>");
                continue;
            }
            let _ = writeln!(out, "    <testcase name=\"{name}\" classname=\"{class}\">");
            let failing: Vec<&&Finding> = case.findings.iter().filter(|f| f.verdict == Verdict::Fail).collect();
            if let Some(first) = failing.first() {
                let body: Vec<String> = failing.iter().map(|f| format!("KABI: {}", describe(f))).collect();
                let _ = writeln!(
                    out,
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                    escape(&describe(first)),
                    first.kind.id(),
                    escape(&body.join("\n"))
                );
            }
            let other: Vec<String> = case
                .findings
                .iter()
                .filter(|f| f.verdict != Verdict::Fail)
                .map(|f| format!("KABI: {}", describe(f)))
                .collect();
            if !other.is_empty() {
                let _ = writeln!(out, "      <system-out>{}</system-out>", escape(&other.join("\n")));
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    let _ = writeln!(out, "  <!-- {} -->", summary(report).replace("--", "- -"));
    out.push_str("</testsuites>\n");
    out
}

/// Escapes text for an XML attribute or element; drops characters XML 1.0 forbids.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}
