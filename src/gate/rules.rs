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

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub pattern: String,
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
    pub pattern: String,
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
        if let Some(s) = self.stablelist.iter().find(|s| glob_match(&s.pattern, symbol)) {
            let by = RuleRef { file: s.file.clone(), line: s.line, text: format!("{} (stablelist)", s.pattern) };
            return Decision { fail: true, by: Some(by) };
        }
        for r in &self.rules {
            let subject = match r.target {
                Target::Module => module,
                Target::Namespace if namespaces => namespace,
                Target::Namespace | Target::Symbol => symbol,
            };
            if glob_match(&r.pattern, subject) {
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
        rules.push(Rule { pattern: pattern.to_string(), target, fail, file: file.to_path_buf(), line: i + 1 });
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
        out.push(StableEntry { pattern: line.to_string(), file: file.to_path_buf(), line: i + 1 });
    }
    Ok(out)
}

/// Matches a whole string against a glob: `*` any run, `?` any one character, `[...]`
/// a class (`[!...]` or `[^...]` negated, `a-z` ranges). Other characters are literal.
pub fn glob_match(pattern: &str, s: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let s: Vec<char> = s.chars().collect();
    // Iterative matching with backtracking to the last `*`.
    let (mut pi, mut si) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        if pi < p.len() {
            match p[pi] {
                '*' => {
                    star = Some((pi, si));
                    pi += 1;
                    continue;
                }
                '?' => {
                    pi += 1;
                    si += 1;
                    continue;
                }
                '[' => {
                    if let Some((matched, next)) = class_match(&p, pi, s[si]) {
                        if matched {
                            pi = next;
                            si += 1;
                            continue;
                        }
                    } else if s[si] == '[' {
                        pi += 1;
                        si += 1;
                        continue;
                    }
                }
                c if c == s[si] => {
                    pi += 1;
                    si += 1;
                    continue;
                }
                _ => {}
            }
        }
        match star {
            Some((sp, ss)) => {
                pi = sp + 1;
                si = ss + 1;
                star = Some((sp, ss + 1));
            }
            None => return false,
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// Matches `c` against the class starting at `p[start] == '['`; returns whether it
/// matched and the index after the class, or `None` when the class is not closed.
fn class_match(p: &[char], start: usize, c: char) -> Option<(bool, usize)> {
    let mut i = start + 1;
    let negate = matches!(p.get(i), Some('!' | '^'));
    if negate {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    while i < p.len() {
        if p[i] == ']' && !first {
            return Some((matched != negate, i + 1));
        }
        first = false;
        if i + 2 < p.len() && p[i + 1] == '-' && p[i + 2] != ']' {
            matched |= p[i] <= c && c <= p[i + 2];
            i += 3;
        } else {
            matched |= p[i] == c;
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("arch/x86/kvm/*", "arch/x86/kvm/kvm-intel"));
        assert!(glob_match("kvm_*_ops", "kvm_x86_ops"));
        assert!(!glob_match("kvm_*_ops", "kvm_x86_opsx"));
        assert!(glob_match("a?c", "abc") && !glob_match("a?c", "ac"));
        assert!(glob_match("[a-c]x", "bx") && !glob_match("[!a-c]x", "bx"));
        assert!(glob_match("*", "") && glob_match("", "") && !glob_match("", "a"));
        assert!(glob_match("a.b", "a.b") && !glob_match("a.b", "axb"));
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
