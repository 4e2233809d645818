//! Opening the window. winit allows one event loop per process, and it
//! fails for good if the display cannot be reached when it is made; so
//! everything that can fail is settled before: the display is waited for
//! (an X server that is still starting answers on a later try), and the
//! renderer is chosen by asking wgpu for an adapter (Vulkan, Metal or DX12)
//! before any window exists: a GPU means wgpu; a software adapter (lavapipe)
//! or none means OpenGL through glow, which draws the same frames at a
//! fraction of the CPU cost in software. wgpu is kept off OpenGL, which is
//! glow's: if the first renderer fails after all, the other runs in the same
//! event loop. If the event loop itself could not be made, the process
//! starts itself again, once.
//!
//! `PARALLAX_RENDERER=wgpu|glow` chooses the renderer by hand. The renderer
//! in use is printed on stderr (`parallax: renderer: …`).

use std::cell::Cell;
use std::path::PathBuf;
use std::rc::Rc;

use eframe::wgpu;

use super::app::ParallaxApp;
use super::prefs::Options;

/// How the app is started from the command line.
#[derive(Clone, Debug, Default)]
pub struct Start {
    pub path: Option<PathBuf>,
    pub perf_log: Option<PathBuf>,
    /// Close after this many frames (scripted runs: start-up checks, CI).
    pub quit_after_frames: Option<u64>,
    /// A bare eframe window (a heading and a few lines) instead of the app,
    /// with the same renderer choice and frame log: the toolkit's own cost,
    /// to compare the app's with.
    pub bare: bool,
}

/// The bare window of [`Start::bare`].
struct Bare {
    perf: Option<super::perf::PerfLog>,
    frames_left: Option<u64>,
}

impl eframe::App for Bare {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if let Some(p) = self.perf.as_mut() {
            p.begin();
        }
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("A bare eframe window");
            for i in 0..12 {
                ui.label(format!(
                    "Line {i}: the same renderer and frame log as the app."
                ));
            }
        });
        let done = match self.frames_left.as_mut() {
            Some(0) => true,
            Some(n) => {
                *n -= 1;
                ui.ctx().request_repaint();
                false
            }
            None => false,
        };
        if done || super::shutdown::stop_requested() {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
        if let Some(p) = self.perf.as_mut() {
            p.end();
        }
    }
}

/// Backends wgpu may use: the native APIs, never its OpenGL backend.
fn wgpu_backends() -> wgpu::Backends {
    wgpu::Backends::from_env().unwrap_or(wgpu::Backends::PRIMARY)
}

/// An adapter wgpu would use, if any (before any window exists).
fn probe_wgpu(backends: wgpu::Backends) -> Option<wgpu::AdapterInfo> {
    let mut desc = wgpu::InstanceDescriptor::new_without_display_handle();
    desc.backends = backends;
    let instance = wgpu::Instance::new(desc);
    let adapters = pollster::block_on(instance.enumerate_adapters(backends));
    adapters
        .iter()
        .map(|a| a.get_info())
        .min_by_key(|i| match i.device_type {
            wgpu::DeviceType::DiscreteGpu => 0,
            wgpu::DeviceType::IntegratedGpu => 1,
            wgpu::DeviceType::VirtualGpu => 2,
            wgpu::DeviceType::Other => 3,
            wgpu::DeviceType::Cpu => 4,
        })
}

fn nonempty(var: &str) -> bool {
    std::env::var_os(var).is_some_and(|v| !v.is_empty())
}

/// Wait for the X server if X11 is what winit will use (its rule: Wayland
/// when `WAYLAND_DISPLAY` or `WAYLAND_SOCKET` is set, else X when
/// `DISPLAY` is). A server still starting answers on a later try.
#[cfg(all(unix, not(target_os = "macos")))]
fn wait_for_display() -> anyhow::Result<()> {
    if nonempty("WAYLAND_DISPLAY") || nonempty("WAYLAND_SOCKET") || !nonempty("DISPLAY") {
        return Ok(());
    }
    let mut last = String::new();
    for (i, wait_ms) in [0u64, 200, 400, 800, 1600, 3200].into_iter().enumerate() {
        std::thread::sleep(std::time::Duration::from_millis(wait_ms));
        match x11rb::connect(None) {
            Ok(_) => {
                if i > 0 {
                    eprintln!("parallax: the X server answered on try {}", i + 1);
                }
                return Ok(());
            }
            Err(e) => last = e.to_string(),
        }
    }
    anyhow::bail!(
        "cannot connect to the X server at DISPLAY={}: {last}",
        std::env::var("DISPLAY").unwrap_or_default()
    )
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn wait_for_display() -> anyhow::Result<()> {
    Ok(())
}

fn native_options(renderer: eframe::Renderer, backends: wgpu::Backends) -> eframe::NativeOptions {
    let mut options = eframe::NativeOptions {
        renderer,
        viewport: egui::ViewportBuilder::default()
            .with_title("Parallax")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([720.0, 420.0])
            .with_drag_and_drop(true),
        // Fonts are installed by the app itself, the same way in tests.
        system_font_fallback: false,
        // Window size and preferences, beside the recovery files.
        persistence_path: Some(crate::recovery::data_dir().join("app.ron")),
        ..Default::default()
    };
    if let eframe::egui_wgpu::WgpuSetup::CreateNew(new) = &mut options.wgpu_options.wgpu_setup {
        new.instance_descriptor.backends = backends;
    }
    // egui dithers every pixel by default against banding in gradients,
    // which Parallax does not draw; on a machine without a GPU that costs a
    // quarter of each frame (measured: README, Performance).
    options.dithering = false;
    options
}

/// What the renderer in use is, for the log.
fn describe(cc: &eframe::CreationContext<'_>) -> String {
    if let Some(rs) = &cc.wgpu_render_state {
        return format!(
            "wgpu ({})",
            eframe::egui_wgpu::adapter_info_summary(&rs.adapter.get_info())
        );
    }
    if let Some(gl) = &cc.gl {
        use eframe::glow::HasContext;
        // SAFETY: plain queries of a current, valid context.
        let (version, renderer) = unsafe {
            (
                gl.get_parameter_string(eframe::glow::VERSION),
                gl.get_parameter_string(eframe::glow::RENDERER),
            )
        };
        return format!("glow (OpenGL {version}; {renderer})");
    }
    "unknown".into()
}

/// Run the desktop app.
pub fn run(start: Start) -> anyhow::Result<()> {
    wait_for_display()?;
    let backends = wgpu_backends();
    let order = match std::env::var("PARALLAX_RENDERER")
        .ok()
        .filter(|r| !r.is_empty())
    {
        Some(r) => vec![r
            .parse::<eframe::Renderer>()
            .map_err(|e| anyhow::anyhow!("PARALLAX_RENDERER: {e}"))?],
        None => match probe_wgpu(backends) {
            // Rendering on the CPU (lavapipe, llvmpipe, SwiftShader): the
            // same frames cost about a fifth as much through OpenGL
            // (measured: README, Performance).
            Some(info) if info.device_type == wgpu::DeviceType::Cpu => {
                eprintln!(
                    "parallax: no GPU ({}); drawing with OpenGL, which is cheaper in software",
                    info.name
                );
                vec![eframe::Renderer::Glow, eframe::Renderer::Wgpu]
            }
            Some(_) => vec![eframe::Renderer::Wgpu, eframe::Renderer::Glow],
            None => {
                eprintln!("parallax: no wgpu adapter ({backends:?}); drawing with OpenGL");
                vec![eframe::Renderer::Glow]
            }
        },
    };
    let mut last = None;
    for renderer in order {
        let started = Rc::new(Cell::new(false));
        let app_started = started.clone();
        let start = start.clone();
        let result = eframe::run_native(
            "Parallax",
            native_options(renderer, backends),
            Box::new(move |cc| {
                app_started.set(true);
                eprintln!("parallax: renderer: {}", describe(cc));
                super::shutdown::on_stop_signals(&cc.egui_ctx);
                if start.bare {
                    let perf = match &start.perf_log {
                        Some(p) => Some(super::perf::PerfLog::create(p)?),
                        None => None,
                    };
                    return Ok(Box::new(Bare {
                        perf,
                        frames_left: start.quit_after_frames,
                    }) as Box<dyn eframe::App>);
                }
                let app =
                    ParallaxApp::new(&cc.egui_ctx, cc.storage, start.path, Options::default())
                        .greeting_the_coder(start.quit_after_frames.is_none())
                        .quitting_after(start.quit_after_frames);
                let app = match &start.perf_log {
                    Some(p) => app.with_perf_log(p)?,
                    None => app,
                };
                Ok(Box::new(app))
            }),
        );
        match result {
            Ok(()) => return Ok(()),
            Err(eframe::Error::WinitEventLoop(e)) => return restart_once(&e.to_string()),
            Err(e) if !started.get() => {
                eprintln!("parallax: the {renderer} renderer failed ({e}); trying the next one");
                last = Some(e);
            }
            Err(e) => return Err(anyhow::anyhow!("{e}")),
        }
    }
    Err(anyhow::anyhow!(
        "could not open a window: {}",
        last.map(|e| e.to_string()).unwrap_or_default()
    ))
}

/// The event loop could not be made (the display went away between the
/// check and the loop): run the program again, once.
fn restart_once(why: &str) -> anyhow::Result<()> {
    if std::env::var_os("PARALLAX_RESTARTED").is_some() {
        anyhow::bail!("could not open a window: {why}");
    }
    eprintln!("parallax: could not open a window ({why}); starting again");
    std::thread::sleep(std::time::Duration::from_millis(500));
    let status = std::process::Command::new(std::env::current_exe()?)
        .args(std::env::args_os().skip(1))
        .env("PARALLAX_RESTARTED", "1")
        .status()?;
    std::process::exit(status.code().unwrap_or(1));
}
