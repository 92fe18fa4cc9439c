//! The symbol-CRC gate: compares the exports of a build against a baseline and decides
//! whether the ABI broke, in the tradition of SUSE's `kabi.pl` and Red Hat's `check-kabi`.
//!
//! [`run`] reads both sides ([`exports`]), compares them into [`Finding`]s, applies the
//! rules and stablelists ([`rules`]), and, when both sides have genksyms `.symtypes`
//! files, explains each CRC change by the type whose definition changed ([`explain`]),
//! after checking that each `.symtypes` reproduces its `#SYMVER` CRC ([`symtypes`]).
//! [`report`] renders the result; only the CLI prints it.

pub mod explain;
pub mod exports;
pub mod junit;
pub mod report;
pub mod rules;
pub mod sarif;

use std::path::PathBuf;

use serde::Serialize;

use explain::{Explanation, SymtypesIndex};
use exports::{Export, ExportSet};
use rules::{Policy, RuleRef};

/// What a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The baseline exports the symbol; the current build does not.
    Lost,
    CrcChanged,
    /// The export gained a restriction (`EXPORT_SYMBOL` → `EXPORT_SYMBOL_GPL`).
    Restricted,
    NamespaceAdded,
    NamespaceChanged,
    /// Exported from another module (modules that depend on it load a new one).
    Moved,
    /// A `.symtypes` file does not reproduce the CRC it should explain.
    StaleSymtypes,
    /// The namespace was dropped: old users still load (a relaxation).
    NamespaceRemoved,
    /// The restriction was relaxed (`EXPORT_SYMBOL_GPL` → `EXPORT_SYMBOL`).
    Relaxed,
    /// New in the current build.
    Added,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::Lost,
        Kind::CrcChanged,
        Kind::Restricted,
        Kind::NamespaceAdded,
        Kind::NamespaceChanged,
        Kind::Moved,
        Kind::StaleSymtypes,
        Kind::NamespaceRemoved,
        Kind::Relaxed,
        Kind::Added,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Kind::Lost => "lost",
            Kind::CrcChanged => "crc-changed",
            Kind::Restricted => "restricted",
            Kind::NamespaceAdded => "namespace-added",
            Kind::NamespaceChanged => "namespace-changed",
            Kind::Moved => "moved",
            Kind::StaleSymtypes => "stale-symtypes",
            Kind::NamespaceRemoved => "namespace-removed",
            Kind::Relaxed => "relaxed",
            Kind::Added => "added",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Kind::Lost => "An export of the baseline is missing from the current build.",
            Kind::CrcChanged => "The symbol version (genksyms CRC) of an export changed.",
            Kind::Restricted => "An export gained a licence restriction (e.g. EXPORT_SYMBOL to EXPORT_SYMBOL_GPL).",
            Kind::NamespaceAdded => "An export was moved into a symbol namespace.",
            Kind::NamespaceChanged => "An export was moved to another symbol namespace.",
            Kind::Moved => "An export is now provided by another module.",
            Kind::StaleSymtypes => "A .symtypes file does not reproduce the #SYMVER CRC of its .cmd file.",
            Kind::NamespaceRemoved => "An export left its symbol namespace.",
            Kind::Relaxed => "An export lost a licence restriction.",
            Kind::Added => "An export is new in the current build.",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Kind::Lost | Kind::CrcChanged | Kind::Restricted | Kind::NamespaceAdded | Kind::NamespaceChanged => {
                Severity::Error
            }
            Kind::Moved | Kind::StaleSymtypes => Severity::Warning,
            Kind::NamespaceRemoved | Kind::Relaxed | Kind::Added => Severity::Note,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// An ABI break: fails the gate unless a rule tolerates it.
    Error,
    Warning,
    Note,
}

/// What the gate made of a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// A break that fails the gate.
    Fail,
    /// A break that a rule or stablelist tolerates.
    Tolerated,
    /// Not a break (warnings and notes).
    Info,
}

/// One finding about one symbol.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: Kind,
    pub severity: Severity,
    pub verdict: Verdict,
    pub symbol: String,
    /// The module the symbol is exported from (the baseline's, except for `added`).
    pub module: String,
    pub namespace: String,
    /// What happened, in `kabi.pl`'s words: `changed crc from 0x… to 0x…`.
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Export>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<Export>,
    /// The rule or stablelist entry that decided the verdict.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<RuleRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
    /// Why there is no explanation for a CRC change when one was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unexplained: Option<String>,
}

impl Finding {
    /// The export the finding points at: the baseline's line, else the current one.
    pub fn export(&self) -> &Export {
        self.baseline.as_ref().or(self.current.as_ref()).expect("a finding has at least one side")
    }
}

/// Where `.symtypes` files are, to explain CRC changes.
#[derive(Clone, Debug, Default)]
pub struct ExplainOptions {
    /// A tree holding the baseline build's `.symtypes` and `.cmd` files.
    pub baseline: Option<PathBuf>,
    /// The same for the current build (default: the objtree, when one is given).
    pub current: Option<PathBuf>,
}

/// The current build: a symvers file or an object tree.
#[derive(Clone, Debug)]
pub enum Current {
    Symvers(PathBuf),
    Objtree(PathBuf),
}

#[derive(Clone, Debug)]
pub struct GateOptions {
    pub baseline: PathBuf,
    pub current: Current,
    pub rules: Vec<PathBuf>,
    pub stablelists: Vec<PathBuf>,
    pub explain: ExplainOptions,
    pub jobs: Option<usize>,
}

/// The gate's result.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub baseline: ExportSet,
    pub current: ExportSet,
    /// Symbols of the baseline, each checked.
    pub checked: usize,
    pub findings: Vec<Finding>,
}

impl Report {
    /// True when some finding fails the gate.
    pub fn failed(&self) -> bool {
        self.findings.iter().any(|f| f.verdict == Verdict::Fail)
    }

    pub fn count(&self, verdict: Verdict) -> usize {
        self.findings.iter().filter(|f| f.verdict == verdict).count()
    }

    /// The baseline's symbols in order, each with its findings.
    pub fn by_symbol(&self) -> Vec<(&Export, Vec<&Finding>)> {
        let mut out: Vec<(&Export, Vec<&Finding>)> = self.baseline.exports.values().map(|e| (e, Vec::new())).collect();
        let pos: std::collections::HashMap<&str, usize> =
            out.iter().enumerate().map(|(i, (e, _))| (e.symbol.as_str(), i)).collect();
        for f in &self.findings {
            if let Some(&i) = pos.get(f.symbol.as_str()) {
                out[i].1.push(f);
            }
        }
        out
    }
}

/// Serializes a CRC as kbuild prints it: `"0x887afd21"`.
pub(crate) fn serialize_crc<S: serde::Serializer>(crc: &u32, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&format_args!("0x{crc:08x}"))
}

/// The same for an optional CRC.
pub(crate) fn serialize_opt_crc<S: serde::Serializer>(crc: &Option<u32>, s: S) -> Result<S::Ok, S::Error> {
    match crc {
        Some(c) => serialize_crc(c, s),
        None => s.serialize_none(),
    }
}

/// An error before any comparison: unreadable or malformed input.
#[derive(Debug, thiserror::Error)]
pub enum GateError {
    #[error(transparent)]
    Input(#[from] crate::Error),
    #[error("{0}")]
    Scan(#[from] crate::inventory::ScanErrors),
}

/// Runs the gate.
pub fn run(opts: &GateOptions) -> Result<Report, GateError> {
    let mut policy = Policy::default();
    for r in &opts.rules {
        policy.add_rules_file(r)?;
    }
    for s in &opts.stablelists {
        policy.add_stablelist_file(s)?;
    }
    let baseline = ExportSet::from_symvers(&opts.baseline)?;
    let (current, objtree_index) = match &opts.current {
        Current::Symvers(p) => (ExportSet::from_symvers(p)?, None),
        Current::Objtree(dir) => {
            let inv = crate::inventory::scan(dir, &crate::inventory::ScanOptions { jobs: opts.jobs })?;
            let (set, index) = ExportSet::from_inventory(&inv);
            (set, Some(index))
        }
    };
    let mut findings = compare(&baseline, &current, &policy);

    if let Some(old_dir) = &opts.explain.baseline {
        let crc_changes = findings.iter().any(|f| f.kind == Kind::CrcChanged);
        if crc_changes {
            let old_index = SymtypesIndex::walk(old_dir)?;
            let new_index = match (&opts.explain.current, objtree_index) {
                (Some(dir), _) => Some(SymtypesIndex::walk(dir)?),
                (None, Some(index)) => Some(index),
                (None, None) => None,
            };
            if let Some(new_index) = new_index {
                explain_findings(&mut findings, &old_index, &new_index)?;
            }
        }
    }
    findings.sort_by(|a, b| (&a.symbol, a.kind).cmp(&(&b.symbol, b.kind)));
    Ok(Report { checked: baseline.exports.len(), baseline, current, findings })
}

/// Compares two export sets. Breaking findings get their verdict from `policy`.
pub fn compare(baseline: &ExportSet, current: &ExportSet, policy: &Policy) -> Vec<Finding> {
    let namespaces = baseline.namespaces && current.namespaces;
    let mut out = Vec::new();
    let mut push = |kind: Kind, old: Option<&Export>, new: Option<&Export>, message: String| {
        let e = old.or(new).expect("one side");
        let (verdict, rule) = if kind.severity() == Severity::Error {
            let d = policy.decide(&e.symbol, &e.module, &e.namespace, baseline.namespaces);
            (if d.fail { Verdict::Fail } else { Verdict::Tolerated }, d.by)
        } else {
            (Verdict::Info, None)
        };
        out.push(Finding {
            kind,
            severity: kind.severity(),
            verdict,
            symbol: e.symbol.clone(),
            module: e.module.clone(),
            namespace: e.namespace.clone(),
            message,
            baseline: old.cloned(),
            current: new.cloned(),
            rule,
            explanation: None,
            unexplained: None,
        });
    };
    for (sym, old) in &baseline.exports {
        let Some(new) = current.exports.get(sym) else {
            push(Kind::Lost, Some(old), None, "lost".into());
            continue;
        };
        let (o, n) = (Some(old), Some(new));
        if old.crc != new.crc {
            push(Kind::CrcChanged, o, n, format!("changed crc from 0x{:08x} to 0x{:08x}", old.crc, new.crc));
        }
        if old.export.restricted_by(new.export) {
            push(Kind::Restricted, o, n, format!("changed type from {} to {}", old.export, new.export));
        } else if old.export != new.export {
            push(Kind::Relaxed, o, n, format!("changed type from {} to {}", old.export, new.export));
        }
        if namespaces && old.namespace != new.namespace {
            let (kind, msg) = namespace_change(&old.namespace, &new.namespace);
            push(kind, o, n, msg);
        }
        if old.module != new.module {
            push(Kind::Moved, o, n, format!("moved from module {} to {}", old.module, new.module));
        }
    }
    for (sym, new) in &current.exports {
        if !baseline.exports.contains_key(sym) {
            push(Kind::Added, None, Some(new), "added".into());
        }
    }
    out
}

/// The prefix of the namespace `EXPORT_SYMBOL_FOR_MODULES(sym, "mod1,mod2")` (6.16+)
/// gives an export: only modules whose names match one of the comma-separated globs may
/// use it, without importing anything.
pub const MODULE_NAMESPACE_PREFIX: &str = "module:";

/// What a change of namespace is, and `kabi.pl`-style words for it. A `module:` namespace
/// names the modules allowed to use the export, so any change of that list is a
/// namespace change.
fn namespace_change(old: &str, new: &str) -> (Kind, String) {
    let modules = |ns: &str| ns.strip_prefix(MODULE_NAMESPACE_PREFIX).map(str::to_string);
    match (old.is_empty(), new.is_empty(), modules(old), modules(new)) {
        (true, _, _, Some(m)) => {
            (Kind::NamespaceAdded, format!("added namespace {new} (EXPORT_SYMBOL_FOR_MODULES: only modules {m} may use it)"))
        }
        (true, ..) => (Kind::NamespaceAdded, format!("added namespace {new}")),
        (_, true, _, _) => (Kind::NamespaceRemoved, format!("removed namespace {old}")),
        (_, _, Some(a), Some(b)) => (
            Kind::NamespaceChanged,
            format!("changed namespace from {old} to {new} (EXPORT_SYMBOL_FOR_MODULES: the modules allowed to use it changed from {a} to {b})"),
        ),
        _ => (Kind::NamespaceChanged, format!("changed namespace from {old} to {new}")),
    }
}

/// Explains every CRC change whose symbol has `.symtypes` on both sides, and reports the
/// sides whose `.symtypes` do not reproduce the compared CRC.
fn explain_findings(findings: &mut Vec<Finding>, old: &SymtypesIndex, new: &SymtypesIndex) -> crate::Result<()> {
    let mut stale = Vec::new();
    for f in findings.iter_mut().filter(|f| f.kind == Kind::CrcChanged) {
        let (Some(o), Some(n)) = (&f.baseline, &f.current) else { continue };
        let old_side = old.side(&f.symbol, o.crc)?;
        let new_side = new.side(&f.symbol, n.crc)?;
        let (old_side, new_side) = match (old_side, new_side) {
            (Some(a), Some(b)) => (a, b),
            (a, _) => {
                let which = if a.is_none() { "baseline" } else { "current build" };
                f.unexplained = Some(format!("no .symtypes declares {} in the {which}", f.symbol));
                continue;
            }
        };
        let explanation = explain::explain(&f.symbol, &old_side, &new_side);
        for (is_baseline, side, export) in [(true, &explanation.baseline, o), (false, &explanation.current, n)] {
            if let Some(problem) = side.problem() {
                stale.push(Finding {
                    kind: Kind::StaleSymtypes,
                    severity: Kind::StaleSymtypes.severity(),
                    verdict: Verdict::Info,
                    symbol: f.symbol.clone(),
                    module: export.module.clone(),
                    namespace: export.namespace.clone(),
                    message: problem,
                    baseline: is_baseline.then(|| o.clone()),
                    current: (!is_baseline).then(|| n.clone()),
                    rule: None,
                    explanation: None,
                    unexplained: None,
                });
            }
        }
        f.explanation = Some(explanation);
    }
    findings.extend(stale);
    Ok(())
}
