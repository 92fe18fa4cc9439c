//! Checks 6 and 7: ThinLTO's renames of promoted locals, and the IR's definitions
//! against the native's.

use std::collections::HashSet;
use std::path::Path;

use super::{Finding, ScanErrors, Severity, Tree};
use crate::error::Error;
use crate::formats::bitcode::flags as irflags;
use crate::formats::symbol::Binding;
use crate::kbuild::naming::native_for as native_name;
use crate::pipeline::REGULAR_LTO_OBJECT;

impl Tree<'_> {
    /// Check 6: Symbols ThinLTO renamed `name.llvm.<digits>`.
    pub(super) fn renames(&self, keep: &[String], out: &mut Vec<Finding>) -> Result<(), ScanErrors> {
        let keep: HashSet<&str> = keep.iter().map(String::as_str).collect();
        let exported: HashSet<&str> = self.exports().into_iter().map(|(_, s, _)| s).collect();
        let mut per_object: Vec<(String, usize)> = Vec::new();
        for o in self.link_set() {
            let mut n = 0;
            for s in o.symbols.iter().filter(|s| s.defined) {
                let Some(base) = promoted_base(&s.name) else { continue };
                n += 1;
                if keep.contains(base) || exported.contains(base) {
                    let why = if keep.contains(base) { "it is on the keep list" } else { "it is exported" };
                    out.push(Finding::new(
                        Severity::Error,
                        "rename.kept-symbol",
                        vec![o.path.clone()],
                        format!("`{base}` was renamed `{}` by ThinLTO promotion, but {why}: livepatch/kprobes look it up by name", s.name),
                    ));
                }
                if is_whitelisted_data_name(base) && references_init_or_exit(&self.inv.objtree.join(&o.path), &s.name)?
                {
                    out.push(Finding::new(
                        Severity::Warning,
                        "rename.mismatch-whitelist",
                        vec![o.path.clone()],
                        format!(
                            "`{}` refers to an init/exit section; the `.llvm.` suffix defeats modpost's `*_ops`/`*_probe`/`*_console` whitelist, so stock modpost reports a false section mismatch (thinpost modpost does not)",
                            s.name
                        ),
                    ));
                }
            }
            if n > 0 {
                per_object.push((o.path.clone(), n));
            }
        }
        if !per_object.is_empty() {
            let total: usize = per_object.iter().map(|p| p.1).sum();
            per_object.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let top: Vec<String> = per_object.iter().take(3).map(|(p, n)| format!("{p} ({n})")).collect();
            out.push(Finding::new(
                Severity::Note,
                "rename.promoted",
                Vec::new(),
                format!(
                    "{total} symbols renamed name.llvm.<digits> by ThinLTO promotion in {} objects; most in {}",
                    per_object.len(),
                    top.join(", ")
                ),
            ));
        }
        Ok(())
    }

    /// Check 7: Definitions the IR has and the native lacks, and the reverse, beyond what
    /// ThinLTO does on purpose.
    pub(super) fn ir_vs_native(&self, out: &mut Vec<Finding>) {
        let mut strong: HashSet<&str> = HashSet::new();
        for o in self.link_set() {
            for s in &o.symbols {
                if s.defined && s.binding == Binding::Global {
                    strong.insert(&s.name);
                }
            }
        }
        let (mut dropped_weak, mut omitted, mut promoted, mut regular_lto) = (0usize, 0usize, 0usize, 0usize);
        let regular: HashSet<&str> = self
            .object(REGULAR_LTO_OBJECT)
            .map(|r| r.defined_globals().map(|s| s.name.as_str()).collect())
            .unwrap_or_default();
        for ir_path in &self.index {
            let (Some(ir), Some(native)) = (self.object(ir_path), self.object(&native_name(ir_path))) else { continue };
            let Some(details) = &ir.ir else { continue };
            let native_defs: HashSet<&str> = native.defined_globals().map(|s| s.name.as_str()).collect();
            let ir_defs: HashSet<&str> =
                details.symbols.iter().filter(|s| s.is_linker_visible_definition()).map(|s| s.name.as_str()).collect();
            for s in details.symbols.iter().filter(|s| s.is_linker_visible_definition()) {
                if native_defs.contains(s.name.as_str()) {
                    continue;
                }
                if regular.contains(s.name.as_str()) {
                    // Moved to the regular-LTO partition (split LTO unit with type metadata).
                    regular_lto += 1;
                } else if s.flags & irflags::WEAK != 0 && strong.contains(s.name.as_str()) {
                    dropped_weak += 1;
                } else if s.flags & irflags::MAY_OMIT != 0 {
                    omitted += 1;
                } else {
                    out.push(Finding::new(
                        Severity::Warning,
                        "ir-native.missing-definition",
                        vec![ir.path.clone(), native.path.clone()],
                        format!("`{}` is defined in the IR but not in the native", s.name),
                    ));
                }
            }
            for s in native.defined_globals() {
                if ir_defs.contains(s.name.as_str()) {
                    continue;
                }
                if promoted_base(&s.name).is_some() {
                    promoted += 1;
                } else if s.name.strip_suffix(".cfi").is_some_and(|b| ir_defs.contains(b)) {
                    // CFI's canonical function body behind a jump-table entry.
                    regular_lto += 1;
                } else {
                    out.push(Finding::new(
                        Severity::Warning,
                        "ir-native.extra-definition",
                        vec![ir.path.clone(), native.path.clone()],
                        format!("`{}` is defined in the native but not in the IR", s.name),
                    ));
                }
            }
        }
        if dropped_weak + omitted + promoted + regular_lto > 0 {
            out.push(Finding::new(
                Severity::Note,
                "ir-native.expected-differences",
                Vec::new(),
                format!(
                    "natives differ from their IR as ThinLTO intends: {dropped_weak} non-prevailing weak definitions dropped, {omitted} omittable (linkonce) definitions dropped, {promoted} promoted locals added, {regular_lto} CFI definitions in the regular-LTO object"
                ),
            ));
        }
    }
}

/// `foo.llvm.123` → `foo`.
pub fn promoted_base(name: &str) -> Option<&str> {
    let (base, digits) = name.rsplit_once(".llvm.")?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && !base.is_empty()).then_some(base)
}

fn is_whitelisted_data_name(base: &str) -> bool {
    ["_ops", "_probe", "_console"].iter().any(|s| base.ends_with(s))
}

/// True when the data of symbol `name` in the ELF object at `path` has a relocation to
/// a symbol in an `.init*` or `.exit*` section.
fn references_init_or_exit(path: &Path, name: &str) -> Result<bool, ScanErrors> {
    use object::{Object, ObjectSection, ObjectSymbol, RelocationTarget, SymbolSection};
    let data = std::fs::read(path).map_err(|e| ScanErrors::from(Error::io(path, e)))?;
    let Ok(file) = object::File::parse(&*data) else { return Ok(false) };
    let Some(sym) = file.symbols().find(|s| s.name() == Ok(name)) else { return Ok(false) };
    let SymbolSection::Section(idx) = sym.section() else { return Ok(false) };
    let Ok(section) = file.section_by_index(idx) else { return Ok(false) };
    let (start, end) = (sym.address(), sym.address() + sym.size().max(1));
    for (off, rel) in section.relocations() {
        if off < start || off >= end {
            continue;
        }
        let RelocationTarget::Symbol(t) = rel.target() else { continue };
        let Ok(target) = file.symbol_by_index(t) else { continue };
        if let SymbolSection::Section(ti) = target.section() {
            if let Ok(ts) = file.section_by_index(ti) {
                let n = ts.name().unwrap_or("");
                if n.starts_with(".init") || n.starts_with(".exit") {
                    return Ok(true);
                }
            }
        }
    }
    Ok(false)
}
