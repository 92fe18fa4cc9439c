//! Check 1, coverage: every object the thin-link indexed has a native that the final
//! link can use — present, non-empty, an ELF relocatable object for the machine of the
//! rest, and built from the bitcode and index shard that are there now — and
//! `vmlinux.a` links no native whose object the index no longer lists.

use std::collections::{HashMap, HashSet};

use super::{Finding, Severity, Tree};
use crate::formats::magic::ObjectKind;
use crate::inventory::Damage;
use crate::kbuild::naming::{self, native_for as native_name};
use crate::pipeline::INDEX_LIST;

impl Tree<'_> {
    pub(super) fn coverage(&self, out: &mut Vec<Finding>) {
        use Severity::Error;
        let root = &self.inv.objtree;
        let mtime = |p: &str| std::fs::metadata(root.join(p)).and_then(|m| m.modified()).ok();
        // Natives older than their inputs: stale unless their recorded key says otherwise.
        let mut older = Vec::new();
        for ir in &self.index {
            let n = native_name(ir);
            if let Some(d) = self.damaged.get(n.as_str()) {
                out.push(match &d.damage {
                    Damage::Missing => {
                        Finding::new(Error, "coverage.missing-native", vec![ir.clone()], format!("no native {n}"))
                    }
                    Damage::Empty => {
                        Finding::new(Error, "coverage.empty-native", vec![n], "the native object is empty")
                    }
                    Damage::Malformed(why) => Finding::new(
                        Error,
                        "coverage.not-relocatable",
                        vec![n],
                        format!("the native is not a usable ELF relocatable object: {why}"),
                    ),
                });
                continue;
            }
            let Some(native) = self.object(&n) else { continue };
            if native.kind != ObjectKind::ElfRel {
                out.push(Finding::new(
                    Error,
                    "coverage.not-relocatable",
                    vec![n],
                    format!("the native is not an ELF relocatable object but {:?}", native.kind),
                ));
                continue;
            }
            if native.machine != self.machine {
                let msg =
                    format!("e_machine {:?} differs from the rest of vmlinux ({:?})", native.machine, self.machine);
                out.push(Finding::new(Error, "coverage.machine-mismatch", vec![n.clone()], msg));
            }
            let newest_input = [mtime(ir), mtime(&naming::shard_for(ir))].into_iter().flatten().max();
            if let (Some(native_t), Some(input_t)) = (mtime(&n), newest_input) {
                if native_t < input_t {
                    older.push((ir.clone(), n));
                }
            }
        }
        let fresh = self.fresh_by_key(&older);
        for (ir, n) in older.into_iter().filter(|(_, n)| !fresh.contains(n)) {
            out.push(Finding::new(
                Error,
                "coverage.stale-native",
                vec![n, ir],
                "the native is older than its bitcode or index shard",
            ));
        }
        self.orphan_natives(out);
    }

    /// Natives `vmlinux.a` links whose objects the index no longer lists. kbuild rebuilds
    /// `vmlinux.a` from `builtin.order` and the index right after the backends
    /// (`scripts/Makefile.vmlinux_a`), so this is a fault only when `vmlinux.a` is newer
    /// than both, i.e. will not be rebuilt.
    fn orphan_natives(&self, out: &mut Vec<Finding>) {
        let root = &self.inv.objtree;
        let mtime = |p: &str| std::fs::metadata(root.join(p)).and_then(|m| m.modified()).ok();
        let archive = mtime("vmlinux.a");
        let inputs = [mtime("builtin.order"), mtime(INDEX_LIST)].into_iter().flatten().max();
        if archive.is_none() || inputs.is_some_and(|i| Some(i) > archive) {
            return;
        }
        let indexed: HashSet<&str> = self.index.iter().map(String::as_str).collect();
        let members = self.inv.objects.iter().map(|o| (&o.path, o.roles));
        let damaged = self.inv.damaged.iter().map(|d| (&d.path, d.roles));
        for (path, roles) in members.chain(damaged) {
            let Some(ir) = naming::ir_for_native(path).filter(|_| roles.vmlinux) else { continue };
            if !indexed.contains(ir.as_str()) {
                out.push(Finding::new(
                    Severity::Error,
                    "coverage.orphan-native",
                    vec![path.clone()],
                    format!("vmlinux.a links this native, but {INDEX_LIST} no longer lists {ir}"),
                ));
            }
        }
    }

    /// Of natives older than their inputs, those that are fresh by content: the
    /// pipeline recorded the key it built them from, and that key is still what their
    /// inputs hash to (with the compiler the pipeline used, as recorded). Keys are
    /// computed only for these natives, and nothing is written.
    fn fresh_by_key(&self, older: &[(String, String)]) -> HashSet<String> {
        let cache_dir = self.inv.objtree.join(".thinpost-cache");
        let mut by_compiler: HashMap<String, Vec<(String, String, String)>> = HashMap::new();
        for (ir, n) in older {
            if let Some((key, compiler)) = crate::pipeline::cache::read_record(&cache_dir, n) {
                by_compiler.entry(compiler).or_default().push((ir.clone(), n.clone(), key));
            }
        }
        let mut fresh = HashSet::new();
        for (compiler, natives) in by_compiler {
            let mut tools = crate::pipeline::tools::Toolchain::resolve(&Default::default());
            if !compiler.is_empty() {
                tools.cc = compiler;
            }
            let irs: Vec<String> = natives.iter().map(|(ir, _, _)| ir.clone()).collect();
            let Ok(jobs) = crate::pipeline::plan_backends_for(&self.inv.objtree, &tools, &irs) else { continue };
            let current: HashMap<String, String> = jobs.into_iter().map(|j| (j.output, j.key)).collect();
            for (_, n, recorded) in natives {
                if current.get(&n) == Some(&recorded) {
                    fresh.insert(n);
                }
            }
        }
        fresh
    }
}
