//! With the `persistent` feature, builds the two backend servers thinpost embeds
//! (`include_bytes!`) and starts at run time:
//! - the fork server (`runner/forkserver.c`), a shared library handed to clang through
//!   `LD_PRELOAD` (`--runner persistent`);
//! - the in-process ThinLTO backend server (`runner/ltoserver.cpp`), one executable per
//!   LLVM major whose `llvm-config-N` is installed, linked to that major's libLLVM
//!   (`--runner lto`). `THINPOST_LLVM_MAJORS` (e.g. `19 22`) says which to look for.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    #[cfg(feature = "persistent")]
    {
        forkserver();
        ltoservers();
    }
}

#[cfg(feature = "persistent")]
fn forkserver() {
    use std::path::PathBuf;
    println!("cargo:rerun-if-changed=runner/forkserver.c");
    println!("cargo:rerun-if-changed=runner/huge_text.h");
    println!("cargo:rerun-if-changed=runner/framing.h");
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

/// Builds `runner/ltoserver.cpp` once per installed LLVM major and writes
/// `ltoservers.rs`: `LTO_SERVERS: &[(u32, &[u8])]`, the major and the executable.
#[cfg(feature = "persistent")]
fn ltoservers() {
    use std::path::PathBuf;
    use std::process::Command;
    println!("cargo:rerun-if-changed=runner/ltoserver.cpp");
    println!("cargo:rerun-if-changed=runner/huge_text.h");
    println!("cargo:rerun-if-changed=runner/framing.h");
    println!("cargo:rerun-if-env-changed=THINPOST_LLVM_MAJORS");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let majors = std::env::var("THINPOST_LLVM_MAJORS").unwrap_or_else(|_| "19 22".into());
    let mut entries = Vec::new();
    for major in majors.split_whitespace() {
        let config = format!("llvm-config-{major}");
        let query = |arg: &str| -> Option<String> {
            let o = Command::new(&config).arg(arg).output().ok()?;
            o.status.success().then(|| String::from_utf8_lossy(&o.stdout).trim().to_string())
        };
        let (Some(cxxflags), Some(libdir)) = (query("--cxxflags"), query("--libdir")) else {
            println!("cargo:warning=no {config}: `--runner lto` will not serve LLVM {major} bitcode");
            continue;
        };
        let exe = out.join(format!("thinpost-ltoserver-{major}"));
        // The cc crate makes static libraries; the server is an executable linked to
        // libLLVM, so it is compiled and linked here with the crate's C++ compiler.
        let status = cc::Build::new()
            .cpp(true)
            .get_compiler()
            .to_command()
            .args(cxxflags.split_whitespace())
            .args(["-O2", "-g0", "-s", "-Wall", "-Wextra", "-Werror", "-Wno-unused-parameter", "-Irunner", "-o"])
            .arg(&exe)
            .arg("runner/ltoserver.cpp")
            .arg(format!("-L{libdir}"))
            .arg(format!("-Wl,-rpath,{libdir}"))
            .arg(format!("-lLLVM-{major}"))
            .status()
            .expect("running the C++ compiler for runner/ltoserver.cpp");
        assert!(status.success(), "building {} failed", exe.display());
        let major: u32 = major.parse().expect("THINPOST_LLVM_MAJORS lists numbers");
        entries.push(format!("({major}, include_bytes!({:?}))", exe.display().to_string()));
    }
    let list = format!("pub static LTO_SERVERS: &[(u32, &[u8])] = &[{}];\n", entries.join(", "));
    std::fs::write(out.join("ltoservers.rs"), list).expect("writing ltoservers.rs");
}
