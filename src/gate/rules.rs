//! Which findings fail the gate: SUSE `kabi.pl` rules files and plain stablelists.
//!
//! A rules file (`kabi.pl --rules`, SUSE's `kabi/severities`) has one `PATTERN VERDICT`
//! per line; `#` starts a comment; the verdict is `PASS` or `FAIL` (any case). A pattern
//! containing `/`, or exactly `vmlinux`, matches the module the symbol is exported from;
//! a pattern without lower-case letters matches the symbol's namespace (when the
//! symvers files have namespaces); any other pattern matches the symbol name. Patterns
//! are globs (`*`, `?`, `[...]`) over the whole string. The first matching line wins.
//!
//! A stablelist names symbols that must not change, one per line (`#` comments, blank
//! lines and Android-style `[section]` headers are ignored; globs allowed). A breaking
//! change to a listed symbol always fails; with a stablelist, breaking changes to
//! symbols that no stablelist names and no rule matches are tolerated.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, ParseError, Result};

/// What a pattern is matched against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    Module,
    /// The namespace when the baseline has namespaces, else the symbol (kabi.pl).
    Namespace,
    Symbol,
}

/// A glob over a whole string (`*` any run, slashes included; `?` one character;
/// `[...]`, `[!...]` classes), compiled once with `globset`.
#[derive(Clone, Debug)]
pub struct Pattern {
    text: String,
    glob: globset::GlobMatcher,
}

impl Pattern {
    pub fn new(text: &str) -> std::result::Result<Self, globset::Error> {
        let glob = globset::GlobBuilder::new(text).literal_separator(false).build()?.compile_matcher();
        Ok(Pattern { text: text.to_string(), glob })
    }

    pub fn matches(&self, s: &str) -> bool {
        self.glob.is_match(s)
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Pattern {}

impl std::fmt::Display for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Pattern {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

fn pattern_at(text: &str, line: usize) -> std::result::Result<Pattern, ParseError> {
    Pattern::new(text).map_err(|e| ParseError::line(line, format!("bad pattern `{text}`: {}", e.kind())))
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub pattern: Pattern,
    pub target: Target,
    pub fail: bool,
    /// Where the rule was written.
    pub file: PathBuf,
    pub line: usize,
}

/// The stablelist entry or rule that decided a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleRef {
    pub file: PathBuf,
    pub line: usize,
    /// The line as written (`arch/x86/kvm/* PASS`, or the stablelisted symbol).
    pub text: String,
}

impl std::fmt::Display for RuleRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.text)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StableEntry {
    pub pattern: Pattern,
    pub file: PathBuf,
    pub line: usize,
}

/// Rules and stablelists, in the order given.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Policy {
    pub rules: Vec<Rule>,
    pub stablelist: Vec<StableEntry>,
    /// Whether any stablelist was given (even an empty one).
    pub has_stablelist: bool,
}

/// What the policy decided for one breaking finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub fail: bool,
    pub by: Option<RuleRef>,
}

impl Policy {
    /// Reads a `kabi.pl` rules file.
    pub fn add_rules_file(&mut self, path: &Path) -> Result<()> {
        let text = read_text(path)?;
        self.rules.extend(parse_rules(&text, path).map_err(|e| Error::parse(path, e))?);
        Ok(())
    }

    /// Reads a stablelist.
    pub fn add_stablelist_file(&mut self, path: &Path) -> Result<()> {
        let text = read_text(path)?;
        self.stablelist.extend(parse_stablelist(&text, path).map_err(|e| Error::parse(path, e))?);
        self.has_stablelist = true;
        Ok(())
    }

    /// Decides a breaking finding about `symbol`, exported from `module` in namespace
    /// `namespace`. `namespaces` says whether the baseline records namespaces.
    pub fn decide(&self, symbol: &str, module: &str, namespace: &str, namespaces: bool) -> Decision {
        if let Some(s) = self.stablelist.iter().find(|s| s.pattern.matches(symbol)) {
            let by = RuleRef { file: s.file.clone(), line: s.line, text: format!("{} (stablelist)", s.pattern) };
            return Decision { fail: true, by: Some(by) };
        }
        for r in &self.rules {
            let subject = match r.target {
                Target::Module => module,
                Target::Namespace if namespaces => namespace,
                Target::Namespace | Target::Symbol => symbol,
            };
            if r.pattern.matches(subject) {
                let verdict = if r.fail { "FAIL" } else { "PASS" };
                let by = RuleRef { file: r.file.clone(), line: r.line, text: format!("{} {verdict}", r.pattern) };
                return Decision { fail: r.fail, by: Some(by) };
            }
        }
        if self.has_stablelist {
            Decision { fail: false, by: None }
        } else {
            Decision { fail: true, by: None }
        }
    }
}

fn read_text(path: &Path) -> Result<String> {
    let data = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    String::from_utf8(data).map_err(|_| Error::parse(path, ParseError::whole("not UTF-8 text")))
}

fn strip_comment(line: &str) -> &str {
    line.split('#').next().unwrap_or("").trim()
}

/// Parses a rules file's text.
pub fn parse_rules(text: &str, file: &Path) -> std::result::Result<Vec<Rule>, ParseError> {
    let mut rules = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = strip_comment(raw);
        if line.is_empty() {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let [pattern, verdict] = words[..] else {
            return Err(ParseError::line(i + 1, format!("expected `PATTERN PASS|FAIL`, got `{line}`")));
        };
        let fail = match verdict.to_ascii_uppercase().as_str() {
            "PASS" => false,
            "FAIL" => true,
            _ => {
                return Err(ParseError::line(
                    i + 1,
                    format!("invalid verdict \"{verdict}\", must be either PASS or FAIL"),
                ))
            }
        };
        let target = if pattern.contains('/') || pattern == "vmlinux" {
            Target::Module
        } else if !pattern.chars().any(|c| c.is_ascii_lowercase()) {
            Target::Namespace
        } else {
            Target::Symbol
        };
        rules.push(Rule { pattern: pattern_at(pattern, i + 1)?, target, fail, file: file.to_path_buf(), line: i + 1 });
    }
    Ok(rules)
}

/// Parses a stablelist's text.
pub fn parse_stablelist(text: &str, file: &Path) -> std::result::Result<Vec<StableEntry>, ParseError> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = strip_comment(raw);
        if line.is_empty() || (line.starts_with('[') && line.ends_with(']')) {
            continue;
        }
        if line.split_whitespace().count() != 1 {
            return Err(ParseError::line(i + 1, format!("expected one symbol per line, got `{line}`")));
        }
        out.push(StableEntry { pattern: pattern_at(line, i + 1)?, file: file.to_path_buf(), line: i + 1 });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        let m = |p: &str, s: &str| Pattern::new(p).unwrap().matches(s);
        assert!(m("arch/x86/kvm/*", "arch/x86/kvm/kvm-intel"));
        assert!(m("arch/*", "arch/x86/kvm/kvm-intel"), "`*` crosses slashes, as in kabi.pl");
        assert!(m("kvm_*_ops", "kvm_x86_ops"));
        assert!(!m("kvm_*_ops", "kvm_x86_opsx"));
        assert!(m("a?c", "abc") && !m("a?c", "ac"));
        assert!(m("[a-c]x", "bx") && !m("[!a-c]x", "bx"));
        assert!(m("*", "") && m("", "") && !m("", "a"));
        assert!(m("a.b", "a.b") && !m("a.b", "axb"));
        let e = parse_rules("foo[ PASS\n", Path::new("r")).unwrap_err();
        assert!(e.to_string().starts_with("line 1: bad pattern `foo[`"), "{e}");
    }

    #[test]
    fn kabi_rules() {
        let f = Path::new("severities");
        let rules = parse_rules(
            "# comment\nkvm_x86_ops FAIL\narch/x86/kvm/*\tPASS\nvmlinux pass # all built-in\nDMA_BUF PASS\n",
            f,
        )
        .unwrap();
        let targets: Vec<_> = rules.iter().map(|r| (r.target, r.fail)).collect();
        assert_eq!(
            targets,
            [(Target::Symbol, true), (Target::Module, false), (Target::Module, false), (Target::Namespace, false)]
        );
        let p = Policy { rules, ..Policy::default() };
        assert!(p.decide("kvm_x86_ops", "arch/x86/kvm/kvm", "", true).fail);
        let d = p.decide("kvm_mmu_x", "arch/x86/kvm/kvm", "", true);
        assert!(!d.fail);
        assert_eq!(d.by.unwrap().to_string(), "severities:3: arch/x86/kvm/* PASS");
        assert!(!p.decide("dma_buf_get", "drivers/dma-buf/x", "DMA_BUF", true).fail);
        assert!(p.decide("dma_buf_get", "drivers/dma-buf/x", "", true).fail);
        let e = parse_rules("foo MAYBE\n", f).unwrap_err();
        assert_eq!(e.to_string(), "line 1: invalid verdict \"MAYBE\", must be either PASS or FAIL");
    }

    #[test]
    fn stablelist_wins_and_tolerates_the_rest() {
        let f = Path::new("list");
        let stablelist = parse_stablelist("[abi_symbol_list]\n  gate_submit\n# x\n\n", f).unwrap();
        let rules = parse_rules("gate_* PASS\n", f).unwrap();
        let p = Policy { rules, stablelist, has_stablelist: true };
        assert!(p.decide("gate_submit", "vmlinux", "", true).fail);
        assert!(!p.decide("gate_reset", "vmlinux", "", true).fail);
        assert_eq!(p.decide("other", "vmlinux", "", true), Decision { fail: false, by: None });
    }
}
