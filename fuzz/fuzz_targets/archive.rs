#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = thinpost::formats::archive::parse_members(std::path::Path::new("fuzz/vmlinux.a"), data);
});
