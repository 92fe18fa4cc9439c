//! thinpost: a fast, parallel, ELF- and LLVM-bitcode-aware companion to the Linux
//! kernel's `modpost` for Clang ThinLTO builds.
//!
//! Data flows one way: the readers of [`formats`] (binary formats) and [`kbuild`] (the
//! model of a kbuild tree: file naming, `.cmd`/order/symvers files, exports and CRCs,
//! kernel versions) feed the commands. [`inventory::scan`] reads a whole tree in
//! parallel for `scan`, `verify` and `gate`; [`modpost`] reads its inputs itself, in
//! modpost's order, through the same readers; [`pipeline`] and [`dtlto`] run backend
//! jobs. The generated-tree writer for benchmarks is a separate crate (`gen-tree/`).

pub mod cli;
pub mod dtlto;
pub mod error;
pub mod formats;
pub mod gate;
pub mod inventory;
pub mod kbuild;
pub mod mapped;
pub mod modpost;
pub mod pipeline;
pub mod verify;
pub mod wrapper;
pub mod write;

pub use error::{Error, ParseError, Result};
pub use inventory::{scan, Inventory, ScanOptions};
