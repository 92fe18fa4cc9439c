#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = thinpost::formats::elf::read_elf(data);
});
