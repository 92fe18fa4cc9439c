//! LLVM bitcode objects as `clang -flto=thin` writes them: the IR symbol table
//! (`llvm::irsymtab::storage`, LLVM `include/llvm/Object/IRSymtab.h`) and the
//! module-level inline asm, where kernel exports live.
//!
//! Layout of a ThinLTO object: `IDENTIFICATION MODULE [IDENTIFICATION MODULE] SYMTAB
//! STRTAB`, optionally inside the `0x0B17C0DE` wrapper. One symbol table covers every
//! module in the file.

use serde::Serialize;

use crate::error::ParseError;
use crate::formats::asm_exports;
use crate::formats::bitstream::{self, enter_block, BitCursor, BlockHeader, BlockInfo, Visit};
use crate::formats::magic::{BITCODE_MAGIC, WRAPPER_MAGIC};
use crate::formats::symbol::{Binding, ExportEntry, Symbol, SymbolType};

const MODULE_BLOCK_ID: u64 = 8;
const IDENTIFICATION_BLOCK_ID: u64 = 13;
const STRTAB_BLOCK_ID: u64 = 23;
const SYMTAB_BLOCK_ID: u64 = 25;
const MODULE_CODE_ASM: u64 = 4;
const MODULE_CODE_SOURCE_FILENAME: u64 = 16;
/// SYMTAB_BLOB and STRTAB_BLOB are both record code 1 in their blocks.
const BLOB_RECORD: u64 = 1;

/// irsymtab symbol flag bits (`storage::Symbol::FlagBits`).
pub mod flags {
    pub const UNDEFINED: u32 = 1 << 3;
    pub const WEAK: u32 = 1 << 4;
    pub const COMMON: u32 = 1 << 5;
    pub const INDIRECT: u32 = 1 << 6;
    pub const USED: u32 = 1 << 7;
    pub const TLS: u32 = 1 << 8;
    pub const MAY_OMIT: u32 = 1 << 9;
    pub const GLOBAL: u32 = 1 << 10;
    pub const FORMAT_SPECIFIC: u32 = 1 << 11;
    pub const UNNAMED_ADDR: u32 = 1 << 12;
    pub const EXECUTABLE: u32 = 1 << 13;
}

/// One entry of the IR symbol table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IrSymbol {
    /// The linker-visible (mangled) name.
    pub name: String,
    /// The IR global's name; empty for symbols defined by module-level asm.
    pub ir_name: String,
    pub flags: u32,
    /// Index of the module (in file order) the symbol belongs to.
    pub module: u32,
}

impl IrSymbol {
    /// `!undefined && global && !format_specific`: what a linker (and `llvm-nm
    /// --defined-only --extern-only`) sees as a definition.
    pub fn is_linker_visible_definition(&self) -> bool {
        self.flags & (flags::UNDEFINED | flags::FORMAT_SPECIFIC) == 0 && self.flags & flags::GLOBAL != 0
    }

    /// The symbol in the common representation. Symbols that are not global, or are
    /// format-specific (`llvm.*`), are not linker-visible and are shown as local.
    pub fn to_symbol(&self) -> Symbol {
        let f = self.flags;
        let binding = if f & flags::GLOBAL == 0 || f & flags::FORMAT_SPECIFIC != 0 {
            Binding::Local
        } else if f & flags::WEAK != 0 {
            Binding::Weak
        } else {
            Binding::Global
        };
        let typ = if f & flags::TLS != 0 {
            SymbolType::Tls
        } else if f & flags::EXECUTABLE != 0 {
            SymbolType::Func
        } else {
            SymbolType::Data
        };
        Symbol { name: self.name.clone(), binding, typ, defined: f & flags::UNDEFINED == 0, section: None }
    }
}

/// What the scan keeps of one bitcode object.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IrContents {
    /// Number of MODULE_BLOCKs (two with `-fsplit-lto-unit` and type metadata).
    pub modules: u32,
    /// The IDENTIFICATION block's producer, e.g. `LLVM19.1.7`.
    pub producer: String,
    pub symtab_version: u32,
    pub target_triple: String,
    pub source_filename: String,
    pub symbols: Vec<IrSymbol>,
    /// Exports found in the module-level inline asm, in asm order, module by module.
    pub exports: Vec<ExportEntry>,
}

/// Returns the raw bitcode stream: `data` itself, or the part the wrapper header names.
pub fn unwrap(data: &[u8]) -> Result<&[u8], ParseError> {
    if data.starts_with(&WRAPPER_MAGIC) {
        // Header: magic, version, offset, size, cputype; five little-endian words.
        let word = |i: usize| -> Result<u32, ParseError> {
            data.get(i * 4..i * 4 + 4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .ok_or_else(|| ParseError::at(i as u64 * 4, "bitcode wrapper header is truncated"))
        };
        let (offset, size) = (word(2)? as usize, word(3)? as usize);
        let end = offset.checked_add(size).filter(|&e| e <= data.len());
        match end {
            Some(end) if offset >= 20 => Ok(&data[offset..end]),
            _ => Err(ParseError::at(8, "bitcode wrapper names a range outside the file")),
        }
    } else if data.starts_with(&BITCODE_MAGIC) {
        Ok(data)
    } else {
        Err(ParseError::at(0, "not LLVM bitcode (bad magic)"))
    }
}

/// Parses a bitcode object: module asm exports and the IR symbol table.
pub fn read_bitcode(data: &[u8]) -> Result<IrContents, ParseError> {
    let base = if data.starts_with(&WRAPPER_MAGIC) {
        let inner = unwrap(data)?;
        inner.as_ptr() as usize - data.as_ptr() as usize
    } else {
        0
    };
    let stream = unwrap(data)?;
    if !stream.starts_with(&BITCODE_MAGIC) {
        return Err(ParseError::at(base as u64, "wrapped data is not LLVM bitcode"));
    }
    let rebase = |e: ParseError| match e.location {
        crate::error::Location::Offset(o) => ParseError::at(o + base as u64, e.message),
        _ => e,
    };
    read_stream(stream).map_err(rebase)
}

fn read_stream(stream: &[u8]) -> Result<IrContents, ParseError> {
    let mut cur = BitCursor::new(stream);
    cur.read(32)?; // magic, checked by the caller
    let mut info = BlockInfo::default();
    let mut out = IrContents::default();
    let mut module_asm: Vec<String> = Vec::new();
    let mut symtab: Option<&[u8]> = None;
    let mut strtab: Option<&[u8]> = None;

    while cur.bits_left() >= 32 {
        let id = cur.read(2)?;
        if id != bitstream::ENTER_SUBBLOCK {
            // Top-level padding (zeros up to a word boundary) ends the stream.
            if id == bitstream::END_BLOCK {
                break;
            }
            return Err(ParseError::at(cur.byte_pos(), "bitcode: expected a block at the top level"));
        }
        let header = enter_block(&mut cur)?;
        match header.id {
            bitstream::BLOCKINFO_BLOCK_ID => info.read(&mut cur, header)?,
            MODULE_BLOCK_ID => {
                let m = read_module_head(&mut cur, header, &mut info)?;
                if out.source_filename.is_empty() {
                    out.source_filename = m.source_filename;
                }
                module_asm.push(m.asm);
                out.modules += 1;
                cur.seek(header.end_bit)?;
            }
            IDENTIFICATION_BLOCK_ID if out.producer.is_empty() => {
                if let Some(p) = read_string_record(&mut cur, header, &mut info)? {
                    out.producer = p;
                }
                cur.seek(header.end_bit)?;
            }
            SYMTAB_BLOCK_ID if symtab.is_none() => {
                symtab = read_blob_block(&mut cur, header, &mut info)?;
            }
            STRTAB_BLOCK_ID if symtab.is_some() && strtab.is_none() => {
                strtab = read_blob_block(&mut cur, header, &mut info)?;
            }
            _ => cur.seek(header.end_bit)?,
        }
    }

    if out.modules == 0 {
        return Err(ParseError::whole("bitcode holds no module"));
    }
    let (Some(symtab), Some(strtab)) = (symtab, strtab) else {
        return Err(ParseError::whole(
            "bitcode has no IR symbol table (no SYMTAB/STRTAB block): it was written by a producer \
             that chose not to write one; rebuild it with the kernel's clang",
        ));
    };
    parse_symtab(symtab, strtab, &mut out)?;
    for (module, asm) in module_asm.iter().enumerate() {
        out.exports.extend(
            asm_exports::parse_module_asm(asm)
                .map_err(|e| ParseError::whole(format!("module {module} inline asm: {e}")))?,
        );
    }
    Ok(out)
}

struct ModuleHead {
    asm: String,
    source_filename: String,
}

fn chars(ops: &[u64], cur: &BitCursor<'_>) -> Result<String, ParseError> {
    let bytes: Result<Vec<u8>, _> = ops.iter().map(|&c| u8::try_from(c)).collect();
    let bytes =
        bytes.map_err(|_| ParseError::at(cur.byte_pos(), "bitcode: string record with a non-byte character"))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Reads the MODULE_BLOCK's own records (not its sub-blocks, which are skipped by their
/// length words) for the inline asm and the source file name.
fn read_module_head(
    cur: &mut BitCursor<'_>,
    header: BlockHeader,
    info: &mut BlockInfo,
) -> Result<ModuleHead, ParseError> {
    let mut head = ModuleHead { asm: String::new(), source_filename: String::new() };
    bitstream::for_each_record(
        cur,
        header,
        info,
        |_, _, _| Ok(false),
        |rec, cur| {
            match rec.code {
                MODULE_CODE_ASM => {
                    // Several ASM records are concatenated with newlines by LLVM's reader.
                    if !head.asm.is_empty() {
                        head.asm.push('\n');
                    }
                    head.asm.push_str(&chars(&rec.ops, cur)?);
                }
                MODULE_CODE_SOURCE_FILENAME => head.source_filename = chars(&rec.ops, cur)?,
                _ => {}
            }
            Ok(Visit::Continue)
        },
    )?;
    Ok(head)
}

/// Reads the first record with code 1 of a block as a string (IDENTIFICATION's STRING).
fn read_string_record(
    cur: &mut BitCursor<'_>,
    header: BlockHeader,
    info: &mut BlockInfo,
) -> Result<Option<String>, ParseError> {
    let mut found = None;
    bitstream::for_each_record(
        cur,
        header,
        info,
        |_, _, _| Ok(false),
        |rec, cur| {
            if rec.code != 1 {
                return Ok(Visit::Continue);
            }
            found = Some(chars(&rec.ops, cur)?);
            Ok(Visit::Stop)
        },
    )?;
    Ok(found)
}

/// Reads a SYMTAB or STRTAB block and returns its blob.
fn read_blob_block<'a>(
    cur: &mut BitCursor<'a>,
    header: BlockHeader,
    info: &mut BlockInfo,
) -> Result<Option<&'a [u8]>, ParseError> {
    let mut blob = None;
    bitstream::for_each_record(
        cur,
        header,
        info,
        |_, _, _| Ok(false),
        |rec, _| {
            if rec.code == BLOB_RECORD && rec.blob.is_some() {
                blob = rec.blob;
            }
            Ok(Visit::Continue)
        },
    )?;
    cur.seek(header.end_bit)?;
    Ok(blob)
}

const HEADER_SIZE: usize = 76;
const SYMBOL_SIZE: usize = 24;
const MODULE_SIZE: usize = 12;

fn word(blob: &[u8], off: usize) -> Result<u32, ParseError> {
    blob.get(off..off + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .ok_or_else(|| ParseError::whole(format!("IR symbol table truncated at byte {off}")))
}

fn table_str(strtab: &[u8], off: u32, size: u32) -> Result<String, ParseError> {
    let (off, size) = (off as usize, size as usize);
    let bytes = off
        .checked_add(size)
        .and_then(|end| strtab.get(off..end))
        .ok_or_else(|| ParseError::whole(format!("IR symbol table string {off}+{size} is outside the string table")))?;
    Ok(String::from_utf8_lossy(bytes).into_owned())
}

/// Decodes `storage::Header`, `storage::Module` and `storage::Symbol` entries.
fn parse_symtab(blob: &[u8], strtab: &[u8], out: &mut IrContents) -> Result<(), ParseError> {
    if blob.len() < HEADER_SIZE {
        return Err(ParseError::whole("IR symbol table is shorter than its header"));
    }
    out.symtab_version = word(blob, 0)?;
    out.target_triple = table_str(strtab, word(blob, 44)?, word(blob, 48)?)?;
    if out.source_filename.is_empty() {
        out.source_filename = table_str(strtab, word(blob, 52)?, word(blob, 56)?)?;
    }
    let range = |at: usize, elt: usize| -> Result<(usize, usize), ParseError> {
        let (off, n) = (word(blob, at)? as usize, word(blob, at + 4)? as usize);
        let end = n.checked_mul(elt).and_then(|len| len.checked_add(off));
        match end {
            Some(end) if end <= blob.len() => Ok((off, n)),
            _ => Err(ParseError::whole(format!("IR symbol table range at header byte {at} is out of bounds"))),
        }
    };
    let (mod_off, nmods) = range(12, MODULE_SIZE)?;
    let (sym_off, nsyms) = range(28, SYMBOL_SIZE)?;
    let mut module_of = vec![0u32; nsyms];
    for m in 0..nmods {
        let at = mod_off + m * MODULE_SIZE;
        let (begin, end) = (word(blob, at)? as usize, word(blob, at + 4)? as usize);
        if begin > end || end > nsyms {
            return Err(ParseError::whole(format!("IR symbol table module {m} has a bad symbol range")));
        }
        module_of[begin..end].iter_mut().for_each(|x| *x = m as u32);
    }
    out.symbols.reserve(nsyms);
    for (i, module) in module_of.into_iter().enumerate() {
        let at = sym_off + i * SYMBOL_SIZE;
        out.symbols.push(IrSymbol {
            name: table_str(strtab, word(blob, at)?, word(blob, at + 4)?)?,
            ir_name: table_str(strtab, word(blob, at + 8)?, word(blob, at + 12)?)?,
            flags: word(blob, at + 20)?,
            module,
        });
    }
    Ok(())
}
