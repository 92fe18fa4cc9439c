//! Check 4, second half: a strong global defined twice in the link, or by an object of
//! the link and by one the final link adds. Check 5: undefined references that nothing
//! will resolve — in vmlinux (against the link and the final link's additions), and in
//! modules (against the exports, with modpost's ignored names).

use std::collections::{HashMap, HashSet};

use object::elf;

use super::{Finding, Severity, Tree};
use crate::formats::magic::ObjectKind;
use crate::formats::symbol::Binding;
use crate::kbuild::version::{Behaviour, Change};

impl Tree<'_> {
    /// Check 4: strong globals defined in two objects of the link (lld: "duplicate
    /// symbol"), and strong globals that an object of the final link also defines
    /// (`kallsyms_*`, `init_uts_ns`, `__dtb_*`).
    pub(super) fn duplicate_definitions(&self, out: &mut Vec<Finding>) {
        let mut defined: HashMap<&str, &str> = HashMap::new();
        for o in self.link_objects() {
            for s in &o.symbols {
                if !(s.defined && s.binding == Binding::Global && s.section.as_deref() != Some("*COM*")) {
                    continue;
                }
                if let Some(prev) = defined.insert(s.name.as_str(), o.path.as_str()) {
                    out.push(Finding::new(
                        Severity::Error,
                        "symbol.duplicate-definition",
                        vec![prev.to_string(), o.path.clone()],
                        format!("strong global `{}` is defined in both: the link will fail", s.name),
                    ));
                } else if let Some(source) = self.final_link.defines_strongly(&s.name) {
                    out.push(Finding::new(
                        Severity::Error,
                        "symbol.duplicate-definition",
                        vec![o.path.clone()],
                        format!(
                            "strong global `{}` is also defined by {}: the final link will fail",
                            s.name,
                            source.origin()
                        ),
                    ));
                }
            }
        }
    }

    /// Check 5. Only natives' references count: an IR object's undefined references may
    /// be dropped by code generation (`__compiletime_assert_*`).
    pub(super) fn unresolved(&self, out: &mut Vec<Finding>) {
        for o in self.link_objects().filter(|o| o.kind == ObjectKind::ElfRel) {
            let mut reported: HashSet<&str> = HashSet::new();
            for s in o.symbols.iter().filter(|s| !s.defined && s.binding == Binding::Global) {
                let n = s.name.as_str();
                if self.defined.contains(n) || self.final_link.defines(n).is_some() || !reported.insert(n) {
                    continue;
                }
                out.push(Finding::new(
                    Severity::Error,
                    "symbol.unresolved",
                    vec![o.path.clone()],
                    format!("`{n}` is undefined and nothing in vmlinux or its final link defines it"),
                ));
            }
        }
        let exports: HashSet<&str> = self.exports.iter().map(|e| e.symbol.as_str()).collect();
        for m in self.modules() {
            let machine = m.machine.unwrap_or(0);
            for s in m.symbols.iter().filter(|s| !s.defined && s.binding == Binding::Global) {
                if exports.contains(s.name.as_str()) || ignored_import(machine, &s.name, &self.behaviour) {
                    continue;
                }
                out.push(Finding::new(
                    Severity::Error,
                    "module.unresolved-import",
                    vec![m.path.clone()],
                    format!("`{}` is exported by neither vmlinux nor any module", s.name),
                ));
            }
        }
    }
}

/// Undefined names of a module that modpost never reports (`ignore_undef_symbol()` in
/// `scripts/mod/modpost.c`; thinpost's modpost has the same rule in `modpost/read.rs`):
/// `__this_module`, `_GLOBAL_OFFSET_TABLE_`, powerpc's register save/restore helpers and,
/// from 6.19 on, the `__start_`/`__stop_` section bounds.
fn ignored_import(machine: u16, name: &str, behaviour: &Behaviour) -> bool {
    const PPC: &[&str] = &["_restgpr_", "_savegpr_", "_rest32gpr_", "_save32gpr_", "_restvr_", "_savevr_"];
    const PPC64: &[&str] =
        &["_restgpr0_", "_savegpr0_", "_restgpr1_", "_savegpr1_", "_restfpr_", "_savefpr_", "_restvr_", "_savevr_"];
    matches!(name, "__this_module" | "_GLOBAL_OFFSET_TABLE_")
        || (machine == elf::EM_PPC && PPC.iter().any(|p| name.starts_with(p)))
        || (machine == elf::EM_PPC64 && (name == ".TOC." || PPC64.iter().any(|p| name.starts_with(p))))
        || (behaviour.has(Change::IgnoreStartStopSymbols)
            && (name.starts_with("__start_") || name.starts_with("__stop_")))
}
