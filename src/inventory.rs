//! The scan: one parallel pass over every object of a kbuild tree, producing one
//! immutable [`Inventory`] in input order.
//!
//! Each object is read whole with `std::fs::read` and dropped after parsing. We do not
//! mmap: kernel objects are small (the median in tiny-6.12 is 12 KiB), a 50k-object tree
//! cannot keep every file mapped (`vm.max_map_count` is 65,530), and reading keeps one
//! file descriptor per worker at a time.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Error, ParseError, Result};
use crate::formats::archive::{self, MemberData};
use crate::formats::bitcode::{self, IrSymbol};
use crate::formats::elf;
use crate::formats::magic::{classify, ObjectKind};
use crate::formats::symbol::{ExportEntry, Symbol, SymbolType};
use crate::kbuild::cmd::{self, CmdFile};
use crate::kbuild::{naming, order};

/// Why an object is in the inventory. An object can have several roles (a single-file
/// module's object is also its own member).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Roles {
    /// A member of `vmlinux.a` (or listed in `.vmlinux.objs`).
    pub vmlinux: bool,
    /// A module's linked object, listed in `modules.order`.
    pub module: bool,
    /// An object listed in a module's `.mod` file.
    pub module_member: bool,
    /// An IR object listed in `builtin.order` (distributed ThinLTO input).
    pub thinlto_input: bool,
    /// The native of an indexed IR object, read by [`scan_link`] whether or not
    /// `vmlinux.a` lists it yet.
    pub thinlto_native: bool,
}

/// Bitcode details of an IR object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IrDetails {
    pub modules: u32,
    pub symtab_version: u32,
    pub target_triple: String,
    pub source_filename: String,
    /// The IR symbol table with its raw flags.
    #[serde(skip)]
    pub symbols: Vec<IrSymbol>,
}

/// Everything the scan learned about one object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ObjectInfo {
    /// Path relative to the objtree, as the archive or order file names it.
    pub path: String,
    pub roles: Roles,
    pub kind: ObjectKind,
    pub size: u64,
    /// Modification time in nanoseconds since the epoch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mtime_ns: Option<u64>,
    /// `e_machine` of an ELF object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub machine: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ir: Option<IrDetails>,
    pub symbols: Vec<Symbol>,
    /// Export entries as the object carries them (ELF `.export_symbol` relocations, or the
    /// module asm of bitcode), before modpost's checks.
    pub exports: Vec<ExportEntry>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub modinfo: Vec<String>,
    /// Sections of an ELF object whose names are C identifiers (see
    /// [`elf::ElfContents::c_identifier_sections`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub c_identifier_sections: Vec<String>,
    /// The `.cmd` file holding this object's CRCs (for `X.thinlto-native.o`, `.X.o.cmd`).
    pub cmd_path: String,
    /// `None` when the `.cmd` file does not exist (allowed only for module objects).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cmd: Option<CmdFile>,
}

impl ObjectInfo {
    /// Defined global or weak symbols: what `llvm-nm --defined-only --extern-only` lists.
    pub fn defined_globals(&self) -> impl Iterator<Item = &Symbol> {
        self.symbols.iter().filter(|s| s.is_defined_extern())
    }

    /// The object's `#SYMVER` CRCs.
    pub fn crcs(&self) -> &[cmd::CrcLine] {
        self.cmd.as_ref().map(|c| c.crcs.as_slice()).unwrap_or(&[])
    }
}

/// A module from `modules.order`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Module {
    /// `fs/ext2/ext2`: the `modules.order` entry without `.o`.
    pub name: String,
    /// Index of the module's linked object in [`Inventory::objects`].
    pub object: usize,
    /// Indexes of the objects its `.mod` file lists.
    pub members: Vec<usize>,
}

/// Where the list of vmlinux objects came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VmlinuxSource {
    /// `vmlinux.a`, with nested thin archives flattened.
    VmlinuxA,
    /// `.vmlinux.objs` (`ar t` of vmlinux.a and the libraries).
    VmlinuxObjs,
    /// `builtin.order` (distributed ThinLTO, before the native archive exists).
    BuiltinOrder,
    /// No vmlinux object list in the tree.
    None,
}

/// The scan's result. Indexes refer to `objects`, which holds each path once, in the
/// order first met: vmlinux members in archive order, then modules in `modules.order`
/// order (object, then members), then IR inputs of a distributed-ThinLTO build.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Inventory {
    pub objtree: PathBuf,
    pub vmlinux_source: VmlinuxSource,
    pub vmlinux: Vec<usize>,
    pub modules: Vec<Module>,
    /// IR objects of `builtin.order`, when the tree is a distributed-ThinLTO one whose
    /// `vmlinux.a` already holds the natives.
    pub thinlto_inputs: Vec<usize>,
    /// `vmlinux.thinlto-index`, when present: the IR objects the thin-link indexed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thinlto_index: Option<Vec<String>>,
    pub objects: Vec<ObjectInfo>,
    /// Natives that [`scan_link`] could not use (always empty from [`scan`], which fails
    /// on them instead).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub damaged: Vec<DamagedObject>,
}

/// A native object the scan found missing, empty or unreadable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DamagedObject {
    /// Path relative to the objtree.
    pub path: String,
    pub roles: Roles,
    pub damage: Damage,
}

/// What is wrong with a [`DamagedObject`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "reason")]
pub enum Damage {
    /// No such file.
    Missing,
    /// The file is empty.
    Empty,
    /// Neither bitcode nor a well-formed ELF relocatable object; the reason names the
    /// offset.
    Malformed(String),
}

/// Counts per object kind.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct KindCounts {
    pub ir_raw: usize,
    pub ir_wrapper: usize,
    pub elf_rel: usize,
    pub other: usize,
}

impl KindCounts {
    pub fn add(&mut self, kind: ObjectKind) {
        match kind {
            ObjectKind::IrRaw => self.ir_raw += 1,
            ObjectKind::IrWrapper => self.ir_wrapper += 1,
            ObjectKind::ElfRel => self.elf_rel += 1,
            _ => self.other += 1,
        }
    }
}

impl Inventory {
    /// Counts the kinds of the objects at `indexes`.
    pub fn count_kinds(&self, indexes: &[usize]) -> KindCounts {
        let mut counts = KindCounts::default();
        for &i in indexes {
            counts.add(self.objects[i].kind);
        }
        counts
    }

    pub fn object(&self, path: &str) -> Option<&ObjectInfo> {
        self.objects.iter().find(|o| o.path == path)
    }
}

/// Every error the scan met, in input order.
#[derive(Debug)]
pub struct ScanErrors(pub Vec<Error>);

impl std::fmt::Display for ScanErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ScanErrors {}

impl From<Error> for ScanErrors {
    fn from(e: Error) -> Self {
        ScanErrors(vec![e])
    }
}

/// Where an object's bytes are.
#[derive(Clone, Debug)]
enum Source {
    File(PathBuf),
    Embedded { archive: PathBuf, offset: u64, len: u64 },
}

struct Planned {
    path: String,
    source: Source,
    roles: Roles,
}

fn read_list(path: &Path) -> Result<Vec<String>> {
    let data = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    order::parse_object_list(&data).map_err(|e| Error::parse(path, e))
}

fn read_optional_list(path: &Path) -> Result<Option<Vec<String>>> {
    match std::fs::read(path) {
        Ok(data) => order::parse_object_list(&data).map(Some).map_err(|e| Error::parse(path, e)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// A module as `modules.order` and its `.mod` file list it: name, object, members.
struct PlannedModule {
    name: String,
    object: String,
    members: Vec<String>,
}

/// What to read, decided from the order files before any object is opened.
struct Plan {
    source: VmlinuxSource,
    objects: Vec<Planned>,
    modules: Vec<PlannedModule>,
    thinlto_index: Option<Vec<String>>,
}

/// Decides which objects to read, in order, without reading them. With `link`, also
/// the native of every object `vmlinux.thinlto-index` lists.
fn plan(objtree: &Path, link: bool) -> Result<Plan> {
    let mut planned: Vec<Planned> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut add = |path: String, source: Source, set: &dyn Fn(&mut Roles)| {
        let i = *index.entry(path.clone()).or_insert_with(|| {
            planned.push(Planned { path, source, roles: Roles::default() });
            planned.len() - 1
        });
        set(&mut planned[i].roles);
    };

    let archive_path = objtree.join("vmlinux.a");
    let source = if archive_path.exists() {
        for m in archive::read_flattened(&archive_path)? {
            let source = match m.data {
                MemberData::External(p) => Source::File(p),
                MemberData::Embedded { archive, offset, len } => Source::Embedded { archive, offset, len },
            };
            add(m.name, source, &|r| r.vmlinux = true);
        }
        VmlinuxSource::VmlinuxA
    } else if let Some(list) = read_optional_list(&objtree.join(".vmlinux.objs"))? {
        for p in list {
            add(p.clone(), Source::File(objtree.join(&p)), &|r| r.vmlinux = true);
        }
        VmlinuxSource::VmlinuxObjs
    } else if let Some(list) = read_optional_list(&objtree.join("builtin.order"))? {
        for p in list {
            add(p.clone(), Source::File(objtree.join(&p)), &|r| r.vmlinux = true);
        }
        VmlinuxSource::BuiltinOrder
    } else {
        VmlinuxSource::None
    };

    let mut modules = Vec::new();
    if let Some(list) = read_optional_list(&objtree.join("modules.order"))? {
        for entry in list {
            let name = naming::module_name(&entry).to_string();
            let mod_file = objtree.join(naming::mod_file_for(&name));
            let members = read_list(&mod_file)?;
            add(entry.clone(), Source::File(objtree.join(&entry)), &|r| r.module = true);
            for m in &members {
                add(m.clone(), Source::File(objtree.join(m)), &|r| r.module_member = true);
            }
            modules.push(PlannedModule { name, object: entry, members });
        }
    }

    let thinlto_index = read_optional_list(&objtree.join("vmlinux.thinlto-index"))?;
    if source == VmlinuxSource::VmlinuxA {
        if let Some(list) = read_optional_list(&objtree.join("builtin.order"))? {
            for p in list {
                add(p.clone(), Source::File(objtree.join(&p)), &|r| r.thinlto_input = true);
            }
        }
    }
    if link {
        for ir in thinlto_index.iter().flatten() {
            let native = naming::native_for(ir);
            add(native.clone(), Source::File(objtree.join(&native)), &|r| r.thinlto_native = true);
        }
    }
    Ok(Plan { source, objects: planned, modules, thinlto_index })
}

fn read_source(source: &Source) -> Result<(Vec<u8>, Option<u64>)> {
    match source {
        Source::File(p) => {
            let data = std::fs::read(p).map_err(|e| Error::io(p, e))?;
            let mtime = std::fs::metadata(p)
                .ok()
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map(|d| d.as_nanos() as u64);
            Ok((data, mtime))
        }
        Source::Embedded { archive, offset, len } => {
            use std::io::{Read, Seek, SeekFrom};
            let mut f = std::fs::File::open(archive).map_err(|e| Error::io(archive, e))?;
            let mut data = vec![0; *len as usize];
            f.seek(SeekFrom::Start(*offset))
                .and_then(|_| f.read_exact(&mut data))
                .map_err(|e| Error::io(archive, e))?;
            Ok((data, None))
        }
    }
}

/// Reads and parses one object and its `.cmd` file.
fn scan_object(objtree: &Path, p: &Planned) -> Result<ObjectInfo> {
    let mut info = scan_object_data(p)?;
    read_cmd(objtree, p, &mut info)?;
    Ok(info)
}

/// Reads the `.cmd` file holding an object's CRCs.
fn read_cmd(objtree: &Path, p: &Planned, info: &mut ObjectInfo) -> Result<()> {
    let cmd_file = objtree.join(&info.cmd_path);
    match std::fs::read(&cmd_file) {
        Ok(bytes) => info.cmd = Some(cmd::parse_cmd(&bytes).map_err(|e| Error::parse(&cmd_file, e))?),
        // A module's linked object may lack a `.cmd`; its CRCs come from its members'.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !needs_cmd(p.roles) => {}
        Err(e) => return Err(Error::io(&cmd_file, e)),
    }
    Ok(())
}

/// Reads and parses one object's bytes.
fn scan_object_data(p: &Planned) -> Result<ObjectInfo> {
    let (data, mtime_ns) = read_source(&p.source)?;
    let display_path = match &p.source {
        Source::File(f) => f.clone(),
        Source::Embedded { archive, .. } => archive.join(&p.path),
    };
    let kind = classify(&data);
    let mut info = ObjectInfo {
        path: p.path.clone(),
        roles: p.roles,
        kind,
        size: data.len() as u64,
        mtime_ns,
        machine: None,
        ir: None,
        symbols: Vec::new(),
        exports: Vec::new(),
        modinfo: Vec::new(),
        c_identifier_sections: Vec::new(),
        cmd_path: naming::crc_cmd_for(&p.path),
        cmd: None,
    };
    match kind {
        ObjectKind::IrRaw | ObjectKind::IrWrapper => {
            let ir = bitcode::read_bitcode(&data).map_err(|e| Error::parse(&display_path, e))?;
            info.symbols = ir.symbols.iter().map(IrSymbol::to_symbol).collect();
            info.exports = ir.exports;
            fill_ir_export_targets(&mut info.exports, &ir.symbols);
            info.ir = Some(IrDetails {
                modules: ir.modules,
                symtab_version: ir.symtab_version,
                target_triple: ir.target_triple,
                source_filename: ir.source_filename,
                symbols: ir.symbols,
            });
        }
        ObjectKind::ElfRel => {
            let elf = elf::read_elf(&data).map_err(|e| Error::parse(&display_path, e))?;
            info.machine = Some(elf.machine);
            info.symbols = elf.symbols;
            info.exports = elf.exports;
            info.modinfo = elf.modinfo;
            info.c_identifier_sections = elf.c_identifier_sections;
        }
        ObjectKind::ElfOther => {
            return Err(Error::parse(&display_path, ParseError::at(16, "ELF file is not relocatable (ET_REL)")));
        }
        ObjectKind::Archive | ObjectKind::Other => {
            return Err(Error::parse(
                &display_path,
                ParseError::at(0, "neither LLVM bitcode nor an ELF object (unknown magic)"),
            ));
        }
    }
    Ok(info)
}

/// Reads one object file outside any tree (no `.cmd` file is looked for): what
/// `thinpost scan` learns of each object, for tools and tests that name files directly.
pub fn read_object(path: &Path) -> Result<ObjectInfo> {
    let planned = Planned {
        path: path.to_string_lossy().into_owned(),
        source: Source::File(path.to_path_buf()),
        roles: Roles::default(),
    };
    let mut info = scan_object_data(&planned)?;
    info.cmd_path = String::new();
    Ok(info)
}

/// Objects whose CRCs modpost reads must have a `.cmd` file (modpost: fatal).
fn needs_cmd(roles: Roles) -> bool {
    roles.vmlinux || roles.module_member || roles.thinlto_input || roles.thinlto_native
}

/// In bitcode, an export's target binding and type come from the IR symbol table: the
/// defined symbol of that name. Symbols defined in asm have no IR name, and LLVM marks
/// them all executable, so their type stays unknown.
fn fill_ir_export_targets(exports: &mut [ExportEntry], symbols: &[IrSymbol]) {
    for e in exports {
        let def = symbols.iter().find(|s| s.name == e.target && s.flags & bitcode::flags::UNDEFINED == 0);
        if let Some(s) = def {
            let sym = s.to_symbol();
            e.target_binding = Some(sym.binding);
            if !s.ir_name.is_empty() {
                e.target_is_func = Some(sym.typ == SymbolType::Func);
            }
        }
    }
}

/// Options for [`scan`].
#[derive(Clone, Debug, Default)]
pub struct ScanOptions {
    /// Worker threads; `None` uses rayon's default (one per CPU).
    pub jobs: Option<usize>,
}

/// What reading one planned object gave. Nearly every object is read, so the larger
/// variant stays inline rather than boxed.
#[allow(clippy::large_enum_variant)]
enum Scanned {
    Object(ObjectInfo),
    Damaged(DamagedObject),
}

/// Reads a native for [`scan_link`]: a native that is missing, empty or not a readable
/// object is recorded as damaged; its `.cmd` file (its bitcode's) must still be there.
fn scan_native(objtree: &Path, p: &Planned) -> Result<Scanned> {
    let Source::File(file) = &p.source else { return scan_object(objtree, p).map(Scanned::Object) };
    let damaged = |damage| Ok(Scanned::Damaged(DamagedObject { path: p.path.clone(), roles: p.roles, damage }));
    match std::fs::metadata(file) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return damaged(Damage::Missing),
        Ok(m) if m.len() == 0 => return damaged(Damage::Empty),
        _ => {}
    }
    match scan_object_data(p) {
        Ok(mut info) => {
            read_cmd(objtree, p, &mut info)?;
            Ok(Scanned::Object(info))
        }
        Err(e) => damaged(Damage::Malformed(e.to_string())),
    }
}

/// Scans the kbuild tree at `objtree`.
pub fn scan(objtree: &Path, opts: &ScanOptions) -> std::result::Result<Inventory, ScanErrors> {
    scan_with(objtree, opts, false)
}

/// The scan as `thinpost verify` needs it: the objects the final link would read. Also
/// reads the native of every object `vmlinux.thinlto-index` lists (role
/// [`Roles::thinlto_native`]) whether or not `vmlinux.a` lists it yet, and records natives
/// that are missing, empty or malformed in [`Inventory::damaged`] instead of failing.
pub fn scan_link(objtree: &Path, opts: &ScanOptions) -> std::result::Result<Inventory, ScanErrors> {
    scan_with(objtree, opts, true)
}

fn scan_with(objtree: &Path, opts: &ScanOptions, link: bool) -> std::result::Result<Inventory, ScanErrors> {
    let Plan { source: vmlinux_source, objects: planned, modules, thinlto_index } = plan(objtree, link)?;
    let read = |p: &Planned| {
        if link && naming::is_native(&p.path) {
            scan_native(objtree, p)
        } else {
            scan_object(objtree, p).map(Scanned::Object)
        }
    };
    let work = || -> Vec<Result<Scanned>> { planned.par_iter().map(read).collect() };
    let results = match opts.jobs {
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
            .map_err(|e| ScanErrors(vec![Error::io(objtree, std::io::Error::other(e))]))?
            .install(work),
        None => work(),
    };

    let mut objects = Vec::with_capacity(results.len());
    let mut damaged = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(Scanned::Object(o)) => objects.push(o),
            Ok(Scanned::Damaged(d)) => damaged.push(d),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(ScanErrors(errors));
    }

    let index: HashMap<&str, usize> = objects.iter().enumerate().map(|(i, o)| (o.path.as_str(), i)).collect();
    let pick = |pred: fn(&Roles) -> bool| -> Vec<usize> {
        objects.iter().enumerate().filter(|(_, o)| pred(&o.roles)).map(|(i, _)| i).collect()
    };
    let vmlinux = pick(|r| r.vmlinux);
    let thinlto_inputs = pick(|r| r.thinlto_input && !r.vmlinux);
    let modules = modules
        .into_iter()
        .map(|m| Module {
            object: index[m.object.as_str()],
            members: m.members.iter().map(|p| index[p.as_str()]).collect(),
            name: m.name,
        })
        .collect();
    drop(index);
    Ok(Inventory {
        objtree: objtree.to_path_buf(),
        vmlinux_source,
        vmlinux,
        modules,
        thinlto_inputs,
        thinlto_index,
        objects,
        damaged,
    })
}
