//! The tongxing command line: the same analysis as the page, for scripts and reproducibility.
//!
//! `tongxing analyze FILE [--codebook F] [--ties F] [--aliases F] [--json] [settings…]` prints
//! the report; `tongxing demo DIR` writes the demo survey files; `tongxing synth N M DIR` a
//! synthetic benchmark survey. The arguments are `tongxing::cli` (clap); this binary is the
//! wiring: parse, run the command ([`commands`]), print an error once with exit code 2.

#[cfg(not(target_arch = "wasm32"))]
#[path = "tongxing/commands.rs"]
mod commands;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    // Usage errors exit with code 2, `--help` and `--version` with 0 (clap's codes).
    let (cli, tables) = tongxing::cli::parse(std::env::args_os()).unwrap_or_else(|e| e.exit());
    match commands::run(cli, tables) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("tongxing: {msg}");
            std::process::ExitCode::from(2)
        }
    }
}

/// The command line only exists natively.
#[cfg(target_arch = "wasm32")]
fn main() {}
