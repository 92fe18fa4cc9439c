//! modpost's outputs: `Module.symvers`, `<mod>.mod.c`, `.vmlinux.export.c` and
//! `modules.nsdeps`, byte for byte as the tree's kernel version writes them.

use crate::kbuild::version::Change;
use crate::modpost::{Exit, Run};
use crate::write::{write_atomic, write_if_changed, Durability};

/// modpost's `buf_printf()` refuses a single formatted piece of 500 bytes or more.
const BUF_PRINTF_LIMIT: usize = 500;

/// An output being built, piece by piece, with modpost's per-piece limit.
#[derive(Default)]
struct Buf {
    data: Vec<u8>,
    /// The first piece that was too long, for the fatal message.
    overflow: Option<String>,
}

impl Buf {
    fn push(&mut self, piece: &str) {
        self.push_bytes(piece.as_bytes());
    }

    /// A piece that may hold any bytes (a device table's strings).
    fn push_bytes(&mut self, piece: &[u8]) {
        if piece.len() >= BUF_PRINTF_LIMIT && self.overflow.is_none() {
            let cut = String::from_utf8_lossy(&piece[..BUF_PRINTF_LIMIT - 1]);
            self.overflow = Some(format!(
                "buf_printf output truncated for string {cut}: {} bytes needed, {BUF_PRINTF_LIMIT} available\n",
                piece.len() + 1
            ));
        }
        if self.overflow.is_none() {
            self.data.extend_from_slice(piece);
        }
    }
}

/// C's `%#8x`: `0x` counts in the width, and zero is printed without it.
pub fn hash8x(v: u32) -> String {
    if v == 0 {
        format!("{:>8}", 0)
    } else {
        format!("{:>8}", format!("{v:#x}"))
    }
}

impl Run<'_> {
    fn check_buf(&mut self, buf: &Buf) -> Result<(), Exit> {
        if let Some(msg) = &buf.overflow {
            let msg = msg.clone();
            self.error(&msg);
            return Err(Exit(1));
        }
        Ok(())
    }

    /// `add_exported_symbols()`.
    fn add_exported_symbols(&mut self, buf: &mut Buf, m: usize) {
        buf.push("\n");
        let trim = self.opts.trim_unused_exports;
        let kflags = self.behaviour.has(Change::KflagsTab);
        let list: Vec<usize> =
            self.modules[m].exports.iter().copied().filter(|&e| !trim || self.exports[e].used).collect();
        for &e in &list {
            let x = &self.exports[e];
            let kind = if x.is_func { "FUNC" } else { "DATA" };
            if kflags {
                // 7.1: the licence moved into the flags (KSYM_FLAG_GPL_ONLY = 0x01).
                buf.push(&format!("KSYMTAB_{kind}({}, \"{}\");\n", x.name, x.namespace));
                buf.push(&format!("SYMBOL_FLAGS({}, 0x{:02x});\n", x.name, u8::from(x.gpl_only)));
            } else {
                let gpl = if x.gpl_only { "_gpl" } else { "" };
                buf.push(&format!("KSYMTAB_{kind}({}, \"{gpl}\", \"{}\");\n", x.name, x.namespace));
            }
        }
        if !self.opts.modversions {
            return;
        }
        buf.push("\n");
        for &e in &list {
            if self.exports[e].crc.is_none() {
                let msg = self.msgs.version_generation_failed(self.who(m), &self.exports[e].name);
                self.warn(&msg);
            }
            let x = &self.exports[e];
            if kflags {
                buf.push(&format!("SYMBOL_CRC({}, 0x{:08x});\n", x.name, x.crc.unwrap_or(0)));
            } else {
                let gpl = if x.gpl_only { "_gpl" } else { "" };
                buf.push(&format!("SYMBOL_CRC({}, 0x{:08x}, \"{gpl}\");\n", x.name, x.crc.unwrap_or(0)));
            }
        }
    }

    fn mod_c(&mut self, m: usize) -> Result<Buf, Exit> {
        let mut b = Buf::default();
        let module = &self.modules[m];
        b.push("#include <linux/module.h>\n#include <linux/export-internal.h>\n#include <linux/compiler.h>\n\n");
        b.push("MODULE_INFO(name, KBUILD_MODNAME);\n\n");
        b.push("__visible struct module __this_module\n__section(\".gnu.linkonce.this_module\") = {\n");
        b.push("\t.name = KBUILD_MODNAME,\n");
        if module.info.has_init {
            b.push("\t.init = init_module,\n");
        }
        if module.info.has_cleanup {
            b.push("#ifdef CONFIG_MODULE_UNLOAD\n\t.exit = cleanup_module,\n#endif\n");
        }
        b.push("\t.arch = MODULE_ARCH_INIT,\n};\n");
        if !self.opts.external_module {
            b.push("\nMODULE_INFO(intree, \"Y\");\n");
        }
        if module.name.starts_with("drivers/staging") {
            b.push("\nMODULE_INFO(staging, \"Y\");\n");
        }
        if module.name.starts_with("tools/testing") {
            b.push("\nMODULE_INFO(test, \"Y\");\n");
        }
        self.add_exported_symbols(&mut b, m);
        self.add_versions(&mut b, m);
        self.add_extended_versions(&mut b, m);
        self.add_depends(&mut b, m);
        // add_moddevtable() (6.12), the alias list (6.13+): the same lines.
        b.push("\n");
        for a in self.modules[m].info.aliases.iter() {
            b.push_bytes(&[&b"MODULE_ALIAS(\""[..], &a.text, b"\");\n"].concat());
        }
        // add_srcversion().
        if let Some(s) = &self.modules[m].info.srcversion {
            b.push(&format!("\nMODULE_INFO(srcversion, \"{s}\");\n"));
        }
        Ok(b)
    }

    /// The module's resolved imports in `____versions` order: (symbol, CRC if known).
    fn resolved_imports(&self, m: usize) -> Vec<(String, Option<u32>)> {
        let module = &self.modules[m];
        module
            .resolved
            .iter()
            .zip(&module.info.unresolved)
            .filter_map(|(r, (sym, _))| r.map(|e| (sym.clone(), self.exports[e].crc)))
            .collect()
    }

    /// `add_versions()`: the `__versions` table, with `module_layout` last. Until 6.13
    /// written with `-m` and `%#8x`; since 6.14 with `-b`, `0x%08x`, and names too long
    /// for it left to the extended table when there is one (`-x`).
    fn add_versions(&mut self, b: &mut Buf, m: usize) {
        let extended = self.behaviour.has(Change::ExtendedModversions);
        let wanted = if extended { self.opts.basic_modversions } else { self.opts.modversions };
        if !wanted {
            return;
        }
        b.push("\nstatic const struct modversion_info ____versions[]\n__used __section(\"__versions\") = {\n");
        let name_len = super::module_name_len(self.modules[m].info.is_64bit);
        for (sym, crc) in self.resolved_imports(m) {
            let Some(crc) = crc else {
                let msg = self.msgs.no_crc(self.who(m), &sym);
                self.warn(&msg);
                continue;
            };
            if sym.len() >= name_len {
                if extended && self.opts.extended_modversions {
                    continue;
                }
                let msg = self.msgs.too_long_symbol(self.who(m), &sym);
                self.error(&msg);
                break;
            }
            if extended {
                b.push(&format!("\t{{ 0x{crc:08x}, \"{sym}\" }},\n"));
            } else {
                b.push(&format!("\t{{ {}, \"{sym}\" }},\n", hash8x(crc)));
            }
        }
        b.push("};\n");
    }

    /// `add_extended_versions()` (6.14, `-x`): every resolved import with a CRC, as a
    /// CRC table and a name table in the same order. The "has no CRC!" warning is
    /// printed again here, as modpost does; with no entries the name table is the
    /// (invalid C) `=\n;` modpost writes too.
    fn add_extended_versions(&mut self, b: &mut Buf, m: usize) {
        if !(self.behaviour.has(Change::ExtendedModversions) && self.opts.extended_modversions) {
            return;
        }
        let imports = self.resolved_imports(m);
        b.push("\nstatic const u32 ____version_ext_crcs[]\n__used __section(\"__version_ext_crcs\") = {\n");
        for (sym, crc) in &imports {
            match crc {
                Some(crc) => b.push(&format!("\t0x{crc:08x},\n")),
                None => {
                    let msg = self.msgs.no_crc(self.who(m), sym);
                    self.warn(&msg);
                }
            }
        }
        b.push("};\n");
        b.push("static const char ____version_ext_names[]\n__used __section(\"__version_ext_names\") =\n");
        for (sym, _) in imports.iter().filter(|(_, crc)| crc.is_some()) {
            b.push(&format!("\t\"{sym}\\0\"\n"));
        }
        b.push(";\n");
    }

    /// `add_depends()`: owning modules in order of first use, vmlinux excluded.
    fn add_depends(&self, b: &mut Buf, m: usize) {
        let mut seen: Vec<usize> = Vec::new();
        let mut names: Vec<&str> = Vec::new();
        for e in self.modules[m].resolved.iter().flatten() {
            let owner = self.exports[*e].module;
            if self.modules[owner].is_vmlinux || seen.contains(&owner) {
                continue;
            }
            seen.push(owner);
            names.push(crate::kbuild::naming::module_basename(&self.modules[owner].name));
        }
        b.push(&format!("\nMODULE_INFO(depends, \"{}\");\n", names.join(",")));
    }

    /// Writes `data` to `path` unless an error already occurred (modpost's
    /// `write_buf()` is silent then).
    fn write_output(&mut self, path: &str, data: &[u8], if_changed: bool) -> Result<(), Exit> {
        if self.error_occurred {
            return Ok(());
        }
        let full = self.path(path);
        let r = if if_changed {
            write_if_changed(&full, data).map(|_| ())
        } else {
            write_atomic(&full, data, Durability::Rename)
        };
        if let Err(e) = r {
            let msg = match &e {
                crate::Error::Io { source, .. } => super::io_message(path, source),
                other => format!("{other}\n"),
            };
            self.print(&msg);
            return Err(Exit(1));
        }
        Ok(())
    }

    pub(super) fn write_outputs(&mut self) -> Result<(), Exit> {
        for m in 0..self.modules.len() {
            if self.modules[m].dump_file.is_some() {
                continue;
            }
            if self.modules[m].is_vmlinux {
                let mut b = Buf::default();
                b.push("#include <linux/export-internal.h>\n");
                self.add_exported_symbols(&mut b, m);
                if self.behaviour.has(Change::DevtableSymbolKmod) {
                    // 6.18: built-in drivers' aliases, as `<modname>.alias` module info.
                    b.push("#include <linux/module.h>\n#undef __MODULE_INFO_PREFIX\n#define __MODULE_INFO_PREFIX\n");
                    for a in self.modules[m].info.aliases.iter() {
                        let modname = a.builtin_modname.as_deref().unwrap_or(b"(null)");
                        b.push_bytes(&[&b"MODULE_INFO("[..], modname, b".alias, \"", &a.text, b"\");\n"].concat());
                    }
                }
                self.check_buf(&b)?;
                self.write_output(".vmlinux.export.c", &b.data, true)?;
            } else {
                let b = self.mod_c(m)?;
                self.check_buf(&b)?;
                let path = format!("{}.mod.c", self.modules[m].name);
                self.write_output(&path, &b.data, true)?;
            }
        }
        if let Some(path) = self.opts.missing_namespace_deps.clone() {
            let mut b = Buf::default();
            for m in &self.modules {
                if m.dump_file.is_some() || m.missing_namespaces.is_empty() {
                    continue;
                }
                b.push(&format!("{}.ko:", m.name));
                for ns in &m.missing_namespaces {
                    b.push(&format!(" {ns}"));
                }
                b.push("\n");
            }
            self.check_buf(&b)?;
            self.write_output(&path.to_string_lossy(), &b.data, true)?;
        }
        if let Some(path) = self.opts.dump_write.clone() {
            let mut b = Buf::default();
            let trim = self.opts.trim_unused_exports;
            for m in &self.modules {
                if m.dump_file.is_some() {
                    continue;
                }
                for &e in &m.exports {
                    let x = &self.exports[e];
                    if trim && !x.used {
                        continue;
                    }
                    b.push(&format!(
                        "0x{:08x}\t{}\t{}\tEXPORT_SYMBOL{}\t{}\n",
                        x.crc.unwrap_or(0),
                        x.name,
                        m.name,
                        if x.gpl_only { "_GPL" } else { "" },
                        x.namespace
                    ));
                }
            }
            self.check_buf(&b)?;
            // Always rewritten, as modpost does: kbuild's if_changed needs the target
            // newer than its prerequisites after the rule ran.
            self.write_output(&path.to_string_lossy(), &b.data, false)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::hash8x;

    #[test]
    fn percent_hash_8x() {
        assert_eq!(hash8x(0x61bdd5e), "0x61bdd5e");
        assert_eq!(hash8x(0x1234), "  0x1234");
        assert_eq!(hash8x(0), "       0");
        assert_eq!(hash8x(0xc1fc0812), "0xc1fc0812");
    }
}
