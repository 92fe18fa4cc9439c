//! One side of the comparison: the exports of a build, from a symvers file or from a
//! scanned object tree.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::explain::{SymtypesIndex, SymtypesLocation};
use crate::inventory::Inventory;
use crate::kbuild::exports::tree_exports;
use crate::kbuild::naming;
use crate::kbuild::symvers::{self, ExportType, Layout};

/// Where an export was read: a symvers line, or the `#SYMVER` line of a `.cmd` file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Origin {
    pub file: PathBuf,
    /// 1-based; `None` when the source has no line for it (an export without CRC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// One export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Export {
    pub symbol: String,
    #[serde(serialize_with = "super::serialize_crc")]
    pub crc: u32,
    pub module: String,
    pub export: ExportType,
    pub namespace: String,
    pub origin: Origin,
}

/// How a side was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum SourceKind {
    Symvers {
        #[serde(skip_serializing_if = "Option::is_none")]
        layout: Option<Layout>,
    },
    Objtree,
}

/// The exports of one build, by symbol.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExportSet {
    pub path: PathBuf,
    pub source: SourceKind,
    /// Whether namespaces are known (false for the pre-5.4 layout).
    pub namespaces: bool,
    #[serde(skip)]
    pub exports: BTreeMap<String, Export>,
}

impl ExportSet {
    /// Reads a symvers file in any layout. When a symbol is listed twice, the later line
    /// wins (as in `kabi.pl`).
    pub fn from_symvers(path: &Path) -> crate::Result<Self> {
        let sv = symvers::read(path)?;
        let namespaces = sv.has_namespaces() || sv.records.is_empty();
        let layout = sv.layout();
        let exports = sv
            .records
            .into_iter()
            .map(|r| {
                let e = Export {
                    crc: r.crc,
                    module: r.module,
                    export: r.export,
                    namespace: r.namespace,
                    origin: Origin { file: path.to_path_buf(), line: Some(r.line) },
                    symbol: r.symbol.clone(),
                };
                (r.symbol, e)
            })
            .collect();
        Ok(ExportSet { path: path.to_path_buf(), source: SourceKind::Symvers { layout }, namespaces, exports })
    }

    /// The exports modpost would write for a scanned tree, resolved by
    /// [`tree_exports`]: the well-formed exports of vmlinux objects, with CRCs from their
    /// `.cmd` files, then each module's (CRCs from its member objects' `.cmd` files). An
    /// export without a `#SYMVER` line gets CRC 0, as modpost writes it; a symbol
    /// exported twice keeps its later export, as when reading `Module.symvers`. Also
    /// returns where each export's `.symtypes` would be.
    pub fn from_inventory(inv: &Inventory) -> (Self, SymtypesIndex) {
        let mut exports = BTreeMap::new();
        let mut index = SymtypesIndex::default();
        let objtree = &inv.objtree;
        for e in tree_exports(inv) {
            let (crc, origin) = match e.crc {
                Some(c) => {
                    let source = &inv.objects[c.object];
                    let cmd = objtree.join(&source.cmd_path);
                    let symtypes = objtree.join(naming::symtypes_for(&source.path));
                    index.add(e.symbol.clone(), SymtypesLocation { symtypes, cmd: cmd.clone() });
                    (c.crc, Origin { file: cmd, line: Some(c.line) })
                }
                None => (0, Origin { file: objtree.join(&inv.objects[e.object].path), line: None }),
            };
            let export = if e.gpl_only() { ExportType::Gpl } else { ExportType::Symbol };
            let symbol = e.symbol.clone();
            exports.insert(e.symbol, Export { symbol, crc, module: e.module, export, namespace: e.namespace, origin });
        }
        let set = ExportSet { path: objtree.clone(), source: SourceKind::Objtree, namespaces: true, exports };
        (set, index)
    }
}
