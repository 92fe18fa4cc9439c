use std::process::ExitCode;

fn main() -> ExitCode {
    thinpost::cli::main()
}
