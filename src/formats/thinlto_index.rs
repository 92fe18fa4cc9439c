//! ThinLTO index shards (`X.o.thinlto.bc`, written by `ld.lld --thinlto-index-only`):
//! the modules a backend compile reads, from the shard's MODULE_STRTAB_BLOCK.
//!
//! A shard is a bitcode file whose MODULE_BLOCK holds a MODULE_STRTAB_BLOCK with one
//! `ENTRY [module id, path chars…]` per module the backend may import from (and the
//! module itself), each followed by its `HASH`.

use crate::error::ParseError;
use crate::formats::bitstream::{self, enter_block, BitCursor, BlockInfo};
use crate::formats::magic::BITCODE_MAGIC;

const MODULE_BLOCK_ID: u64 = 8;
const MODULE_STRTAB_BLOCK_ID: u64 = 19;
const MST_CODE_ENTRY: u64 = 1;

/// The module paths a shard names, in the order listed.
pub fn shard_modules(data: &[u8]) -> Result<Vec<String>, ParseError> {
    let stream = crate::formats::bitcode::unwrap(data)?;
    if !stream.starts_with(&BITCODE_MAGIC) {
        return Err(ParseError::at(0, "not an LLVM bitcode index shard"));
    }
    let mut cur = BitCursor::new(stream);
    cur.read(32)?;
    let mut info = BlockInfo::default();
    let mut out = Vec::new();
    while cur.bits_left() >= 32 {
        match cur.read(2)? {
            bitstream::ENTER_SUBBLOCK => {}
            bitstream::END_BLOCK => break,
            _ => return Err(ParseError::at(cur.byte_pos(), "bitcode: expected a block at the top level")),
        }
        let header = enter_block(&mut cur)?;
        if header.id == bitstream::BLOCKINFO_BLOCK_ID {
            info.read(&mut cur, header)?;
        } else if header.id == MODULE_BLOCK_ID {
            walk(&mut cur, header, &mut info, &mut out)?;
            cur.seek(header.end_bit)?;
        } else {
            cur.seek(header.end_bit)?;
        }
    }
    Ok(out)
}

/// Walks a block, descending into MODULE_STRTAB_BLOCKs and collecting their entries.
fn walk(
    cur: &mut BitCursor<'_>,
    header: bitstream::BlockHeader,
    info: &mut BlockInfo,
    out: &mut Vec<String>,
) -> Result<(), ParseError> {
    let mut nested: Vec<String> = Vec::new();
    bitstream::for_each_record(
        cur,
        header,
        info,
        |cur, inner, info| {
            if inner.id == MODULE_STRTAB_BLOCK_ID {
                walk(cur, inner, info, &mut nested)?;
                return Ok(true);
            }
            bitstream::skip_blocks(cur, inner, info)
        },
        |rec, _| {
            if header.id == MODULE_STRTAB_BLOCK_ID && rec.code == MST_CODE_ENTRY && !rec.ops.is_empty() {
                let bytes: Vec<u8> = rec.ops[1..].iter().map(|&c| c as u8).collect();
                out.push(String::from_utf8_lossy(&bytes).into_owned());
            }
            Ok(bitstream::Visit::Continue)
        },
    )?;
    out.extend(nested);
    Ok(())
}
