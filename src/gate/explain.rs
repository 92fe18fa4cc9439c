//! Explaining a CRC change: which type's definition changed between the baseline's and
//! the current `.symtypes`, after proving that each side's `.symtypes` describes what
//! genksyms hashed (its expansion's CRC equals the `#SYMVER` CRC in the `.cmd` file).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::kbuild::cmd;
use crate::kbuild::symtypes::{self, Definition, Expansion, Symtypes, Token, TypeKey};

/// Where the `.symtypes` of one export may be: the file and the `.cmd` file beside it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SymtypesLocation {
    pub symtypes: PathBuf,
    pub cmd: PathBuf,
}

impl SymtypesLocation {
    /// `dir/X.symtypes` → `dir/.X.o.cmd`, as kbuild names them.
    pub fn beside(symtypes: PathBuf) -> Self {
        let name = symtypes.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let cmd = symtypes.with_file_name(crate::kbuild::naming::cmd_beside_symtypes(&name));
        SymtypesLocation { symtypes, cmd }
    }
}

/// Which `.symtypes` file declares which export, for one side of the comparison.
#[derive(Debug, Default)]
pub struct SymtypesIndex {
    by_symbol: HashMap<String, Vec<SymtypesLocation>>,
    loaded: Mutex<HashMap<PathBuf, Arc<LoadedFile>>>,
}

/// A loaded `.symtypes` file and the `#SYMVER` CRCs of the `.cmd` file beside it.
#[derive(Debug)]
struct LoadedFile {
    symtypes: Symtypes,
    /// `None` when the `.cmd` file is missing.
    symver: Option<HashMap<String, u32>>,
}

impl SymtypesIndex {
    /// Indexes every `*.symtypes` under `dir` (hidden directories skipped) by the exports
    /// it declares.
    pub fn walk(dir: &Path) -> Result<Self> {
        let mut files = Vec::new();
        collect_symtypes(dir, &mut files)?;
        files.sort();
        let per_file: Vec<Result<(PathBuf, Vec<String>)>> = files
            .into_par_iter()
            .map(|p| {
                let text = std::fs::read_to_string(&p).map_err(|e| Error::io(&p, e))?;
                Ok((p, declared_exports(&text)))
            })
            .collect();
        let mut index = SymtypesIndex::default();
        for r in per_file {
            let (path, exports) = r?;
            for sym in exports {
                index.add(sym, SymtypesLocation::beside(path.clone()));
            }
        }
        Ok(index)
    }

    /// Adds one candidate location for `symbol`.
    pub fn add(&mut self, symbol: String, location: SymtypesLocation) {
        let v = self.by_symbol.entry(symbol).or_default();
        if !v.contains(&location) {
            v.push(location);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.by_symbol.is_empty()
    }

    /// Loads a candidate; `None` when its `.symtypes` does not exist (a scanned tree
    /// built without `KBUILD_SYMTYPES=1`).
    fn load(&self, loc: &SymtypesLocation) -> Result<Option<Arc<LoadedFile>>> {
        if let Some(f) = self.loaded.lock().unwrap_or_else(|e| e.into_inner()).get(&loc.symtypes) {
            return Ok(Some(f.clone()));
        }
        let text = match std::fs::read_to_string(&loc.symtypes) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(&loc.symtypes, e)),
        };
        let symtypes = symtypes::parse(&text).map_err(|e| Error::parse(&loc.symtypes, e))?;
        let symver = match std::fs::read(&loc.cmd) {
            Ok(bytes) => Some(cmd::parse_symver(&bytes).into_iter().map(|c| (c.symbol, c.crc)).collect()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io(&loc.cmd, e)),
        };
        let f = Arc::new(LoadedFile { symtypes, symver });
        self.loaded.lock().unwrap_or_else(|e| e.into_inner()).insert(loc.symtypes.clone(), f.clone());
        Ok(Some(f))
    }

    /// Finds, loads and checks `symbol`'s `.symtypes`. Among several candidates the one
    /// whose `#SYMVER` CRC equals `expected` (the symvers CRC) is preferred.
    pub fn side(&self, symbol: &str, expected: u32) -> Result<Option<Side>> {
        let Some(candidates) = self.by_symbol.get(symbol) else { return Ok(None) };
        let mut best: Option<Side> = None;
        for loc in candidates {
            let Some(file) = self.load(loc)? else { continue };
            let Some(expansion) = file.symtypes.expand(symbol) else { continue };
            let symver = file.symver.as_ref().and_then(|m| m.get(symbol).copied());
            let side = Side {
                check: SideCheck {
                    symtypes: loc.symtypes.clone(),
                    line: file.symtypes.exports[symbol].line,
                    cmd: loc.cmd.clone(),
                    cmd_exists: file.symver.is_some(),
                    recomputed: expansion.crc,
                    symver,
                    expected,
                },
                file,
                expansion,
            };
            let better = side.check.symver == Some(expected);
            if best.is_none() || better {
                best = Some(side);
            }
            if better {
                break;
            }
        }
        Ok(best)
    }
}

fn collect_symtypes(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ft = entry.file_type().map_err(|e| Error::io(entry.path(), e))?;
        if ft.is_dir() {
            if !name.starts_with('.') {
                collect_symtypes(&entry.path(), out)?;
            }
        } else if name.ends_with(".symtypes") {
            out.push(entry.path());
        }
    }
    Ok(())
}

/// The export names a `.symtypes` file declares, without parsing definitions.
fn declared_exports(text: &str) -> Vec<String> {
    text.split('\n')
        .filter_map(|l| l.split(' ').next())
        .filter(|h| !h.is_empty() && h.as_bytes().get(1) != Some(&b'#'))
        .map(str::to_string)
        .collect()
}

/// One side's proof: the recomputed CRC against the `#SYMVER` line and the symvers CRC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SideCheck {
    pub symtypes: PathBuf,
    /// The export's line in the `.symtypes` file.
    pub line: usize,
    pub cmd: PathBuf,
    pub cmd_exists: bool,
    /// CRC-32 of the expansion rebuilt from `.symtypes`.
    #[serde(serialize_with = "super::serialize_crc")]
    pub recomputed: u32,
    /// The `#SYMVER` CRC of the `.cmd` file, when it has one.
    #[serde(serialize_with = "super::serialize_opt_crc")]
    pub symver: Option<u32>,
    /// The CRC in the symvers file (or the scanned tree).
    #[serde(serialize_with = "super::serialize_crc")]
    pub expected: u32,
}

impl SideCheck {
    /// The `.symtypes` reproduces the `#SYMVER` CRC, which is the compared CRC.
    pub fn verified(&self) -> bool {
        self.symver == Some(self.recomputed) && self.symver == Some(self.expected)
    }

    /// Why the side is not verified, in a sentence; `None` when it is.
    pub fn problem(&self) -> Option<String> {
        let st = self.symtypes.display();
        let cmd = self.cmd.display();
        match self.symver {
            _ if !self.cmd_exists => Some(format!("{cmd} is missing, so {st} cannot be checked")),
            None => Some(format!("{cmd} has no #SYMVER line, so {st} cannot be checked")),
            Some(s) if s != self.recomputed => Some(format!(
                "{st}:{} expands to CRC 0x{:08x} but {cmd} says #SYMVER 0x{s:08x}: the .symtypes or .cmd file is stale",
                self.line, self.recomputed
            )),
            Some(s) if s != self.expected => Some(format!(
                "{cmd} says #SYMVER 0x{s:08x} but the compared CRC is 0x{:08x}: the tree does not match the symvers file",
                self.expected
            )),
            Some(_) => None,
        }
    }
}

/// One side, loaded.
pub struct Side {
    pub check: SideCheck,
    file: Arc<LoadedFile>,
    expansion: Expansion,
}

/// What changed in one type (or in the export's own declaration, `key == None`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TypeChange {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<TypeKey>,
    /// `member added: long flags`, `definition changed`, ...
    pub details: Vec<String>,
    pub old: String,
    pub new: String,
}

impl TypeChange {
    /// `s#gate_request: member added: long flags`
    pub fn summary(&self) -> String {
        let what = match &self.key {
            Some(k) => k.to_string(),
            None => "declaration".to_string(),
        };
        format!("{what}: {}", self.details.join(", "))
    }
}

/// The explanation of one CRC change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explanation {
    pub baseline: SideCheck,
    pub current: SideCheck,
    /// Both sides reproduce their `#SYMVER` CRCs.
    pub verified: bool,
    pub changes: Vec<TypeChange>,
}

/// Compares the two sides' expansions of one export.
pub fn explain(symbol: &str, old: &Side, new: &Side) -> Explanation {
    let (os, ns) = (&old.file.symtypes, &new.file.symtypes);
    let mut changes = Vec::new();
    let (od, nd) = (&os.exports[symbol], &ns.exports[symbol]);
    if od.tokens != nd.tokens {
        changes.push(change(None, &od.tokens, &nd.tokens));
    }
    let mut keys: Vec<&TypeKey> = Vec::new();
    for e in [&new.expansion, &old.expansion] {
        for k in e.expanded.iter().chain(&e.unknown) {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    let reached = |e: &Expansion, k: &TypeKey| e.expanded.contains(k) || e.unknown.contains(k);
    for k in keys {
        // A type reached on one side only is reached through a change listed elsewhere.
        if !reached(&old.expansion, k) || !reached(&new.expansion, k) {
            continue;
        }
        let (o, n) = (definition(os, k), definition(ns, k));
        if o != n {
            changes.push(change(Some(k.clone()), &o, &n));
        }
    }
    let verified = old.check.verified() && new.check.verified();
    Explanation { baseline: old.check.clone(), current: new.check.clone(), verified, changes }
}

/// A type's definition, or what genksyms hashes for an undefined aggregate.
fn definition(st: &Symtypes, key: &TypeKey) -> Vec<Token> {
    match st.types.get(key) {
        Some(Definition { tokens, .. }) => tokens.clone(),
        None => {
            let kw = key.kind.keyword().unwrap_or("");
            [kw, &key.name, "{", "UNKNOWN", "}"].iter().map(|w| Token::Word(w.to_string())).collect()
        }
    }
}

fn is_unknown(tokens: &[Token]) -> bool {
    tokens.len() == 5 && tokens[3] == Token::Word("UNKNOWN".into())
}

fn change(key: Option<TypeKey>, old: &[Token], new: &[Token]) -> TypeChange {
    let details = match (is_unknown(old), is_unknown(new)) {
        (true, false) => vec!["definition became visible (was { UNKNOWN })".to_string()],
        (false, true) => vec!["definition no longer visible (now { UNKNOWN })".to_string()],
        _ => member_changes(key.as_ref(), old, new).unwrap_or_else(|| vec!["definition changed".to_string()]),
    };
    TypeChange { key, details, old: symtypes::render(old), new: symtypes::render(new) }
}

/// For aggregates with the same text around their braces, the members that were added,
/// removed or changed.
fn member_changes(key: Option<&TypeKey>, old: &[Token], new: &[Token]) -> Option<Vec<String>> {
    let (sep, noun) = match key.map(|k| k.kind) {
        Some(symtypes::TypeKind::Struct | symtypes::TypeKind::Union) => (";", "member"),
        Some(symtypes::TypeKind::Enum) => (",", "enumerator"),
        _ => return None,
    };
    let (o_pre, o_members, o_post) = split_members(old, sep)?;
    let (n_pre, n_members, n_post) = split_members(new, sep)?;
    let mut out = Vec::new();
    if o_pre != n_pre || o_post != n_post {
        out.push("text outside the braces changed".to_string());
    }
    for d in diff(&o_members, &n_members) {
        out.push(match d {
            Diff::Added(m) => format!("{noun} added: {m}"),
            Diff::Removed(m) => format!("{noun} removed: {m}"),
            Diff::Changed(a, b) => format!("{noun} changed: {a} -> {b}"),
        });
    }
    (!out.is_empty()).then_some(out)
}

/// Splits `... { a ; b ; } ...` into the text before the braces, the members and the
/// text after. Members are separated by `sep` outside any nested brackets.
fn split_members(tokens: &[Token], sep: &str) -> Option<(String, Vec<String>, String)> {
    let words: Vec<String> = tokens.iter().map(ToString::to_string).collect();
    let open = words.iter().position(|w| w == "{")?;
    let mut depth = 0i32;
    let mut close = None;
    for (i, w) in words.iter().enumerate().skip(open) {
        match w.as_str() {
            "{" | "(" | "[" => depth += 1,
            "}" | ")" | "]" => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    let mut members = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    let mut depth = 0i32;
    for w in &words[open + 1..close] {
        match w.as_str() {
            "{" | "(" | "[" => depth += 1,
            "}" | ")" | "]" => depth -= 1,
            s if s == sep && depth == 0 => {
                members.push(cur.join(" "));
                cur.clear();
                continue;
            }
            _ => {}
        }
        cur.push(w);
    }
    if !cur.is_empty() {
        members.push(cur.join(" "));
    }
    Some((words[..open].join(" "), members, words[close + 1..].join(" ")))
}

enum Diff<'a> {
    Added(&'a str),
    Removed(&'a str),
    Changed(&'a str, &'a str),
}

/// A longest-common-subsequence diff; in each gap, removed and added members are paired
/// up as changes.
fn diff<'a>(old: &'a [String], new: &'a [String]) -> Vec<Diff<'a>> {
    let (n, m) = (old.len(), new.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if old[i] == new[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    let (mut removed, mut added): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    let flush = |removed: &mut Vec<&'a str>, added: &mut Vec<&'a str>, out: &mut Vec<Diff<'a>>| {
        let paired = removed.len().min(added.len());
        for k in 0..paired {
            out.push(Diff::Changed(removed[k], added[k]));
        }
        out.extend(removed[paired..].iter().map(|r| Diff::Removed(r)));
        out.extend(added[paired..].iter().map(|a| Diff::Added(a)));
        removed.clear();
        added.clear();
    };
    while i < n || j < m {
        if i < n && j < m && old[i] == new[j] {
            flush(&mut removed, &mut added, &mut out);
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            added.push(&new[j]);
            j += 1;
        } else {
            removed.push(&old[i]);
            i += 1;
        }
    }
    flush(&mut removed, &mut added, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Token> {
        s.split(' ').map(|w| TypeKey::parse(w).map_or_else(|| Token::Word(w.into()), Token::Ref)).collect()
    }

    #[test]
    fn member_added() {
        let k = TypeKey::parse("s#req").unwrap();
        let c = change(Some(k), &toks("struct req { int id ; }"), &toks("struct req { int id ; long flags ; }"));
        assert_eq!(c.summary(), "s#req: member added: long flags");
        let c = change(
            Some(TypeKey::parse("s#req").unwrap()),
            &toks("struct req { int id ; t#u32 x ; }"),
            &toks("struct req { long id ; t#u32 x ; }"),
        );
        assert_eq!(c.details, vec!["member changed: int id -> long id"]);
        let c = change(
            Some(TypeKey::parse("e#mode").unwrap()),
            &toks("enum mode { A , B , }"),
            &toks("enum mode { A , C , B , }"),
        );
        assert_eq!(c.details, vec!["enumerator added: C"]);
        let c = change(
            Some(TypeKey::parse("s#req").unwrap()),
            &toks("struct req { UNKNOWN }"),
            &toks("struct req { int id ; }"),
        );
        assert_eq!(c.details, vec!["definition became visible (was { UNKNOWN })"]);
    }
}
