//! modpost's `#SYMVER` acceptance rules and the `.cmd` value rules, one case each.
//! Snapshots in `tests/snapshots/` were reviewed against modpost's
//! `extract_crcs_for_object()` (see DESIGN.md).

use thinpost::kbuild::cmd::{parse_cmd, parse_symver};

fn crcs(text: &str) -> Vec<(String, String, usize)> {
    parse_symver(text.as_bytes()).into_iter().map(|c| (c.symbol, format!("{:#010x}", c.crc), c.line)).collect()
}

#[test]
fn well_formed_lines_are_read_with_their_line_numbers() {
    insta::assert_debug_snapshot!(crcs(
        "savedcmd_a.o := clang -c a.c\n\n#SYMVER foo 0x0682ec65\n#SYMVER bar 0xdeadbeef\n"
    ));
}

#[test]
fn a_symver_on_the_first_line_is_never_seen() {
    assert_eq!(
        crcs("#SYMVER first 0x00000001\n#SYMVER second 0x00000002\n"),
        vec![("second".into(), "0x00000002".into(), 2)]
    );
}

#[test]
fn a_crc_not_starting_with_a_digit_is_skipped() {
    insta::assert_debug_snapshot!(crcs("x\n#SYMVER a x1234\n#SYMVER b  0x1\n#SYMVER c -1\n#SYMVER d 0x2\n"));
}

#[test]
fn trailing_junk_after_the_crc_skips_the_line() {
    insta::assert_debug_snapshot!(crcs("x\n#SYMVER a 0x12 junk\n#SYMVER b 0x34\r\n#SYMVER c 0x56\n"));
}

#[test]
fn a_crc_without_a_newline_at_end_of_file_is_skipped() {
    assert_eq!(crcs("x\n#SYMVER a 0x12\n#SYMVER b 0x34"), vec![("a".into(), "0x00000012".into(), 2)]);
}

#[test]
fn strtoul_base_zero_reads_octal_and_decimal_and_truncates_to_32_bits() {
    insta::assert_debug_snapshot!(crcs(
        "x\n#SYMVER oct 0755\n#SYMVER dec 1234\n#SYMVER bad_oct 089\n#SYMVER wide 0x100000001\n#SYMVER huge 99999999999999999999999\n"
    ));
}

#[test]
fn a_name_runs_to_the_next_space_even_across_lines() {
    insta::assert_debug_snapshot!(crcs("x\n#SYMVER foo\nbar 0x1\n"));
}

#[test]
fn nothing_after_a_nul_byte_is_read() {
    let cmd = parse_cmd(b"savedcmd_a.o := cc\n#SYMVER a 0x1\n#SYMVER b 0x2\n\0\n#SYMVER c 0x3\n").unwrap();
    let names: Vec<_> = cmd.crcs.iter().map(|c| c.symbol.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
}

#[test]
fn make_escapes_are_undone_in_savedcmd() {
    let cmd = parse_cmd(b"savedcmd_lib/x.o := clang -DPRICE='\"$$5\"' -DTAG='\"$(pound)1\"' -c -o lib/x.o lib/x.c\n")
        .unwrap();
    assert_eq!(cmd.target.as_deref(), Some("lib/x.o"));
    assert_eq!(cmd.savedcmd.as_deref(), Some("clang -DPRICE='\"$5\"' -DTAG='\"#1\"' -c -o lib/x.o lib/x.c"));
}

#[test]
fn pre_6_3_cmd_prefix_is_read() {
    let cmd = parse_cmd(b"cmd_init/main.o := clang -c -o init/main.o init/main.c\n").unwrap();
    assert_eq!(cmd.target.as_deref(), Some("init/main.o"));
}

#[test]
fn saved_c_flags_are_split_as_a_shell_would() {
    let cmd = parse_cmd(
        b"savedcmd_k/p.o := clang -c\n\nsaved_c_flags_k/p.o := -O2 -DKBUILD_MODFILE='\"k/p\"' '-DGREETING=\"hello world\"' -DX=a\\ b -DCOST='$$(pound)1'\n",
    )
    .unwrap();
    insta::assert_debug_snapshot!(cmd.saved_c_flags);
}

#[test]
fn unbalanced_quote_in_saved_c_flags_is_an_error_with_its_line() {
    let err = parse_cmd(b"savedcmd_a.o := cc\n\nsaved_c_flags_a.o := -DX='oops\n").unwrap_err();
    assert_eq!(err.to_string(), "line 3: saved_c_flags_ has an unbalanced quote");
}
