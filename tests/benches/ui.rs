//! Frame times of the desktop app on a long article: a generated article of
//! 1,000,000 characters with 20,000 spans. CPU only (egui pass and
//! tessellation; the GPU's work is not counted). Run with
//! `cargo bench --bench ui`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use egui::{pos2, vec2, Event, RawInput, Rect};
use parallax::edit::Edit;
use parallax::model::{Id, Project, Span};
use parallax::ui::action::Action;
use parallax::ui::{Options, ParallaxApp};
use parallax::workspace::Workspace;

/// The long article of `parallax synth --long`: 1,000,000 code points,
/// 20,000 spans.
fn long_article() -> (Project, Id) {
    let p = parallax::synth::long_article(1_000_000, 20_000);
    let id = p.articles()[0].id;
    (p, id)
}

struct Rig {
    ctx: egui::Context,
    app: ParallaxApp,
    size: egui::Vec2,
    time: f64,
}

impl Rig {
    fn new() -> Self {
        let (project, _) = long_article();
        let ctx = egui::Context::default();
        let dir = std::env::temp_dir().join("parallax-bench-recovery");
        let options = Options {
            autosave_secs: 1e9,
            recovery_dir: dir,
            native_dialogs: false,
        };
        let ws = Workspace::recovered(project, None, &std::env::temp_dir());
        let app = ParallaxApp::with_workspace(&ctx, ws, options);
        let mut rig = Rig {
            ctx,
            app,
            size: vec2(1280.0, 800.0),
            time: 0.0,
        };
        for _ in 0..5 {
            rig.frame(Vec::new());
        }
        let doc = &rig.app.doc;
        assert!(
            doc.block_count() > 1000 && doc.drawn_blocks() >= 2,
            "the article is laid out and drawn"
        );
        eprintln!(
            "{} blocks, {} drawn per frame",
            doc.block_count(),
            doc.drawn_blocks()
        );
        rig
    }

    /// One frame: the egui pass and tessellation, as eframe does it.
    fn frame(&mut self, events: Vec<Event>) {
        self.time += 1.0 / 60.0;
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), self.size)),
            time: Some(self.time),
            events,
            ..Default::default()
        };
        let mut out = self.ctx.run_ui(input, |ui| self.app.ui_main(ui));
        let prims = self
            .ctx
            .tessellate(std::mem::take(&mut out.shapes), out.pixels_per_point);
        black_box(prims);
        out.textures_delta.clear();
    }
}

fn ui_benches(c: &mut Criterion) {
    let mut rig = Rig::new();
    let mut g = c.benchmark_group("ui_1M_chars_20k_spans");
    g.sample_size(30);

    let mut y = 300.0f32;
    g.bench_function("steady_frame_hover", |b| {
        b.iter(|| {
            y = if y > 600.0 { 300.0 } else { y + 7.0 };
            rig.frame(vec![Event::PointerMoved(pos2(500.0, y))]);
        })
    });
    // Scroll down 300 frames, then back up, and so on.
    let mut k = 0u32;
    g.bench_function("steady_frame_scroll", |b| {
        b.iter(|| {
            k += 1;
            let dy = if (k / 300).is_multiple_of(2) {
                -40.0
            } else {
                40.0
            };
            rig.frame(vec![
                Event::PointerMoved(pos2(500.0, 400.0)),
                Event::MouseWheel {
                    unit: egui::MouseWheelUnit::Point,
                    delta: vec2(0.0, dy),
                    phase: egui::TouchPhase::Move,
                    modifiers: Default::default(),
                    source: egui::MouseWheelSource::Wheel,
                },
            ]);
        })
    });
    let article = Id::from_u64(1);
    let mut n = 0u64;
    g.bench_function("add_then_delete_span_two_frames", |b| {
        b.iter(|| {
            let ws = rig.app.ws().unwrap();
            let a = ws.project().article(article).unwrap();
            n += 1;
            let start = (n as usize * 7919) % (a.len_chars() - 100);
            let id = Id::from_u64(900_000 + n);
            let span = Span::new(id, a, "Claim", start..start + 40, "bench").unwrap();
            rig.app.push(Action::Edit(Edit::AddSpan(span)));
            rig.frame(Vec::new());
            rig.app.push(Action::Edit(Edit::RemoveSpan(id)));
            rig.frame(Vec::new());
        })
    });
    let mut wide = false;
    g.bench_function("resize_frame", |b| {
        b.iter(|| {
            wide = !wide;
            rig.size = if wide {
                vec2(1400.0, 800.0)
            } else {
                vec2(1100.0, 800.0)
            };
            rig.frame(Vec::new());
        })
    });
    g.finish();

    let sample =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample/sample.ron");
    c.bench_function("open_sample_to_first_frame", |b| {
        b.iter(|| {
            let ctx = egui::Context::default();
            let ws = Workspace::open(&sample).unwrap();
            let options = Options {
                autosave_secs: 1e9,
                recovery_dir: std::env::temp_dir().join("parallax-bench-recovery"),
                native_dialogs: false,
            };
            let mut app = ParallaxApp::with_workspace(&ctx, ws, options);
            let input = RawInput {
                screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), vec2(1280.0, 800.0))),
                ..Default::default()
            };
            let mut out = ctx.run_ui(input, |ui| app.ui_main(ui));
            black_box(ctx.tessellate(std::mem::take(&mut out.shapes), out.pixels_per_point));
            out.textures_delta.clear();
        })
    });
}

criterion_group!(benches, ui_benches);
criterion_main!(benches);
