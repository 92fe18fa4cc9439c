//! The exports of a kbuild tree and their CRCs, resolved once, by modpost's rules, for
//! every command that needs them (`modpost`, `verify`, `gate`).
//!
//! modpost's rules (`scripts/mod/modpost.c`, 6.12 to 7.3):
//! - A module's exports are the well-formed `.export_symbol` entries of its object, in
//!   the order modpost meets them; vmlinux's come from every vmlinux object.
//! - Its CRCs come from the `.cmd` files of the objects its list names (`.vmlinux.objs`
//!   for vmlinux, `<mod>.mod` for a module), objects in list order, `#SYMVER` lines in
//!   file order. Each line sets the CRC of the module's most recently added export of
//!   that name (`sym_find_with_module()`; a leading `.` of the name is ignored), so a
//!   later line overwrites an earlier one, and a line naming a symbol the module does not
//!   export is ignored.
//! - A symbol exported twice stays twice in `Module.symvers`; a reader that keys by
//!   symbol keeps the later line.

use serde::Serialize;

use crate::formats::symbol::License;
use crate::inventory::Inventory;

/// modpost's CRC assignment for one module: `exports` are its export names in order,
/// `lines` its `#SYMVER` (name, value) pairs in order. Returns, for each export, the
/// value of the last line that set it.
pub fn assign_crcs<'a, T: Copy>(exports: &[&str], lines: impl IntoIterator<Item = (&'a str, T)>) -> Vec<Option<T>> {
    let mut by_name: std::collections::HashMap<&str, usize> = std::collections::HashMap::with_capacity(exports.len());
    for (i, name) in exports.iter().enumerate() {
        // The most recently added export of a name is the one found.
        by_name.insert(name, i);
    }
    let mut out = vec![None; exports.len()];
    for (name, value) in lines {
        let name = name.strip_prefix('.').unwrap_or(name);
        if let Some(&i) = by_name.get(name) {
            out[i] = Some(value);
        }
    }
    out
}

/// Where an export's CRC was read: the object whose `.cmd` file held the `#SYMVER` line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CrcSource {
    pub crc: u32,
    /// Index into [`Inventory::objects`] of the object whose `.cmd` file it is.
    pub object: usize,
    /// 1-based line of the `#SYMVER` in that file.
    pub line: usize,
}

/// One export of a tree, as modpost would write it into `Module.symvers`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TreeExport {
    pub symbol: String,
    /// `vmlinux`, or the module's name (`fs/ext2/ext2`).
    pub module: String,
    /// Index into [`Inventory::objects`] of the object that exports it.
    pub object: usize,
    pub license: License,
    pub namespace: String,
    /// `None` when no `#SYMVER` line names it (modpost: "version generation failed",
    /// written as `0x00000000`).
    pub crc: Option<CrcSource>,
}

impl TreeExport {
    pub fn gpl_only(&self) -> bool {
        self.license == License::Gpl
    }
}

/// The exports of a scanned tree, in `Module.symvers` order (vmlinux, then modules in
/// `modules.order` order), with CRCs assigned by [`assign_crcs`].
pub fn tree_exports(inv: &Inventory) -> Vec<TreeExport> {
    exports_with_vmlinux(inv, &inv.vmlinux)
}

/// As [`tree_exports`], with vmlinux made of the objects at `vmlinux` (indexes into
/// [`Inventory::objects`]) instead of `vmlinux.a`'s members: `thinpost verify` passes
/// the objects the final link will read.
pub fn exports_with_vmlinux(inv: &Inventory, vmlinux: &[usize]) -> Vec<TreeExport> {
    let mut out = Vec::new();
    resolve_module(inv, "vmlinux", vmlinux, vmlinux, &mut out);
    for m in &inv.modules {
        resolve_module(inv, &m.name, &[m.object], &m.members, &mut out);
    }
    out
}

/// Appends the exports of one module: those of `exporting` objects, with CRCs from the
/// `.cmd` files of `crc_objects`.
fn resolve_module(
    inv: &Inventory,
    module: &str,
    exporting: &[usize],
    crc_objects: &[usize],
    out: &mut Vec<TreeExport>,
) {
    let start = out.len();
    for &i in exporting {
        for e in inv.objects[i].exports.iter().filter(|e| e.is_well_formed()) {
            out.push(TreeExport {
                symbol: e.target.clone(),
                module: module.to_string(),
                object: i,
                license: e.license().unwrap_or(License::Any),
                namespace: e.namespace.clone(),
                crc: None,
            });
        }
    }
    let names: Vec<&str> = out[start..].iter().map(|e| e.symbol.as_str()).collect();
    let lines = crc_objects.iter().flat_map(|&i| {
        inv.objects[i]
            .crcs()
            .iter()
            .map(move |c| (c.symbol.as_str(), CrcSource { crc: c.crc, object: i, line: c.line }))
    });
    let crcs = assign_crcs(&names, lines);
    for (e, crc) in out[start..].iter_mut().zip(crcs) {
        e.crc = crc;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_lines_win_and_unexported_names_are_ignored() {
        let crcs = assign_crcs(&["a", "b"], [("a", 1), ("c", 9), ("a", 2), (".b", 3)]);
        assert_eq!(crcs, vec![Some(2), Some(3)]);
    }

    #[test]
    fn a_name_exported_twice_gets_the_crc_on_its_latest_export() {
        assert_eq!(assign_crcs(&["a", "x", "a"], [("a", 7)]), vec![None, None, Some(7)]);
    }
}
