#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = thinpost::formats::bitcode::read_bitcode(data);
});
