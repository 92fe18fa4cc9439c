#![no_main]
//! The small text readers of a kbuild tree: linker scripts (symbols assigned, output
//! sections, input-section patterns and matching), `include/config/auto.conf`, release
//! strings, and a DTLTO JSON file.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let mut lds = thinpost::kbuild::linker_script::LinkerScripts::default();
        lds.add(text);
        let _ = lds.places(".text.unlikely");
        let _ = lds.places(text);
        let cfg = thinpost::kbuild::config::Config::parse(text);
        let _ = cfg.enabled("MODVERSIONS");
        let _ = thinpost::kbuild::version::KernelVersion::parse(text);
    }
    let _ = thinpost::dtlto::DtltoJson::parse(data);
});
