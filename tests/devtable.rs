//! Device-table aliases (`file2alias.c`).
//!
//! - The real 7.2 trees: the aliases thinpost computes from each object equal the
//!   `MODULE_ALIAS` lines of the kernel's `*.mod.c` and the alias trailer of its
//!   `.vmlinux.export.c`.
//! - Sample modules, one per table type, compiled with clang-19 from `testdata/devtable/`
//!   against the kernel's own `mod_devicetable.h`: the kernel's 6.12 modpost and
//!   thinpost agree byte for byte; the 7.2 modpost and thinpost agree on the aliases, the
//!   table messages and the exit status.

mod support;

use std::path::Path;

use support::*;
use thinpost::modpost::devtable::{LayoutSource, Rules, Setup};
use thinpost::modpost::read::{read_object, Diag, Event, ReadSettings};

/// Reads `obj` (relative to `tree`) as modpost's read phase would with `setup`.
fn read_with(tree: &Path, obj: &str, setup: &Setup) -> thinpost::modpost::read::ReadObject {
    let data = std::fs::read(tree.join(obj)).unwrap_or_else(|e| panic!("{obj}: {e}"));
    let settings = ReadSettings {
        module_enabled: true,
        extra_warn: false,
        strip_llvm_suffix: true,
        collect_definitions: false,
        behaviour: thinpost::kbuild::version::Behaviour::of(thinpost::kbuild::version::KernelVersion::new(
            setup.layouts.version().0,
            setup.layouts.version().1,
        )),
        devtable: Some(setup),
    };
    read_object(obj, &data, settings)
}

fn setup_for(tree: &Path, version: (u32, u32)) -> Setup {
    Setup { rules: Rules::for_version(version.0, version.1), layouts: LayoutSource::load(tree, version) }
}

/// `MODULE_ALIAS("…");` lines of a generated `.mod.c`.
fn alias_lines(mod_c: &str) -> Vec<String> {
    mod_c.lines().filter(|l| l.starts_with("MODULE_ALIAS(")).map(str::to_string).collect()
}

fn table_diags(events: &[Event]) -> Vec<&Diag> {
    events.iter().filter_map(|e| if let Event::Diag(d) = e { Some(d) } else { None }).collect()
}

/// The kernel's aliases of every module and of vmlinux in a 7.2 tree, against thinpost's.
fn check_7_2_tree(name: &str, modules_with_aliases: usize) {
    let tree = corpus(name);
    let setup = setup_for(&tree, (7, 2));
    let order = std::fs::read_to_string(tree.join("modules.order")).unwrap();
    let mut with_aliases = 0;
    for obj in order.lines() {
        let golden = std::fs::read_to_string(tree.join(obj.replace(".o", ".mod.c"))).unwrap();
        let read = read_with(&tree, obj, &setup);
        assert!(table_diags(&read.events).is_empty(), "{obj}: {:?}", read.events);
        let ours: Vec<String> = read
            .module
            .unwrap()
            .aliases
            .iter()
            .map(|a| format!("MODULE_ALIAS(\"{}\");", String::from_utf8_lossy(&a.text)))
            .collect();
        assert_eq!(ours, alias_lines(&golden), "{obj}");
        with_aliases += usize::from(!ours.is_empty());
    }
    assert_eq!(with_aliases, modules_with_aliases, "{name}: modules with aliases");

    let golden = std::fs::read_to_string(tree.join(".vmlinux.export.c")).unwrap();
    let trailer = golden.split_once("#include <linux/module.h>\n").map(|(_, t)| t).unwrap();
    let golden_lines: Vec<&str> = trailer.lines().skip(2).collect();
    let read = read_with(&tree, "vmlinux.o", &setup);
    let ours: Vec<String> = read
        .module
        .unwrap()
        .aliases
        .iter()
        .map(|a| {
            let modname = String::from_utf8_lossy(a.builtin_modname.as_deref().unwrap_or(b"(null)")).into_owned();
            format!("MODULE_INFO({modname}.alias, \"{}\");", String::from_utf8_lossy(&a.text))
        })
        .collect();
    assert!(golden_lines.len() > 20, "{name}: {} built-in aliases", golden_lines.len());
    assert_eq!(ours, golden_lines, "{name}: .vmlinux.export.c alias trailer");
}

#[test]
fn small_7_2_dist_aliases_equal_the_kernels() {
    check_7_2_tree("small-7.2-dist", 9);
}

#[test]
fn small_7_2_arm64_dist_aliases_equal_the_kernels() {
    check_7_2_tree("small-7.2-arm64-dist", 6);
}

// ---------------------------------------------------------------------------------------
// Sample modules, side by side with the kernel's modpost.

use std::path::PathBuf;
use std::process::{Command, Output};

/// How a sample tree is compiled: the kernel version whose headers and
/// `MODULE_DEVICE_TABLE()` it uses, and the clang target.
#[derive(Clone, Copy, Debug)]
struct Config {
    version: &'static str,
    triple: &'static str,
}

impl Config {
    fn arch(&self) -> &'static str {
        if self.triple.starts_with("x86_64") {
            "x86_64"
        } else {
            "arm64"
        }
    }

    /// The reference modpost: 6.12 from tiny-6.12; 7.2 from the tree built for the arch.
    fn reference(&self) -> PathBuf {
        let corpus_name = match (self.version, self.arch()) {
            ("6.12", _) => "tiny-6.12",
            ("7.2", "x86_64") => "small-7.2-dist",
            _ => "small-7.2-arm64-dist",
        };
        corpus(corpus_name).join("scripts/mod/modpost")
    }

    fn thinpost_args(&self) -> Vec<String> {
        vec!["modpost".into(), format!("--kernel-version={}", self.version)]
    }
}

fn devtable_dir() -> PathBuf {
    root().join("testdata/devtable")
}

/// Compiles `src` (relative to testdata/devtable) into `obj` with clang-19, as kbuild
/// compiles a module's (`modname`) or built-in (`None`) object.
fn compile(cfg: Config, src: &str, obj: &Path, modname: &str, module: bool) {
    let dir = devtable_dir();
    let mut cmd = Command::new(tool("CC", "clang"));
    cmd.arg(format!("--target={}", cfg.triple))
        .args(["-O2", "-Wall", "-Werror", "-nostdinc", "-fno-PIE"])
        .arg(format!("-I{}", dir.join("include").join(cfg.version).display()))
        .arg(format!("-I{}", dir.join("include").display()))
        .arg(format!("-DKBUILD_MODNAME=\"{modname}\""))
        // 6.12's kbuild passes kmod_<name>, 7.2's the bare name (scripts/Makefile.lib).
        .arg(format!("-D__KBUILD_MODNAME={}{modname}", if cfg.version == "6.12" { "kmod_" } else { "" }));
    if module {
        cmd.arg("-DMODULE");
    }
    run(cmd.arg("-c").arg("-o").arg(obj).arg(dir.join(src)));
}

/// A module of a sample tree: its name and sources.
struct SampleModule {
    name: String,
    sources: Vec<String>,
}

fn module(name: &str, sources: &[&str]) -> SampleModule {
    SampleModule { name: name.to_string(), sources: sources.iter().map(|s| s.to_string()).collect() }
}

/// One module per table type (`src/<type>.c` → `drivers/devtable/dt_<type>.o`), and a
/// module made of two objects.
fn every_table_type() -> Vec<SampleModule> {
    let mut names: Vec<String> = std::fs::read_dir(devtable_dir().join("src"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().trim_end_matches(".c").to_string())
        .collect();
    names.sort();
    let mut mods: Vec<SampleModule> =
        names.iter().map(|n| module(&format!("dt_{n}"), &[&format!("src/{n}.c")])).collect();
    mods.push(module("dt_multi", &["multi/multi_a.c", "multi/multi_b.c"]));
    mods
}

/// Builds a kbuild-shaped tree in `dir`: each module's object (single sources compiled
/// directly, several linked with `ld.lld -r`, as kbuild does), its `.mod` file,
/// `modules.order`, `vmlinux.o` from the built-in sources, and the version's
/// `scripts/mod/devicetable-offsets.h` unless `header` is false.
fn build_tree(dir: &Path, cfg: Config, modules: &[SampleModule], builtins: &[&str], header: bool) {
    use rayon::prelude::*;
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("drivers/devtable")).unwrap();
    std::fs::create_dir_all(dir.join("kernel")).unwrap();
    modules.par_iter().for_each(|m| {
        let obj = dir.join(format!("drivers/devtable/{}.o", m.name));
        if let [single] = &m.sources[..] {
            compile(cfg, single, &obj, &m.name, true);
        } else {
            let parts: Vec<PathBuf> =
                (0..m.sources.len()).map(|i| dir.join(format!("drivers/devtable/{}-part{i}.o", m.name))).collect();
            for (src, part) in m.sources.iter().zip(&parts) {
                compile(cfg, src, part, &m.name, true);
            }
            run(Command::new(tool("LD", "ld.lld")).arg("-r").arg("-o").arg(&obj).args(&parts));
        }
    });
    let mut order = String::new();
    for m in modules {
        let obj = format!("drivers/devtable/{}.o", m.name);
        std::fs::write(dir.join(format!("drivers/devtable/{}.mod", m.name)), format!("{obj}\n")).unwrap();
        order.push_str(&obj);
        order.push('\n');
    }
    std::fs::write(dir.join("modules.order"), order).unwrap();
    let objs: Vec<PathBuf> = builtins
        .iter()
        .map(|src| {
            let name = Path::new(src).file_stem().unwrap().to_string_lossy().into_owned();
            let obj = dir.join(format!("kernel/{name}.o"));
            compile(cfg, src, &obj, &name, false);
            obj
        })
        .collect();
    run(Command::new(tool("LD", "ld.lld")).arg("-r").arg("-o").arg(dir.join("vmlinux.o")).args(&objs));
    if header {
        std::fs::create_dir_all(dir.join("scripts/mod")).unwrap();
        let builtin = root().join(format!("src/modpost/devtable/builtin/{}-{}.h", cfg.arch(), cfg.version));
        std::fs::copy(builtin, dir.join("scripts/mod/devicetable-offsets.h")).unwrap();
    }
}

/// A sample tree built once per test binary under `target/devtable-samples/<name>`.
fn sample_tree(name: &str, cfg: Config, modules: Vec<SampleModule>, builtins: &[&str], header: bool) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let stem = exe.file_stem().unwrap().to_string_lossy().into_owned();
    let dir = root().join("target/devtable-samples").join(stem).join(name);
    build_tree(&dir, cfg, &modules, builtins, header);
    dir
}

const ARGS: &[&str] = &["-M", "-E", "-o", "Module.symvers", "-T", "modules.order", "vmlinux.o"];
const BUILTINS: &[&str] = &["builtin/net_core.c", "builtin/serial_core.c"];

/// The reference modpost and thinpost, each in its own copy of `tree`.
struct SideBySide {
    reference: Output,
    ours: Output,
    ref_dir: tempfile::TempDir,
    our_dir: tempfile::TempDir,
}

fn side_by_side(tree: &Path, cfg: Config, args: &[&str]) -> SideBySide {
    let ref_dir = fresh_copy(tree);
    let our_dir = fresh_copy(tree);
    let reference = Command::new(cfg.reference()).args(args).current_dir(ref_dir.path()).output().unwrap();
    let ours = thinpost().args(cfg.thinpost_args()).args(args).current_dir(our_dir.path()).output().unwrap();
    SideBySide { reference, ours, ref_dir, our_dir }
}

impl SideBySide {
    fn stderr(&self) -> (String, String) {
        (
            String::from_utf8_lossy(&self.reference.stderr).into_owned(),
            String::from_utf8_lossy(&self.ours.stderr).into_owned(),
        )
    }

    /// The files modpost writes, relative to the tree.
    fn outputs(&self) -> Vec<PathBuf> {
        let mut v = vec![PathBuf::from("Module.symvers"), PathBuf::from(".vmlinux.export.c")];
        let order = std::fs::read_to_string(self.ref_dir.path().join("modules.order")).unwrap();
        v.extend(order.lines().map(|l| PathBuf::from(l.replace(".o", ".mod.c"))));
        v
    }

    fn read(&self, dir: &tempfile::TempDir, f: &Path) -> Option<String> {
        std::fs::read(dir.path().join(f)).ok().map(|b| String::from_utf8_lossy(&b).into_owned())
    }

    /// Everything identical: status, stderr, every output (present or absent alike).
    fn assert_identical(&self) {
        let (r, o) = self.stderr();
        assert_eq!(o, r, "stderr");
        assert_eq!(self.ours.status.code(), self.reference.status.code(), "exit status");
        for f in self.outputs() {
            assert_eq!(self.read(&self.our_dir, &f), self.read(&self.ref_dir, &f), "{}", f.display());
        }
    }

    fn alias_count(&self) -> usize {
        self.outputs()
            .iter()
            .filter_map(|f| self.read(&self.ref_dir, f))
            .map(|t| t.lines().filter(|l| l.starts_with("MODULE_ALIAS(") || l.contains(".alias, ")).count())
            .sum()
    }
}

const X86_6_12: Config = Config { version: "6.12", triple: "x86_64-linux-gnu" };
const ARM64_6_12: Config = Config { version: "6.12", triple: "aarch64-linux-gnu" };
const ARM64BE_6_12: Config = Config { version: "6.12", triple: "aarch64_be-linux-gnu" };
const X86_7_2: Config = Config { version: "7.2", triple: "x86_64-linux-gnu" };
const ARM64_7_2: Config = Config { version: "7.2", triple: "aarch64-linux-gnu" };
const ARM64BE_7_2: Config = Config { version: "7.2", triple: "aarch64_be-linux-gnu" };

fn every_type_side_by_side(name: &str, cfg: Config) -> SideBySide {
    let tree = sample_tree(name, cfg, every_table_type(), BUILTINS, true);
    let s = side_by_side(&tree, cfg, ARGS);
    assert_eq!(s.reference.status.code(), Some(0), "{}", s.stderr().0);
    s
}

#[test]
fn every_table_type_6_12_x86_64_is_byte_identical() {
    let s = every_type_side_by_side("every-6.12-x86_64", X86_6_12);
    s.assert_identical();
    assert!(s.alias_count() > 150, "{}", s.alias_count());
}

#[test]
fn every_table_type_6_12_arm64_is_byte_identical() {
    every_type_side_by_side("every-6.12-arm64", ARM64_6_12).assert_identical();
}

#[test]
fn every_table_type_6_12_big_endian_arm64_is_byte_identical() {
    every_type_side_by_side("every-6.12-arm64be", ARM64BE_6_12).assert_identical();
}

// The 7.2 samples export nothing and run without -m, so the rest of each `.mod.c` is
// what 6.12 writes too, and whole files can be compared.

#[test]
fn every_table_type_7_2_x86_64_is_byte_identical() {
    let s = every_type_side_by_side("every-7.2-x86_64", X86_7_2);
    s.assert_identical();
    assert!(s.alias_count() > 150, "{}", s.alias_count());
}

#[test]
fn every_table_type_7_2_arm64_is_byte_identical() {
    every_type_side_by_side("every-7.2-arm64", ARM64_7_2).assert_identical();
}

#[test]
fn every_table_type_7_2_big_endian_arm64_is_byte_identical() {
    every_type_side_by_side("every-7.2-arm64be", ARM64BE_7_2).assert_identical();
}

// ---------------------------------------------------------------------------------------
// Malformed tables and the messages about them.

fn errors_tree(name: &str, cfg: Config) -> PathBuf {
    let mods = vec![
        module("dt_hid", &["src/hid.c"]),
        module("dt_mismatch", &["errors/mismatch.c"]),
        module("dt_unterminated", &["errors/unterminated.c"]),
        module("dt_virtio", &["src/virtio.c"]),
    ];
    sample_tree(name, cfg, mods, BUILTINS, true)
}

/// 6.12: the first bad table is fatal: the size message for a type mismatch, and the
/// hex dump of the last entry for a missing terminator.
#[test]
fn malformed_tables_are_fatal_in_6_12() {
    let tree = errors_tree("errors-6.12", X86_6_12);
    let s = side_by_side(&tree, X86_6_12, ARGS);
    s.assert_identical();
    let (err, _) = s.stderr();
    assert_eq!(s.reference.status.code(), Some(1));
    assert_eq!(
        err,
        "ERROR: modpost: drivers/devtable/dt_mismatch: sizeof(struct pci_device_id)=40 is not a modulo of the size of section __mod_pci__<identifier>_device_table=72.\nFix definition of struct pci_device_id in mod_devicetable.h\n"
    );
    // Without the mismatch, the next module's missing terminator ends the run.
    let order = tree.join("modules.order");
    let text = std::fs::read_to_string(&order).unwrap().replace("drivers/devtable/dt_mismatch.o\n", "");
    let copy = fresh_copy(&tree);
    std::fs::write(copy.path().join("modules.order"), text).unwrap();
    let s = side_by_side(copy.path(), X86_6_12, ARGS);
    s.assert_identical();
    let (err, _) = s.stderr();
    assert!(err.starts_with("drivers/devtable/dt_unterminated: struct virtio_device_id is 8 bytes.  The last of 2 is:\n0x02 0x00 0x00 0x00 0xf4 0x1a 0x00 0x00 \nERROR: modpost: drivers/devtable/dt_unterminated: struct virtio_device_id is not terminated with a NULL entry!\n"), "{err}");
}

/// 6.13+: each bad table is an error naming it; the other tables still give aliases,
/// the run goes on, and ends with status 1 (writing nothing, as after any error).
#[test]
fn malformed_tables_are_errors_in_7_2() {
    for (name, cfg) in [("errors-7.2", X86_7_2), ("errors-7.2-arm64", ARM64_7_2)] {
        let s = side_by_side(&errors_tree(name, cfg), cfg, ARGS);
        s.assert_identical();
        assert_eq!(s.reference.status.code(), Some(1));
        assert_eq!(
            s.stderr().0,
            "ERROR: modpost: drivers/devtable/dt_mismatch: type mismatch between wrong_ids[] and MODULE_DEVICE_TABLE(pci, ...)\nERROR: modpost: drivers/devtable/dt_unterminated: open_ids[] is not terminated with a NULL entry\n"
        );
    }
}

#[test]
fn an_amba_id_outside_its_mask_is_fatal() {
    for (name, cfg) in [("amba-6.12", X86_6_12), ("amba-7.2", X86_7_2)] {
        let tree = sample_tree(name, cfg, vec![module("dt_amba_mask", &["errors/amba_mask.c"])], BUILTINS, true);
        let s = side_by_side(&tree, cfg, ARGS);
        s.assert_identical();
        assert_eq!(s.stderr().0, "ERROR: modpost: drivers/devtable/dt_amba_mask: Masked-off bit(s) of AMBA device ID are non-zero: id=0x00141011, mask=0x000FFFFF.  Please fix this driver.\n");
    }
}

/// 7.1 builds input and dmi aliases in 256-byte buffers; an overflow is fatal.
#[test]
fn alias_buffer_overflows_are_fatal_in_7_2() {
    let cases = [
        (
            "dt_input_overflow",
            "errors/input_overflow.c",
            "ERROR: modpost: alias buffer (256) overflow on append (need 5, have 3)\n",
        ),
        ("dt_dmi_overflow", "errors/dmi_overflow.c", "ERROR: modpost: dmi_ascii_filter: alias buffer overflow\n"),
    ];
    for (module_name, src, message) in cases {
        let tree = sample_tree(module_name, X86_7_2, vec![module(module_name, &[src])], BUILTINS, true);
        let s = side_by_side(&tree, X86_7_2, ARGS);
        s.assert_identical();
        assert_eq!(s.stderr().0, message);
    }
    // 6.12's buffer is 500 bytes: the same DMI table fits.
    let tree =
        sample_tree("dmi-6.12", X86_6_12, vec![module("dt_dmi_overflow", &["errors/dmi_overflow.c"])], BUILTINS, true);
    let s = side_by_side(&tree, X86_6_12, ARGS);
    s.assert_identical();
    assert_eq!((s.reference.status.code(), s.alias_count()), (Some(0), 1));
}

/// A DMI string filling its 79 bytes has no NUL: modpost reads on into the next match,
/// and 6.12's alias line outgrows buf_printf's 500 bytes while the object is read.
#[test]
fn unterminated_dmi_strings_are_read_past_their_field() {
    let mods = || vec![module("dt_dmi_unterminated", &["errors/dmi_unterminated.c"])];
    let s = side_by_side(&sample_tree("dmi-open-6.12", X86_6_12, mods(), BUILTINS, true), X86_6_12, ARGS);
    s.assert_identical();
    assert!(
        s.stderr().0.starts_with("ERROR: modpost: buf_printf output truncated for string MODULE_ALIAS(\"dmi*:bvr*0123"),
        "{}",
        s.stderr().0
    );
    assert!(s.stderr().0.ends_with(": 836 bytes needed, 500 available\n"), "{}", s.stderr().0);
    let s = side_by_side(&sample_tree("dmi-open-7.2", X86_7_2, mods(), BUILTINS, true), X86_7_2, ARGS);
    s.assert_identical();
    assert_eq!(s.stderr().0, "ERROR: modpost: dmi_ascii_filter: alias buffer overflow\n");
}

/// An unknown `override_only`: 6.12 warns and skips the entry; 6.13+ warns and formats
/// the rest into an uninitialised buffer, so the kernel's alias starts with whatever was
/// on its stack (it differs from run to run). thinpost leaves that prefix empty.
#[test]
fn an_unknown_pci_override() {
    let tree = sample_tree(
        "pci-override-6.12",
        X86_6_12,
        vec![module("dt_pci_override", &["errors/pci_override.c"])],
        BUILTINS,
        true,
    );
    let s = side_by_side(&tree, X86_6_12, ARGS);
    s.assert_identical();
    assert_eq!(s.stderr().0, "WARNING: modpost: Unknown PCI driver_override alias 00000002\n");
    assert_eq!(s.alias_count(), 0);

    let tree = sample_tree(
        "pci-override-7.2",
        X86_7_2,
        vec![module("dt_pci_override", &["errors/pci_override.c"])],
        BUILTINS,
        true,
    );
    let s = side_by_side(&tree, X86_7_2, ARGS);
    assert_eq!(s.stderr().1, s.stderr().0);
    assert_eq!(s.ours.status.code(), s.reference.status.code());
    let ours = s.read(&s.our_dir, Path::new("drivers/devtable/dt_pci_override.mod.c")).unwrap();
    assert_eq!(alias_lines(&ours), ["MODULE_ALIAS(\"v00001AF4d00001000sv*sd*bc*sc*i*\");"]);
}

// ---------------------------------------------------------------------------------------
// Trees without scripts/mod/devicetable-offsets.h (external modules against a headers
// package): thinpost's built-in layout for the ELF machine and version, with one note.

#[test]
fn a_tree_without_the_offsets_header_uses_the_built_in_layout() {
    for (name, cfg) in [("noheader-7.2-arm64", ARM64_7_2), ("noheader-6.12-x86_64", X86_6_12)] {
        let tree = sample_tree(name, cfg, every_table_type(), BUILTINS, false);
        let s = side_by_side(&tree, cfg, ARGS);
        let (reference, ours) = s.stderr();
        let note = format!(
            "thinpost: scripts/mod/devicetable-offsets.h not found; device tables use the built-in {} layout of Linux {}\n",
            cfg.arch(),
            cfg.version
        );
        assert_eq!(ours.matches(&note).count(), 1, "{ours}");
        assert_eq!(ours.replacen(&note, "", 1), reference);
        assert_eq!(s.ours.status.code(), s.reference.status.code());
        for f in s.outputs() {
            assert_eq!(s.read(&s.our_dir, &f), s.read(&s.ref_dir, &f), "{}", f.display());
        }
    }
}

#[test]
fn without_the_header_or_a_built_in_layout_the_error_names_the_header() {
    let tree = sample_tree("noheader-unknown", X86_7_2, vec![module("dt_hid", &["src/hid.c"])], BUILTINS, false);
    let out = thinpost().args(["modpost", "--kernel-version=6.19"]).args(ARGS).current_dir(&tree).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "ERROR: modpost: scripts/mod/devicetable-offsets.h: No such file or directory (device tables need it; thinpost has no built-in layout for x86_64 Linux 6.19)\n"
    );
}

// ---------------------------------------------------------------------------------------
// The corpora's own offsets headers.

#[test]
fn the_corpora_offsets_headers_parse_and_equal_the_built_in_layouts() {
    use thinpost::modpost::devtable::{builtin_layout, Layout};
    for (name, arch, version, structs) in [
        ("tiny-6.12", "x86_64", (6, 12), 55),
        ("tiny-6.12-dist", "x86_64", (6, 12), 55),
        ("small-7.2-dist", "x86_64", (7, 2), 56),
        ("small-7.2-arm64-dist", "arm64", (7, 2), 56),
    ] {
        let path = corpus(name).join("scripts/mod/devicetable-offsets.h");
        let layout = Layout::load(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(layout.len(), structs + 163, "{name}");
        assert_eq!(layout.size("usb_device_id"), Some(32), "{name}");
        assert_eq!(layout.offset("input_device_id", "keybit"), Some(24), "{name}");
        assert_eq!(layout.size("mcb_device_id").is_some(), version == (7, 2), "{name}");
        let builtin = builtin_layout(arch, version).unwrap();
        for key in
            ["SIZE_dmi_system_id", "OFF_dmi_system_id_matches", "SIZE_ap_device_id", "OFF_tb_service_id_protocol_key"]
        {
            assert_eq!(layout.get(key), builtin.get(key), "{name}: {key}");
        }
        assert_eq!(layout.len(), builtin.len(), "{name}");
        assert_eq!(layout.origin(), path.display().to_string());
    }
}

/// `--vmlinux-archive` reads vmlinux's members one by one; their built-in aliases, merged
/// in archive order and deduplicated across members, give the kernel's trailer.
#[test]
fn the_7_2_trailer_from_vmlinux_a_equals_the_kernels() {
    let tree = corpus("small-7.2-dist");
    let copy = fresh_copy(&tree);
    let out = thinpost()
        .args(["modpost", "--kernel-version=7.2", "-M", "-o", "Module.symvers", "-T", "modules.order"])
        .args(["--vmlinux-archive", "vmlinux.a"])
        .current_dir(copy.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let trailer = |dir: &Path| {
        let text = std::fs::read_to_string(dir.join(".vmlinux.export.c")).unwrap();
        text.split_once("#include <linux/module.h>\n").map(|(_, t)| t.to_string()).unwrap()
    };
    let ours = trailer(copy.path());
    assert_eq!(ours, trailer(&tree));
    assert_eq!(ours.lines().count(), 682);
}
