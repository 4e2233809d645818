//! What the command-line tests share (the UI tests have `common`).

#![allow(dead_code)]

use std::ffi::OsStr;
use std::process::Command;

/// Run the command line; it must succeed; its standard output.
pub fn parallax_ok<I, S>(args: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    run_ok(Command::new(env!("CARGO_BIN_EXE_parallax")).args(args))
}

/// Run a program; it must succeed; its standard output.
pub fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
