//! kbuild's files: `.cmd` files and the order files that list objects.

pub mod cmd;
pub mod order;
pub mod symvers;
