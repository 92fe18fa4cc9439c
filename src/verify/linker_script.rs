//! Symbols a linker script defines: `name = expr;` assignments and `PROVIDE(name = …)`
//! / `PROVIDE_HIDDEN(name = …)`, from `arch/*/kernel/vmlinux.lds` and `.tmp_initcalls.lds`.
//! Hand-written: only assignments matter here, not a linker-script grammar.

use std::collections::HashSet;
use std::path::Path;

use crate::error::{Error, Result};

/// The linker scripts of an objtree that exist.
pub fn scripts(objtree: &Path) -> Vec<std::path::PathBuf> {
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

/// Every symbol assigned in the objtree's linker scripts.
pub fn provided_symbols(objtree: &Path) -> Result<HashSet<String>> {
    let mut out = HashSet::new();
    for script in scripts(objtree) {
        let text = std::fs::read_to_string(&script).map_err(|e| Error::io(&script, e))?;
        assigned(&strip_comments(&text), &mut out);
    }
    Ok(out)
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
}
