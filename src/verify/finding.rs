//! Findings: what a check reports, and how they are printed.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// One finding: a stable check id, the objects involved and a one-line reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// Stable identifier, e.g. `coverage.missing-native`.
    pub check: &'static str,
    pub objects: Vec<String>,
    pub message: String,
}

impl Finding {
    pub fn new(severity: Severity, check: &'static str, objects: Vec<String>, message: impl Into<String>) -> Finding {
        Finding { severity, check, objects, message: message.into() }
    }

    /// kbuild-style text: `thinpost: error: [check] objects: message`.
    pub fn to_text(&self) -> String {
        let objects = if self.objects.is_empty() { String::new() } else { format!("{}: ", self.objects.join(", ")) };
        format!("thinpost: {}: [{}] {objects}{}", self.severity.label(), self.check, self.message)
    }
}

/// Sorts findings into a stable order: severity, check, objects, message.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.severity, a.check, &a.objects, &a.message).cmp(&(b.severity, b.check, &b.objects, &b.message))
    });
}
