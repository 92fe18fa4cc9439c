//! A minimal LLVM bitstream reader.
//!
//! Written by hand rather than with a general bitcode crate because the scan needs very
//! little of the file: it walks the top-level blocks, reads a few records at the head of
//! each MODULE_BLOCK, and skips everything else (function bodies, metadata, types) by
//! the 32-bit length word every block starts with. A general reader would decode those
//! blocks too. Every read is bounds-checked; a truncated or corrupt stream is an error
//! with the bit offset where it stopped making sense.

use crate::error::ParseError;

/// Abbreviation ids with a fixed meaning in every block.
pub const END_BLOCK: u64 = 0;
pub const ENTER_SUBBLOCK: u64 = 1;
pub const DEFINE_ABBREV: u64 = 2;
pub const UNABBREV_RECORD: u64 = 3;

/// Block id of the stream-wide BLOCKINFO block.
pub const BLOCKINFO_BLOCK_ID: u64 = 0;

/// One operand of an abbreviation definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AbbrevOp {
    Literal(u64),
    Fixed(u32),
    Vbr(u32),
    Array,
    Char6,
    Blob,
}

pub type Abbrev = Vec<AbbrevOp>;

/// A record: its code, its operands, and its blob if the abbreviation had one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record<'a> {
    pub code: u64,
    pub ops: Vec<u64>,
    pub blob: Option<&'a [u8]>,
}

/// A cursor over a bitstream, counting in bits from the start of `data`.
pub struct BitCursor<'a> {
    data: &'a [u8],
    pos: u64,
    /// The end of the readable area in bits (a block's end, or the whole buffer).
    limit: u64,
}

impl<'a> BitCursor<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        BitCursor { data, pos: 0, limit: data.len() as u64 * 8 }
    }

    /// The current position in bits.
    pub fn bit_pos(&self) -> u64 {
        self.pos
    }

    /// The current position in bytes (rounded down), for error messages.
    pub fn byte_pos(&self) -> u64 {
        self.pos / 8
    }

    pub fn at_end(&self) -> bool {
        self.pos >= self.limit
    }

    pub fn bits_left(&self) -> u64 {
        self.limit.saturating_sub(self.pos)
    }

    fn error(&self, what: &str) -> ParseError {
        ParseError::at(self.byte_pos(), format!("bitcode: {what}"))
    }

    /// Reads `width` (at most 64) bits, least significant first.
    pub fn read(&mut self, width: u32) -> Result<u64, ParseError> {
        debug_assert!(width <= 64);
        if width == 0 {
            return Ok(0);
        }
        if self.bits_left() < u64::from(width) {
            return Err(self.error("truncated (read past the end of the stream or block)"));
        }
        let mut value = 0u64;
        let mut got = 0u32;
        while got < width {
            let byte = self.data[(self.pos / 8) as usize];
            let shift = (self.pos % 8) as u32;
            let take = (8 - shift).min(width - got);
            let bits = (u64::from(byte) >> shift) & ((1u64 << take) - 1);
            value |= bits << got;
            got += take;
            self.pos += u64::from(take);
        }
        Ok(value)
    }

    /// Reads a variable-width integer with `width`-bit chunks.
    pub fn read_vbr(&mut self, width: u32) -> Result<u64, ParseError> {
        if !(2..=32).contains(&width) {
            return Err(self.error("invalid VBR width"));
        }
        let hi = 1u64 << (width - 1);
        let mut value = 0u64;
        let mut shift = 0u32;
        loop {
            let chunk = self.read(width)?;
            if shift >= 64 {
                return Err(self.error("VBR value does not fit in 64 bits"));
            }
            value |= (chunk & (hi - 1)) << shift;
            if chunk & hi == 0 {
                return Ok(value);
            }
            shift += width - 1;
        }
    }

    /// Skips to the next multiple of 32 bits.
    pub fn align32(&mut self) -> Result<(), ParseError> {
        let aligned = self.pos.div_ceil(32) * 32;
        if aligned > self.limit {
            return Err(self.error("truncated at alignment"));
        }
        self.pos = aligned;
        Ok(())
    }

    /// Moves to `bit` (used to leave a block by its length word).
    pub fn seek(&mut self, bit: u64) -> Result<(), ParseError> {
        if bit > self.limit {
            return Err(self.error("block length runs past the end of the stream"));
        }
        self.pos = bit;
        Ok(())
    }

    /// Narrows the readable area to end at `bit`; returns the previous limit.
    pub fn set_limit(&mut self, bit: u64) -> u64 {
        std::mem::replace(&mut self.limit, bit)
    }

    fn read_bytes(&mut self, len: u64) -> Result<&'a [u8], ParseError> {
        debug_assert!(self.pos % 8 == 0);
        let start = self.pos / 8;
        // `len` comes from the file: both the addition and the conversion to bits must
        // be checked, or a huge length wraps around and passes (found by fuzzing).
        let end = start.checked_add(len).filter(|&e| e.checked_mul(8).is_some_and(|bits| bits <= self.limit));
        let Some(end) = end else {
            return Err(self.error("blob runs past the end of the stream"));
        };
        self.pos = end * 8;
        Ok(&self.data[start as usize..end as usize])
    }
}

/// A block just entered: its id, abbreviation width and end (in bits).
#[derive(Clone, Copy, Debug)]
pub struct BlockHeader {
    pub id: u64,
    pub abbrev_width: u32,
    pub end_bit: u64,
}

/// Reads the rest of an ENTER_SUBBLOCK (after its abbreviation id).
pub fn enter_block(cur: &mut BitCursor<'_>) -> Result<BlockHeader, ParseError> {
    let id = cur.read_vbr(8)?;
    let abbrev_width = cur.read_vbr(4)?;
    if abbrev_width == 0 || abbrev_width > 32 {
        return Err(cur.error("invalid abbreviation width"));
    }
    cur.align32()?;
    let words = cur.read(32)?;
    let end_bit = cur.bit_pos() + words * 32;
    if end_bit > cur.limit {
        return Err(cur.error("block length runs past the end of the stream"));
    }
    Ok(BlockHeader { id, abbrev_width: abbrev_width as u32, end_bit })
}

/// Reads a DEFINE_ABBREV body.
pub fn read_abbrev(cur: &mut BitCursor<'_>) -> Result<Abbrev, ParseError> {
    let n = cur.read_vbr(5)?;
    let mut ops = Vec::with_capacity(n.min(64) as usize);
    let mut i = 0;
    while i < n {
        let literal = cur.read(1)? == 1;
        if literal {
            ops.push(AbbrevOp::Literal(cur.read_vbr(8)?));
        } else {
            let op = match cur.read(3)? {
                1 => {
                    let w = cur.read_vbr(5)?;
                    if w > 64 {
                        return Err(cur.error("fixed abbreviation operand wider than 64 bits"));
                    }
                    AbbrevOp::Fixed(w as u32)
                }
                2 => {
                    let w = cur.read_vbr(5)?;
                    if w > 32 {
                        return Err(cur.error("VBR abbreviation operand wider than 32 bits"));
                    }
                    AbbrevOp::Vbr(w as u32)
                }
                3 => AbbrevOp::Array,
                4 => AbbrevOp::Char6,
                5 => AbbrevOp::Blob,
                _ => return Err(cur.error("unknown abbreviation operand encoding")),
            };
            ops.push(op);
        }
        i += 1;
    }
    Ok(ops)
}

fn read_scalar(cur: &mut BitCursor<'_>, op: &AbbrevOp) -> Result<u64, ParseError> {
    match *op {
        AbbrevOp::Literal(v) => Ok(v),
        AbbrevOp::Fixed(w) => cur.read(w),
        // VBR(0) is legal in LLVM's reader and means the value 0.
        AbbrevOp::Vbr(0) => Ok(0),
        AbbrevOp::Vbr(w) => cur.read_vbr(w),
        AbbrevOp::Char6 => {
            const CHARS: &[u8; 64] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._";
            Ok(u64::from(CHARS[cur.read(6)? as usize]))
        }
        AbbrevOp::Array | AbbrevOp::Blob => Err(cur.error("array or blob used as an element")),
    }
}

/// Reads a record, abbreviated (`abbrev` given) or not.
pub fn read_record<'a>(cur: &mut BitCursor<'a>, abbrev: Option<&Abbrev>) -> Result<Record<'a>, ParseError> {
    let Some(abbrev) = abbrev else {
        let code = cur.read_vbr(6)?;
        let n = cur.read_vbr(6)?;
        // Every operand takes at least 6 bits: refuse counts the stream cannot hold
        // before allocating for them.
        if n.saturating_mul(6) > cur.bits_left() {
            return Err(cur.error("record operand count runs past the end"));
        }
        let mut ops = Vec::with_capacity(n as usize);
        for _ in 0..n {
            ops.push(cur.read_vbr(6)?);
        }
        return Ok(Record { code, ops, blob: None });
    };

    let mut values = Vec::new();
    let mut blob = None;
    let mut i = 0;
    while i < abbrev.len() {
        match &abbrev[i] {
            AbbrevOp::Array => {
                let elt = abbrev.get(i + 1).ok_or_else(|| cur.error("array without an element type"))?;
                let n = cur.read_vbr(6)?;
                if n > cur.bits_left() {
                    return Err(cur.error("array length runs past the end"));
                }
                for _ in 0..n {
                    values.push(read_scalar(cur, elt)?);
                }
                i += 2;
                continue;
            }
            AbbrevOp::Blob => {
                let n = cur.read_vbr(6)?;
                cur.align32()?;
                blob = Some(cur.read_bytes(n)?);
                cur.align32()?;
            }
            op => values.push(read_scalar(cur, op)?),
        }
        i += 1;
    }
    if values.is_empty() {
        return Err(cur.error("abbreviated record without a code"));
    }
    let code = values.remove(0);
    Ok(Record { code, ops: values, blob })
}

/// Abbreviations registered in a BLOCKINFO block, per target block id.
#[derive(Default, Debug)]
pub struct BlockInfo {
    pub abbrevs: Vec<(u64, Abbrev)>,
}

impl BlockInfo {
    pub fn for_block(&self, id: u64) -> Vec<Abbrev> {
        self.abbrevs.iter().filter(|(b, _)| *b == id).map(|(_, a)| a.clone()).collect()
    }

    /// Reads a BLOCKINFO block's body (after [`enter_block`]).
    pub fn read(&mut self, cur: &mut BitCursor<'_>, header: BlockHeader) -> Result<(), ParseError> {
        let mut current: Option<u64> = None;
        loop {
            if cur.bit_pos() >= header.end_bit {
                return Err(cur.error("BLOCKINFO block without END_BLOCK"));
            }
            match cur.read(header.abbrev_width)? {
                END_BLOCK => {
                    cur.align32()?;
                    return Ok(());
                }
                ENTER_SUBBLOCK => {
                    let inner = enter_block(cur)?;
                    cur.seek(inner.end_bit)?;
                }
                DEFINE_ABBREV => {
                    let abbrev = read_abbrev(cur)?;
                    let id = current.ok_or_else(|| cur.error("abbreviation in BLOCKINFO before SETBID"))?;
                    self.abbrevs.push((id, abbrev));
                }
                UNABBREV_RECORD => {
                    let rec = read_record(cur, None)?;
                    if rec.code == 1 {
                        current = rec.ops.first().copied();
                    }
                }
                _ => return Err(cur.error("abbreviated record in BLOCKINFO")),
            }
        }
    }
}

/// What a record visitor wants next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visit {
    Continue,
    /// Stop reading this block (the caller seeks past its end).
    Stop,
}

/// Walks the records of a block just entered with [`enter_block`]: keeps its
/// abbreviations (from BLOCKINFO and its own definitions), hands each sub-block to
/// `on_block` (which returns whether it read it; unread sub-blocks are skipped by their
/// length word) and each record to `on_record`. Reads stay inside the block.
pub fn for_each_record<'a>(
    cur: &mut BitCursor<'a>,
    header: BlockHeader,
    info: &mut BlockInfo,
    mut on_block: impl FnMut(&mut BitCursor<'a>, BlockHeader, &mut BlockInfo) -> Result<bool, ParseError>,
    mut on_record: impl FnMut(Record<'a>, &BitCursor<'a>) -> Result<Visit, ParseError>,
) -> Result<(), ParseError> {
    let mut abbrevs: Vec<Abbrev> = info.for_block(header.id);
    let outer = cur.set_limit(header.end_bit);
    let result = (|| loop {
        if cur.at_end() {
            return Err(cur.error(&format!("block {} without END_BLOCK", header.id)));
        }
        match cur.read(header.abbrev_width)? {
            END_BLOCK => return cur.align32(),
            ENTER_SUBBLOCK => {
                let inner = enter_block(cur)?;
                on_block(cur, inner, info)?;
                cur.seek(inner.end_bit)?;
            }
            DEFINE_ABBREV => abbrevs.push(read_abbrev(cur)?),
            id => {
                let abbrev = if id == UNABBREV_RECORD {
                    None
                } else {
                    Some(abbrevs.get((id - 4) as usize).ok_or_else(|| cur.error("undefined abbreviation"))?)
                };
                let rec = read_record(cur, abbrev)?;
                if on_record(rec, cur)? == Visit::Stop {
                    return Ok(());
                }
            }
        }
    })();
    cur.set_limit(outer);
    result
}

/// An `on_block` for [`for_each_record`] that reads nested BLOCKINFO blocks and skips
/// every other sub-block.
pub fn skip_blocks(cur: &mut BitCursor<'_>, header: BlockHeader, info: &mut BlockInfo) -> Result<bool, ParseError> {
    if header.id == BLOCKINFO_BLOCK_ID {
        info.read(cur, header)?;
        return Ok(true);
    }
    Ok(false)
}
