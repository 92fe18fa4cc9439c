//! Binary formats: magic sniffing, ELF objects, LLVM bitcode, GNU archives (read, and thin
//! ones written).

pub mod archive;
pub mod archive_write;
pub mod asm_exports;
pub mod bitcode;
pub mod bitstream;
pub mod elf;
pub mod magic;
pub mod symbol;
pub mod thinlto_index;
