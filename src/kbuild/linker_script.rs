//! The generated linker scripts of a tree, as far as they decide which symbols the final
//! link defines: `arch/$(SRCARCH)/kernel/vmlinux.lds` (from `vmlinux.lds.S` and
//! `include/asm-generic/vmlinux.lds.h`) and `.tmp_initcalls.lds` (`Makefile.vmlinux_o`,
//! LTO only). Three things are read:
//!
//! - symbol assignments, `NAME = …;` and `PROVIDE(NAME = …)`/`PROVIDE_HIDDEN(…)`;
//! - the names of output sections (`__param : AT(…) { … }`), for which ld.lld defines
//!   `__start_NAME`/`__stop_NAME` when the name is a C identifier;
//! - the input-section patterns (`*(.data .data.*)`, `KEEP(*(SORT(___ksymtab+*)))`): a
//!   section no pattern places is an orphan, which lld outputs under its own name.
//!
//! Hand-written: only these matter here, not a linker-script grammar.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// What the linker scripts of a tree say about symbols and sections.
#[derive(Clone, Debug, Default)]
pub struct LinkerScripts {
    /// Symbols the scripts assign.
    pub assigned: HashSet<String>,
    /// Output sections the scripts name.
    pub output_sections: HashSet<String>,
    /// Input-section patterns (globs over section names).
    patterns: Vec<String>,
    /// The patterns compiled once, on first use.
    compiled: std::sync::OnceLock<globset::GlobSet>,
}

impl PartialEq for LinkerScripts {
    fn eq(&self, other: &Self) -> bool {
        (&self.assigned, &self.output_sections, &self.patterns)
            == (&other.assigned, &other.output_sections, &other.patterns)
    }
}

impl Eq for LinkerScripts {}

/// The linker scripts of an objtree that exist.
pub fn scripts(objtree: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    if let Ok(archs) = std::fs::read_dir(objtree.join("arch")) {
        for a in archs.flatten() {
            let p = a.path().join("kernel/vmlinux.lds");
            if p.is_file() {
                v.push(p);
            }
        }
    }
    let initcalls = objtree.join(".tmp_initcalls.lds");
    if initcalls.is_file() {
        v.push(initcalls);
    }
    v.sort();
    v
}

impl LinkerScripts {
    /// Reads every linker script of the objtree.
    pub fn read(objtree: &Path) -> Result<Self> {
        let mut out = LinkerScripts::default();
        for script in scripts(objtree) {
            let text = std::fs::read_to_string(&script).map_err(|e| Error::io(&script, e))?;
            out.add(&text);
        }
        Ok(out)
    }

    /// Adds what one script says.
    pub fn add(&mut self, text: &str) {
        let text = strip_comments(text);
        assigned(&text, &mut self.assigned);
        self.sections(&text);
    }

    /// Whether an input-section pattern of the scripts places a section named `name`
    /// (in whatever output section, `/DISCARD/` included).
    pub fn places(&self, name: &str) -> bool {
        self.compiled
            .get_or_init(|| {
                let mut set = globset::GlobSetBuilder::new();
                // A pattern globset cannot read (none in kernel scripts) places nothing.
                for g in self.patterns.iter().filter_map(|p| globset::Glob::new(p).ok()) {
                    set.add(g);
                }
                set.build().unwrap_or_else(|_| globset::GlobSet::empty())
            })
            .is_match(name)
    }

    /// Output-section names and input-section patterns. Braces nest as `SECTIONS {
    /// out : { *(in) } }`: a statement at depth 1 that opens a brace is an output
    /// section, named by its first word (after any `:phdr` or `= fill` left over from
    /// the previous one); `*(…)` groups deeper down hold the patterns.
    fn sections(&mut self, text: &str) {
        let b = text.as_bytes();
        let mut depth = 0usize;
        let mut stmt = 0usize;
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'{' => {
                    if depth == 1 {
                        if let Some(name) = output_section_name(&text[stmt..i]) {
                            self.output_sections.insert(name.to_string());
                        }
                    }
                    depth += 1;
                    stmt = i + 1;
                }
                b'}' => {
                    depth = depth.saturating_sub(1);
                    stmt = i + 1;
                }
                b';' => stmt = i + 1,
                b'*' if depth >= 2 && b.get(i + 1) == Some(&b'(') => {
                    let end = closing_paren(b, i + 1);
                    input_patterns(&text[i + 2..end], &mut self.patterns);
                    i = end;
                }
                _ => {}
            }
            i += 1;
        }
    }
}

fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("/*") {
        out.push_str(&rest[..i]);
        rest = rest[i + 2..].split_once("*/").map(|(_, r)| r).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// Collects `IDENT =` (not `==`, `<=`, `>=`, `!=`, `+=`…) identifiers.
fn assigned(text: &str, out: &mut HashSet<String>) {
    let b = text.as_bytes();
    let is_ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c == b'$';
    let mut i = 0;
    while i < b.len() {
        if is_ident(b[i]) && (i == 0 || !is_ident(b[i - 1])) {
            let start = i;
            while i < b.len() && is_ident(b[i]) {
                i += 1;
            }
            let ident = &text[start..i];
            let mut j = i;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if b.get(j) == Some(&b'=')
                && b.get(j + 1) != Some(&b'=')
                && ident != "."
                && !ident.starts_with(|c: char| c.is_ascii_digit())
            {
                out.insert(ident.to_string());
            }
            continue;
        }
        i += 1;
    }
}

/// The name of the output section a statement opens (`.text : AT(…)`), if it is one.
fn output_section_name(stmt: &str) -> Option<&str> {
    let mut rest = stmt.trim_start();
    // Leftovers of the previous output section: `} :text :note` and `} = 0xcccc`.
    fn skip_word(r: &str) -> &str {
        r.trim_start().trim_start_matches(|c: char| !c.is_whitespace()).trim_start()
    }
    loop {
        if let Some(r) = rest.strip_prefix(':') {
            rest = skip_word(r);
        } else if let Some(r) = rest.strip_prefix('=') {
            rest = skip_word(r);
        } else {
            break;
        }
    }
    let end = rest.find(|c: char| c.is_whitespace() || c == ':')?;
    let name = &rest[..end];
    (!name.is_empty() && rest[end..].contains(':')).then_some(name)
}

/// Index of the `)` that closes the `(` at `open` (the end of the text when unbalanced).
fn closing_paren(b: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    for (k, &c) in b.iter().enumerate().skip(open) {
        match c {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return k;
                }
            }
            _ => {}
        }
    }
    b.len()
}

/// The section patterns inside one `*( … )`: sorting wrappers are dropped, and
/// `EXCLUDE_FILE(…)` (which names files, not sections) with its argument.
fn input_patterns(inner: &str, out: &mut Vec<String>) {
    let mut rest = inner.to_string();
    while let Some(i) = rest.find("EXCLUDE_FILE") {
        let b = rest.as_bytes();
        let open = b[i..].iter().position(|&c| c == b'(').map_or(rest.len(), |p| i + p);
        let end = closing_paren(b, open).min(rest.len().saturating_sub(1));
        rest.replace_range(i..=end, " ");
    }
    for word in rest.split(|c: char| c.is_whitespace() || c == '(' || c == ')') {
        if word.is_empty() || word.starts_with("SORT") || word == "KEEP" {
            continue;
        }
        out.push(word.to_string());
    }
}

/// Whether `name` is a C identifier: only then can `__start_NAME`/`__stop_NAME` exist.
pub fn is_c_identifier(name: &str) -> bool {
    crate::formats::elf::is_c_identifier(name.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments() {
        let mut s = HashSet::new();
        assigned(
            &strip_comments("__bss_start = .; /* x = 1 */ PROVIDE(__foo = ADDR(.data)); . = ALIGN(8); a == b; _end=.;"),
            &mut s,
        );
        let mut v: Vec<_> = s.into_iter().collect();
        v.sort();
        assert_eq!(v, ["__bss_start", "__foo", "_end"]);
    }

    #[test]
    fn output_sections_and_patterns() {
        let mut l = LinkerScripts::default();
        l.add(
            "SECTIONS\n{\n . = 0x1000;\n .text : AT(ADDR(.text) - 0x10) { _text = .; *(.text .text.[0-9a-z]*) } :text = 0xcccc\n \
             . = ALIGN(8); __param : AT(ADDR(__param)) { KEEP(*(__param)) } .notes : { KEEP(*(SORT(.note.*))) } :text :note \
             __restore_ph : { *(EXCLUDE_FILE(*crtend.o) .ctors) } /DISCARD/ : { *(.discard) *(.discard.*) }\n}\n",
        );
        let mut names: Vec<_> = l.output_sections.iter().map(String::as_str).collect();
        names.sort();
        assert_eq!(names, [".notes", ".text", "/DISCARD/", "__param", "__restore_ph"]);
        assert!(l.places("__param") && l.places(".text.foo") && l.places(".note.GNU") && l.places(".ctors"));
        assert!(!l.places("crtend.o") && !l.places("__jump_table"));
        assert!(l.assigned.contains("_text"));
    }

    #[test]
    fn c_identifiers() {
        assert!(is_c_identifier("__param") && is_c_identifier("runtime_ptr_x1"));
        assert!(!is_c_identifier(".data") && !is_c_identifier("1x") && !is_c_identifier(""));
    }
}
