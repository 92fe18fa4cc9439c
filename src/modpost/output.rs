//! modpost's outputs: `Module.symvers`, `<mod>.mod.c`, `.vmlinux.export.c` and
//! `modules.nsdeps`, byte for byte as Linux 6.12 writes them.

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
        let list: Vec<usize> =
            self.modules[m].exports.iter().copied().filter(|&e| !trim || self.exports[e].used).collect();
        for &e in &list {
            let x = &self.exports[e];
            buf.push(&format!(
                "KSYMTAB_{}({}, \"{}\", \"{}\");\n",
                if x.is_func { "FUNC" } else { "DATA" },
                x.name,
                if x.gpl_only { "_gpl" } else { "" },
                x.namespace
            ));
        }
        if !self.opts.modversions {
            return;
        }
        buf.push("\n");
        for &e in &list {
            if self.exports[e].crc.is_none() {
                let (name, module) = (self.exports[e].name.clone(), &self.modules[m]);
                let msg = format!(
                    "EXPORT symbol \"{name}\" [{}{}] version generation failed, symbol will not be versioned.\nIs \"{name}\" prototyped in <asm/asm-prototypes.h>?\n",
                    module.name,
                    if module.is_vmlinux { "" } else { ".ko" }
                );
                self.warn(&msg);
            }
            let x = &self.exports[e];
            buf.push(&format!(
                "SYMBOL_CRC({}, 0x{:08x}, \"{}\");\n",
                x.name,
                x.crc.unwrap_or(0),
                if x.gpl_only { "_gpl" } else { "" }
            ));
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

    /// `add_versions()`: the `__versions` table, with `module_layout` last.
    fn add_versions(&mut self, b: &mut Buf, m: usize) {
        if !self.opts.modversions {
            return;
        }
        b.push("\nstatic const struct modversion_info ____versions[]\n__used __section(\"__versions\") = {\n");
        let name = self.modules[m].name.clone();
        let resolved = self.modules[m].resolved.clone();
        for (i, r) in resolved.iter().enumerate() {
            let Some(e) = *r else { continue };
            let sym = self.modules[m].info.unresolved[i].0.clone();
            let Some(crc) = self.exports[e].crc else {
                self.warn(&format!("\"{sym}\" [{name}.ko] has no CRC!\n"));
                continue;
            };
            if sym.len() >= super::MODULE_NAME_LEN {
                self.error(&format!("too long symbol \"{sym}\" [{name}.ko]\n"));
                break;
            }
            b.push(&format!("\t{{ {}, \"{sym}\" }},\n", hash8x(crc)));
        }
        b.push("};\n");
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
            let n = &self.modules[owner].name;
            names.push(n.rsplit('/').next().unwrap_or(n));
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
                if self.opts.devtable_rules().vmlinux_aliases {
                    // 6.18+: the built-in modules' aliases, as modinfo of vmlinux.
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
