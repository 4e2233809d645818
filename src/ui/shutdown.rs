//! Being asked to stop from outside (SIGTERM, SIGINT: a logout, `kill`,
//! Ctrl+C in the terminal): the app keeps unsaved work in its recovery file
//! and closes, instead of dying with it.

use std::sync::atomic::{AtomicBool, Ordering};

/// Set when the process is asked to stop (SIGTERM, SIGINT).
static STOP: AtomicBool = AtomicBool::new(false);

/// Whether the process has been asked to stop.
pub fn stop_requested() -> bool {
    STOP.load(Ordering::Relaxed)
}

/// Catch SIGTERM and SIGINT, and wake the app (which may be idle) when one
/// comes, so that it stops in its next frame.
#[cfg(unix)]
pub fn on_stop_signals(ctx: &egui::Context) {
    extern "C" fn handle(_: libc::c_int) {
        STOP.store(true, Ordering::Relaxed);
    }
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        libc::signal(libc::SIGTERM, handle as *const () as libc::sighandler_t);
        libc::signal(libc::SIGINT, handle as *const () as libc::sighandler_t);
    }
    // The app may be idle (no frames): wake it so it sees the request.
    let ctx = ctx.clone();
    std::thread::spawn(move || loop {
        std::thread::sleep(std::time::Duration::from_millis(100));
        if stop_requested() {
            ctx.request_repaint();
            return;
        }
    });
}

#[cfg(not(unix))]
pub fn on_stop_signals(_ctx: &egui::Context) {}
