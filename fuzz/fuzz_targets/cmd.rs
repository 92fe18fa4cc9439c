#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = thinpost::kbuild::cmd::parse_cmd(data);
});
