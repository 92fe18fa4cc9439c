//! The symbol and export records shared by the ELF and bitcode readers.

use serde::Serialize;

/// ELF-style binding; for bitcode, derived from the IR symbol table's flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Binding {
    Local,
    Global,
    Weak,
    /// `STB_GNU_UNIQUE` and processor/OS-specific bindings.
    Other,
}

/// What a symbol names, as far as the object tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SymbolType {
    Func,
    Data,
    Section,
    File,
    Tls,
    /// `STT_NOTYPE` and anything else.
    Other,
}

/// One entry of an object's symbol table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Symbol {
    pub name: String,
    pub binding: Binding,
    pub typ: SymbolType,
    /// False for undefined references (`SHN_UNDEF`, or the IR table's undefined flag).
    pub defined: bool,
    /// Section of a defined ELF symbol (`*ABS*`, `*COM*` for the special indices);
    /// `None` for undefined symbols and for bitcode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

impl Symbol {
    /// What `llvm-nm --defined-only --extern-only` lists: a defined global or weak symbol.
    pub fn is_defined_extern(&self) -> bool {
        self.defined && matches!(self.binding, Binding::Global | Binding::Weak | Binding::Other)
    }
}

/// The licence of an export, from the `.asciz` after its `__export_symbol_` label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum License {
    /// `EXPORT_SYMBOL`: licence string `""`.
    Any,
    /// `EXPORT_SYMBOL_GPL`: licence string `"GPL"`.
    Gpl,
}

/// One `EXPORT_SYMBOL*` entry as the object carries it, before modpost's checks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExportEntry {
    /// The `__export_symbol_<sym>` label (or `__ksymtab_<sym>` before 6.5).
    pub label: String,
    /// The symbol the entry points at (the relocation target, or the `.quad` operand).
    pub target: String,
    /// The raw licence string; modpost accepts only `""` and `"GPL"`.
    pub license_raw: String,
    /// The namespace, empty when none.
    pub namespace: String,
    /// Binding of the target symbol in this object, when the object tells.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_binding: Option<Binding>,
    /// Whether the target is `STT_FUNC` (decides `KSYMTAB_FUNC` vs `KSYMTAB_DATA`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_is_func: Option<bool>,
}

pub const EXPORT_LABEL_PREFIX: &str = "__export_symbol_";

impl ExportEntry {
    /// The exported name as the label spells it (the label without its prefix).
    pub fn label_symbol(&self) -> Option<&str> {
        self.label.strip_prefix(EXPORT_LABEL_PREFIX).or_else(|| self.label.strip_prefix("__ksymtab_"))
    }

    /// The licence, when it is one modpost accepts.
    pub fn license(&self) -> Option<License> {
        match self.license_raw.as_str() {
            "" => Some(License::Any),
            "GPL" => Some(License::Gpl),
            _ => None,
        }
    }

    /// True when modpost would record this entry as an export: the label has the
    /// prefix and names the target, the licence is known, and the target is not local.
    pub fn is_well_formed(&self) -> bool {
        self.label_symbol() == Some(self.target.as_str())
            && self.license().is_some()
            && !matches!(self.target_binding, Some(Binding::Local))
    }
}
