//! thinpost: a fast, parallel, ELF- and LLVM-bitcode-aware companion to the Linux
//! kernel's `modpost` for Clang ThinLTO builds.
//!
//! Data flows one way: the `kbuild` and `formats` readers feed [`inventory::scan`],
//! whose [`inventory::Inventory`] the later stages read.

pub mod cli;
pub mod dtlto;
pub mod error;
pub mod formats;
pub mod gate;
pub mod gen_tree;
pub mod inventory;
pub mod kbuild;
pub mod mapped;
pub mod modpost;
pub mod pipeline;
pub mod verify;
pub mod write;

pub use error::{Error, ParseError, Result};
pub use inventory::{scan, Inventory, ScanOptions};
