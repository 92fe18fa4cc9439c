//! The modpost replacement: `thinpost modpost <modpost's arguments>`, or the binary
//! invoked through a link named `modpost`.
//!
//! Phases follow `scripts/mod/modpost.c:main` of Linux 6.12: symbol dumps (`-i`), then
//! each object's read phase, then the checks, then the writers. Objects are read (and
//! their `.cmd` CRC files parsed) in parallel; their events are then replayed in
//! modpost's order, so messages, their order and the exit status match modpost's.

pub mod crc_index;
pub mod devtable;
pub mod messages;
pub mod options;
pub mod output;
pub mod read;
pub mod secmismatch;
pub mod srcversion;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::kbuild::cmd::parse_symver;
use crate::kbuild::naming;
use crate::kbuild::symvers::{self, KernelLineError};
use crate::kbuild::version::{self, Behaviour, Change, KernelVersion};
use messages::{Messages, Who};
use options::ModpostOptions;
use read::{Diag, Event, ModuleInfo, ReadSettings};

/// modpost's limit on undefined-symbol reports.
const MAX_UNRESOLVED_REPORTS: usize = 10;

/// `MODULE_NAME_LEN`: `64 - sizeof(Elf_Addr)` of the kernel's ELF class.
fn module_name_len(is_64bit: bool) -> usize {
    if is_64bit {
        56
    } else {
        60
    }
}

/// One export in the global table.
#[derive(Clone, Debug)]
pub struct Export {
    pub name: String,
    pub module: usize,
    pub gpl_only: bool,
    pub namespace: String,
    pub is_func: bool,
    pub crc: Option<u32>,
    pub used: bool,
}

/// A module of the run: from an object, or from a symbol dump.
#[derive(Clone, Debug, Default)]
pub struct Module {
    pub name: String,
    pub is_vmlinux: bool,
    /// Set for modules known only from a `-i` dump: not written, not checked.
    pub dump_file: Option<PathBuf>,
    pub info: ModuleInfo,
    /// Indexes into the export table, in `exported_symbols` order.
    pub exports: Vec<usize>,
    /// For each of `info.unresolved`, the export it resolved to (in another module).
    pub resolved: Vec<Option<usize>>,
    pub missing_namespaces: Vec<String>,
}

/// The state of one run: the modules, the exports, and modpost's counters.
pub struct Run<'w> {
    pub opts: ModpostOptions,
    /// What the tree's kernel version does.
    pub behaviour: Behaviour,
    msgs: Messages,
    /// Directory relative paths are resolved against (modpost's working directory).
    pub base: PathBuf,
    pub modules: Vec<Module>,
    pub exports: Vec<Export>,
    by_name: HashMap<String, Vec<usize>>,
    pub error_occurred: bool,
    nr_unresolved: usize,
    sec_mismatch_count: usize,
    /// thinpost's notes already printed (each once per run).
    notes_printed: Vec<String>,
    err: &'w mut dyn Write,
}

/// Ends the run early (fatal error, perror, usage): the status to exit with.
pub struct Exit(pub i32);

impl<'w> Run<'w> {
    fn path(&self, p: impl AsRef<Path>) -> PathBuf {
        self.base.join(p)
    }

    fn print(&mut self, text: &str) {
        // Diagnostics are best effort: a closed stderr must not change the result.
        let _ = self.err.write_all(text.as_bytes());
    }

    fn warn(&mut self, msg: &str) {
        self.print(&format!("WARNING: modpost: {msg}"));
    }

    fn error(&mut self, msg: &str) {
        self.error_occurred = true;
        self.print(&format!("ERROR: modpost: {msg}"));
    }

    fn diag(&mut self, d: &Diag) -> Result<(), Exit> {
        match d {
            Diag::Warn(m) => self.warn(m),
            Diag::Error(m) => self.error(m),
            Diag::Fatal(m) => {
                self.error(m);
                return Err(Exit(1));
            }
            Diag::Perror(m) => {
                self.print(m);
                return Err(Exit(1));
            }
            Diag::Plain(m) => self.print(m),
        }
        Ok(())
    }

    /// `find_symbol()`: the most recently added export of that name.
    pub fn find_symbol(&self, name: &str) -> Option<usize> {
        let name = name.strip_prefix('.').unwrap_or(name);
        self.by_name.get(name).and_then(|v| v.last().copied())
    }

    fn who(&self, m: usize) -> Who<'_> {
        Who { name: &self.modules[m].name, is_vmlinux: self.modules[m].is_vmlinux }
    }

    fn sym_add_exported(&mut self, module: usize, e: read::FoundExport) -> usize {
        if let Some(prev) = self.find_symbol(&e.name) {
            let owner = self.exports[prev].module;
            if !self.opts.external_module || self.modules[owner].is_vmlinux || owner == module {
                let msg = self.msgs.exported_twice(self.who(module), &e.name, self.who(owner));
                self.error(&msg);
            }
        }
        let idx = self.exports.len();
        self.by_name.entry(e.name.clone()).or_default().push(idx);
        self.exports.push(Export {
            name: e.name,
            module,
            gpl_only: e.gpl_only,
            namespace: e.namespace,
            is_func: e.is_func,
            crc: None,
            used: false,
        });
        self.modules[module].exports.push(idx);
        idx
    }
}

/// The result of reading one input in parallel, before replay.
struct InputResult {
    events: Vec<Event>,
    module: Option<ModuleInfo>,
    /// `#SYMVER` (name, crc) pairs from the module's objects, in list order.
    crcs: Vec<(String, u32)>,
    /// A fatal/perror that ends the run after this input's events.
    tail: Option<Diag>,
    /// `.cmd` files read this run (not found unchanged in the CRC index).
    fresh: Vec<(String, crc_index::Stamp, crc_index::Crcs)>,
}

fn io_message(path: &str, e: &std::io::Error) -> String {
    // perror() style: "<path>: <strerror>".
    let text = e.to_string();
    let text = text.split(" (os error").next().unwrap_or(&text).to_string();
    format!("{path}: {text}\n")
}

/// CRC lines of one module and the `.cmd` files that had to be read for them.
type ModuleCrcs = (Vec<(String, u32)>, Vec<(String, crc_index::Stamp, crc_index::Crcs)>);

/// Reads the object list of a module (`.vmlinux.objs` or `<mod>.mod`) and every
/// `.cmd` file it names, in parallel (skipping those the CRC index has unchanged);
/// returns the CRC lines in list order.
fn read_crcs(base: &Path, module: &ModuleInfo, index: Option<&crc_index::CrcIndex>) -> Result<ModuleCrcs, Diag> {
    let list = if module.is_vmlinux { ".vmlinux.objs".to_string() } else { naming::mod_file_for(&module.name) };
    let data = std::fs::read(base.join(&list)).map_err(|e| Diag::Perror(io_message(&list, &e)))?;
    let text = String::from_utf8_lossy(&data);
    // modpost stops at the first empty line.
    let objects: Vec<&str> = text.split('\n').take_while(|l| !l.is_empty()).collect();
    type One = (crc_index::Crcs, Option<(String, crc_index::Stamp)>);
    let per_object: Vec<Result<One, Diag>> = objects
        .par_iter()
        .map(|obj| {
            let cmd = naming::crc_cmd_for(obj);
            let path = base.join(&cmd);
            let stamp = index.and_then(|_| std::fs::metadata(&path).ok()).map(|m| crc_index::Stamp::of(&m));
            if let (Some(idx), Some(stamp)) = (index, stamp) {
                if let Some(crcs) = idx.get(&cmd, stamp) {
                    return Ok((crcs.clone(), None));
                }
            }
            let bytes = std::fs::read(&path).map_err(|e| Diag::Perror(io_message(&cmd, &e)))?;
            let nul = memchr::memchr(0, &bytes).unwrap_or(bytes.len());
            let crcs: crc_index::Crcs = parse_symver(&bytes[..nul]).into_iter().map(|c| (c.symbol, c.crc)).collect();
            Ok((crcs, stamp.map(|s| (cmd, s))))
        })
        .collect();
    let mut out = Vec::new();
    let mut fresh = Vec::new();
    for r in per_object {
        let (crcs, read) = r?;
        if let Some((cmd, stamp)) = read {
            fresh.push((cmd, stamp, crcs.clone()));
        }
        out.extend(crcs);
    }
    Ok((out, fresh))
}

fn read_input(
    base: &Path,
    filename: &str,
    opts: &ModpostOptions,
    settings: ReadSettings<'_>,
    index: Option<&crc_index::CrcIndex>,
) -> InputResult {
    let mut r = InputResult { events: Vec::new(), module: None, crcs: Vec::new(), tail: None, fresh: Vec::new() };
    if !filename.ends_with(".o") {
        r.events.push(Event::Diag(Diag::Error(format!("{filename}: filename must be suffixed with .o\n"))));
        return r;
    }
    let data = match crate::mapped::read_or_map(&base.join(filename)) {
        Ok(d) if d.is_empty() => {
            // modpost mmaps the file; mmap of 0 bytes fails with EINVAL.
            let e = std::io::Error::from_raw_os_error(22);
            r.tail = Some(Diag::Perror(io_message(filename, &e)));
            return r;
        }
        Ok(d) => d,
        Err(e) if opts.ignore_missing_files => {
            let msg = io_message(filename, &e);
            r.events.push(Event::Diag(Diag::Plain(format!("{} (ignored)\n", msg.trim_end()))));
            return r;
        }
        Err(e) => {
            r.tail = Some(Diag::Perror(io_message(filename, &e)));
            return r;
        }
    };
    // The CRC files depend only on the module's name, so they are read while the
    // object is parsed; only a module that the object turns out to be uses them.
    let name = filename.strip_suffix(".o").unwrap_or(filename);
    let probe = ModuleInfo { name: name.to_string(), is_vmlinux: name == "vmlinux", ..ModuleInfo::default() };
    // With -a every module needs its srcversion, so it is computed alongside too.
    let (obj, (crcs, early_src)) = rayon::join(
        || read::read_object(filename, &data, settings),
        || {
            let crcs = if opts.modversions { Some(read_crcs(base, &probe, index)) } else { None };
            let src = (opts.all_versions && !probe.is_vmlinux).then(|| srcversion::get_src_version(base, name));
            (crcs, src)
        },
    );
    drop(data);
    r.events = obj.events;
    r.module = obj.module;
    if let Some(m) = r.module.as_mut() {
        // After check_sec_ref (the object's events), before module_layout and the CRCs.
        if !m.is_vmlinux && (opts.all_versions || read::modinfo_values(&m.modinfo, "version").next().is_some()) {
            match early_src.unwrap_or_else(|| srcversion::get_src_version(base, name)) {
                Ok(srcversion::SrcVersion::Sum(s)) => m.srcversion = Some(s),
                Ok(srcversion::SrcVersion::Abandoned(warning)) => r.events.push(Event::Diag(warning)),
                Err(fatal) => {
                    r.tail = Some(fatal);
                    return r;
                }
            }
        }
        if opts.modversions {
            m.unresolved.push(("module_layout".to_string(), false));
            match crcs {
                Some(Ok((c, fresh))) => {
                    r.crcs = c;
                    r.fresh = fresh;
                }
                Some(Err(d)) => r.tail = Some(d),
                None => {}
            }
        }
    }
    r
}

/// Reads vmlinux's exports from the native members of a thin archive, in parallel,
/// in archive order (the order `ld -r` would give them in `vmlinux.o`).
fn read_vmlinux_archive(
    base: &Path,
    archive: &Path,
    opts: &ModpostOptions,
    settings: ReadSettings<'_>,
    index: Option<&crc_index::CrcIndex>,
) -> InputResult {
    let mut r = InputResult { events: Vec::new(), module: None, crcs: Vec::new(), tail: None, fresh: Vec::new() };
    let members = match crate::formats::archive::read_flattened(&base.join(archive)) {
        Ok(m) => m,
        Err(e) => {
            r.tail = Some(Diag::Fatal(format!("{e}\n")));
            return r;
        }
    };
    use crate::formats::archive::MemberData;
    // Each regular archive holding members is read once; thin members are read in the
    // parallel loop, one file each.
    let mut archives: HashMap<&Path, crate::mapped::FileData> = HashMap::new();
    for m in &members {
        if let MemberData::Embedded { archive, .. } = &m.data {
            if !archives.contains_key(archive.as_path()) {
                match crate::mapped::read_or_map(archive) {
                    Ok(d) => archives.insert(archive, d),
                    Err(e) => {
                        r.tail = Some(Diag::Perror(io_message(&archive.display().to_string(), &e)));
                        return r;
                    }
                };
            }
        }
    }
    let results: Vec<Result<read::ReadObject, Diag>> = members
        .par_iter()
        .map(|m| {
            let (path, data) = match &m.data {
                MemberData::External(p) => {
                    (p, std::fs::read(p).map_err(|e| Diag::Perror(io_message(&p.display().to_string(), &e)))?)
                }
                MemberData::Embedded { archive, offset, len } => {
                    // Copied out: ELF headers are read in place and need alignment,
                    // which an archive member's offset does not give.
                    let bytes = archives[archive.as_path()]
                        .get(*offset as usize..offset.saturating_add(*len) as usize)
                        .ok_or_else(|| Diag::Fatal(format!("{}: member {} runs past the end\n", archive.display(), m.name)))?;
                    (archive, bytes.to_vec())
                }
            };
            if crate::formats::magic::classify(&data).is_ir() {
                return Err(Diag::Fatal(format!(
                    "{}: {} is LLVM bitcode: --vmlinux-archive reads native objects (distributed ThinLTO); pass vmlinux.o instead\n",
                    path.display(),
                    m.name
                )));
            }
            Ok(read::read_object("vmlinux.o", &data, ReadSettings { collect_definitions: true, ..settings }))
        })
        .collect();
    let mut module =
        ModuleInfo { name: "vmlinux".into(), is_vmlinux: true, gpl_compatible: true, ..Default::default() };
    // An export's symbol may be defined in another member; its type is the prevailing
    // definition's (strong before weak, first in archive order), as in vmlinux.o.
    let mut prevailing: HashMap<&str, (bool, bool)> = HashMap::new();
    for obj in results.iter().flatten() {
        for (name, is_func, weak) in &obj.definitions {
            match prevailing.get(name.as_str()) {
                Some(&(_, false)) => {}
                Some(&(_, true)) if *weak => {}
                _ => {
                    prevailing.insert(name, (*is_func, *weak));
                }
            }
        }
    }
    let prevailing: HashMap<String, bool> = prevailing.into_iter().map(|(k, (f, _))| (k.to_string(), f)).collect();
    for res in results {
        match res {
            Ok(mut obj) => {
                for ev in &mut obj.events {
                    if let Event::Export(e) = ev {
                        if let Some(&f) = prevailing.get(&e.name) {
                            e.is_func = f;
                        }
                    }
                }
                r.events.extend(obj.events);
                if let Some(m) = obj.module {
                    module.unresolved.extend(m.unresolved);
                    let dedupe = settings.behaviour.has(Change::DevtableAliasDedupe);
                    module.aliases.append(m.aliases, dedupe);
                }
            }
            Err(d) => {
                r.tail = Some(d);
                return r;
            }
        }
    }
    if opts.modversions {
        match read_crcs(base, &module, index) {
            Ok((c, fresh)) => {
                r.crcs = c;
                r.fresh = fresh;
            }
            Err(d) => r.tail = Some(d),
        }
    }
    r.module = Some(module);
    r
}

/// Runs modpost with `args` (without argv\[0\]); `prog` is argv\[0\] for getopt's
/// messages. Relative paths are resolved against `base`. Diagnostics go to `err`.
/// Returns the exit status.
pub fn run(prog: &str, args: &[String], base: &Path, err: &mut dyn Write) -> i32 {
    let opts = match options::parse(prog, args) {
        Ok(o) => o,
        Err(e) => {
            let _ = writeln!(err, "{}", e.0);
            return 1;
        }
    };
    let (behaviour, note) = behaviour_for_run(&opts, base);
    if let Some(note) = note {
        let _ = writeln!(err, "{note}");
    }
    // Before 6.14, getopt's string has no `b` or `x`.
    if let Some(c) = opts.newer_flags.first().filter(|_| !behaviour.has(Change::ExtendedModversions)) {
        let _ = writeln!(err, "{prog}: invalid option -- '{c}'");
        return 1;
    }
    let mut run = Run {
        opts,
        behaviour,
        msgs: Messages::new(&behaviour),
        base: base.to_path_buf(),
        modules: Vec::new(),
        exports: Vec::new(),
        by_name: HashMap::new(),
        error_occurred: false,
        nr_unresolved: 0,
        sec_mismatch_count: 0,
        notes_printed: Vec::new(),
        err,
    };
    match run.execute() {
        Ok(()) => i32::from(run.error_occurred),
        Err(Exit(code)) => code,
    }
}

/// The tree's behaviour: `--kernel-version`, else the version of the tree modpost runs
/// in. When no version can be found, the newest that the options allow: kbuild passes
/// `-m` without `-b` or `-x` only before 6.14 (since then `-m` alone writes no
/// `____versions`), so such a run is taken as 6.13.
fn behaviour_for_run(opts: &ModpostOptions, base: &Path) -> (Behaviour, Option<String>) {
    let fallback = if opts.modversions && !opts.basic_modversions && !opts.extended_modversions {
        KernelVersion::new(6, 13)
    } else {
        version::NEWEST
    };
    crate::kbuild::tree::behaviour_for(base, opts.kernel_version, fallback)
}

impl Run<'_> {
    fn execute(&mut self) -> Result<(), Exit> {
        for dump in self.opts.dump_read.clone() {
            self.read_dump(&dump)?;
        }

        let mut inputs: Vec<String> = Vec::new();
        let archive_mode = self.opts.vmlinux_archive.is_some();
        for p in &self.opts.inputs {
            let s = p.to_string_lossy().into_owned();
            // --vmlinux-archive replaces vmlinux.o.
            if !(archive_mode && s == "vmlinux.o") {
                inputs.push(s);
            }
        }
        if let Some(list) = self.opts.files_source.clone() {
            match std::fs::read(self.path(&list)) {
                Ok(data) => {
                    let text = String::from_utf8_lossy(&data);
                    let body = text.strip_suffix('\n').unwrap_or(&text);
                    if !text.is_empty() {
                        inputs.extend(body.split('\n').map(str::to_string));
                    }
                }
                Err(e) => {
                    let msg = io_message(&list.display().to_string(), &e);
                    self.error(&format!("Can't open filenames file {}", msg.trim_end()));
                    return Err(Exit(1));
                }
            }
        }

        let base = self.base.clone();
        let devtable = devtable::Setup {
            rules: devtable::Rules::of(&self.behaviour),
            layouts: devtable::LayoutSource::load(&base, (self.behaviour.version.major, self.behaviour.version.minor)),
        };
        let settings = ReadSettings {
            module_enabled: self.opts.module_enabled,
            extra_warn: self.opts.extra_warn,
            strip_llvm_suffix: !self.opts.compat,
            collect_definitions: false,
            behaviour: self.behaviour,
            devtable: Some(&devtable),
        };
        let opts = self.opts.clone();
        let mut index = (opts.modversions && !opts.no_crc_cache).then(|| crc_index::CrcIndex::load(&base));
        let idx = index.as_ref();
        let (archive_result, results) = rayon::join(
            || opts.vmlinux_archive.as_ref().map(|a| read_vmlinux_archive(&base, a, &opts, settings, idx)),
            || inputs.par_iter().map(|f| read_input(&base, f, &opts, settings, idx)).collect::<Vec<_>>(),
        );
        let mut fresh = Vec::new();
        for mut r in archive_result.into_iter().chain(results) {
            fresh.append(&mut r.fresh);
            self.replay(r)?;
        }
        if let Some(index) = index.as_mut() {
            if !fresh.is_empty() {
                for (cmd, stamp, crcs) in fresh {
                    index.insert(cmd, stamp, crcs);
                }
                index.save(&base);
            }
        }

        for m in 0..self.modules.len() {
            if self.behaviour.has(Change::NoTrimSymbol) {
                self.keep_no_trim_symbols(m);
            }
            if self.modules[m].dump_file.is_some() || self.modules[m].is_vmlinux {
                continue;
            }
            self.check_modname_len(m);
            self.check_exports(m);
        }
        if let Some(list) = self.opts.unused_exports_white_list.clone() {
            self.handle_white_list_exports(&list)?;
        }
        self.write_outputs()?;
        if self.sec_mismatch_count > 0 && self.opts.sec_mismatch_error {
            self.error("Section mismatches detected.\nSet CONFIG_SECTION_MISMATCH_WARN_ONLY=y to allow them.\n");
        }
        if self.nr_unresolved > MAX_UNRESOLVED_REPORTS {
            let n = self.nr_unresolved - MAX_UNRESOLVED_REPORTS;
            self.warn(&format!("suppressed {n} unresolved symbol warnings because there were too many)\n"));
        }
        Ok(())
    }

    fn replay(&mut self, r: InputResult) -> Result<(), Exit> {
        let module_idx = r.module.as_ref().map(|m| {
            self.modules.push(Module { name: m.name.clone(), is_vmlinux: m.is_vmlinux, ..Module::default() });
            self.modules.len() - 1
        });
        for ev in r.events {
            match ev {
                Event::Diag(d) => self.diag(&d)?,
                Event::Export(e) => {
                    if let Some(m) = module_idx {
                        self.sym_add_exported(m, e);
                    }
                }
                Event::Mismatch => self.sec_mismatch_count += 1,
                Event::Note(n) => {
                    if !self.notes_printed.contains(&n) {
                        self.print(&n);
                        self.notes_printed.push(n);
                    }
                }
            }
        }
        if let Some(tail) = r.tail {
            self.diag(&tail)?;
        }
        if let (Some(m), Some(info)) = (module_idx, r.module) {
            self.modules[m].info = info;
            // sym_find_with_module(): the latest export of that name in this module.
            for (name, crc) in r.crcs {
                let name = name.strip_prefix('.').unwrap_or(&name);
                if let Some(&e) =
                    self.by_name.get(name).and_then(|v| v.iter().rev().find(|&&e| self.exports[e].module == m))
                {
                    self.exports[e].crc = Some(crc);
                }
            }
        }
        Ok(())
    }

    /// `keep_no_trim_symbols()`: exports a module looks up with `symbol_get()` count
    /// as used.
    fn keep_no_trim_symbols(&mut self, m: usize) {
        for name in self.modules[m].info.no_trim_symbols.clone() {
            if let Some(e) = self.find_symbol(&name) {
                self.exports[e].used = true;
            }
        }
    }

    fn check_modname_len(&mut self, m: usize) {
        let base = naming::module_basename(&self.modules[m].name);
        if base.len() >= module_name_len(self.modules[m].info.is_64bit) {
            let msg = self.msgs.name_too_long(self.who(m));
            self.error(&msg);
        }
    }

    /// `verify_module_namespace()` (6.16): a `module:a,b*` namespace grants access to
    /// the modules it names; only a trailing `*` globs.
    fn module_namespace_allows(&self, namespace: &str, basename: &str) -> bool {
        if !self.behaviour.has(Change::ModuleNamespaces) {
            return false;
        }
        let Some(list) = namespace.strip_prefix(read::MODULE_NS_PREFIX) else { return false };
        list.split(',').filter(|p| !p.is_empty()).any(|p| match p.strip_suffix('*') {
            Some(prefix) => basename.starts_with(prefix),
            None => p == basename,
        })
    }

    fn check_exports(&mut self, m: usize) {
        let unresolved = self.modules[m].info.unresolved.clone();
        let mut resolved = Vec::with_capacity(unresolved.len());
        let name = self.modules[m].name.clone();
        let basename = naming::module_basename(&name).to_string();
        for (sym, weak) in &unresolved {
            let Some(exp) = self.find_symbol(sym) else {
                if !weak {
                    if self.nr_unresolved < MAX_UNRESOLVED_REPORTS {
                        let msg = self.msgs.undefined(self.who(m), sym);
                        if self.opts.warn_unresolved {
                            self.warn(&msg);
                        } else {
                            self.error(&msg);
                        }
                    }
                    self.nr_unresolved += 1;
                }
                resolved.push(None);
                continue;
            };
            if self.exports[exp].module == m {
                let msg = self.msgs.exported_without_definition(self.who(m), sym);
                self.error(&msg);
                resolved.push(None);
                continue;
            }
            self.exports[exp].used = true;
            resolved.push(Some(exp));
            let ns = self.exports[exp].namespace.clone();
            if !ns.is_empty()
                && !self.module_namespace_allows(&ns, &basename)
                && !self.modules[m].info.imported_namespaces.contains(&ns)
            {
                let msg = self.msgs.missing_import(self.who(m), &self.exports[exp].name, &ns);
                if self.opts.allow_missing_ns_imports {
                    self.warn(&msg);
                } else {
                    self.error(&msg);
                }
                if !self.modules[m].missing_namespaces.contains(&ns) {
                    self.modules[m].missing_namespaces.push(ns);
                }
            }
            if !self.modules[m].info.gpl_compatible && self.exports[exp].gpl_only {
                let msg = self.msgs.gpl_only_use(self.who(m), &self.exports[exp].name);
                self.error(&msg);
            }
        }
        self.modules[m].resolved = resolved;
    }

    fn handle_white_list_exports(&mut self, list: &Path) -> Result<(), Exit> {
        let data = std::fs::read(self.path(list)).map_err(|e| {
            let msg = io_message(&list.display().to_string(), &e);
            self.print(&msg);
            Exit(1)
        })?;
        for name in String::from_utf8_lossy(&data).split('\n') {
            if let Some(e) = self.find_symbol(name) {
                self.exports[e].used = true;
            }
        }
        Ok(())
    }

    /// `read_dump()`: a Module.symvers-style file given with `-i`.
    fn read_dump(&mut self, file: &Path) -> Result<(), Exit> {
        let fname = file.display().to_string();
        let data = std::fs::read(self.path(file)).map_err(|e| {
            let msg = io_message(&fname, &e);
            self.print(&msg);
            Exit(1)
        })?;
        let text = String::from_utf8_lossy(&data).into_owned();
        let mut rest = text.as_str();
        while !rest.is_empty() {
            let (line, next) = match rest.find('\n') {
                Some(i) => (&rest[..i], &rest[i + 1..]),
                None => (rest, ""),
            };
            rest = next;
            let (crc, symname, modname, gpl_only, namespace) = match symvers::split_kernel_line(line) {
                Ok(fields) => fields,
                Err(KernelLineError::Malformed) => {
                    self.error("parse error in symbol dump file\n");
                    return Err(Exit(1));
                }
                Err(KernelLineError::UnknownLicense { symbol, export }) => {
                    self.error(&format!("{symbol}: unknown license {export}. skip"));
                    continue;
                }
            };
            // Before 6.13 a module of a dump is found by name alone, so same-named
            // modules of two dumps are one module.
            let by_file = self.behaviour.has(Change::DumpModuleIdentity);
            let module = match self
                .modules
                .iter()
                .position(|m| (!by_file || m.dump_file.as_deref() == Some(file)) && m.name == modname)
            {
                Some(m) => m,
                None => {
                    self.modules.push(Module {
                        name: modname.to_string(),
                        is_vmlinux: modname == "vmlinux",
                        dump_file: Some(file.to_path_buf()),
                        ..Module::default()
                    });
                    self.modules.len() - 1
                }
            };
            let e = self.sym_add_exported(
                module,
                read::FoundExport { name: symname.into(), gpl_only, namespace: namespace.into(), is_func: false },
            );
            self.exports[e].crc = Some(crc);
        }
        Ok(())
    }
}
