//! Checks 6 and 7: ThinLTO's renames of promoted locals, and the IR's definitions
//! against the native's.

use std::collections::HashSet;

use super::{Finding, ScanErrors, Severity, Tree};
use crate::error::Error;
use crate::formats::bitcode::flags as irflags;
use crate::formats::elf::ElfObject;
use crate::formats::symbol::Binding;
use crate::kbuild::version::{Behaviour, Change};
use crate::pipeline::REGULAR_LTO_OBJECT;

impl Tree<'_> {
    /// Check 6: Symbols ThinLTO renamed `name.llvm.<digits>`. An error when the base name
    /// is on the keep list, or is exported while nothing in the link defines it under
    /// its own name (so the export names a symbol that is gone); a warning when stock
    /// modpost of the tree's version would report a false section mismatch because the
    /// suffix defeats its whitelist.
    pub(super) fn renames(&self, keep: &[String], out: &mut Vec<Finding>) -> Result<(), ScanErrors> {
        let keep: HashSet<&str> = keep.iter().map(String::as_str).collect();
        // What the kernel exports, and what the IR says it should: an export whose native
        // lost its target to a rename is no longer among the former.
        let ir_exports = self.ir_and_natives().flat_map(|(ir, _)| ir.exports.iter().filter(|e| e.is_well_formed()));
        let exported: HashSet<&str> =
            self.exports.iter().map(|e| e.symbol.as_str()).chain(ir_exports.map(|e| e.target.as_str())).collect();
        let mut per_object: Vec<(String, usize)> = Vec::new();
        for o in self.link_objects() {
            let mut n = 0;
            let mut whitelist_candidates = Vec::new();
            for s in o.symbols.iter().filter(|s| s.defined) {
                let Some(base) = promoted_base(&s.name) else { continue };
                n += 1;
                let why = if keep.contains(base) {
                    Some("it is on the keep list")
                } else if exported.contains(base) && !self.defined.contains(base) {
                    Some("it is exported")
                } else {
                    None
                };
                if let Some(why) = why {
                    out.push(Finding::new(
                        Severity::Error,
                        "rename.kept-symbol",
                        vec![o.path.clone()],
                        format!("`{base}` was renamed `{}` by ThinLTO promotion, but {why}: livepatch/kprobes look it up by name", s.name),
                    ));
                }
                if let Some(pattern) = defeated_whitelist_pattern(base, &self.behaviour) {
                    whitelist_candidates.push((s.name.as_str(), pattern));
                }
            }
            if !whitelist_candidates.is_empty() {
                let path = self.inv.objtree.join(&o.path);
                let data = std::fs::read(&path).map_err(|e| ScanErrors::from(Error::io(&path, e)))?;
                for (name, pattern) in whitelist_candidates {
                    if let Some(target) = data_reference_to_init_or_exit(&data, name) {
                        out.push(Finding::new(
                            Severity::Warning,
                            "rename.mismatch-whitelist",
                            vec![o.path.clone()],
                            format!(
                                "`{name}` (in .data) refers to `{target}`; the `.llvm.` suffix defeats modpost's `{pattern}` whitelist, so stock modpost of Linux {} reports a false section mismatch (thinpost modpost does not)",
                                self.behaviour.version
                            ),
                        ));
                    }
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
    /// ThinLTO does on purpose: a weak (or linkonce) definition is dropped when another
    /// object of the link defines the name, strong or weak (one prevailing copy is
    /// kept); an omittable one may go; promoted locals are added; a weak definition may
    /// arrive by import from another IR object that defines it.
    pub(super) fn ir_vs_native(&self, out: &mut Vec<Finding>) {
        let (mut dropped_weak, mut omitted, mut promoted, mut regular_lto, mut imported) = (0, 0, 0, 0, 0);
        let regular: HashSet<&str> = self
            .object(REGULAR_LTO_OBJECT)
            .map(|r| r.defined_globals().map(|s| s.name.as_str()).collect())
            .unwrap_or_default();
        let ir_defined_anywhere: HashSet<&str> = self
            .ir_and_natives()
            .flat_map(|(ir, _)| ir.ir.iter().flat_map(|d| &d.symbols))
            .filter(|s| s.is_linker_visible_definition())
            .map(|s| s.name.as_str())
            .collect();
        for (ir, native) in self.ir_and_natives() {
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
                } else if s.flags & irflags::WEAK != 0 && self.defined.contains(s.name.as_str()) {
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
                } else if s.binding == Binding::Weak && ir_defined_anywhere.contains(s.name.as_str()) {
                    imported += 1;
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
        if dropped_weak + omitted + promoted + regular_lto + imported > 0 {
            let imported = if imported > 0 {
                format!(", {imported} weak definitions imported from other objects")
            } else {
                String::new()
            };
            out.push(Finding::new(
                Severity::Note,
                "ir-native.expected-differences",
                Vec::new(),
                format!(
                    "natives differ from their IR as ThinLTO intends: {dropped_weak} non-prevailing weak definitions dropped, {omitted} omittable (linkonce) definitions dropped, {promoted} promoted locals added, {regular_lto} CFI definitions in the regular-LTO object{imported}"
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

/// The pattern of modpost's data-to-init/exit whitelist (`secref_whitelist()`: `fromsym`
/// matching `"*_ops", "*_probe", "*_console"` in 6.12) that the base name would have
/// matched and its promoted name does not, in the tree's kernel version: `*_ops` until
/// 7.2 added `"*_ops.llvm.*"`; `*_probe` until 7.0 dropped it (after that the plain name
/// is not whitelisted either, so the rename changes nothing); `*_console` in every
/// version. `__param*` symbols are whitelisted by another rule, whatever their suffix.
fn defeated_whitelist_pattern(base: &str, behaviour: &Behaviour) -> Option<&'static str> {
    if base.starts_with("__param") {
        return None;
    }
    if base.ends_with("_ops") && !behaviour.has(Change::LlvmWhitelist) {
        Some("*_ops")
    } else if base.ends_with("_probe") && !behaviour.has(Change::ProbeWhitelistDropped) {
        Some("*_probe")
    } else if base.ends_with("_console") {
        Some("*_console")
    } else {
        None
    }
}

/// When the symbol `name` of the ELF object `data` is in `.data` or `.data.rel`
/// (modpost's `DATA_SECTIONS`) and its bytes hold a relocation to a symbol in an
/// `.init.*` or `.exit.*` section, that symbol's name (or section's).
fn data_reference_to_init_or_exit(data: &[u8], name: &str) -> Option<String> {
    let obj = ElfObject::parse(data).ok()?;
    let sym = obj.symbols.iter().find(|s| s.name == name.as_bytes())?;
    if !matches!(obj.section_name(sym.secindex), b".data" | b".data.rel") {
        return None;
    }
    let (start, end) = (sym.value, sym.value + sym.size.max(1));
    for (i, rel) in obj.sections.iter().enumerate() {
        if !matches!(rel.sh_type, object::elf::SHT_REL | object::elf::SHT_RELA) || rel.info != sym.secindex {
            continue;
        }
        for r in obj.relocations(i as u32).ok()? {
            if r.offset < start || r.offset >= end {
                continue;
            }
            let Some(target) = obj.symbols.get(r.sym as usize) else { continue };
            let section = obj.section_name(target.secindex);
            if section.starts_with(b".init.") || section.starts_with(b".exit.") {
                let shown = if target.name.is_empty() { section } else { target.name };
                return Some(String::from_utf8_lossy(shown).into_owned());
            }
        }
    }
    None
}
