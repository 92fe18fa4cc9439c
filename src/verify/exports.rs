//! Check 2, export survival: every export of an IR object is still there in its native,
//! with the same label, licence and namespace. Check 3, CRC coverage (with
//! `CONFIG_MODVERSIONS`): every export has a `#SYMVER` CRC, one per symbol, and where
//! genksyms left `.symtypes` (`KBUILD_SYMTYPES=1`), the CRC its expansion hashes to. And
//! the first half of check 4: a symbol exported twice.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;

use super::{Finding, Severity, Tree};
use crate::formats::bitcode::{flags as irflags, IrSymbol};
use crate::kbuild::exports::TreeExport;
use crate::kbuild::naming;

impl<'a> Tree<'a> {
    /// Check 2. A symbol the IR defined must still be defined in the native, unless it
    /// was a weak definition that ThinLTO dropped because another object of the link
    /// defines the name (strong or weak: one prevailing copy is kept); a symbol the IR
    /// only referenced (export-only files such as `lib/xz/xz_dec_syms.c`) must be defined
    /// somewhere in the link or by the final link.
    pub(super) fn export_survival(&self, out: &mut Vec<Finding>) {
        for (ir, native) in self.ir_and_natives() {
            if ir.exports.is_empty() {
                continue;
            }
            let ir_defs: HashMap<&str, &IrSymbol> = ir
                .ir
                .iter()
                .flat_map(|d| &d.symbols)
                .filter(|s| s.is_linker_visible_definition())
                .map(|s| (s.name.as_str(), s))
                .collect();
            let native_defs: HashSet<&str> = native.defined_globals().map(|s| s.name.as_str()).collect();
            for e in ir.exports.iter().filter(|e| e.is_well_formed()) {
                let objs = || vec![ir.path.clone(), native.path.clone()];
                let target = e.target.as_str();
                match ir_defs.get(target) {
                    Some(def) if !native_defs.contains(target) => {
                        if def.flags & irflags::WEAK == 0 || !self.defined.contains(target) {
                            let msg = format!(
                                "exported symbol `{target}` is defined in the IR but not GLOBAL or WEAK in the native"
                            );
                            out.push(Finding::new(Severity::Error, "export.lost", objs(), msg));
                        }
                        continue;
                    }
                    None if !self.defined.contains(target) && self.final_link.defines(target).is_none() => {
                        let msg = format!("exported symbol `{target}` is defined nowhere in vmlinux or its final link");
                        out.push(Finding::new(Severity::Error, "export.undefined", objs(), msg));
                        continue;
                    }
                    _ => {}
                }
                match native.exports.iter().find(|n| n.label == e.label) {
                    None => out.push(Finding::new(
                        Severity::Error,
                        "export.label-missing",
                        objs(),
                        format!("the native's .export_symbol has no `{}`", e.label),
                    )),
                    Some(n) if n.license_raw != e.license_raw => out.push(Finding::new(
                        Severity::Error,
                        "export.license-changed",
                        objs(),
                        format!("`{target}`: licence {:?} in the IR, {:?} in the native", e.license_raw, n.license_raw),
                    )),
                    Some(n) if n.namespace != e.namespace => out.push(Finding::new(
                        Severity::Error,
                        "export.namespace-changed",
                        objs(),
                        format!("`{target}`: namespace {:?} in the IR, {:?} in the native", e.namespace, n.namespace),
                    )),
                    Some(_) => {}
                }
            }
        }
    }

    /// Check 3. A missing CRC is a warning, as in modpost ("version generation failed,
    /// symbol will not be versioned": the build goes on, the symbol is unversioned); with
    /// `CONFIG_TRIM_UNUSED_KSYMS` only exports some module uses are checked, since
    /// modpost skips the rest. A `.symtypes` beside a genksyms reference file (`.symref`)
    /// is not checked: the reference expansions decided those CRCs.
    pub(super) fn crc_coverage(&self, out: &mut Vec<Finding>) {
        let exports = &self.exports;
        let used: Option<HashSet<&str>> = self.config.enabled("TRIM_UNUSED_KSYMS").then(|| {
            self.modules().flat_map(|m| m.symbols.iter().filter(|s| !s.defined).map(|s| s.name.as_str())).collect()
        });
        let mut crc_of: HashMap<&str, (u32, usize)> = HashMap::new();
        let mut by_symtypes: BTreeMap<String, Vec<(&str, u32, usize)>> = BTreeMap::new();
        for e in exports {
            if used.as_ref().is_some_and(|u| !u.contains(e.symbol.as_str())) {
                continue;
            }
            let Some(crc) = e.crc else {
                let module = if e.module == "vmlinux" { e.module.clone() } else { format!("{}.ko", e.module) };
                out.push(Finding::new(
                    Severity::Warning,
                    "crc.missing",
                    vec![self.inv.objects[e.object].path.clone()],
                    format!(
                        "`{}` has no #SYMVER CRC (modpost: EXPORT symbol \"{}\" [{module}] version generation failed, symbol will not be versioned)",
                        e.symbol, e.symbol
                    ),
                ));
                continue;
            };
            let src = &self.inv.objects[crc.object];
            by_symtypes.entry(naming::symtypes_for(&src.path)).or_default().push((&e.symbol, crc.crc, crc.object));
            match crc_of.get(e.symbol.as_str()) {
                Some(&(prev, prev_obj)) if prev != crc.crc => out.push(Finding::new(
                    Severity::Error,
                    "crc.conflict",
                    vec![self.inv.objects[prev_obj].cmd_path.clone(), src.cmd_path.clone()],
                    format!("`{}` has CRC {prev:#010x} in one and {:#010x} in the other", e.symbol, crc.crc),
                )),
                _ => {
                    crc_of.insert(&e.symbol, (crc.crc, crc.object));
                }
            }
        }
        out.extend(self.stale_crcs(&by_symtypes));
        self.orphan_crcs(exports, out);
    }

    /// `#SYMVER` CRCs that are not what genksyms' expansion of the `.symtypes` beside
    /// them hashes to: the `.cmd` (or `.symtypes`) file is stale. One file per task.
    ///
    /// kbuild writes both files in one step (`rule_cc_o_c` in `scripts/Makefile.build`:
    /// genksyms writes the `.symtypes` while its `#SYMVER` lines are appended to the
    /// `.cmd`), so a pair whose modification times are within a second of each other
    /// came from one genksyms run and is not expanded again: re-expanding every export of
    /// a kernel means hashing hundreds of megabytes (about 210 MB for 4,300 exports).
    fn stale_crcs(&self, by_symtypes: &BTreeMap<String, Vec<(&str, u32, usize)>>) -> Vec<Finding> {
        let root = &self.inv.objtree;
        let per_file: Vec<Vec<Finding>> = by_symtypes
            .par_iter()
            .map(|(types_path, crcs)| {
                let object = &self.inv.objects[crcs[0].2];
                let types_file = root.join(types_path);
                if written_together(&types_file, &root.join(&object.cmd_path))
                    || root.join(naming::symref_for(&object.path)).exists()
                {
                    return Vec::new();
                }
                let Ok(text) = std::fs::read_to_string(&types_file) else { return Vec::new() };
                let Ok(expander) = crate::kbuild::symtypes::Expander::new(&text) else { return Vec::new() };
                let mut found = Vec::new();
                for &(sym, crc, obj) in crcs {
                    let Some(expanded) = expander.crc(sym) else { continue };
                    if expanded != crc {
                        found.push(Finding::new(
                            Severity::Error,
                            "crc.stale",
                            vec![self.inv.objects[obj].cmd_path.clone(), types_path.clone()],
                            format!(
                                "`{sym}`: #SYMVER CRC {crc:#010x} is not genksyms' CRC of its expansion ({expanded:#010x}): modules built against it will be refused at load time"
                            ),
                        ));
                    }
                }
                found
            })
            .collect();
        per_file.into_iter().flatten().collect()
    }

    /// `#SYMVER` lines naming symbols their object does not export (modpost ignores
    /// them): counted in one note.
    fn orphan_crcs(&self, exports: &[TreeExport], out: &mut Vec<Finding>) {
        let exported: HashSet<(&str, &str)> = exports
            .iter()
            .filter_map(|e| e.crc.map(|c| (self.inv.objects[c.object].cmd_path.as_str(), e.symbol.as_str())))
            .chain(exports.iter().map(|e| (self.inv.objects[e.object].cmd_path.as_str(), e.symbol.as_str())))
            .collect();
        let members = self.inv.modules.iter().flat_map(|m| m.members.iter().map(|&i| &self.inv.objects[i]));
        let mut files = BTreeMap::new();
        let mut orphans = 0;
        let mut seen_cmd: HashSet<&str> = HashSet::new();
        for o in self.link_objects().chain(members) {
            if !seen_cmd.insert(o.cmd_path.as_str()) {
                continue;
            }
            for c in o.crcs() {
                if !exported.contains(&(o.cmd_path.as_str(), c.symbol.as_str())) {
                    orphans += 1;
                    *files.entry(o.cmd_path.clone()).or_insert(0) += 1;
                }
            }
        }
        if orphans > 0 {
            out.push(Finding::new(
                Severity::Note,
                "crc.orphan",
                files.keys().take(5).cloned().collect(),
                format!("{orphans} #SYMVER CRCs in {} .cmd files name symbols that are not exported (ignored, as modpost does)", files.len()),
            ));
        }
    }

    /// Check 4, first half: a symbol exported by two objects (modpost: "exported twice").
    pub(super) fn exported_twice(&self, out: &mut Vec<Finding>) {
        let mut first: HashMap<&str, usize> = HashMap::new();
        for e in &self.exports {
            match first.get(e.symbol.as_str()) {
                Some(&prev) if prev != e.object => out.push(Finding::new(
                    Severity::Error,
                    "export.duplicate",
                    vec![self.inv.objects[prev].path.clone(), self.inv.objects[e.object].path.clone()],
                    format!("`{}` is exported by both", e.symbol),
                )),
                Some(_) => {}
                None => {
                    first.insert(&e.symbol, e.object);
                }
            }
        }
    }
}

/// Whether two files were written within a second of each other (false when either
/// cannot be looked at, so that the caller checks).
fn written_together(a: &std::path::Path, b: &std::path::Path) -> bool {
    let mtime = |p: &std::path::Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    match (mtime(a), mtime(b)) {
        (Some(x), Some(y)) => {
            let gap = x.duration_since(y).or_else(|_| y.duration_since(x)).unwrap_or_default();
            gap < std::time::Duration::from_secs(1)
        }
        _ => false,
    }
}
