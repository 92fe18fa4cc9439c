//! Builds the persistent runner's fork server (`runner/forkserver.c`) as a shared
//! library when the `persistent` feature is on; the library is embedded in thinpost
//! (`include_bytes!`) and handed to clang through `LD_PRELOAD` at run time.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    #[cfg(feature = "persistent")]
    forkserver();
}

#[cfg(feature = "persistent")]
fn forkserver() {
    use std::path::PathBuf;
    println!("cargo:rerun-if-changed=runner/forkserver.c");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let objects = cc::Build::new()
        .file("runner/forkserver.c")
        .pic(true)
        .warnings(true)
        .extra_warnings(true)
        .warnings_into_errors(true)
        .compile_intermediates();
    // The cc crate makes static libraries; the fork server must be a shared object
    // (ld.so loads it into clang), so it is linked here with the same compiler.
    let so = out.join("thinpost-forkserver.so");
    let status = cc::Build::new()
        .get_compiler()
        .to_command()
        .arg("-shared")
        .arg("-o")
        .arg(&so)
        .args(&objects)
        .arg("-ldl")
        .status()
        .expect("running the C compiler to link runner/forkserver.c");
    assert!(status.success(), "linking {} failed", so.display());
}
