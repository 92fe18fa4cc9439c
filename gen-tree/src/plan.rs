//! The shape of a generated tree, decided before any file is written: which objects
//! exist, what each defines, exports and references. Planning is sequential and cheap
//! (a few hundred thousand names); writing the files from a plan is parallel.
//!
//! Rules that keep modpost quiet (`-M -m -E`, exit 0, no warnings):
//! - every global name is unique across the whole tree, so nothing is exported twice and
//!   `ld -r` of vmlinux sees no duplicate definitions;
//! - a module imports only exports of vmlinux or of modules planned before it (no
//!   dependency cycles, no "undefined!"), never `module_layout` itself;
//! - every export has a `#SYMVER` CRC; all module licences are GPL-compatible;
//! - a module lists in `import_ns=` every namespace it uses.
//!
//! Section-mismatch rules are kept by the object writer (see `elf.rs`).

use std::collections::{HashMap, HashSet};

use super::names::*;
use super::rng::Rng;
use super::Config;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymKind {
    Func,
    Data,
}

/// One `EXPORT_SYMBOL*` of a symbol defined in the same object.
#[derive(Clone, Debug)]
pub struct Export {
    pub name: String,
    pub kind: SymKind,
    pub gpl: bool,
    /// Empty for no namespace.
    pub namespace: &'static str,
    pub crc: u32,
}

/// The module-only parts of an object (its `.modinfo`).
#[derive(Clone, Debug)]
pub struct ModuleInfo {
    pub license: &'static str,
    pub author: &'static str,
    pub description: String,
    /// Namespaces of the imports, first use first.
    pub import_ns: Vec<&'static str>,
}

/// One object file: a vmlinux member, or a single-object module.
#[derive(Clone, Debug)]
pub struct Unit {
    /// `drivers/net/foo.o`, relative to the tree.
    pub path: String,
    /// Prefix of this object's symbol names (derived from the file name).
    pub prefix: String,
    pub module: Option<ModuleInfo>,
    /// Exported definitions, in `.export_symbol` order.
    pub exports: Vec<Export>,
    /// Global definitions that are not exported.
    pub globals: Vec<(String, SymKind)>,
    /// Symbols referenced but not defined here: a module's imports, or another vmlinux
    /// member's globals for vmlinux.
    pub imports: Vec<(String, SymKind)>,
}

impl Unit {
    /// `drivers/net/foo` (the module name for modpost).
    pub fn stem(&self) -> &str {
        self.path.strip_suffix(".o").unwrap_or(&self.path)
    }

    pub fn dir(&self) -> &str {
        self.path.rsplit_once('/').map_or("", |(d, _)| d)
    }

    pub fn base(&self) -> &str {
        let file = self.path.rsplit_once('/').map_or(self.path.as_str(), |(_, f)| f);
        file.strip_suffix(".o").unwrap_or(file)
    }
}

#[derive(Clone, Debug)]
pub struct Plan {
    /// vmlinux members in archive (link) order.
    pub vmlinux: Vec<Unit>,
    /// Modules in dependency order: each imports only from vmlinux and earlier modules.
    pub modules: Vec<Unit>,
    /// Indices into `modules` in `modules.order` order (directory order, as kbuild
    /// descends), which is unrelated to the dependency order.
    pub modules_order: Vec<usize>,
}

/// The share of exports that modules (rather than vmlinux) provide.
const MODULE_EXPORT_SHARE: f64 = 0.4;
/// The share of modules that export anything.
const EXPORTING_MODULES: f64 = 0.3;
/// The share of exporting objects whose exports carry a namespace.
const NAMESPACED_OBJECTS: f64 = 0.04;
/// The share of exports that are data rather than functions (tiny-6.12: 209 of 3603).
const DATA_EXPORTS: f64 = 0.06;
/// How often a module's import comes from an earlier module rather than vmlinux
/// (about 40% of modules then depend on no other module).
const MODULE_TO_MODULE: f64 = 0.05;
/// The share of the most popular exports that carry no namespace (`kfree`,
/// `_printk`, … are plain `EXPORT_SYMBOL`s).
const PLAIN_TOP: f64 = 0.25;

const STREAM_PLAN: u64 = 1;
const STREAM_CRC: u64 = 2;

pub fn plan(config: &Config) -> Plan {
    let mut rng = Rng::derive(config.seed, STREAM_PLAN, 0);
    let mut names = NameSet::default();
    let mut paths = HashSet::new();
    let mut vmlinux = vmlinux_units(config, &mut rng, &mut names, &mut paths);
    let (mut modules, modules_order) = module_units(config, &mut rng, &mut paths);

    let module_exports = if modules.is_empty() {
        0
    } else {
        ((config.exports.saturating_sub(1)) as f64 * MODULE_EXPORT_SHARE).round() as usize
    };
    let vmlinux_exports = config.exports.saturating_sub(1 + module_exports);
    add_exports(&mut vmlinux, vmlinux_exports, 0.55, 1.0, config.seed, &mut rng, &mut names);
    let exporting = ((modules.len() as f64 * EXPORTING_MODULES).ceil() as usize).min(modules.len());
    let idle_modules = 1.0 - exporting as f64 / modules.len().max(1) as f64;
    add_exports(&mut modules, module_exports, idle_modules, 1.4, config.seed, &mut rng, &mut names);
    add_module_layout(&mut vmlinux, config.seed);

    for unit in vmlinux.iter_mut().chain(modules.iter_mut()) {
        add_globals(unit, &mut rng, &mut names);
    }
    let popular = popularity(&vmlinux, &mut rng);
    add_vmlinux_references(&mut vmlinux, &popular, &mut rng);
    add_module_imports(&popular, &mut modules, &mut rng);
    Plan { vmlinux, modules, modules_order }
}

/// Globally unique symbol names.
#[derive(Default)]
struct NameSet(HashSet<String>);

impl NameSet {
    /// `<prefix>_<verb>_<noun>`, made unique with a number when needed.
    fn fresh(&mut self, prefix: &str, rng: &mut Rng) -> String {
        unique(&mut self.0, &format!("{prefix}_{}_{}", rng.pick(VERBS), rng.pick(NOUNS)), "")
    }

    fn reserve(&mut self, name: &str) {
        self.0.insert(name.to_string());
    }
}

fn weighted<'a>(rng: &mut Rng, items: &'a [(&'a str, u32)]) -> &'a str {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.below(total as usize) as u32;
    for (item, w) in items {
        if x < *w {
            return item;
        }
        x -= w;
    }
    unreachable!("x < total")
}

/// `base`, or `base<sep><n>` for the first free `n`, recorded in `taken`.
fn unique(taken: &mut HashSet<String>, base: &str, sep: &str) -> String {
    if taken.insert(base.to_string()) {
        return base.to_string();
    }
    (2..).map(|n| format!("{base}{sep}{n}")).find(|name| taken.insert(name.clone())).expect("some number is free")
}

/// Directories and file names: `<top>/<subsystem>/<stem>_<stem>.o`, grouped by
/// directory in the order of `tops`, a few to a few dozen objects per directory.
/// `taken` holds the `dir/base` of every object so far (vmlinux and modules share
/// directories).
fn layout(count: usize, tops: &[(&str, u32)], rng: &mut Rng, taken: &mut HashSet<String>) -> Vec<(String, String)> {
    let mut dirs: Vec<(usize, String, usize)> = Vec::new(); // (top index, dir, objects)
    let mut dir_index: HashMap<String, usize> = HashMap::new();
    let mut placed = 0;
    while placed < count {
        let top = weighted(rng, tops);
        let top_index = tops.iter().position(|(t, _)| *t == top).expect("picked from tops");
        let mut dir = top.to_string();
        for _ in 0..rng.range(0, 2) {
            dir = format!("{dir}/{}", rng.pick(SUBSYSTEMS));
        }
        let n = rng.skewed(8.0, 0.8, 1, 60).min(count - placed);
        match dir_index.get(&dir) {
            Some(&i) => dirs[i].2 += n,
            None => {
                dir_index.insert(dir.clone(), dirs.len());
                dirs.push((top_index, dir, n));
            }
        }
        placed += n;
    }
    // kbuild descends the top-level directories in a fixed order.
    dirs.sort_by_key(|(top, _, _)| *top);
    let mut out = Vec::with_capacity(count);
    for (_, dir, n) in dirs {
        for _ in 0..n {
            let path = unique(taken, &format!("{dir}/{}_{}", rng.pick(STEMS), rng.pick(STEMS)), "");
            let base = path.rsplit_once('/').expect("has a directory").1.to_string();
            out.push((dir.clone(), base));
        }
    }
    out
}

fn unit(dir: &str, base: &str, module: Option<ModuleInfo>) -> Unit {
    // Symbol prefixes are short, as in real code: the file's first stem.
    let prefix = base.split('_').next().unwrap_or(base).to_string();
    Unit {
        path: format!("{dir}/{base}.o"),
        prefix,
        module,
        exports: Vec::new(),
        globals: Vec::new(),
        imports: Vec::new(),
    }
}

fn vmlinux_units(config: &Config, rng: &mut Rng, names: &mut NameSet, paths: &mut HashSet<String>) -> Vec<Unit> {
    for reserved in ["module_layout", "init_module", "cleanup_module", "__this_module"] {
        names.reserve(reserved);
    }
    paths.insert("kernel/module/version".to_string());
    let mut units: Vec<Unit> = layout(config.objects.saturating_sub(1), VMLINUX_TOPS, rng, paths)
        .iter()
        .map(|(dir, base)| unit(dir, base, None))
        .collect();
    // kernel/module/version.o exports module_layout; it goes where kernel/module is.
    let at = units.iter().position(|u| u.path.starts_with("kernel/module/")).unwrap_or(units.len().min(1));
    units.insert(at, unit("kernel/module", "version", None));
    units
}

fn module_units(config: &Config, rng: &mut Rng, paths: &mut HashSet<String>) -> (Vec<Unit>, Vec<usize>) {
    let mut basenames = HashSet::new();
    let listed: Vec<Unit> = layout(config.modules, MODULE_TOPS, rng, paths)
        .into_iter()
        .map(|(dir, base)| {
            // Module names are unique (MODULE_INFO(depends) uses basenames). The `_<n>`
            // form cannot meet another path: `layout` numbers without the `_`.
            let base = unique(&mut basenames, &base, "_");
            let info = ModuleInfo {
                license: weighted(rng, LICENSES),
                author: rng.pick(AUTHORS),
                description: format!("{} {} driver", base.replace('_', " "), rng.pick(NOUNS)),
                import_ns: Vec::new(),
            };
            unit(&dir, &base, Some(info))
        })
        .collect();
    // Dependency order is a random permutation of the listing order.
    let mut order: Vec<usize> = (0..listed.len()).collect();
    rng.shuffle(&mut order);
    let mut slots: Vec<Option<Unit>> = listed.into_iter().map(Some).collect();
    let modules = order.iter().map(|&i| slots[i].take().unwrap()).collect();
    let mut modules_order = vec![0; order.len()];
    for (dep_index, &listed_index) in order.iter().enumerate() {
        modules_order[listed_index] = dep_index;
    }
    (modules, modules_order)
}

/// CRCs are any deterministic 32-bit value; genksyms' real ones are CRC-32s of type
/// strings, equally opaque to modpost.
fn crc_for(seed: u64, name: &str) -> u32 {
    let h = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3));
    Rng::derive(seed, STREAM_CRC, h).next_u32()
}

/// Spreads `count` exports over `units`, skewed: a share `idle` of the units export
/// nothing, the rest in proportion to a log-normal weight (lib/ and core files export
/// dozens, most drivers one or two).
fn add_exports(units: &mut [Unit], count: usize, idle: f64, sigma: f64, seed: u64, rng: &mut Rng, names: &mut NameSet) {
    if units.is_empty() || count == 0 {
        return;
    }
    let mut cumulative = Vec::with_capacity(units.len());
    let mut total = 0.0;
    for _ in units.iter() {
        if !rng.chance(idle) {
            total += rng.skewed(1000.0, sigma, 1, usize::MAX) as f64;
        }
        cumulative.push(total);
    }
    if total == 0.0 {
        // Everything came out idle (tiny trees): let every unit export.
        cumulative = (1..=units.len()).map(|i| i as f64).collect();
        total = units.len() as f64;
    }
    let mut per_unit = vec![0usize; units.len()];
    for _ in 0..count {
        let x = rng.unit() * total;
        let i = cumulative.partition_point(|&c| c <= x).min(units.len() - 1);
        per_unit[i] += 1;
    }
    // A few exporting files use a namespace; at least one, so small trees have some.
    let exporting: Vec<usize> = (0..units.len()).filter(|&i| per_unit[i] > 0).collect();
    let mut namespaced = vec![false; units.len()];
    for _ in 0..((exporting.len() as f64 * NAMESPACED_OBJECTS).round() as usize).max(1) {
        namespaced[rng.pick(&exporting)] = true;
    }
    for (i, (unit, n)) in units.iter_mut().zip(per_unit).enumerate() {
        if n == 0 {
            continue;
        }
        // Per file: mostly GPL-only, mostly not, or mixed.
        let gpl_share = rng.pick(&[0.05, 0.5, 0.95]);
        let namespace = if namespaced[i] { rng.pick(NAMESPACES) } else { "" };
        for _ in 0..n {
            let name = names.fresh(&unit.prefix, rng);
            let kind = if rng.chance(DATA_EXPORTS) { SymKind::Data } else { SymKind::Func };
            let crc = crc_for(seed, &name);
            unit.exports.push(Export { name, kind, gpl: rng.chance(gpl_share), namespace, crc });
        }
    }
}

fn add_module_layout(vmlinux: &mut [Unit], seed: u64) {
    let unit = vmlinux.iter_mut().find(|u| u.path == "kernel/module/version.o").expect("planned");
    unit.exports.insert(
        0,
        Export {
            name: "module_layout".into(),
            kind: SymKind::Func,
            gpl: false,
            namespace: "",
            crc: crc_for(seed, "module_layout"),
        },
    );
}

/// Non-exported global definitions: the helpers other files of the same subsystem call.
fn add_globals(unit: &mut Unit, rng: &mut Rng, names: &mut NameSet) {
    let n = if unit.module.is_some() { rng.range(0, 3) } else { rng.skewed(3.0, 0.7, 1, 20) };
    for _ in 0..n {
        let kind = if rng.chance(0.2) { SymKind::Data } else { SymKind::Func };
        unit.globals.push((names.fresh(&unit.prefix, rng), kind));
    }
}

/// A vmlinux export as importers see it: name, kind, namespace.
type PopularExport = (String, SymKind, &'static str);

/// All vmlinux exports but `module_layout`, most popular first.
fn popularity(vmlinux: &[Unit], rng: &mut Rng) -> Vec<PopularExport> {
    let mut all: Vec<_> = vmlinux
        .iter()
        .flat_map(|u| u.exports.iter())
        .filter(|e| e.name != "module_layout")
        .map(|e| (e.name.clone(), e.kind, e.namespace))
        .collect();
    rng.shuffle(&mut all);
    let top = (all.len() as f64 * PLAIN_TOP) as usize;
    let mut plain = top;
    for i in 0..top {
        if !all[i].2.is_empty() {
            while plain < all.len() && !all[plain].2.is_empty() {
                plain += 1;
            }
            if plain == all.len() {
                break;
            }
            all.swap(i, plain);
            plain += 1;
        }
    }
    all
}

/// vmlinux members call each other: popular exports, other files' helpers, and now and
/// then a linker-script symbol that stays undefined in vmlinux.o.
fn add_vmlinux_references(vmlinux: &mut [Unit], popular: &[PopularExport], rng: &mut Rng) {
    let helpers: Vec<(String, SymKind)> = vmlinux.iter().flat_map(|u| u.globals.iter().cloned()).collect();
    for unit in vmlinux.iter_mut() {
        let n = rng.skewed(12.0, 0.7, 1, 80);
        let mut seen = HashSet::new();
        let mut refs = Vec::with_capacity(n);
        for _ in 0..n {
            let (name, kind) = if !popular.is_empty() && (helpers.is_empty() || rng.chance(0.7)) {
                let (name, kind, _) = &popular[rng.popular_rank(popular.len())];
                (name, *kind)
            } else if !helpers.is_empty() {
                let (name, kind) = &helpers[rng.below(helpers.len())];
                (name, *kind)
            } else {
                continue;
            };
            let own = unit.exports.iter().any(|e| &e.name == name) || unit.globals.iter().any(|g| &g.0 == name);
            if !own && seen.insert(name.clone()) {
                refs.push((name.clone(), kind));
            }
        }
        if rng.chance(0.02) {
            refs.push((rng.pick(LINKER_SCRIPT_SYMBOLS).to_string(), SymKind::Data));
        }
        unit.imports = refs;
    }
}

/// Each module imports a few to ~100 exports (log-normal, median 18), most from
/// vmlinux by popularity, some from modules planned before it.
fn add_module_imports(popular: &[PopularExport], modules: &mut [Unit], rng: &mut Rng) {
    // Exporting modules planned so far; earlier ones are the "core" modules that many use.
    let mut providers: Vec<usize> = Vec::new();
    for i in 0..modules.len() {
        let n = rng.skewed(18.0, 0.85, 2, 120);
        let mut seen = HashSet::new();
        let mut imports = Vec::with_capacity(n);
        let mut namespaces: Vec<&'static str> = Vec::new();
        for _ in 0..n {
            let (name, kind, namespace) =
                if !providers.is_empty() && (popular.is_empty() || rng.chance(MODULE_TO_MODULE)) {
                    let provider = &modules[providers[rng.popular_rank(providers.len())]];
                    let e = &provider.exports[rng.below(provider.exports.len())];
                    (e.name.clone(), e.kind, e.namespace)
                } else if !popular.is_empty() {
                    let (name, kind, ns) = &popular[rng.popular_rank(popular.len())];
                    (name.clone(), *kind, *ns)
                } else {
                    break;
                };
            if seen.insert(name.clone()) {
                if !namespace.is_empty() && !namespaces.contains(&namespace) {
                    namespaces.push(namespace);
                }
                imports.push((name, kind));
            }
        }
        let unit = &mut modules[i];
        unit.imports = imports;
        unit.module.as_mut().expect("a module").import_ns = namespaces;
        if !unit.exports.is_empty() {
            providers.push(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Config {
        Config { objects: 200, modules: 50, exports: 400, seed: 3, ..Config::default() }
    }

    #[test]
    fn counts_match_the_config() {
        let p = plan(&small());
        assert_eq!(p.vmlinux.len(), 200);
        assert_eq!(p.modules.len(), 50);
        let exports: usize = p.vmlinux.iter().chain(&p.modules).map(|u| u.exports.len()).sum();
        assert_eq!(exports, 400);
        let mut order = p.modules_order.clone();
        order.sort();
        assert_eq!(order, (0..50).collect::<Vec<_>>());
    }

    #[test]
    fn every_import_is_exported_by_vmlinux_or_an_earlier_module() {
        let p = plan(&small());
        let vmlinux: HashSet<&str> = p.vmlinux.iter().flat_map(|u| &u.exports).map(|e| e.name.as_str()).collect();
        let mut earlier: HashSet<&str> = HashSet::new();
        for m in &p.modules {
            for (name, _) in &m.imports {
                assert!(vmlinux.contains(name.as_str()) || earlier.contains(name.as_str()), "{name}");
                assert_ne!(name, "module_layout");
            }
            earlier.extend(m.exports.iter().map(|e| e.name.as_str()));
        }
    }

    #[test]
    fn object_paths_and_module_names_are_unique() {
        let p = plan(&Config { objects: 3000, modules: 2000, exports: 100, seed: 5, ..Config::default() });
        let paths: HashSet<&str> = p.vmlinux.iter().chain(&p.modules).map(|u| u.path.as_str()).collect();
        assert_eq!(paths.len(), 5000);
        let names: HashSet<&str> = p.modules.iter().map(|u| u.base()).collect();
        assert_eq!(names.len(), 2000);
    }

    #[test]
    fn global_names_are_unique() {
        let p = plan(&small());
        let mut seen = HashSet::new();
        for u in p.vmlinux.iter().chain(&p.modules) {
            for name in u.exports.iter().map(|e| &e.name).chain(u.globals.iter().map(|g| &g.0)) {
                assert!(seen.insert(name.clone()), "{name} defined twice");
            }
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_plan() {
        let a = plan(&small());
        let b = plan(&small());
        let names = |p: &Plan| p.modules.iter().flat_map(|m| m.imports.iter().map(|i| i.0.clone())).collect::<Vec<_>>();
        assert_eq!(names(&a), names(&b));
        assert_ne!(names(&a), names(&plan(&Config { seed: 4, ..small() })));
    }
}
