//! SARIF 2.1.0 (OASIS): one run, one rule per finding kind, one result per finding,
//! located at the symvers line (or `.cmd` `#SYMVER` line) of the export. Tolerated breaks
//! carry an external, accepted suppression naming the rule that tolerated them.

use serde_json::{json, Value};

use super::report::describe;
use super::{Finding, Kind, Report, Severity, Verdict};

const SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

pub fn render(report: &Report) -> Vec<u8> {
    let rules: Vec<Value> = Kind::ALL
        .iter()
        .map(|k| {
            json!({
                "id": k.id(),
                "shortDescription": { "text": k.description() },
                "defaultConfiguration": { "level": level(k.severity()) },
            })
        })
        .collect();
    let results: Vec<Value> = report.findings.iter().map(result).collect();
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "thinpost gate",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "results": results,
        }],
    });
    let mut out = serde_json::to_vec_pretty(&doc).expect("SARIF serializes");
    out.push(b'\n');
    out
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn result(f: &Finding) -> Value {
    let rule_index = Kind::ALL.iter().position(|k| *k == f.kind).expect("every kind is a rule");
    let origin = &f.export().origin;
    let mut physical = json!({ "artifactLocation": { "uri": uri(&origin.file) } });
    if let Some(line) = origin.line {
        physical["region"] = json!({ "startLine": line });
    }
    let mut r = json!({
        "ruleId": f.kind.id(),
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": { "text": describe(f) },
        "locations": [{
            "physicalLocation": physical,
            "logicalLocations": [{ "name": f.symbol, "fullyQualifiedName": format!("{}:{}", f.module, f.symbol) }],
        }],
        "properties": { "verdict": f.verdict, "module": f.module, "namespace": f.namespace },
    });
    if f.verdict == Verdict::Tolerated {
        let justification = match &f.rule {
            Some(rule) => format!("tolerated by {rule}"),
            None => "not on the stablelist".to_string(),
        };
        r["suppressions"] = json!([{ "kind": "external", "status": "accepted", "justification": justification }]);
    }
    r
}

/// A path as a URI reference: relative paths stay relative (resolved against the
/// directory the gate ran in); absolute ones become `file://` URIs.
pub fn uri(path: &std::path::Path) -> String {
    let s = path.to_string_lossy();
    let mut out = String::new();
    if s.starts_with('/') {
        out.push_str("file://");
    }
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        assert_eq!(uri(std::path::Path::new("a b/Module.symvers")), "a%20b/Module.symvers");
        assert_eq!(uri(std::path::Path::new("/t/x,y")), "file:///t/x%2Cy");
    }
}
