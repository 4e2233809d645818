//! Helpers shared by the UI tests: a sandbox copy of the sample project,
//! a harness around the real app, and hand-like pointer gestures.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use egui::{Key, Modifiers, Pos2};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use parallax::model::Id;
use parallax::ui::{Options, ParallaxApp};

/// A copy of the sample project (so tests may save), and a recovery folder.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample");
        copy_dir(&src, &dir.path().join("sample"));
        Self { dir }
    }

    pub fn project(&self) -> PathBuf {
        self.dir.path().join("sample/sample.ron")
    }

    pub fn articles(&self) -> PathBuf {
        self.dir.path().join("sample/articles")
    }

    pub fn recovery(&self) -> PathBuf {
        self.dir.path().join("recovery")
    }

    pub fn options(&self) -> Options {
        Options {
            autosave_secs: 30.0,
            recovery_dir: self.recovery(),
            native_dialogs: false,
        }
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

pub fn harness(open: Option<PathBuf>, options: Options) -> Harness<'static, ParallaxApp> {
    Harness::builder()
        .with_size([1280.0, 800.0])
        .with_max_steps(20)
        .with_step_dt(1.0 / 60.0)
        .build_eframe(move |cc| ParallaxApp::new(&cc.egui_ctx, cc.storage, open, options))
}

/// The app with a fresh copy of the sample project open.
pub fn open_sample() -> (Sandbox, Harness<'static, ParallaxApp>) {
    let sb = Sandbox::new();
    let mut h = harness(Some(sb.project()), sb.options());
    wait_loaded(&mut h);
    (sb, h)
}

/// Step until the background reader is done.
pub fn wait_loaded(h: &mut Harness<'_, ParallaxApp>) {
    step_until(h, |app| !app.is_loading() && app.ws().is_some());
}

/// Step until no background work (saving, reading, importing) is left.
pub fn wait_idle(h: &mut Harness<'_, ParallaxApp>) {
    step_until(h, |app| !app.is_busy());
}

/// Step until `done` holds of the app (background work finished), then a
/// few frames more for it to show.
pub fn step_until(h: &mut Harness<'_, ParallaxApp>, done: impl Fn(&ParallaxApp) -> bool) {
    for _ in 0..600 {
        h.step();
        if done(h.state()) {
            h.run_steps(3);
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("the app did not finish its background work");
}

/// Focus the first text field whose current value satisfies `pick`, replace its text.
pub fn type_into(h: &mut Harness<'_, ParallaxApp>, pick: impl Fn(&str) -> bool, text: &str) {
    type_into_nth(h, pick, text, false);
}

/// The same in a dialog: its field is the last one drawn.
pub fn type_into_dialog(h: &mut Harness<'_, ParallaxApp>, pick: impl Fn(&str) -> bool, text: &str) {
    type_into_nth(h, pick, text, true);
}

fn type_into_nth(
    h: &mut Harness<'_, ParallaxApp>,
    pick: impl Fn(&str) -> bool,
    text: &str,
    last: bool,
) {
    {
        let mut matching = h
            .get_all_by_role(egui::accesskit::Role::TextInput)
            .filter(|n| pick(&n.value().unwrap_or_default()));
        let node = if last {
            matching.last()
        } else {
            matching.next()
        };
        node.expect("a text field").focus();
    }
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(egui::Event::Text(text.to_owned()));
    h.run_steps(2);
}

pub fn open_article(h: &mut Harness<'_, ParallaxApp>, title_part: &str) -> Id {
    h.get_by_label_contains(title_part).click();
    h.run_steps(3);
    let app = h.state();
    let id = app.sel.article.unwrap();
    let title = &app.ws().unwrap().project().article(id).unwrap().meta.title;
    assert!(title.contains(title_part), "{title}");
    id
}

/// Code point range of `needle` in an article.
pub fn find(h: &Harness<'_, ParallaxApp>, article: Id, needle: &str) -> std::ops::Range<usize> {
    let a = h.state().ws().unwrap().project().article(article).unwrap();
    let b = a
        .text()
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the article"));
    let s = a.char_at_byte(b);
    s..s + needle.chars().count()
}

pub fn char_rect(h: &Harness<'_, ParallaxApp>, c: usize) -> egui::Rect {
    h.state()
        .doc
        .char_rect(c)
        .unwrap_or_else(|| panic!("char {c} not on screen"))
}

/// Press, move in steps and release, as a hand would.
pub fn drag(h: &mut Harness<'_, ParallaxApp>, from: Pos2, to: Pos2) {
    h.hover_at(from);
    h.step();
    h.drag_at(from);
    h.step();
    for k in 1..=4 {
        let t = k as f32 / 4.0;
        h.hover_at(from + (to - from) * t);
        h.step();
    }
    h.drop_at(to);
    h.run_steps(2);
}

/// Two presses and releases in quick succession, as a hand double-clicks.
pub fn double_click(h: &mut Harness<'_, ParallaxApp>, pos: Pos2) {
    h.hover_at(pos);
    h.step();
    for _ in 0..2 {
        for pressed in [true, false] {
            h.event(egui::Event::PointerButton {
                pos,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: Modifiers::NONE,
            });
            h.step();
        }
    }
    h.run_steps(2);
}

pub fn click_at(h: &mut Harness<'_, ParallaxApp>, pos: Pos2, modifiers: Modifiers) {
    h.event(egui::Event::ModifiersChanged(modifiers));
    h.hover_at(pos);
    h.step();
    h.event(egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers,
    });
    h.step();
    h.event(egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers,
    });
    h.step();
    h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    h.run_steps(1);
}

/// Select `needle` in the open article by dragging across it.
pub fn drag_select(
    h: &mut Harness<'_, ParallaxApp>,
    article: Id,
    needle: &str,
) -> std::ops::Range<usize> {
    let r = find(h, article, needle);
    let first = char_rect(h, r.start);
    let last = char_rect(h, r.end - 1);
    drag(
        h,
        Pos2::new(first.left() + 1.0, first.center().y),
        Pos2::new(last.right() - 1.0, last.center().y),
    );
    r
}

pub fn spans_with(
    h: &Harness<'_, ParallaxApp>,
    article: Id,
    tag: &str,
) -> Vec<(usize, usize, String)> {
    h.state()
        .ws()
        .unwrap()
        .project()
        .spans_of(article)
        .filter(|s| s.tag == tag)
        .map(|s| (s.start, s.end, s.quote.clone()))
        .collect()
}
