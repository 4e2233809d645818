//! The `parallax` binary: the command line, or the desktop app when no
//! command is given.

use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use parallax::cli::{self, Cli};

fn main() -> ExitCode {
    // A bug must still end with one readable line, not a backtrace.
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("error: internal error{place}: {msg} (please report this)");
    }));

    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    if let Some(path) = cli.path.as_ref().filter(|p| !p.exists()) {
        // Most likely a mistyped command; say so as a usage error.
        let e = Cli::command().error(
            clap::error::ErrorKind::InvalidValue,
            format!(
                "{:?} is neither a command nor an existing folder or project file",
                path.display().to_string()
            ),
        );
        let _ = e.print();
        return ExitCode::from(2);
    }
    let result = match cli.command {
        Some(command) => cli::run(command, &mut std::io::stdout().lock()),
        None => open_app(
            cli.path,
            cli.perf_log,
            cli.quit_after_frames,
            cli.bare_window,
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let line = format!("{e:#}").replace('\n', " ");
            eprintln!("error: {line}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(feature = "gui")]
fn open_app(
    path: Option<std::path::PathBuf>,
    perf_log: Option<std::path::PathBuf>,
    quit_after_frames: Option<u64>,
    bare: bool,
) -> anyhow::Result<()> {
    parallax::ui::launch::run(parallax::ui::launch::Start {
        path,
        perf_log,
        quit_after_frames,
        bare,
    })
}

#[cfg(not(feature = "gui"))]
fn open_app(
    _path: Option<std::path::PathBuf>,
    _perf_log: Option<std::path::PathBuf>,
    _quit_after_frames: Option<u64>,
    _bare: bool,
) -> anyhow::Result<()> {
    anyhow::bail!(
        "this build has no desktop app (built without the `gui` feature); see `parallax --help`"
    )
}
