//! The real window under a real X server (Xvfb): which renderer starts
//! with Vulkan hidden, on the CPU, or asked for by hand; an X server that
//! starts late; the window keeping its size between runs. The app is run
//! for a few frames with `--quit-after-frames` and says on stderr which
//! renderer it used.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// An X server on a display of its own, stopped when dropped.
struct Xvfb {
    display: String,
    child: Child,
}

/// A display number no other test of this run takes (they run at once).
fn free_display() -> u32 {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let base = 300 + (std::process::id() % 200) * 3;
    let mut n = base + NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed) * 7;
    loop {
        let free = !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
            && !Path::new(&format!("/tmp/.X{n}-lock")).exists();
        if free {
            return n;
        }
        n += 1000;
    }
}

impl Xvfb {
    fn start_on(n: u32) -> Self {
        let child = Command::new("Xvfb")
            .arg(format!(":{n}"))
            .args(["-screen", "0", "1920x1080x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb is installed (./setup.sh installs it)");
        let x = Xvfb {
            display: format!(":{n}"),
            child,
        };
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
        let until = Instant::now() + Duration::from_secs(20);
        while !socket.exists() {
            assert!(Instant::now() < until, "Xvfb did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        x
    }

    fn start() -> Self {
        Self::start_on(free_display())
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Run the app on `display` for a few frames, with its data in `data`.
fn run_app(display: &str, data: &Path, env: &[(&str, &str)], frames: u32) -> Output {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample/sample.ron");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_parallax"));
    cmd.arg(sample)
        .arg("--quit-after-frames")
        .arg(frames.to_string())
        .env("DISPLAY", display)
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("WAYLAND_SOCKET")
        .env_remove("PARALLAX_RENDERER")
        .env_remove("WGPU_BACKEND")
        .env("PARALLAX_DATA_DIR", data)
        .env("XDG_RUNTIME_DIR", data);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "the app failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn renderer_line(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .find(|l| l.starts_with("parallax: renderer:"))
        .unwrap_or_else(|| panic!("no renderer line: {}", String::from_utf8_lossy(&out.stderr)))
        .to_owned()
}

#[test]
fn with_vulkan_hidden_the_app_draws_with_opengl() {
    let x = Xvfb::start();
    let data = tempfile::tempdir().unwrap();
    let out = run_app(
        &x.display,
        data.path(),
        &[
            ("VK_ICD_FILENAMES", "/nonexistent.json"),
            ("VK_DRIVER_FILES", "/nonexistent.json"),
        ],
        5,
    );
    let line = renderer_line(&out);
    assert!(
        line.starts_with("parallax: renderer: glow (OpenGL"),
        "{line}"
    );
}

#[test]
fn renderers_chosen_on_the_cpu_and_by_hand() {
    let x = Xvfb::start();
    let data = tempfile::tempdir().unwrap();
    // lavapipe is a software adapter: OpenGL is preferred.
    let out = run_app(&x.display, data.path(), &[], 5);
    assert!(
        renderer_line(&out).starts_with("parallax: renderer: glow"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Asked for by hand, wgpu runs on Vulkan.
    let out = run_app(&x.display, data.path(), &[("PARALLAX_RENDERER", "wgpu")], 5);
    let line = renderer_line(&out);
    assert!(line.contains("wgpu (backend: Vulkan"), "{line}");
}

#[test]
fn an_x_server_that_starts_late_is_waited_for() {
    let n = free_display();
    let data = tempfile::tempdir().unwrap();
    let display = format!(":{n}");
    let path = data.path().to_path_buf();
    let app = std::thread::spawn(move || run_app(&display, &path, &[], 3));
    std::thread::sleep(Duration::from_millis(500));
    let _x = Xvfb::start_on(n);
    let out = app.join().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the X server answered on try"), "{err}");
    renderer_line(&out);
}

#[test]
fn the_window_keeps_its_size_between_runs() {
    let x = Xvfb::start();
    let data = tempfile::tempdir().unwrap();
    let window_line = |out: &Output| {
        String::from_utf8_lossy(&out.stderr)
            .lines()
            .find(|l| l.starts_with("parallax: window "))
            .map(str::to_owned)
    };
    let first = run_app(&x.display, data.path(), &[], 3);
    assert_eq!(
        window_line(&first).as_deref(),
        Some("parallax: window 1280x800")
    );
    // Resize the window while the app runs, as a user would.
    let display = x.display.clone();
    let path = data.path().to_path_buf();
    let app = std::thread::spawn(move || run_app(&display, &path, &[], 400));
    let resized = Command::new("xdotool")
        .env("DISPLAY", &x.display)
        .args([
            "search",
            "--sync",
            "--name",
            "Parallax",
            "windowsize",
            "%@",
            "900",
            "600",
        ])
        .status()
        .expect("xdotool is installed (./setup.sh installs it)");
    assert!(resized.success());
    let second = app.join().unwrap();
    assert_eq!(
        window_line(&second).as_deref(),
        Some("parallax: window 900x600")
    );
    // The next start opens at that size.
    let third = run_app(&x.display, data.path(), &[], 3);
    assert_eq!(
        window_line(&third).as_deref(),
        Some("parallax: window 900x600")
    );
}
