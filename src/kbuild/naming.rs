//! How kbuild names the files that belong to one object, in one place.
//!
//! For an IR object `dir/X.o` of a distributed-ThinLTO build:
//!
//! | file | name |
//! |---|---|
//! | its `.cmd` file (flags, `#SYMVER` CRCs) | `dir/.X.o.cmd` |
//! | its index shard (written by the thin-link) | `dir/X.o.thinlto.bc` |
//! | its native object (the backend's output) | `dir/X.thinlto-native.o` |
//! | the native's own `.cmd` file (the backend command) | `dir/.X.thinlto-native.o.cmd` |
//! | genksyms' type dump (`KBUILD_SYMTYPES=1`) | `dir/X.symtypes` |
//!
//! A module `dir/M` (a `modules.order` entry `dir/M.o`) lists its objects in `dir/M.mod`.
//! Paths are relative to the objtree, `/`-separated, as kbuild writes them.

/// The suffix of a distributed-ThinLTO native object.
pub const NATIVE_SUFFIX: &str = ".thinlto-native.o";
/// The suffix of an index shard after the object name.
pub const SHARD_SUFFIX: &str = ".thinlto.bc";

/// Splits `dir/base` into (`dir/`, `base`); the directory keeps its slash.
fn split(path: &str) -> (&str, &str) {
    match path.rfind('/') {
        Some(i) => (&path[..=i], &path[i + 1..]),
        None => ("", path),
    }
}

/// `dir/X.o` → `dir/X.thinlto-native.o`.
pub fn native_for(object: &str) -> String {
    format!("{}{NATIVE_SUFFIX}", object.strip_suffix(".o").unwrap_or(object))
}

/// `dir/X.thinlto-native.o` → `dir/X.o`; `None` for a name that is not a native's.
pub fn ir_for_native(native: &str) -> Option<String> {
    native.strip_suffix(NATIVE_SUFFIX).map(|stem| format!("{stem}.o"))
}

/// Whether `path` names a distributed-ThinLTO native object.
pub fn is_native(path: &str) -> bool {
    path.ends_with(NATIVE_SUFFIX)
}

/// `dir/X.o` → `dir/X.o.thinlto.bc`.
pub fn shard_for(object: &str) -> String {
    format!("{object}{SHARD_SUFFIX}")
}

/// The `.cmd` file kbuild writes for the target `path` itself: `dir/base` → `dir/.base.cmd`
/// (for a native, the file holding its backend command).
pub fn own_cmd_for(path: &str) -> String {
    let (dir, base) = split(path);
    format!("{dir}.{base}.cmd")
}

/// The `.cmd` file that holds the `#SYMVER` CRCs of `object`: its own, except that a
/// native `dir/X.thinlto-native.o` has none and reads its bitcode's `dir/.X.o.cmd`. This
/// is Linux 7.2's rule (`.thinlto-native.o` → `.o.cmd` in modpost's
/// `extract_crcs_for_object()`), which thinpost applies to every tree.
pub fn crc_cmd_for(object: &str) -> String {
    let (dir, base) = split(object);
    match base.strip_suffix(NATIVE_SUFFIX) {
        Some(stem) => format!("{dir}.{stem}.o.cmd"),
        None => format!("{dir}.{base}.cmd"),
    }
}

/// `dir/X.o` or `dir/X.thinlto-native.o` → `dir/X.symtypes`.
pub fn symtypes_for(object: &str) -> String {
    let stem = object.strip_suffix(NATIVE_SUFFIX).or_else(|| object.strip_suffix(".o")).unwrap_or(object);
    format!("{stem}.symtypes")
}

/// `dir/X.o` or `dir/X.thinlto-native.o` → `dir/X.symref`: the genksyms reference file
/// (`-r`) kbuild passes when it exists (`scripts/Makefile.build`), whose expansions then
/// decide the CRCs instead of the `.symtypes` ones.
pub fn symref_for(object: &str) -> String {
    let stem = object.strip_suffix(NATIVE_SUFFIX).or_else(|| object.strip_suffix(".o")).unwrap_or(object);
    format!("{stem}.symref")
}

/// `dir/X.symtypes` → `dir/.X.o.cmd`: the `.cmd` file whose `#SYMVER` lines genksyms
/// wrote from the same run.
pub fn cmd_beside_symtypes(symtypes: &str) -> String {
    let stem = symtypes.strip_suffix(".symtypes").unwrap_or(symtypes);
    crc_cmd_for(&format!("{stem}.o"))
}

/// A `modules.order` entry `dir/M.o` (or `dir/M.ko`) → the module's name `dir/M`.
pub fn module_name(entry: &str) -> &str {
    entry.strip_suffix(".o").or_else(|| entry.strip_suffix(".ko")).unwrap_or(entry)
}

/// A module's name → the file listing its objects, `dir/M.mod`.
pub fn mod_file_for(module: &str) -> String {
    format!("{module}.mod")
}

/// The last path component of a module name (`fs/ext2/ext2` → `ext2`), as modpost's
/// messages and `MODULE_INFO(depends, …)` use it.
pub fn module_basename(module: &str) -> &str {
    split(module).1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_one_object() {
        assert_eq!(native_for("init/main.o"), "init/main.thinlto-native.o");
        assert_eq!(ir_for_native("init/main.thinlto-native.o").as_deref(), Some("init/main.o"));
        assert_eq!(ir_for_native("init/main.o"), None);
        assert_eq!(shard_for("init/main.o"), "init/main.o.thinlto.bc");
        assert_eq!(own_cmd_for("init/main.thinlto-native.o"), "init/.main.thinlto-native.o.cmd");
        assert_eq!(symtypes_for("init/main.thinlto-native.o"), "init/main.symtypes");
        assert_eq!(symtypes_for("init/main.o"), "init/main.symtypes");
        assert_eq!(symref_for("init/main.thinlto-native.o"), "init/main.symref");
        assert_eq!(cmd_beside_symtypes("init/main.symtypes"), "init/.main.o.cmd");
        assert_eq!(module_name("fs/ext2/ext2.o"), "fs/ext2/ext2");
        assert_eq!(mod_file_for("fs/ext2/ext2"), "fs/ext2/ext2.mod");
        assert_eq!(module_basename("fs/ext2/ext2"), "ext2");
        assert_eq!(module_basename("ext2"), "ext2");
    }

    #[test]
    fn crc_cmd_paths() {
        assert_eq!(crc_cmd_for("init/main.o"), "init/.main.o.cmd");
        assert_eq!(crc_cmd_for("init/main.thinlto-native.o"), "init/.main.o.cmd");
        assert_eq!(crc_cmd_for("main.o"), ".main.o.cmd");
        assert_eq!(crc_cmd_for("a/b/c.thinlto-native.o"), "a/b/.c.o.cmd");
    }
}
