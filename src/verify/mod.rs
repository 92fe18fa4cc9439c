//! Pre-link verification of a distributed-ThinLTO tree: everything that would make the
//! kernel wrong or unloadable, found before the final link and before modpost, with
//! the object at fault named. Reads the tree once (the scan core).

pub mod finding;
mod linker_script;
mod symbols;

pub use symbols::promoted_base;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::formats::bitcode::flags as irflags;
use crate::formats::magic::ObjectKind;
use crate::formats::symbol::Binding;
use crate::inventory::{self, Inventory, ObjectInfo, ScanErrors, ScanOptions};
use crate::kbuild::naming::{self, native_for as native_name};
use crate::pipeline::{INDEX_LIST, REGULAR_LTO_OBJECT};
pub use finding::{Finding, Severity};

/// Options of `thinpost verify`.
#[derive(Clone, Debug, Default)]
pub struct VerifyOptions {
    pub objtree: PathBuf,
    /// Symbols that must keep their names (livepatch / kprobe targets).
    pub keep: Vec<String>,
    pub jobs: Option<usize>,
}

/// Runs every check; findings come back sorted.
pub fn verify(opts: &VerifyOptions) -> Result<Vec<Finding>, ScanErrors> {
    let inv = inventory::scan(&opts.objtree, &ScanOptions { jobs: opts.jobs })?;
    let tree = Tree::new(&inv)?;
    let mut out = Vec::new();
    if inv.thinlto_index.is_none() {
        out.push(Finding::new(
            Severity::Note,
            "coverage.no-index",
            Vec::new(),
            format!("no {INDEX_LIST}: not a distributed-ThinLTO tree yet (run `thinpost build`); IR-vs-native checks skipped"),
        ));
    }
    let lds = linker_script::provided_symbols(&opts.objtree).map_err(ScanErrors::from)?;
    tree.coverage(&mut out);
    tree.export_survival(&lds, &mut out);
    if modversions_enabled(&opts.objtree) {
        tree.crc_coverage(&mut out);
    }
    tree.duplicates(&mut out);
    tree.unresolved(&lds, &mut out);
    tree.renames(&opts.keep, &mut out)?;
    tree.ir_vs_native(&mut out);
    finding::sort(&mut out);
    Ok(out)
}

/// `CONFIG_MODVERSIONS=y` in `include/config/auto.conf` (or `.config`).
pub fn modversions_enabled(objtree: &Path) -> bool {
    ["include/config/auto.conf", ".config"].iter().any(|f| {
        std::fs::read_to_string(objtree.join(f))
            .map(|t| t.lines().any(|l| l == "CONFIG_MODVERSIONS=y"))
            .unwrap_or(false)
    })
}

/// The inventory, with the objects the link would see.
struct Tree<'a> {
    inv: &'a Inventory,
    /// IR objects the thin-link indexed.
    index: Vec<String>,
    /// Natives found on disk but not in the inventory (vmlinux.a not rebuilt yet).
    extra: Vec<ObjectInfo>,
    by_path: HashMap<&'a str, &'a ObjectInfo>,
    /// Backend job keys as the pipeline would compute them now, by output.
    current_keys: std::cell::OnceCell<HashMap<String, String>>,
}

impl<'a> Tree<'a> {
    fn new(inv: &'a Inventory) -> Result<Self, ScanErrors> {
        let index = inv.thinlto_index.clone().unwrap_or_default();
        let by_path: HashMap<&str, &ObjectInfo> = inv.objects.iter().map(|o| (o.path.as_str(), o)).collect();
        let mut extra = Vec::new();
        for o in &index {
            let n = native_name(o);
            let p = inv.objtree.join(&n);
            if !by_path.contains_key(n.as_str())
                && p.is_file()
                && std::fs::metadata(&p).map(|m| m.len() > 0).unwrap_or(false)
            {
                let mut info = inventory::read_object(&p)?;
                info.cmd_path = naming::crc_cmd_for(&n);
                let cmd_file = inv.objtree.join(&info.cmd_path);
                let bytes = std::fs::read(&cmd_file).map_err(|e| ScanErrors::from(Error::io(&cmd_file, e)))?;
                info.cmd = Some(
                    crate::kbuild::cmd::parse_cmd(&bytes).map_err(|e| ScanErrors::from(Error::parse(&cmd_file, e)))?,
                );
                info.path = n;
                extra.push(info);
            }
        }
        let regular = inv.objtree.join(REGULAR_LTO_OBJECT);
        if !index.is_empty() && !by_path.contains_key(REGULAR_LTO_OBJECT) && regular.is_file() {
            let mut info = inventory::read_object(&regular)?;
            info.path = REGULAR_LTO_OBJECT.to_string();
            if info.defined_globals().next().is_some() {
                extra.push(info);
            }
        }
        Ok(Tree { inv, index, extra, by_path, current_keys: std::cell::OnceCell::new() })
    }

    fn object(&self, path: &str) -> Option<&ObjectInfo> {
        self.by_path.get(path).copied().or_else(|| self.extra.iter().find(|o| o.path == path))
    }

    /// The objects the final link reads: each `builtin.order` object (else each
    /// vmlinux.a member), or its native when the index lists it; then the regular-LTO
    /// object of the thin-link when it defines anything.
    fn link_set(&self) -> Vec<&ObjectInfo> {
        let indexed: HashSet<&str> = self.index.iter().map(String::as_str).collect();
        let from_order: Vec<&ObjectInfo> = self.inv.objects.iter().filter(|o| o.roles.thinlto_input).collect();
        let base: Vec<&ObjectInfo> = if from_order.is_empty() {
            self.inv.vmlinux.iter().map(|&i| &self.inv.objects[i]).filter(|o| o.path != REGULAR_LTO_OBJECT).collect()
        } else {
            from_order
        };
        let mut set: Vec<&ObjectInfo> = base
            .into_iter()
            .filter_map(
                |o| if indexed.contains(o.path.as_str()) { self.object(&native_name(&o.path)) } else { Some(o) },
            )
            .collect();
        if let Some(r) = self.object(REGULAR_LTO_OBJECT) {
            set.push(r);
        }
        set
    }

    fn modules(&self) -> impl Iterator<Item = &ObjectInfo> {
        self.inv.modules.iter().map(|m| &self.inv.objects[m.object])
    }

    /// Check 1: Every indexed IR object has a fresh, valid native; no stale natives linger.
    fn coverage(&self, out: &mut Vec<Finding>) {
        use Severity::*;
        let mut machines: BTreeMap<u16, usize> = BTreeMap::new();
        for o in self.link_set() {
            if let Some(m) = o.machine {
                *machines.entry(m).or_default() += 1;
            }
        }
        let machine = machines.iter().max_by_key(|(_, n)| **n).map(|(m, _)| *m);
        let root = &self.inv.objtree;
        let mtime = |p: &str| std::fs::metadata(root.join(p)).and_then(|m| m.modified()).ok();
        for ir in &self.index {
            let n = native_name(ir);
            let meta = std::fs::metadata(root.join(&n));
            let Ok(meta) = meta else {
                out.push(Finding::new(Error, "coverage.missing-native", vec![ir.clone()], format!("no native {n}")));
                continue;
            };
            if meta.len() == 0 {
                out.push(Finding::new(Error, "coverage.empty-native", vec![n], "the native object is empty"));
                continue;
            }
            let Some(native) = self.object(&n) else { continue };
            if native.kind != ObjectKind::ElfRel {
                out.push(Finding::new(
                    Error,
                    "coverage.not-relocatable",
                    vec![n],
                    "the native is not an ELF relocatable object",
                ));
                continue;
            }
            if native.machine != machine {
                let msg = format!("e_machine {:?} differs from the rest of vmlinux ({:?})", native.machine, machine);
                out.push(Finding::new(Error, "coverage.machine-mismatch", vec![n.clone()], msg));
            }
            let newest_input = [mtime(ir), mtime(&naming::shard_for(ir))].into_iter().flatten().max();
            if let (Some(native_t), Some(input_t)) = (meta.modified().ok(), newest_input) {
                if native_t < input_t && !self.fresh_by_key(&n) {
                    out.push(Finding::new(
                        Error,
                        "coverage.stale-native",
                        vec![n, ir.clone()],
                        "the native is older than its bitcode or index shard",
                    ));
                }
            }
        }
        // Natives of objects the index no longer lists.
        let indexed: HashSet<&str> = self.index.iter().map(String::as_str).collect();
        for o in &self.inv.objects {
            if let Some(ir) = naming::ir_for_native(&o.path).filter(|_| o.roles.vmlinux) {
                if !indexed.contains(ir.as_str()) {
                    out.push(Finding::new(
                        Error,
                        "coverage.orphan-native",
                        vec![o.path.clone()],
                        format!("vmlinux.a links this native, but {INDEX_LIST} no longer lists {ir}"),
                    ));
                }
            }
        }
    }

    /// A native is fresh by content when the pipeline recorded the key it was built
    /// from and that key is still what its inputs hash to (with the compiler the
    /// pipeline used, as recorded). The keys are computed once per run.
    fn fresh_by_key(&self, native: &str) -> bool {
        let root = &self.inv.objtree;
        let Ok(cache) = crate::pipeline::cache::Cache::open(&root.join(".thinpost-cache"), u64::MAX) else {
            return false;
        };
        let Some((recorded, compiler)) = cache.recorded(native) else { return false };
        let keys = self.current_keys.get_or_init(|| {
            let mut tools = crate::pipeline::tools::Toolchain::resolve(&Default::default());
            if !compiler.is_empty() {
                tools.cc = compiler.clone();
            }
            crate::pipeline::plan_backends(root, &tools)
                .map(|jobs| jobs.into_iter().map(|j| (j.output, j.key)).collect())
                .unwrap_or_default()
        });
        keys.get(native) == Some(&recorded)
    }

    /// Check 2: Every export of an IR object survives in its native, unchanged. A symbol the
    /// IR defined must still be defined (unless it was a weak definition that a strong
    /// one elsewhere overrides); a symbol the IR only referenced (export-only files
    /// such as `lib/xz/xz_dec_syms.c`) must be defined somewhere in the link.
    fn export_survival(&self, lds: &HashSet<String>, out: &mut Vec<Finding>) {
        let link = self.link_set();
        let mut strong: HashSet<&str> = HashSet::new();
        let mut any: HashSet<&str> = HashSet::new();
        for o in &link {
            for s in o.symbols.iter().filter(|s| s.defined) {
                match s.binding {
                    Binding::Global => {
                        strong.insert(&s.name);
                        any.insert(&s.name);
                    }
                    Binding::Weak | Binding::Other => {
                        any.insert(&s.name);
                    }
                    Binding::Local => {}
                }
            }
        }
        for ir_path in &self.index {
            let (Some(ir), Some(native)) = (self.object(ir_path), self.object(&native_name(ir_path))) else { continue };
            let ir_def = |name: &str| {
                ir.ir
                    .as_ref()
                    .and_then(|d| d.symbols.iter().find(|s| s.name == name && s.is_linker_visible_definition()))
            };
            for e in ir.exports.iter().filter(|e| e.is_well_formed()) {
                let defined = native
                    .symbols
                    .iter()
                    .any(|s| s.name == e.target && s.defined && matches!(s.binding, Binding::Global | Binding::Weak));
                let objs = vec![ir.path.clone(), native.path.clone()];
                let lost = match ir_def(&e.target) {
                    Some(def) => !(defined || def.flags & irflags::WEAK != 0 && strong.contains(e.target.as_str())),
                    None => false,
                };
                if lost {
                    let msg = format!(
                        "exported symbol `{}` is defined in the IR but not GLOBAL or WEAK in the native",
                        e.target
                    );
                    out.push(Finding::new(Severity::Error, "export.lost", objs, msg));
                    continue;
                }
                if ir_def(&e.target).is_none() && !any.contains(e.target.as_str()) && !lds.contains(&e.target) {
                    let msg =
                        format!("exported symbol `{}` is defined nowhere in vmlinux or its linker scripts", e.target);
                    out.push(Finding::new(Severity::Error, "export.undefined", objs, msg));
                    continue;
                }
                match native.exports.iter().find(|n| n.label == e.label) {
                    None => out.push(Finding::new(
                        Severity::Error,
                        "export.label-missing",
                        objs,
                        format!("the native's .export_symbol has no `{}`", e.label),
                    )),
                    Some(n) if n.license_raw != e.license_raw => out.push(Finding::new(
                        Severity::Error,
                        "export.license-changed",
                        objs,
                        format!(
                            "`{}`: licence {:?} in the IR, {:?} in the native",
                            e.target, e.license_raw, n.license_raw
                        ),
                    )),
                    Some(n) if n.namespace != e.namespace => out.push(Finding::new(
                        Severity::Error,
                        "export.namespace-changed",
                        objs,
                        format!(
                            "`{}`: namespace {:?} in the IR, {:?} in the native",
                            e.target, e.namespace, n.namespace
                        ),
                    )),
                    Some(_) => {}
                }
            }
        }
    }

    /// Exports the kernel would get: (object, exported symbol, CRC lines to look in).
    fn exports(&self) -> Vec<(&ObjectInfo, &str, Vec<&ObjectInfo>)> {
        let mut v = Vec::new();
        for o in self.link_set() {
            for e in o.exports.iter().filter(|e| e.is_well_formed()) {
                v.push((o, e.target.as_str(), vec![o]));
            }
        }
        for m in &self.inv.modules {
            let obj = &self.inv.objects[m.object];
            let members: Vec<&ObjectInfo> = m.members.iter().map(|&i| &self.inv.objects[i]).collect();
            for e in obj.exports.iter().filter(|e| e.is_well_formed()) {
                v.push((obj, e.target.as_str(), members.clone()));
            }
        }
        v
    }

    /// Check 3: Every export has a valid CRC; one CRC per symbol; orphans noted; where a
    /// `.symtypes` file exists (`KBUILD_SYMTYPES=1`), the CRC must be what genksyms'
    /// expansion of it hashes to, or the `.cmd` (or `.symtypes`) file is stale.
    fn crc_coverage(&self, out: &mut Vec<Finding>) {
        let mut crc_of: HashMap<&str, (u32, &str)> = HashMap::new();
        let mut symtypes: HashMap<String, Option<crate::kbuild::symtypes::Symtypes>> = HashMap::new();
        let mut exported: HashSet<(&str, &str)> = HashSet::new();
        for (obj, sym, sources) in self.exports() {
            let found =
                sources.iter().flat_map(|s| s.crcs().iter().map(move |c| (c, *s))).rfind(|(c, _)| c.symbol == sym);
            for s in &sources {
                exported.insert((s.cmd_path.as_str(), sym));
            }
            let Some((crc, src)) = found else {
                out.push(Finding::new(
                    Severity::Error,
                    "crc.missing",
                    vec![obj.path.clone()],
                    format!("`{sym}` has no #SYMVER CRC (modpost: \"version generation failed\")"),
                ));
                continue;
            };
            let types_path = naming::symtypes_for(&src.path);
            let types = symtypes.entry(types_path.clone()).or_insert_with(|| {
                std::fs::read_to_string(self.inv.objtree.join(&types_path))
                    .ok()
                    .and_then(|t| crate::kbuild::symtypes::parse(&t).ok())
            });
            if let Some(expansion) = types.as_ref().and_then(|t| t.expand(sym)) {
                if expansion.crc != crc.crc {
                    out.push(Finding::new(
                        Severity::Error,
                        "crc.stale",
                        vec![src.cmd_path.clone(), types_path.clone()],
                        format!(
                            "`{sym}`: #SYMVER CRC {:#010x} is not genksyms' CRC of its expansion ({:#010x}): modules built against it will be refused at load time",
                            crc.crc, expansion.crc
                        ),
                    ));
                }
            }
            match crc_of.get(sym) {
                Some(&(prev, prev_cmd)) if prev != crc.crc => out.push(Finding::new(
                    Severity::Error,
                    "crc.conflict",
                    vec![prev_cmd.to_string(), src.cmd_path.clone()],
                    format!("`{sym}` has CRC {prev:#010x} in one and {:#010x} in the other", crc.crc),
                )),
                _ => {
                    crc_of.insert(sym, (crc.crc, src.cmd_path.as_str()));
                }
            }
        }
        let mut orphans = 0;
        let mut files = BTreeMap::new();
        let mut seen_cmd: HashSet<&str> = HashSet::new();
        for o in self
            .link_set()
            .into_iter()
            .chain(self.inv.modules.iter().flat_map(|m| m.members.iter().map(|&i| &self.inv.objects[i])))
        {
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

    /// Check 4: A symbol exported twice; a strong global defined in two linked objects.
    fn duplicates(&self, out: &mut Vec<Finding>) {
        let mut first: HashMap<&str, &str> = HashMap::new();
        for (obj, sym, _) in self.exports() {
            if let Some(prev) = first.insert(sym, obj.path.as_str()) {
                if prev != obj.path {
                    out.push(Finding::new(
                        Severity::Error,
                        "export.duplicate",
                        vec![prev.to_string(), obj.path.clone()],
                        format!("`{sym}` is exported by both"),
                    ));
                }
            }
        }
        let mut defined: HashMap<&str, &str> = HashMap::new();
        for o in self.link_set() {
            for s in &o.symbols {
                if s.defined && s.binding == Binding::Global && s.section.as_deref() != Some("*COM*") {
                    if let Some(prev) = defined.insert(s.name.as_str(), o.path.as_str()) {
                        out.push(Finding::new(
                            Severity::Error,
                            "symbol.duplicate-definition",
                            vec![prev.to_string(), o.path.clone()],
                            format!("strong global `{}` is defined in both: the link will fail", s.name),
                        ));
                    }
                }
            }
        }
    }

    /// Check 5: Undefined symbols nothing will provide, in vmlinux and in modules.
    fn unresolved(&self, lds: &HashSet<String>, out: &mut Vec<Finding>) {
        let link = self.link_set();
        let mut provided: HashSet<&str> = HashSet::new();
        let mut sections: HashSet<&str> = HashSet::new();
        for o in &link {
            for s in &o.symbols {
                if s.defined && matches!(s.binding, Binding::Global | Binding::Weak | Binding::Other) {
                    provided.insert(&s.name);
                }
                if let Some(sec) = &s.section {
                    sections.insert(sec);
                }
            }
        }
        // Only native objects: an IR object's undefined references may be dropped by
        // code generation (`__compiletime_assert_*`).
        for o in link.iter().filter(|o| o.kind == ObjectKind::ElfRel) {
            for s in o.symbols.iter().filter(|s| !s.defined && s.binding == Binding::Global) {
                let n = s.name.as_str();
                let bracket = n.strip_prefix("__start_").or_else(|| n.strip_prefix("__stop_"));
                if provided.contains(n) || lds.contains(n) || bracket.is_some_and(|sec| sections.contains(sec)) {
                    continue;
                }
                out.push(Finding::new(
                    Severity::Error,
                    "symbol.unresolved",
                    vec![o.path.clone()],
                    format!("`{n}` is undefined and nothing in vmlinux or its linker scripts defines it"),
                ));
            }
        }
        let mut exports: HashSet<&str> = HashSet::new();
        for (_, sym, _) in self.exports() {
            exports.insert(sym);
        }
        for m in self.modules() {
            for s in m.symbols.iter().filter(|s| !s.defined && s.binding == Binding::Global) {
                if matches!(s.name.as_str(), "__this_module" | "_GLOBAL_OFFSET_TABLE_")
                    || exports.contains(s.name.as_str())
                {
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
