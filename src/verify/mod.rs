//! Pre-link verification of a distributed-ThinLTO tree: everything that would make the
//! kernel wrong or unloadable, found before the final link and before modpost, with
//! the object at fault named. Reads the tree once (the scan core) and never writes.
//!
//! The checks, each in its file: coverage of the index by natives ([`coverage`]);
//! exports, their CRCs and duplicates ([`exports`]); definitions and references across
//! the link, with what the final link adds modelled per kernel version and
//! configuration ([`link`], [`crate::kbuild::final_link`]); ThinLTO's renames and the
//! IR against the natives ([`symbols`]).

mod coverage;
mod exports;
pub mod finding;
mod link;
mod symbols;

pub use symbols::promoted_base;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::error::Error;
use crate::inventory::{self, DamagedObject, Inventory, ObjectInfo, ScanErrors, ScanOptions};
use crate::kbuild::config::Config;
use crate::kbuild::exports::{exports_with_vmlinux, TreeExport};
use crate::kbuild::final_link::{self, FinalLink, FinalLinkInputs};
use crate::kbuild::linker_script::LinkerScripts;
use crate::kbuild::naming::native_for as native_name;
use crate::kbuild::tree::{behaviour_for, ObjTree};
use crate::kbuild::version::{self, Behaviour, KernelVersion};
use crate::pipeline::{INDEX_LIST, REGULAR_LTO_OBJECT};
pub use finding::{Finding, Severity};

/// Options of `thinpost verify`.
#[derive(Clone, Debug, Default)]
pub struct VerifyOptions {
    pub objtree: PathBuf,
    /// Symbols that must keep their names (livepatch / kprobe targets).
    pub keep: Vec<String>,
    pub jobs: Option<usize>,
    /// The kernel version whose kbuild and modpost to model (default: the tree's).
    pub kernel_version: Option<KernelVersion>,
}

/// The result of a run.
#[derive(Clone, Debug)]
pub struct Verification {
    /// Sorted.
    pub findings: Vec<Finding>,
    /// The kernel version whose behaviour was modelled.
    pub behaviour: Behaviour,
    /// A line to print when the version was not found or is outside what thinpost knows.
    pub version_note: Option<String>,
    /// The exports the final link will carry, resolved by modpost's rules from the
    /// objects it reads (what modpost will write into `Module.symvers`).
    pub exports: Vec<TreeExport>,
}

/// Runs every check.
pub fn verify(opts: &VerifyOptions) -> Result<Verification, ScanErrors> {
    ObjTree::open(&opts.objtree)?;
    let (behaviour, version_note) = behaviour_for(&opts.objtree, opts.kernel_version, version::NEWEST);
    let config = Config::read(&opts.objtree);
    let mut inv = inventory::scan_link(&opts.objtree, &ScanOptions { jobs: opts.jobs })?;
    if inv.vmlinux_source == inventory::VmlinuxSource::None {
        let msg = "no vmlinux.a, .vmlinux.objs or builtin.order: no vmlinux objects to verify";
        return Err(Error::parse(&opts.objtree, crate::error::ParseError::whole(msg)).into());
    }
    add_regular_lto_object(&mut inv)?;
    let scripts = LinkerScripts::read(&opts.objtree)?;
    let tree = Tree::new(&inv, behaviour, &config, &scripts)?;
    let mut out = Vec::new();
    if inv.thinlto_index.is_none() {
        out.push(Finding::new(
            Severity::Note,
            "coverage.no-index",
            Vec::new(),
            format!(
                "no {INDEX_LIST}: in-process ThinLTO, or before the thin-link of a distributed build; IR-vs-native checks skipped"
            ),
        ));
    }
    // The checks only read the tree: they run side by side, and their findings are
    // sorted afterwards.
    type Check<'t> = Box<dyn Fn(&mut Vec<Finding>) -> Result<(), ScanErrors> + Send + Sync + 't>;
    let t = &tree;
    let modversions = config.enabled("MODVERSIONS");
    let checks: Vec<Check<'_>> = vec![
        Box::new(|o| {
            t.coverage(o);
            t.export_survival(o);
            Ok(())
        }),
        Box::new(|o| {
            if modversions {
                t.crc_coverage(o);
            }
            t.exported_twice(o);
            Ok(())
        }),
        Box::new(|o| {
            t.duplicate_definitions(o);
            t.unresolved(o);
            Ok(())
        }),
        Box::new(|o| t.renames(&opts.keep, o)),
        Box::new(|o| {
            t.ir_vs_native(o);
            Ok(())
        }),
    ];
    let found: Vec<Result<Vec<Finding>, ScanErrors>> = checks
        .par_iter()
        .map(|check| {
            let mut v = Vec::new();
            check(&mut v).map(|()| v)
        })
        .collect();
    for f in found {
        out.extend(f?);
    }
    finding::sort(&mut out);
    let exports = tree.exports.clone();
    Ok(Verification { findings: out, behaviour, version_note, exports })
}

/// The thin-link's regular-LTO object (`vmlinux.lto-regular.o`, written by `thinpost
/// build` for split LTO units), when it defines anything and `vmlinux.a` does not list
/// it yet.
fn add_regular_lto_object(inv: &mut Inventory) -> Result<(), ScanErrors> {
    let regular = inv.objtree.join(REGULAR_LTO_OBJECT);
    if inv.thinlto_index.is_none() || inv.object(REGULAR_LTO_OBJECT).is_some() || !regular.is_file() {
        return Ok(());
    }
    let mut info = inventory::read_object(&regular)?;
    info.path = REGULAR_LTO_OBJECT.to_string();
    if info.defined_globals().next().is_some() {
        inv.objects.push(info);
    }
    Ok(())
}

/// The inventory, with the objects the link would see.
struct Tree<'a> {
    inv: &'a Inventory,
    behaviour: Behaviour,
    config: &'a Config,
    /// IR objects the thin-link indexed.
    index: Vec<String>,
    by_path: HashMap<&'a str, usize>,
    damaged: HashMap<&'a str, &'a DamagedObject>,
    /// The objects the final link reads, as indexes into `inv.objects`.
    link: Vec<usize>,
    /// Names defined GLOBAL or WEAK by some object of the link.
    defined: HashSet<&'a str>,
    /// What the final vmlinux link adds.
    final_link: FinalLink,
    /// The exports the kernel would get, by modpost's rules, with vmlinux made of the
    /// objects of the link.
    exports: Vec<TreeExport>,
    /// The `e_machine` most objects of the link have.
    machine: Option<u16>,
}

impl<'a> Tree<'a> {
    fn new(
        inv: &'a Inventory,
        behaviour: Behaviour,
        config: &'a Config,
        scripts: &LinkerScripts,
    ) -> Result<Self, ScanErrors> {
        let index = inv.thinlto_index.clone().unwrap_or_default();
        let by_path: HashMap<&str, usize> = inv.objects.iter().enumerate().map(|(i, o)| (o.path.as_str(), i)).collect();
        let damaged = inv.damaged.iter().map(|d| (d.path.as_str(), d)).collect();
        let link = link_set(inv, &index, &by_path);
        let mut defined = HashSet::new();
        let mut machines: BTreeMap<u16, usize> = BTreeMap::new();
        let mut input_sections = HashSet::new();
        for &i in &link {
            let o = &inv.objects[i];
            defined.extend(o.defined_globals().map(|s| s.name.as_str()));
            if let Some(m) = o.machine {
                *machines.entry(m).or_default() += 1;
            }
            input_sections.extend(o.c_identifier_sections.iter().cloned());
        }
        let machine = machines.iter().max_by_key(|(_, n)| **n).map(|(m, _)| *m);
        let library_definitions = library_definitions(inv)?;
        let final_link = FinalLink::new(&FinalLinkInputs {
            behaviour,
            config,
            machine,
            scripts,
            input_sections: &input_sections,
            library_definitions: &library_definitions,
        });
        let exports = exports_with_vmlinux(inv, &link);
        Ok(Tree { inv, behaviour, config, index, by_path, damaged, link, defined, final_link, exports, machine })
    }

    fn object(&self, path: &str) -> Option<&'a ObjectInfo> {
        self.by_path.get(path).map(|&i| &self.inv.objects[i])
    }

    fn link_objects(&self) -> impl Iterator<Item = &'a ObjectInfo> + '_ {
        self.link.iter().map(|&i| &self.inv.objects[i])
    }

    fn modules(&self) -> impl Iterator<Item = &'a ObjectInfo> + '_ {
        self.inv.modules.iter().map(|m| &self.inv.objects[m.object])
    }

    /// Each indexed IR object with its native, when both were read.
    fn ir_and_natives(&self) -> impl Iterator<Item = (&'a ObjectInfo, &'a ObjectInfo)> + '_ {
        self.index.iter().filter_map(|ir| Some((self.object(ir)?, self.object(&native_name(ir))?)))
    }
}

/// The objects the final link reads: each `builtin.order` object (else each vmlinux.a
/// member) — or, when the index lists it, its native (its IR stands in for a native that
/// cannot be read, so that one missing native is reported once, not again for every
/// symbol it would define) — then the regular-LTO object of the thin-link.
/// (`scripts/Makefile.vmlinux_a` builds `vmlinux.a` from the same mapping.)
fn link_set(inv: &Inventory, index: &[String], by_path: &HashMap<&str, usize>) -> Vec<usize> {
    let indexed: HashSet<&str> = index.iter().map(String::as_str).collect();
    let from_order: Vec<usize> = (0..inv.objects.len()).filter(|&i| inv.objects[i].roles.thinlto_input).collect();
    let base = if from_order.is_empty() {
        inv.vmlinux.iter().copied().filter(|&i| inv.objects[i].path != REGULAR_LTO_OBJECT).collect()
    } else {
        from_order
    };
    let mut set: Vec<usize> = base
        .into_iter()
        .map(|i| {
            let path = inv.objects[i].path.as_str();
            if indexed.contains(path) {
                by_path.get(native_name(path).as_str()).copied().unwrap_or(i)
            } else {
                i
            }
        })
        .collect();
    if let Some(&r) = by_path.get(REGULAR_LTO_OBJECT) {
        set.push(r);
    }
    set
}

/// Global definitions of the `KBUILD_VMLINUX_LIBS` archives' members (6.12 with
/// `CONFIG_MODULES=n`); the archives are read only when `.vmlinux.o.cmd` names some.
fn library_definitions(inv: &Inventory) -> Result<HashSet<String>, ScanErrors> {
    let mut out = HashSet::new();
    for archive in final_link::library_archives(&inv.objtree) {
        let path = inv.objtree.join(&archive);
        for m in crate::formats::archive::read_flattened(&path)? {
            let info = match m.data {
                crate::formats::archive::MemberData::External(p) => inventory::read_object(&p)?,
                crate::formats::archive::MemberData::Embedded { .. } => {
                    let e = std::io::Error::other("a regular (not thin) KBUILD_VMLINUX_LIBS archive is not read");
                    return Err(Error::io(&path, e).into());
                }
            };
            out.extend(info.defined_globals().map(|s| s.name.clone()));
        }
    }
    Ok(out)
}
