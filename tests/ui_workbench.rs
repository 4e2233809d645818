//! The workbench as an analyst meets it, driven with real pointer and key
//! events: text fields that follow undo, free-text attributes, selections
//! at the bottom of the view and by whole words, a header that stays put,
//! filters that stay responsive at scale, and imports that land only in
//! the project they were started for.

mod common;

use std::path::Path;

use common::*;
use egui::accesskit::Role;
use egui::{Key, Modifiers, Pos2};
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::Harness;
use parallax::edit::Edit;
use parallax::model::{AttributeDef, Id, CLAIM};
use parallax::ui::action::Action;
use parallax::ui::command::View;
use parallax::ui::ParallaxApp;

/// The text field with accessible name `name`.
fn field<'a>(h: &'a Harness<'_, ParallaxApp>, name: &str) -> egui_kittest::Node<'a> {
    h.get_all_by_role(Role::TextInput)
        .find(|n| n.accesskit_node().label().as_deref() == Some(name))
        .unwrap_or_else(|| panic!("a text field named {name:?}"))
}

/// Type `text` a character per frame, as a hand does.
fn type_slowly(h: &mut Harness<'_, ParallaxApp>, text: &str) {
    for c in text.chars() {
        h.event(egui::Event::Text(c.to_string()));
        h.step();
    }
}

/// The size of a synthetic study (`parallax synth`).
struct Study {
    articles: usize,
    chars: usize,
    spans: usize,
    facts: usize,
    outlets: usize,
}

/// The app with a synthetic study open; the folder lives as long as the
/// first value.
fn open_study(size: Study) -> ((tempfile::TempDir, Sandbox), Harness<'static, ParallaxApp>) {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("study.ron");
    let n = |v: usize| v.to_string();
    let synth = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["synth", project.to_str().unwrap()])
        .args(["--articles", &n(size.articles), "--chars", &n(size.chars)])
        .args(["--spans", &n(size.spans), "--facts", &n(size.facts)])
        .args(["--outlets", &n(size.outlets)])
        .output()
        .unwrap();
    assert!(synth.status.success(), "{synth:?}");
    let sb = Sandbox::new();
    let mut h = harness(Some(project), sb.options());
    wait_loaded(&mut h);
    ((dir, sb), h)
}

/// Click a claim's highlight in the open article to select it.
fn select_span_at(h: &mut Harness<'_, ParallaxApp>, article: Id, needle: &str) -> Id {
    let r = find(h, article, needle);
    let rect = char_rect(h, r.start + 1);
    click_at(h, rect.center(), Modifiers::NONE);
    h.state().sel.span.expect("a span is selected")
}

/// Give claims a free-text attribute (one without values), as the schema
/// editor would.
fn add_free_text_attribute(h: &mut Harness<'_, ParallaxApp>, name: &str) {
    let mut schema = h.state().ws().unwrap().project().schema.clone();
    assert_eq!(schema.tags[0].name, CLAIM);
    schema.tags[0].attributes.push(AttributeDef {
        name: name.into(),
        values: Vec::new(),
        derived: false,
        guide: Default::default(),
        value_guides: Default::default(),
    });
    h.state_mut().push(Action::Edit(Edit::SetSchema(schema)));
    h.run_steps(2);
}

fn span_attr(h: &Harness<'_, ParallaxApp>, span: Id, key: &str) -> Option<String> {
    let p = h.state().ws().unwrap().project();
    p.span(span).unwrap().attributes.get(key).cloned()
}

#[test]
fn free_text_attributes_can_be_typed_a_key_at_a_time() {
    let (_sb, mut h) = open_sample();
    // A free-text attribute (no values) on claims, added as the schema
    // editor would.
    add_free_text_attribute(&mut h, "reporter_note");
    let a = open_article(&mut h, "Marrowby water");
    let span = select_span_at(&mut h, a, "Three bottled-water stations are open");
    field(&h, "reporter_note").focus();
    h.run_steps(1);
    type_slowly(&mut h, "seen twice");
    assert_eq!(
        field(&h, "reporter_note").value().as_deref(),
        Some("seen twice")
    );
    h.key_press(Key::Tab);
    h.run_steps(2);
    assert_eq!(
        span_attr(&h, span, "reporter_note").as_deref(),
        Some("seen twice")
    );
    // Tab went on to the next widget; Escape leaves it.
    h.key_press(Key::Escape);
    h.run_steps(1);
    h.state_mut().sel.span = Some(span);
    h.run_steps(1);
    // One edit: one undo takes it back, and the field shows it at once.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(span_attr(&h, span, "reporter_note"), None);
    assert_eq!(field(&h, "reporter_note").value().as_deref(), Some(""));
}

#[test]
fn fields_follow_undo_and_leaving_one_does_not_commit_again() {
    let (_sb, mut h) = open_sample();
    let a = open_article(&mut h, "Marrowby water");
    let span = select_span_at(&mut h, a, "Three bottled-water stations are open");
    field(&h, "Note").focus();
    h.run_steps(1);
    type_slowly(&mut h, "check the sites");
    assert_eq!(
        field(&h, "Note").value().as_deref(),
        Some("check the sites")
    );
    h.key_press(Key::Tab);
    h.run_steps(2);
    let note = |h: &Harness<'_, ParallaxApp>| {
        let p = h.state().ws().unwrap().project();
        p.span(span).unwrap().note.clone()
    };
    assert_eq!(note(&h), "check the sites");
    // Undo: the field shows the note as it was, not the undone text.
    h.key_press(Key::Escape);
    h.run_steps(1);
    h.state_mut().sel.span = Some(span);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(note(&h), "");
    assert_eq!(field(&h, "Note").value().as_deref(), Some(""));
    // Entering and leaving the field changes nothing: redo is still there.
    field(&h, "Note").focus();
    h.run_steps(1);
    h.key_press(Key::Tab);
    h.run_steps(2);
    assert!(h.state().ws().unwrap().history().can_redo());
    h.key_press(Key::Escape);
    h.run_steps(1);
    h.state_mut().sel.span = Some(span);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run_steps(2);
    assert_eq!(note(&h), "check the sites");
    assert_eq!(
        field(&h, "Note").value().as_deref(),
        Some("check the sites")
    );
}

/// Whichever of two fields is drawn first, clicking from one into the
/// other keeps what was typed in the one left.
#[test]
fn clicking_from_one_field_into_another_keeps_what_was_typed() {
    let (_sb, mut h) = open_sample();
    add_free_text_attribute(&mut h, "reporter_note");
    let a = open_article(&mut h, "Marrowby water");
    let span = select_span_at(&mut h, a, "Three bottled-water stations are open");
    let note = |h: &Harness<'_, ParallaxApp>| {
        let p = h.state().ws().unwrap().project();
        p.span(span).unwrap().note.clone()
    };
    // The note sits below the attributes: bring both into view.
    field(&h, "Note").scroll_to_me();
    // Scrolling is animated.
    h.run_steps(20);
    let at = field(&h, "Note").rect().center();
    click_at(&mut h, at, Modifiers::NONE);
    h.run_steps(1);
    type_slowly(&mut h, "first");
    let at = field(&h, "reporter_note").rect().center();
    click_at(&mut h, at, Modifiers::NONE);
    h.run_steps(2);
    assert_eq!(note(&h), "first");
    type_slowly(&mut h, "second");
    let at = field(&h, "Note").rect().center();
    click_at(&mut h, at, Modifiers::NONE);
    h.run_steps(2);
    assert_eq!(
        span_attr(&h, span, "reporter_note").as_deref(),
        Some("second")
    );
    assert_eq!(note(&h), "first");
    // Escape leaves the field as it was, and only the field: the span
    // stays selected.
    type_slowly(&mut h, " more");
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert_eq!(note(&h), "first");
    assert_eq!(h.state().sel.span, Some(span));
}

/// Ctrl+S, Ctrl+W and Ctrl+Q pressed while a field still has the
/// keyboard take what was typed in it: it is saved, or asked about.
#[test]
fn save_close_and_quit_take_what_the_focused_field_holds() {
    let (sb, mut h) = open_sample();
    let a = open_article(&mut h, "Marrowby water");
    select_span_at(&mut h, a, "Three bottled-water stations are open");
    field(&h, "Note").focus();
    h.run_steps(1);
    type_slowly(&mut h, "typed then saved");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    wait_idle(&mut h);
    let saved = std::fs::read_to_string(sb.project()).unwrap();
    assert!(
        saved.contains("typed then saved"),
        "the note is in the file"
    );
    assert!(!h.state().is_dirty());
    // Still typing: Ctrl+W asks about the unsaved note instead of closing.
    field(&h, "Note").focus();
    h.run_steps(1);
    type_slowly(&mut h, " and more");
    h.key_press_modifiers(Modifiers::COMMAND, Key::W);
    h.run_steps(3);
    assert!(h.state().ws().is_some(), "the project is still open");
    h.get_by_label("Unsaved changes");
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(h.state().is_dirty());
    // Ctrl+Q asks too, and the window stays.
    field(&h, "Note").scroll_to_me();
    h.run_steps(20);
    let at = field(&h, "Note").rect().center();
    click_at(&mut h, at, Modifiers::NONE);
    h.key_press(Key::End);
    h.run_steps(1);
    type_slowly(&mut h, "!");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Q);
    h.run_steps(3);
    h.get_by_label("Unsaved changes");
    let closes = h.output().viewport_output[&egui::ViewportId::ROOT]
        .commands
        .contains(&egui::ViewportCommand::Close);
    assert!(!closes, "Quit waits for the answer");
    let p = h.state().ws().unwrap().project();
    let note = &p.span(h.state().sel.span.unwrap()).unwrap().note;
    assert_eq!(note, "typed then saved and more!");
}

/// The field's own Ctrl+Z does not bring back text the project has undone.
#[test]
fn undo_inside_a_field_does_not_bring_back_undone_text() {
    let (_sb, mut h) = open_sample();
    let a = open_article(&mut h, "Marrowby water");
    let span = select_span_at(&mut h, a, "Three bottled-water stations are open");
    let note = |h: &Harness<'_, ParallaxApp>| {
        let p = h.state().ws().unwrap().project();
        p.span(span).unwrap().note.clone()
    };
    field(&h, "Note").focus();
    h.run_steps(1);
    type_slowly(&mut h, "one");
    h.key_press(Key::Tab);
    h.run_steps(2);
    assert_eq!(note(&h), "one");
    field(&h, "Note").focus();
    h.run_steps(1);
    type_slowly(&mut h, " two");
    h.key_press(Key::Tab);
    h.run_steps(2);
    assert_eq!(note(&h), "one two");
    // Typed and thrown away with Escape, after pauses long enough for the
    // field's own history to keep a step.
    field(&h, "Note").focus();
    h.run_steps(70);
    type_slowly(&mut h, " junk");
    h.run_steps(70);
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert_eq!(note(&h), "one two");
    // Undo outside the field: "one".
    h.state_mut().sel.span = Some(span);
    h.state_mut().sel.span = Some(span);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(note(&h), "one");
    // In the field, type and undo: back to "one", not to the undone text.
    field(&h, "Note").focus();
    h.run_steps(1);
    type_slowly(&mut h, "x");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    let shown = field(&h, "Note").value().unwrap_or_default();
    assert!(
        shown == "one" || shown == "onex",
        "the field shows {shown:?}"
    );
    h.key_press(Key::Tab);
    h.run_steps(2);
    assert!(note(&h).starts_with("one") && !note(&h).contains("two"));
}

#[test]
fn the_details_editor_stays_put_while_a_long_title_is_typed() {
    let (_sb, mut h) = open_sample();
    let a = open_article(&mut h, "Marrowby water");
    h.get_by_label("Details").click();
    h.run_steps(2);
    let date_before = field(&h, "Date").rect();
    field(&h, "Title").click();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    let long = "A very long headline about the boil-water advisory that goes on and on \
                past the width of any window, with more words than fit on one line";
    type_slowly(&mut h, long);
    assert_eq!(
        field(&h, "Date").rect(),
        date_before,
        "typing moves nothing"
    );
    h.key_press(Key::Tab);
    h.run_steps(2);
    let p = h.state().ws().unwrap().project();
    assert_eq!(p.article(a).unwrap().meta.title, long);
    assert_eq!(
        field(&h, "Date").rect(),
        date_before,
        "a long title moves nothing"
    );
    // A click where Date was lands in Date.
    click_at(&mut h, date_before.center(), Modifiers::NONE);
    assert!(field(&h, "Date").is_focused());
}

/// A folder with one long article (so the view scrolls) and one with an
/// emoji family and a decomposed accent.
fn long_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("A long report\n\n");
    for i in 0..150 {
        text.push_str(&format!(
            "Paragraph {i:03}: the council said the talks would continue next week, officials added.\n\n"
        ));
    }
    std::fs::write(dir.path().join("long.txt"), text).unwrap();
    std::fs::write(
        dir.path().join("short.txt"),
        "Families visit the cafe\n\nThe 👩\u{200d}👩\u{200d}👧 family visited the cafe\u{301} on Tuesday.\n",
    )
    .unwrap();
    dir
}

fn open_folder(dir: &Path) -> Harness<'static, ParallaxApp> {
    let sb = Sandbox::new();
    let mut h = harness(Some(dir.to_path_buf()), sb.options());
    wait_loaded(&mut h);
    std::mem::forget(sb);
    h
}

fn article_titled(h: &Harness<'_, ParallaxApp>, title: &str) -> Id {
    let p = h.state().ws().unwrap().project();
    p.articles()
        .iter()
        .find(|a| a.label() == title)
        .unwrap_or_else(|| panic!("an article titled {title:?}"))
        .id
}

#[test]
fn a_drag_on_the_bottom_visible_line_selects_there_and_keeps_the_view() {
    let dir = long_folder();
    let mut h = open_folder(dir.path());
    let a = article_titled(&h, "A long report");
    h.state_mut().sel.article = Some(a);
    h.run_steps(3);
    let clip = h.state().doc.visible_rect();
    let len = h
        .state()
        .ws()
        .unwrap()
        .project()
        .article(a)
        .unwrap()
        .len_chars();
    // The characters of the lowest line that shows a few pixels or more.
    let lowest = |h: &Harness<'_, ParallaxApp>| {
        let rects: Vec<(usize, egui::Rect)> = (0..len)
            .filter_map(|c| h.state().doc.char_rect(c).map(|r| (c, r)))
            .filter(|(_, r)| r.top() < clip.bottom() - 8.0 && r.width() > 0.5)
            .collect();
        let top = rects.iter().map(|(_, r)| r.top()).fold(f32::MIN, f32::max);
        (rects, top)
    };
    // Scroll a little at a time until a line of text sits at the bottom edge.
    let mut found = lowest(&h);
    for _ in 0..40 {
        if found.1 > clip.bottom() - 20.0 {
            break;
        }
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -4.0),
            phase: egui::TouchPhase::Move,
            modifiers: Modifiers::NONE,
            source: egui::MouseWheelSource::Wheel,
        });
        h.hover_at(clip.center());
        h.run_steps(2);
        found = lowest(&h);
    }
    let (rects, top) = found;
    let line: Vec<&(usize, egui::Rect)> = rects.iter().filter(|(_, r)| r.top() == top).collect();
    let (first, last) = (line[0], line[line.len().min(30) - 1]);
    // Within the last few pixels of the view, where the drag used to scroll.
    let y = first.1.center().y.min(clip.bottom() - 4.0);
    assert!(y > clip.bottom() - 24.0, "the line is at the bottom edge");
    let want = {
        let p = h.state().ws().unwrap().project();
        p.article(a)
            .unwrap()
            .widen_to_words(first.0..last.0 + 1)
            .unwrap()
    };
    drag(
        &mut h,
        Pos2::new(first.1.left() + 1.0, y),
        Pos2::new(last.1.right() - 1.0, y),
    );
    assert_eq!(h.state().sel.text_range(), Some(want.clone()));
    assert_eq!(
        h.state().doc.char_rect(first.0),
        Some(first.1),
        "the view did not move under the drag"
    );
}

#[test]
fn drags_take_whole_words_and_alt_keeps_characters_but_never_splits_one() {
    let dir = long_folder();
    let mut h = open_folder(dir.path());
    let a = article_titled(&h, "A long report");
    h.state_mut().sel.article = Some(a);
    h.run_steps(3);
    // From inside "council" to inside "talks": whole words.
    let council = find(&h, a, "council said the talks");
    let from = char_rect(&h, council.start + 3);
    let to = char_rect(&h, council.end - 2);
    drag(&mut h, from.center(), to.center());
    assert_eq!(h.state().sel.text_range(), Some(council.clone()));
    // With Alt, the characters under the pointer.
    h.event(egui::Event::ModifiersChanged(Modifiers::ALT));
    drag(&mut h, from.center(), to.center());
    h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    let got = h.state().sel.text_range().unwrap();
    assert!(
        got.start > council.start && got.end < council.end,
        "{got:?}"
    );

    // Alt inside an emoji family or before an accent still takes it whole.
    let b = article_titled(&h, "Families visit the cafe");
    h.state_mut().sel.article = Some(b);
    h.run_steps(3);
    let fam = find(&h, b, "👩\u{200d}👩\u{200d}👧");
    let the = find(&h, b, "The ");
    let start = char_rect(&h, the.start);
    let inside = char_rect(&h, fam.start + 2);
    h.event(egui::Event::ModifiersChanged(Modifiers::ALT));
    drag(
        &mut h,
        Pos2::new(start.left() + 1.0, start.center().y),
        inside.center(),
    );
    h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    let got = h.state().sel.text_range().unwrap();
    assert_eq!(got.end, fam.end, "the whole family");
    h.key_press(Key::Num2);
    h.run_steps(2);
    let p = h.state().ws().unwrap().project();
    let s = p.span(h.state().sel.span.unwrap()).unwrap();
    assert!(s.quote.ends_with("👧"), "{:?}", s.quote);
}

#[test]
fn the_span_list_filters_a_large_study_a_slice_per_frame() {
    let (_study, mut h) = open_study(Study {
        articles: 300,
        chars: 1500,
        spans: 30000,
        facts: 10,
        outlets: 12,
    });
    let total = h.state().ws().unwrap().project().span_count();
    h.get_by_role_and_label(Role::CheckBox, "All articles")
        .click();
    h.run_steps(1);
    assert!(
        h.state().span_list_filtering(),
        "30,000 spans are not listed in one frame"
    );
    step_until(&mut h, |app| !app.span_list_filtering());
    assert_eq!(h.state().span_rows().len(), total);
    // Typing in the filter keeps every key, in order.
    field(&h, "Filter spans").click();
    h.run_steps(1);
    type_slowly(&mut h, "claim");
    assert_eq!(h.state().panels.span_filter, "claim");
    step_until(&mut h, |app| !app.span_list_filtering());
    let p = h.state().ws().unwrap().project();
    let rows = h.state().span_rows();
    assert!(!rows.is_empty() && rows.len() < total);
    for id in rows {
        let s = p.span(*id).unwrap();
        assert!(s.quote.to_lowercase().contains("claim") || s.note.contains("claim"));
    }
    let want = p
        .all_spans()
        .filter(|s| s.quote.to_lowercase().contains("claim"))
        .count();
    assert_eq!(rows.len(), want);

    // The comparison of so many spans is worked out in the background;
    // leaving the view before it is ready neither loses it nor leaves the
    // app busy for ever.
    h.state_mut().push(Action::ShowView(View::Compare));
    h.run_steps(2);
    h.get_by_label("Working out the comparison…");
    h.state_mut().push(Action::ShowView(View::Read));
    h.run_steps(1);
    step_until(&mut h, |app| !app.is_busy());
    h.state_mut().push(Action::ShowView(View::Compare));
    h.run_steps(2);
    assert!(h.query_by_label("Working out the comparison…").is_none());
    assert!(h.query_by_label("Updating…").is_none());
}

/// A doccano export of the open sample, and a second project, without
/// spans, made from the same articles.
fn doccano_export_and_bare_project(
    sb: &Sandbox,
    h: &Harness<'_, ParallaxApp>,
) -> (std::path::PathBuf, std::path::PathBuf) {
    let export = sb.dir.path().join("sample-doccano.jsonl");
    parallax::export::export(
        h.state().ws().unwrap().project(),
        parallax::export::Format::Doccano,
        &export,
    )
    .unwrap();
    let bare = sb.dir.path().join("bare.ron");
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["new", bare.to_str().unwrap(), "--articles"])
        .arg(sb.articles())
        .output()
        .unwrap();
    assert!(made.status.success());
    (export, bare)
}

#[test]
fn an_import_finishing_after_another_project_opened_lands_nowhere() {
    let (sb, mut h) = open_sample();
    let (export, bare) = doccano_export_and_bare_project(&sb, &h);
    // Start the import, and open the other project in the same frame.
    h.state_mut().push(Action::ImportFrom(
        parallax::import::ImportFormat::Doccano,
        export,
    ));
    h.state_mut().push(Action::Open(bare.clone()));
    h.step();
    wait_loaded(&mut h);
    wait_idle(&mut h);
    let ws = h.state().ws().unwrap();
    assert_eq!(ws.file(), Some(parallax::paths::absolute(&bare).as_path()));
    assert_eq!(
        ws.project().span_count(),
        0,
        "nothing landed in the other project"
    );
    assert!(!ws.is_dirty());
    assert!(
        h.state().status().text().contains("nothing was imported"),
        "{}",
        h.state().status().text()
    );
}

#[test]
fn an_import_planned_while_the_project_changes_is_planned_again() {
    let (sb, mut h) = open_sample();
    let sample_spans = h.state().ws().unwrap().project().span_count();
    let (export, bare) = doccano_export_and_bare_project(&sb, &h);
    h.state_mut().push(Action::Open(bare));
    h.step();
    wait_loaded(&mut h);
    wait_idle(&mut h);
    // The import is read and planned in the background from the project
    // as it was when it started; an edit lands right after (the schema
    // gains a free-text attribute), so the plan no longer fits.
    let mut schema = h.state().ws().unwrap().project().schema.clone();
    schema.tags[0].attributes.push(AttributeDef {
        name: "meanwhile".into(),
        values: Vec::new(),
        derived: false,
        guide: Default::default(),
        value_guides: Default::default(),
    });
    h.state_mut().push(Action::ImportFrom(
        parallax::import::ImportFormat::Doccano,
        export,
    ));
    h.state_mut().push(Action::Edit(Edit::SetSchema(schema)));
    h.step();
    wait_idle(&mut h);
    let p = h.state().ws().unwrap().project();
    assert_eq!(
        p.span_count(),
        sample_spans,
        "{}",
        h.state().status().text()
    );
    assert!(p.schema.tags[0]
        .attributes
        .iter()
        .any(|a| a.name == "meanwhile"));
    // One undo takes the import back and keeps the edit made meanwhile.
    h.key_press(Key::Escape);
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    let p = h.state().ws().unwrap().project();
    assert_eq!(p.span_count(), 0);
    assert!(p.schema.tags[0]
        .attributes
        .iter()
        .any(|a| a.name == "meanwhile"));
}

/// Nodes labelled `label` in the central area (right of the article list).
fn in_centre(h: &Harness<'_, ParallaxApp>, label: &str) -> Vec<egui::Rect> {
    h.query_all_by_label(label)
        .map(|n| n.rect())
        .filter(|r| r.left() > 262.0)
        .collect()
}

#[test]
fn the_comparison_fits_four_outlets_at_1280_and_hatches_omissions() {
    let (_sb, mut h) = open_sample();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    h.run_steps(4);
    for outlet in [
        "The Harbour Ledger",
        "Coastline Post",
        "Elsen Valley Radio",
        "Northgate Daily",
    ] {
        let rects = in_centre(&h, outlet);
        let r = rects
            .first()
            .unwrap_or_else(|| panic!("{outlet} is a column"));
        assert!(r.right() <= 1280.0, "{outlet} ends at {}", r.right());
    }
    assert_eq!(h.query_all_by_label("not reported").count(), 3);
}

#[test]
fn escape_closes_an_open_menu_before_it_clears_the_selection() {
    let (_sb, mut h) = open_sample();
    let a = open_article(&mut h, "Marrowby water");
    let span = select_span_at(&mut h, a, "Three bottled-water stations are open");
    h.get_by_label("File").click();
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("Save as").is_some(),
        "the menu is open"
    );
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("Save as").is_none(),
        "Escape closed it"
    );
    assert_eq!(h.state().sel.span, Some(span), "and kept the selection");
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert_eq!(h.state().sel.span, None);
}

#[test]
fn the_fact_picker_starts_on_the_selected_fact_and_says_when_it_holds_the_claim() {
    let (_sb, mut h) = open_sample();
    let p = h.state().ws().unwrap().project();
    let fact = p.facts()[2].clone();
    // A claim of an article, not yet in that fact.
    let a = open_article(&mut h, "Marrowby water");
    let span = select_span_at(&mut h, a, "Three bottled-water stations are open");
    assert!(fact.member(span).is_none());
    h.state_mut().sel.fact = Some(fact.id);
    h.key_press(Key::F);
    h.run_steps(3);
    assert!(h.state().fact_picker_open());
    h.key_press(Key::Enter);
    h.run_steps(3);
    let p = h.state().ws().unwrap().project();
    assert!(
        p.fact(fact.id).unwrap().member(span).is_some(),
        "added to the selected fact"
    );
    assert!(
        h.state().status().text().starts_with("Added the claim to"),
        "{}",
        h.state().status().text()
    );
    // Again: Enter on the same fact says the claim is in it already.
    h.key_press(Key::F);
    h.run_steps(3);
    h.key_press(Key::Enter);
    h.run_steps(3);
    assert!(
        h.state().status().text().contains("already"),
        "{}",
        h.state().status().text()
    );
}

#[test]
fn commands_say_what_they_did_and_hints_go_with_the_next_action() {
    let (_sb, mut h) = open_sample();
    let a = open_article(&mut h, "Marrowby water");
    // L with nothing selected: a hint.
    h.key_press(Key::L);
    h.run_steps(2);
    assert!(
        h.state().status().text().starts_with("To link"),
        "{}",
        h.state().status().text()
    );
    // The next action clears it.
    let r = char_rect(&h, find(&h, a, "Elsen Valley Radio asked").start + 2);
    click_at(&mut h, r.center(), Modifiers::NONE);
    assert!(!h.state().status().text().starts_with("To link"));
    drag_select(&mut h, a, "Elsen Valley Radio asked");
    h.key_press(Key::Num2);
    h.run_steps(2);
    assert_eq!(
        h.state().status().text(),
        "Tagged “Elsen Valley Radio asked” as Source."
    );
}

#[test]
fn a_sources_attributes_fit_in_the_inspector_without_scrolling() {
    let (_sb, mut h) = open_sample();
    let a = open_article(&mut h, "Marrowby water");
    let span = select_span_at(&mut h, a, "Mayor Dana Okafor’s office");
    let p = h.state().ws().unwrap().project();
    assert_eq!(p.span(span).unwrap().tag, "Source");
    for name in ["source_type", "role"] {
        let combo = h.get_by_role_and_label(Role::ComboBox, name).rect();
        assert!(
            combo.bottom() < 775.0,
            "{name} ends at {} (window 800)",
            combo.bottom()
        );
    }
}

#[test]
fn article_titles_sort_naturally() {
    let dir = tempfile::tempdir().unwrap();
    for (name, title) in [
        ("a.txt", "Headline 10"),
        ("b.txt", "Headline 2"),
        ("c.txt", "Headline 1"),
    ] {
        std::fs::write(
            dir.path().join(name),
            format!("{title} about the dam\n\nOfficials said the dam held."),
        )
        .unwrap();
    }
    let mut h = open_folder(dir.path());
    let order: Vec<String> = h
        .get_all_by_label_contains("about the dam")
        .filter(|n| n.rect().left() < 262.0)
        .map(|n| n.accesskit_node().label().unwrap_or_default())
        .collect();
    assert_eq!(
        order,
        vec![
            "Headline 1 about the dam",
            "Headline 2 about the dam",
            "Headline 10 about the dam"
        ]
    );
    let _ = &mut h;
}

#[test]
fn the_shortcuts_sheet_fits_the_window_and_escape_closes_it() {
    let (_sb, mut h) = open_sample();
    h.key_press(Key::F1);
    h.run_steps(3);
    // The sheet's window and its edges are on screen (what does not fit
    // scrolls inside it).
    let parts: Vec<egui::Rect> = h
        .get_all_by_label("Keyboard shortcuts")
        .filter(|n| n.accesskit_node().label().as_deref() == Some("Keyboard shortcuts"))
        .chain(h.get_all_by_label_contains("Resize window"))
        .map(|n| n.rect())
        .collect();
    assert!(parts.len() > 2, "the sheet is open");
    for r in parts {
        assert!(r.top() >= 0.0 && r.bottom() <= 800.0, "{r:?}");
    }
    // Escape closes it, and only it: the selection stays.
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(!h.state().windows.shortcuts, "Escape closed the sheet");
    let a = open_article(&mut h, "Marrowby water");
    select_span_at(&mut h, a, "Three bottled-water stations are open");
    h.key_press(Key::F1);
    h.run_steps(2);
    assert!(h.state().windows.shortcuts);
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(!h.state().windows.shortcuts, "Escape closed the sheet");
    assert!(h.state().sel.span.is_some(), "and kept the selection");
}

/// The inspector opens tall enough for a claim's note, and keeps the height
/// it was dragged to when another article opens (with no span selected).
#[test]
fn the_inspector_keeps_its_height_across_articles() {
    let (_sb, mut h) = open_sample();
    let a = open_article(&mut h, "Marrowby water");
    select_span_at(&mut h, a, "Three bottled-water stations are open");
    let note = field(&h, "Note").rect();
    assert!(
        note.bottom() <= 800.0 - 24.0,
        "the note is in view: {note:?}"
    );
    let top = h.get_by_label("Inspector").rect().top();
    let x = h.get_by_label("Inspector").rect().center().x;
    // The splitter is just above the heading; drag it up.
    drag(&mut h, Pos2::new(x, top - 6.0), Pos2::new(x, 250.0));
    h.run_steps(3);
    let dragged = h.get_by_label("Inspector").rect().top();
    assert!(dragged < top - 100.0, "dragged from {top} to {dragged}");
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
    h.run_steps(3);
    assert_eq!(h.state().sel.span, None);
    let after = h.get_by_label("Inspector").rect().top();
    assert!((after - dragged).abs() < 2.0, "{dragged} became {after}");
    // And it stays there.
    h.run_steps(10);
    let later = h.get_by_label("Inspector").rect().top();
    assert!((later - dragged).abs() < 2.0, "{dragged} became {later}");
}

/// An article opened by key (Alt+↓, Alt+↑) is scrolled into view in the
/// article list; the list's count says how many the filter leaves.
#[test]
fn the_article_list_follows_the_open_article_and_counts_matches() {
    let (_study, mut h) = open_study(Study {
        articles: 120,
        chars: 400,
        spans: 200,
        facts: 2,
        outlets: 6,
    });
    // From the first article back to the last, at the bottom of the list.
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowUp);
    h.run_steps(4);
    let open = h.state().sel.article.unwrap();
    let label = h
        .state()
        .ws()
        .unwrap()
        .project()
        .article(open)
        .unwrap()
        .label()
        .to_owned();
    let row = h
        .get_all_by_role(Role::Button)
        .find(|n| n.accesskit_node().label().as_deref() == Some(label.as_str()))
        .unwrap_or_else(|| panic!("the row of {label:?} is drawn"));
    let r = row.rect();
    assert!(r.top() > 60.0 && r.bottom() < 800.0, "in view: {r:?}");
    // The count follows the filter, and an empty result says so.
    field(&h, "Filter articles").focus();
    h.run_steps(1);
    type_slowly(&mut h, "no such article");
    h.run_steps(2);
    h.get_by_label("0 of 120");
    h.get_by_label("No article matches the filter.");
}

/// Scroll the central view by `delta` points with the wheel.
fn wheel(h: &mut Harness<'_, ParallaxApp>, at: Pos2, delta: egui::Vec2) {
    h.hover_at(at);
    h.step();
    for _ in 0..10 {
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: delta / 10.0,
            modifiers: Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
        h.step();
    }
    h.run_steps(10);
}

/// With 40 facts over 24 outlets, the comparison's header row and fact
/// column stay in view while the table scrolls, and outlet names show
/// their ends.
#[test]
fn the_comparison_keeps_its_headers_in_view_while_it_scrolls() {
    let (_study, mut h) = open_study(Study {
        articles: 48,
        chars: 1500,
        spans: 2000,
        facts: 40,
        outlets: 24,
    });
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    step_until(&mut h, |app| !app.is_busy());
    h.run_steps(5);
    let first = h.state().ws().unwrap().project().outlets()[0].clone();
    let header = |h: &Harness<'_, ParallaxApp>| {
        in_centre(h, &first)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("{first} heads a column"))
    };
    let fact = |h: &Harness<'_, ParallaxApp>| in_centre(h, "Fact")[0];
    let before = (header(&h), fact(&h));
    // The full name shows (on two lines if need be), not "The Northern…".
    assert!(h.query_all_by_label(&first).count() > 0);
    wheel(&mut h, Pos2::new(800.0, 500.0), egui::vec2(0.0, -3000.0));
    assert!(
        (header(&h).top() - before.0.top()).abs() < 1.0,
        "the header stays"
    );
    assert!((fact(&h).top() - before.1.top()).abs() < 1.0);
    // Sideways, the fact column stays; a fact's name is still on its left.
    let names: Vec<String> = h
        .state()
        .ws()
        .unwrap()
        .project()
        .facts()
        .iter()
        .map(|f| f.name.clone())
        .collect();
    let left_of_names = |h: &Harness<'_, ParallaxApp>| {
        names
            .iter()
            .flat_map(|n| in_centre(h, n))
            .map(|r| r.left())
            .fold(f32::INFINITY, f32::min)
    };
    let names_left = left_of_names(&h);
    assert!(names_left < 400.0, "fact names on the left: {names_left}");
    h.event(egui::Event::ModifiersChanged(Modifiers::SHIFT));
    wheel(&mut h, Pos2::new(800.0, 500.0), egui::vec2(-3000.0, 0.0));
    assert!(
        in_centre(&h, &first)
            .first()
            .is_none_or(|r| r.left() < before.0.left() - 100.0),
        "the table moved sideways"
    );
    assert!(
        (fact(&h).left() - before.1.left()).abs() < 1.0,
        "the Fact label stays"
    );
    assert!(
        (left_of_names(&h) - names_left).abs() < 1.0,
        "fact names stay"
    );
}

/// A fact selected elsewhere (the comparison, the fact picker) is scrolled
/// into view in the Facts panel.
#[test]
fn the_facts_panel_scrolls_to_a_fact_selected_elsewhere() {
    let (_study, mut h) = open_study(Study {
        articles: 20,
        chars: 800,
        spans: 400,
        facts: 60,
        outlets: 4,
    });
    let p = h.state().ws().unwrap().project();
    let last = p.facts().last().unwrap();
    let (id, name) = (last.id, last.name.clone());
    let in_panel = |h: &Harness<'_, ParallaxApp>| {
        h.query_all_by_label(&name)
            .map(|n| n.rect())
            .any(|r| r.right() < 262.0 && r.top() > 0.0 && r.bottom() < 800.0)
    };
    assert!(!in_panel(&h), "the last of 60 facts starts out of view");
    h.state_mut().push(Action::SelectFact(Some(id)));
    h.run_steps(6);
    assert!(in_panel(&h), "the selected fact is scrolled into view");
}

/// A path dialog opens with the file's name selected: typing replaces the
/// name, whatever the last dialog's cursor did.
#[test]
fn a_path_dialog_starts_with_the_name_selected() {
    let (sb, mut h) = open_sample();
    for name in ["renamed", "again"] {
        h.state_mut()
            .push(Action::Run(parallax::ui::command::Command::SaveAs));
        h.run_steps(3);
        h.event(egui::Event::Text(name.to_owned()));
        h.run_steps(2);
        let want = sb.dir.path().join(format!("sample/{name}.ron"));
        let shown = h
            .get_all_by_role(Role::TextInput)
            .filter_map(|n| n.value())
            .any(|v| v == want.to_str().unwrap());
        assert!(shown, "the dialog shows {}", want.display());
        // Move the cursor, then leave the dialog.
        h.key_press(Key::ArrowLeft);
        h.key_press(Key::Escape);
        h.run_steps(2);
        assert!(!h.state().dialog_open());
    }
}

/// An attribute outside the schema is edited in place; a new attribute's
/// half-typed name stays with its span.
#[test]
fn attributes_outside_the_schema_are_edited_in_place() {
    let (_sb, mut h) = open_sample();
    let a = open_article(&mut h, "Marrowby water");
    let span = select_span_at(&mut h, a, "Three bottled-water stations are open");
    h.state_mut().push(Action::Edit(Edit::SetAttribute {
        span,
        key: "checked".into(),
        value: Some("yes".into()),
        annotator: "ana".into(),
    }));
    h.run_steps(2);
    field(&h, "checked").focus();
    h.run_steps(1);
    h.key_press(Key::End);
    type_slowly(&mut h, ", twice");
    h.key_press(Key::Tab);
    h.run_steps(2);
    assert_eq!(
        span_attr(&h, span, "checked").as_deref(),
        Some("yes, twice")
    );
    // Half a new attribute's name, then another span: its box is empty.
    h.key_press(Key::Escape);
    h.run_steps(1);
    h.state_mut().sel.span = Some(span);
    h.run_steps(1);
    let name_box =
        |h: &Harness<'_, ParallaxApp>| field(h, "New attribute's name").value().unwrap_or_default();
    field(&h, "New attribute's name").focus();
    h.run_steps(1);
    type_slowly(&mut h, "src");
    assert_eq!(name_box(&h), "src");
    let other = h
        .state()
        .ws()
        .unwrap()
        .project()
        .spans_of(a)
        .find(|s| s.id != span)
        .unwrap()
        .id;
    h.key_press(Key::Escape);
    h.state_mut().sel.span = Some(other);
    h.run_steps(2);
    assert_eq!(name_box(&h), "");
}

/// A side-by-side column's menu searches the articles: typing part of an
/// outlet's name and Enter adds that article's column.
#[test]
fn a_column_menu_searches_the_articles() {
    let (_sb, mut h) = open_sample();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    h.run_steps(3);
    assert_eq!(h.state().view, View::SideBySide);
    let p = h.state().ws().unwrap().project();
    let shown = h.state().side_columns().to_vec();
    let missing = p
        .articles()
        .iter()
        .find(|a| !shown.contains(&a.id))
        .expect("an article without a column");
    let (id, outlet) = (missing.id, missing.meta.outlet.clone());
    h.get_by_label("Add a column").click();
    h.run_steps(3);
    field(&h, "Search articles").focus();
    h.run_steps(1);
    type_slowly(&mut h, &outlet.to_lowercase());
    h.key_press(Key::Enter);
    h.run_steps(3);
    assert_eq!(h.state().side_columns().last(), Some(&id));
    assert_eq!(h.state().side_columns().len(), shown.len() + 1);
    let said = h.state().status().text().to_owned();
    assert!(
        said.starts_with(&format!("Column {} shows", shown.len() + 1)),
        "{said}"
    );
}
