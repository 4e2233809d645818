//! A real study's size, as the analyst works on it: a project of 5,000
//! articles (~4,000 code points each) with 300,000 spans, 200 facts and 40
//! outlets, and one article of 1,000,000 code points with 20,000 spans
//! (`parallax::synth`). Each interaction runs frame by frame through the
//! app; every frame's CPU time on the UI thread (the egui pass and
//! tessellation, as eframe runs them; rendering is measured in the running
//! app with `--perf-log`) is recorded, and the median, 99th percentile and
//! worst frame are printed. Also: opening the study (time and peak memory).
//!
//! Run with `cargo bench --bench scale` (`SCALE_FRAMES=1` also lists each
//! interaction's frames in order). Interactions are given to the app as the
//! actions its widgets send, one per frame.

use std::time::Duration;

use egui::{pos2, vec2, Event, RawInput, Rect};
use parallax::model::Id;
use parallax::synth::{self, Size};
use parallax::ui::action::Action;
use parallax::ui::command::{Command, View};
use parallax::ui::{Options, ParallaxApp};
use parallax::workspace::Workspace;

/// CPU time of this thread.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime fills the timespec it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

struct Rig {
    ctx: egui::Context,
    app: ParallaxApp,
    time: f64,
    pointer: egui::Pos2,
}

impl Rig {
    fn new(ws: Workspace) -> Self {
        let ctx = egui::Context::default();
        let options = Options {
            autosave_secs: 1e9,
            recovery_dir: std::env::temp_dir().join("parallax-bench-recovery"),
            native_dialogs: false,
        };
        let app = ParallaxApp::with_workspace(&ctx, ws, options);
        let mut rig = Rig {
            ctx,
            app,
            time: 0.0,
            pointer: pos2(600.0, 400.0),
        };
        for _ in 0..5 {
            rig.frame(Vec::new());
        }
        rig
    }

    /// One frame; returns its CPU time on this thread.
    fn frame(&mut self, mut events: Vec<Event>) -> Duration {
        self.time += 1.0 / 60.0;
        events.insert(0, Event::PointerMoved(self.pointer));
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), vec2(1280.0, 800.0))),
            time: Some(self.time),
            events,
            ..Default::default()
        };
        let t = thread_cpu();
        let mut out = self.ctx.run_ui(input, |ui| self.app.ui_main(ui));
        let prims = self
            .ctx
            .tessellate(std::mem::take(&mut out.shapes), out.pixels_per_point);
        std::hint::black_box(prims);
        let spent = thread_cpu() - t;
        out.textures_delta.clear();
        spent
    }

    /// Frames with `act` run before each, until `done` holds (at most 600).
    fn interaction(
        &mut self,
        steps: usize,
        mut act: impl FnMut(&mut ParallaxApp, usize),
        done: impl Fn(&ParallaxApp) -> bool,
    ) -> Vec<Duration> {
        let mut frames = Vec::new();
        for i in 0..steps {
            act(&mut self.app, i);
            frames.push(self.frame(Vec::new()));
        }
        for _ in 0..600 {
            if done(&self.app) {
                break;
            }
            frames.push(self.frame(Vec::new()));
        }
        // Two more, to see it settle.
        frames.push(self.frame(Vec::new()));
        frames.push(self.frame(Vec::new()));
        frames
    }
}

fn report(what: &str, mut frames: Vec<Duration>) {
    // SCALE_FRAMES=1 lists every frame in order, to see which one is slow.
    if std::env::var_os("SCALE_FRAMES").is_some() {
        let each: Vec<String> = frames
            .iter()
            .map(|d| format!("{:.1}", d.as_secs_f64() * 1000.0))
            .collect();
        eprintln!("{what}: {}", each.join(" "));
    }
    frames.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |p: f64| frames[((frames.len() as f64 * p) as usize).min(frames.len() - 1)];
    println!(
        "| {what} | {} | {:.2} | {:.2} | {:.2} |",
        frames.len(),
        ms(at(0.5)),
        ms(at(0.99)),
        ms(*frames.last().unwrap())
    );
}

/// Ten selections of 20 code points from `from` on, each tagged as a claim.
fn select_and_tag(rig: &mut Rig, from: usize) -> Vec<Duration> {
    rig.interaction(
        20,
        |app, i| {
            if i % 2 == 0 {
                app.sel.text = Some((from + i * 40, from + 20 + i * 40));
            } else {
                app.push(Action::Run(Command::Tag(1)));
            }
        },
        |app| !app.span_list_filtering(),
    )
}

fn type_text(
    app: &mut ParallaxApp,
    i: usize,
    text: &str,
    field: impl Fn(&mut ParallaxApp) -> &mut String,
) {
    if let Some(c) = text.chars().nth(i) {
        field(app).push(c);
    }
}

fn peak_rss_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|k| k.parse::<u64>().ok())
        .map_or(0, |k| k / 1024)
}

fn main() {
    // Criterion-style arguments from `cargo bench` are ignored.
    // Opening, in a child process (started below) so that its peak memory
    // is its own.
    if std::env::var_os("PARALLAX_SCALE_OPEN").is_some() {
        let t = std::time::Instant::now();
        let ws = Workspace::open(std::path::Path::new(
            &std::env::var("PARALLAX_SCALE_OPEN").unwrap(),
        ))
        .unwrap();
        let mut rig = Rig::new(ws);
        rig.frame(Vec::new());
        println!("open {} {}", t.elapsed().as_millis(), peak_rss_mib());
        return;
    }

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("study.ron");
    {
        let p = synth::study(Size::STUDY);
        parallax::project_file::save(&p, &path).unwrap();
    }
    let size = std::fs::metadata(&path).unwrap().len();

    let child = std::process::Command::new(std::env::current_exe().unwrap())
        .env("PARALLAX_SCALE_OPEN", &path)
        .output()
        .unwrap();
    let line = String::from_utf8_lossy(&child.stdout);
    let parts: Vec<&str> = line.split_whitespace().collect();
    println!(
        "Opening the study ({:.0} MB): {} ms to the first frame of the workbench, peak memory {} MiB ({:.1}x the file)",
        size as f64 / 1e6,
        parts.get(1).unwrap_or(&"?"),
        parts.get(2).unwrap_or(&"?"),
        parts.get(2).and_then(|m| m.parse::<f64>().ok()).unwrap_or(0.0) * 1048576.0 / size as f64
    );

    println!("\n5,000 articles, 300,000 spans, 200 facts, 40 outlets (CPU ms per frame)\n");
    println!("| interaction | frames | median | p99 | worst |");
    println!("|---|---|---|---|---|");
    let ws = Workspace::open(&path).unwrap();
    let articles: Vec<Id> = ws.project().articles().iter().map(|a| a.id).collect();
    let mut rig = Rig::new(ws);

    report(
        "type \"claim\" in the article filter",
        rig.interaction(
            5,
            |app, i| type_text(app, i, "claim", |a| &mut a.panels.article_filter),
            |_| true,
        ),
    );
    rig.app.panels.article_filter.clear();
    rig.frame(Vec::new());
    report(
        "span list: all articles",
        rig.interaction(
            1,
            |app, _| app.panels.all_articles = true,
            |app| !app.span_list_filtering(),
        ),
    );
    report(
        "type \"claim\" in the span filter",
        rig.interaction(
            5,
            |app, i| type_text(app, i, "claim", |a| &mut a.panels.span_filter),
            |app| !app.span_list_filtering(),
        ),
    );
    rig.app.panels.span_filter.clear();
    report(
        "switch articles (20, one a frame)",
        rig.interaction(
            20,
            |app, i| app.push(Action::OpenArticle(articles[i * 37])),
            |app| !app.span_list_filtering(),
        ),
    );
    report(
        "next article with the keyboard (20)",
        rig.interaction(
            20,
            |app, _| app.push(Action::Run(Command::NextArticle)),
            |app| !app.span_list_filtering(),
        ),
    );
    report("select text and tag it (20)", select_and_tag(&mut rig, 10));
    for (name, view) in [
        ("open Compare", View::Compare),
        ("open Side by side", View::SideBySide),
        ("open Outlets", View::Outlets),
        ("back to Read", View::Read),
    ] {
        report(
            name,
            rig.interaction(
                1,
                move |app, _| app.push(Action::ShowView(view)),
                |app| {
                    // Let background work finish between frames, as it would.
                    std::thread::sleep(Duration::from_millis(5));
                    !app.is_busy()
                },
            ),
        );
    }
    let hover: Vec<Duration> = (0..60)
        .map(|i| {
            rig.pointer = pos2(500.0 + (i % 7) as f32 * 9.0, 300.0 + (i % 11) as f32 * 13.0);
            rig.frame(Vec::new())
        })
        .collect();
    report("hover over the text (60 frames)", hover);
    // Autosave's part on the UI thread: taking the snapshot.
    let snapshot: Vec<Duration> = (0..10)
        .map(|_| {
            let t = thread_cpu();
            std::hint::black_box(rig.app.ws().unwrap().project().snapshot());
            thread_cpu() - t
        })
        .collect();
    report(
        "autosave/save: the snapshot taken on the UI thread",
        snapshot,
    );
    drop(rig);

    println!("\nOne article of 1,000,000 code points with 20,000 spans (CPU ms per frame)\n");
    println!("| interaction | frames | median | p99 | worst |");
    println!("|---|---|---|---|---|");
    let long = synth::long_article(1_000_000, 20_000);
    let mut rig = Rig::new(Workspace::recovered(long, None, dir.path()));
    let scroll: Vec<Duration> = (0..300)
        .map(|i| {
            let dy = if (i / 100) % 2 == 0 { -40.0 } else { 40.0 };
            rig.frame(vec![Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: vec2(0.0, dy),
                phase: egui::TouchPhase::Move,
                modifiers: Default::default(),
                source: egui::MouseWheelSource::Wheel,
            }])
        })
        .collect();
    report("scroll (300 frames)", scroll);
    let hover: Vec<Duration> = (0..60)
        .map(|i| {
            rig.pointer = pos2(500.0 + (i % 7) as f32 * 9.0, 300.0 + (i % 11) as f32 * 13.0);
            rig.frame(Vec::new())
        })
        .collect();
    report("hover (60 frames)", hover);
    report("select text and tag it (20)", select_and_tag(&mut rig, 100));
    report(
        "span list: filter \"said\"",
        rig.interaction(
            4,
            |app, i| type_text(app, i, "said", |a| &mut a.panels.span_filter),
            |app| !app.span_list_filtering(),
        ),
    );
}
