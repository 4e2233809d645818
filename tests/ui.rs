//! The desktop app driven through egui_kittest with real pointer and key
//! events: opening, navigating, selecting and tagging, editing, undo,
//! saving, autosave and recovery, export, help and the command palette.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use egui::{Key, Modifiers, Pos2};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use parallax::ui::{Options, ParallaxApp};

#[test]
fn opens_a_project_from_the_command_line_with_articles_by_outlet() {
    let (_sb, h) = open_sample();
    assert_eq!(h.state().ws().unwrap().project().articles().len(), 4);
    for outlet in [
        "The Harbour Ledger",
        "Coastline Post",
        "Elsen Valley Radio",
        "Northgate Daily",
    ] {
        assert!(
            h.get_all_by_label(outlet).next().is_some(),
            "{outlet} listed"
        );
    }
    assert_eq!(h.state().window_title(), "sample — Parallax");
}

#[test]
fn start_screen_typed_path_opens_a_folder_and_lists_skipped_files() {
    let sb = Sandbox::new();
    std::fs::write(sb.articles().join("notes.pages"), b"bplist").unwrap();
    let mut h = harness(None, sb.options());
    h.run();
    h.get_by_label("Open folder…").click();
    h.run();
    // No system dialog here: the typed path field is offered.
    type_into(&mut h, |_| true, sb.articles().to_str().unwrap());
    h.get_by_label("Open").click();
    wait_loaded(&mut h);
    let ws = h.state().ws().unwrap();
    assert_eq!(ws.project().articles().len(), 4);
    assert!(
        ws.file().is_none(),
        "a folder opens as a new, unsaved project"
    );
    assert!(h.state().windows.skipped);
    h.get_by_label_contains("unsupported file type .pages");
}

#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        Err("not read".into())
    }
}

#[test]
fn dropping_a_project_on_the_window_opens_it() {
    let sb = Sandbox::new();
    let mut h = harness(None, sb.options());
    h.run();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(sb.project())));
    h.step();
    wait_loaded(&mut h);
    assert_eq!(
        h.state().ws().unwrap().file(),
        Some(parallax::paths::absolute(&sb.project()).as_path())
    );
}

#[test]
fn navigate_by_keyboard_and_filter_the_article_list() {
    let (_sb, mut h) = open_sample();
    let first = h.state().sel.article.unwrap();
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
    h.run_steps(2);
    let second = h.state().sel.article.unwrap();
    assert_ne!(first, second);
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowUp);
    h.run_steps(2);
    assert_eq!(h.state().sel.article, Some(first));

    // The first empty field is the article filter.
    type_into(&mut h, str::is_empty, "elsen");
    assert_eq!(h.state().panels.article_filter, "elsen");
    assert!(h.query_by_label("Northgate Daily").is_none());
    assert!(h.get_all_by_label("Elsen Valley Radio").next().is_some());
}

#[test]
fn drag_across_arabic_then_hotkey_tags_the_exact_code_points() {
    let (_sb, mut h) = open_sample();
    let a = open_article(&mut h, "Union says neglect");
    let before = spans_with(&h, a, "Claim").len();
    // From the parenthesis before the Arabic name to the end of "who": the
    // selection crosses a right-to-left run.
    let range = drag_select(&mut h, a, "(مريم حداد), who");
    assert_eq!(h.state().sel.text_range(), Some(range.clone()));
    h.key_press(Key::Num1);
    h.run_steps(2);
    let claims = spans_with(&h, a, "Claim");
    assert_eq!(claims.len(), before + 1);
    assert!(
        claims.contains(&(range.start, range.end, "(مريم حداد), who".to_owned())),
        "{claims:?}"
    );
    // The new span is selected, and the text selection is gone.
    let sel = h.state().sel.span.unwrap();
    assert_eq!(
        h.state().ws().unwrap().project().span(sel).unwrap().start,
        range.start
    );
    assert_eq!(h.state().sel.text_range(), None);
}

#[test]
fn double_click_selects_a_word_and_shift_click_extends() {
    let (_sb, mut h) = open_sample();
    let a = open_article(&mut h, "Marrowby water");
    let word = find(&h, a, "Engineers");
    let r = char_rect(&h, word.start + 2);
    double_click(&mut h, r.center());
    assert_eq!(h.state().sel.text_range(), Some(word.clone()));
    // Shift-click after "plant" extends the selection from the word's start.
    let plant = find(&h, a, "Kestrel Point plant");
    let end = char_rect(&h, plant.end - 1);
    click_at(
        &mut h,
        Pos2::new(end.right() - 1.0, end.center().y),
        Modifiers::SHIFT,
    );
    assert_eq!(h.state().sel.text_range(), Some(word.start..plant.end));
    h.key_press(Key::Num3);
    h.run_steps(2);
    let quote = "Engineers at the Kestrel Point plant".to_owned();
    assert!(spans_with(&h, a, "Attribution")
        .iter()
        .any(|s| s.2 == quote));
}

#[test]
fn click_selects_cycles_retags_and_deletes_spans() {
    let (_sb, mut h) = open_sample();
    let a = open_article(&mut h, "Marrowby water");
    // Stack a second span inside an existing claim.
    let inner = drag_select(&mut h, a, "issued on Tuesday");
    h.key_press(Key::Num2);
    h.run_steps(2);
    let inner_id = h.state().sel.span.unwrap();
    h.key_press(Key::Escape);
    h.run_steps(1);
    assert_eq!(h.state().sel.span, None);

    // Clicking selects the innermost span; clicking again the one around it.
    let r = char_rect(&h, inner.start + 3);
    click_at(&mut h, r.center(), Modifiers::NONE);
    assert_eq!(h.state().sel.span, Some(inner_id));
    // A moment later (not a double click), click again.
    h.run_steps(30);
    click_at(&mut h, r.center(), Modifiers::NONE);
    let outer = h.state().sel.span.unwrap();
    assert_ne!(outer, inner_id);
    // C cycles back.
    h.key_press(Key::C);
    h.run_steps(1);
    assert_eq!(h.state().sel.span, Some(inner_id));
    // Inspector shows it.
    h.get_by_label_contains("code points");

    // Another tag's hotkey retags the selected span.
    h.key_press(Key::Num3);
    h.run_steps(2);
    let p = h.state().ws().unwrap().project();
    assert_eq!(p.span(inner_id).unwrap().tag, "Attribution");
    // Delete removes it.
    h.key_press(Key::Delete);
    h.run_steps(2);
    assert!(h.state().ws().unwrap().project().span(inner_id).is_none());
    assert!(h.state().ws().unwrap().project().span(outer).is_some());
}

#[test]
fn span_list_row_reveals_the_span_in_its_article() {
    let (_sb, mut h) = open_sample();
    h.key_press_modifiers(Modifiers::COMMAND, Key::L);
    h.run_steps(2);
    assert!(h.state().panels.all_articles);
    h.state_mut().panels.span_filter = "fortnight".into();
    h.run_steps(2);
    let rows = h.state().span_rows().to_vec();
    assert_eq!(rows.len(), 1);
    h.get_by_label_contains("would take “roughly a fortnight”")
        .click();
    h.run_steps(3);
    assert_eq!(h.state().sel.span, Some(rows[0]));
    let p = h.state().ws().unwrap().project();
    assert_eq!(
        h.state().sel.article,
        Some(p.span(rows[0]).unwrap().article)
    );
}

#[test]
fn undo_and_redo_across_articles_with_the_keyboard() {
    let (_sb, mut h) = open_sample();
    let total = |h: &Harness<'_, ParallaxApp>| h.state().ws().unwrap().project().span_count();
    let start = total(&h);
    tag_this_morning(&mut h);
    let b = open_article(&mut h, "Boil-water order");
    drag_select(&mut h, b, "main treatment plant");
    h.key_press(Key::Num2);
    h.run_steps(2);
    assert_eq!(total(&h), start + 2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(1);
    assert_eq!(total(&h), start);
    assert!(!h.state().is_dirty(), "undone back to the saved state");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run_steps(1);
    assert_eq!(total(&h), start + 2);
}

#[test]
fn save_marks_title_and_writes_the_file() {
    let (sb, mut h) = open_sample();
    tag_this_morning(&mut h);
    assert_eq!(h.state().window_title(), "sample • — Parallax");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    wait_idle(&mut h);
    assert_eq!(h.state().window_title(), "sample — Parallax");
    assert!(saved_has(&sb.project(), "this morning"));
    assert!(
        sb.project().with_extension("ron.bak").exists(),
        "previous version kept"
    );
}

#[test]
fn closing_with_unsaved_changes_asks_save_discard_cancel() {
    let (sb, mut h) = open_sample();
    tag_this_morning(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::W);
    h.run_steps(2);
    h.get_by_label("Unsaved changes");
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(h.state().ws().is_some(), "cancel keeps the project open");
    h.key_press_modifiers(Modifiers::COMMAND, Key::W);
    h.run_steps(2);
    h.get_by_label("Save").click();
    wait_idle(&mut h);
    assert!(h.state().ws().is_none(), "saved, then closed");
    assert!(saved_has(&sb.project(), "this morning"));
}

#[test]
fn opening_a_damaged_project_names_the_place_and_keeps_the_open_one() {
    let (sb, mut h) = open_sample();
    tag_this_morning(&mut h);
    let good = std::fs::read_to_string(sb.project()).unwrap();
    let damaged = sb.project().with_file_name("damaged.ron");
    let text = good.replacen("(id: ", "(id ", 1);
    std::fs::write(&damaged, &text).unwrap();

    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(damaged.clone())));
    h.step();
    h.run_steps(2);
    // Unsaved work: the app asks first; even "Discard" loses nothing when
    // the other file cannot be opened.
    h.get_by_label("Unsaved changes");
    h.get_by_label("Discard").click();
    step_until(&mut h, |app| !app.is_loading());
    h.get_by_label("Something went wrong");
    let message = h
        .get_by_label_contains("damaged.ron:")
        .value()
        .unwrap_or_default();
    let place: Vec<&str> = message
        .split("damaged.ron:")
        .nth(1)
        .unwrap_or_else(|| panic!("{message:?}"))
        .split(':')
        .take(2)
        .collect();
    assert!(
        place.iter().all(|n| n.trim().parse::<usize>().is_ok()),
        "line and column in {message:?}"
    );
    let ws = h.state().ws().expect("the open project is still open");
    assert_eq!(
        ws.file(),
        Some(parallax::paths::absolute(&sb.project()).as_path())
    );
    assert!(has_span(&h, "this morning"));
    assert!(h.state().is_dirty(), "its unsaved edit is still there");
    assert_eq!(
        std::fs::read_to_string(&damaged).unwrap(),
        text,
        "untouched"
    );
}

#[test]
fn a_large_folder_reads_in_the_background_and_cancel_brings_back_the_project() {
    let sb = Sandbox::new();
    let big = sb.dir.path().join("big");
    std::fs::create_dir_all(&big).unwrap();
    for i in 0..30_000 {
        std::fs::write(big.join(format!("{i}.txt")), format!("Note {i}, said.")).unwrap();
    }
    let mut h = harness(Some(sb.project()), sb.options());
    wait_loaded(&mut h);
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(big.clone())));
    h.step();
    h.step();
    // The window keeps drawing frames while the files are read.
    assert!(h.state().is_loading(), "reading has started");
    for _ in 0..3 {
        h.step();
    }
    h.get_by_label("Reading articles…");
    h.get_by_label_contains(" files");
    h.get_by_label("Cancel").click();
    step_until(&mut h, |app| !app.is_loading());
    h.get_by_label_contains("Reading cancelled");
    let ws = h.state().ws().expect("the open project is back");
    assert_eq!(
        ws.file(),
        Some(parallax::paths::absolute(&sb.project()).as_path())
    );
}

#[test]
fn a_failed_save_shows_the_error_and_keeps_the_work() {
    let sb = Sandbox::new();
    let mut h = harness(Some(sb.articles()), sb.options());
    wait_loaded(&mut h);
    tag_this_morning(&mut h);
    // Save as into a path whose folder is a file.
    let bad = sb.articles().join("coastline-post.txt").join("x.ron");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    h.run_steps(2);
    // Save as defaults to beside the articles folder.
    type_into(
        &mut h,
        |v| v.ends_with("articles.ron"),
        bad.to_str().unwrap(),
    );
    h.get_by_label("Save").click();
    wait_idle(&mut h);
    h.get_by_label("Something went wrong");
    assert!(h.state().is_dirty());
    assert!(has_span(&h, "this morning"));
}

#[test]
fn autosave_then_crash_then_restore_loses_nothing() {
    let sb = Sandbox::new();
    let options = Options {
        autosave_secs: 0.2,
        ..sb.options()
    };
    let mut h = harness(Some(sb.project()), options.clone());
    wait_loaded(&mut h);
    tag_this_morning(&mut h);
    // Let egui's clock pass the autosave interval.
    for _ in 0..30 {
        h.step();
    }
    wait_idle(&mut h);
    let recovered = parallax::recovery::list(&sb.recovery());
    assert_eq!(recovered.len(), 1, "autosave wrote a recovery file");
    // "Crash": drop the app without saving; the project file is unchanged.
    drop(h);
    assert!(!saved_has(&sb.project(), "this morning"));

    let mut h = harness(Some(sb.project()), options);
    wait_loaded(&mut h);
    h.get_by_label("Unsaved work found");
    h.get_by_label("Restore").click();
    h.run_steps(3);
    assert!(h.state().is_dirty());
    assert!(has_span(&h, "this morning"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    wait_idle(&mut h);
    assert!(
        parallax::recovery::list(&sb.recovery()).is_empty(),
        "saved work needs no recovery file"
    );
}

#[test]
fn export_from_the_menu_writes_csv() {
    let (sb, mut h) = open_sample();
    menu(&mut h, &["File", "Export spans", "Export CSV (one row"]);
    // A modal takes a few frames to appear.
    h.run_steps(5);
    // The path defaults to beside the project.
    h.get_by_label("Save").click();
    h.run_steps(3);
    let out = sb.dir.path().join("sample/sample.csv");
    let mut r = csv::Reader::from_path(&out).unwrap();
    assert_eq!(
        r.records().count(),
        h.state().ws().unwrap().project().span_count()
    );
    // Exporting again asks before replacing the file; Cancel leaves it be.
    std::fs::write(&out, "the analyst's own edits").unwrap();
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run_steps(5);
    h.get_by_label("Save").click();
    h.run_steps(3);
    h.get_by_label_contains("That file exists");
    h.get_by_label("Cancel").click();
    h.run_steps(3);
    assert!(!h.state().dialog_open());
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "the analyst's own edits"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run_steps(5);
    h.get_by_label("Save").click();
    h.run_steps(3);
    h.get_by_label("Replace").click();
    h.run_steps(3);
    assert!(!h.state().dialog_open());
    let mut r = csv::Reader::from_path(&out).unwrap();
    assert_eq!(
        r.records().count(),
        h.state().ws().unwrap().project().span_count(),
        "replaced after saying so"
    );
}

/// The unsaved edit the saving tests protect: "this morning" in the Harbour
/// Ledger's article, dragged and tagged as a Claim.
fn tag_this_morning(h: &mut Harness<'_, ParallaxApp>) {
    let a = open_article(h, "Marrowby water");
    drag_select(h, a, "this morning");
    h.key_press(Key::Num1);
    h.run_steps(2);
}

/// Whether the open project holds a span quoting `quote`.
fn has_span(h: &Harness<'_, ParallaxApp>, quote: &str) -> bool {
    let ws = h.state().ws().expect("a project is open");
    ws.project().all_spans().any(|s| s.quote == quote)
}

/// Whether the project file at `path` holds a span quoting `quote`.
fn saved_has(path: &Path, quote: &str) -> bool {
    parallax::project_file::load(path)
        .unwrap()
        .all_spans()
        .any(|s| s.quote == quote)
}

/// Click through menus: each entry by (the start of) its label.
fn menu(h: &mut Harness<'_, ParallaxApp>, path: &[&str]) {
    for item in path {
        h.get_by_label_contains(item).click();
        h.run_steps(2);
    }
}

/// Every span as (tag, start, end), sorted.
fn span_keys(h: &Harness<'_, ParallaxApp>) -> Vec<(String, usize, usize)> {
    let p = h.state().ws().unwrap().project();
    let mut v: Vec<_> = p
        .all_spans()
        .map(|s| (s.tag.clone(), s.start, s.end))
        .collect();
    v.sort();
    v
}

/// Export from the app, then import that file into a fresh project of the
/// same articles: every span comes back, and one undo takes it all away.
#[test]
fn export_and_import_from_the_menu_bring_back_every_span() {
    for (export, import, out) in [
        ("Export W3C", "Import W3C", "sample.jsonld"),
        ("Export brat", "Import brat", "sample-brat"),
        (
            "Export Label Studio",
            "Import Label Studio",
            "sample-label-studio.json",
        ),
        ("Export doccano", "Import doccano", "sample-doccano.jsonl"),
    ] {
        let sb = Sandbox::new();
        let mut h = harness(Some(sb.project()), sb.options());
        wait_loaded(&mut h);
        let original = span_keys(&h);
        menu(&mut h, &["File", "Export spans", export]);
        h.run_steps(3);
        h.get_by_label("Save").click();
        h.run_steps(3);
        let path = sb.dir.path().join("sample").join(out);
        assert!(path.exists(), "{export} wrote {}", path.display());

        // A new project from the bare articles.
        let mut h = harness(Some(sb.articles()), sb.options());
        wait_loaded(&mut h);
        assert_eq!(h.state().ws().unwrap().project().span_count(), 0);
        menu(&mut h, &["File", "Import", import]);
        h.run_steps(3);
        type_into_dialog(&mut h, str::is_empty, path.to_str().unwrap());
        h.get_by_label("Open").click();
        step_until(&mut h, |app| !app.is_busy());
        let report = format!("{} span(s) imported", original.len());
        assert!(
            h.get_all_by_label_contains(&report).next().is_some(),
            "{import}: {report}"
        );
        let back = span_keys(&h);
        assert_eq!(back, original, "{import}");
        h.get_by_label("OK").click();
        h.run_steps(2);
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run_steps(2);
        assert_eq!(
            h.state().ws().unwrap().project().span_count(),
            0,
            "one undo"
        );
    }
}

#[test]
fn f1_shows_shortcuts_and_the_palette_runs_commands() {
    let (_sb, mut h) = open_sample();
    h.key_press(Key::F1);
    h.run_steps(2);
    assert!(h.get_all_by_label("Keyboard shortcuts").next().is_some());
    assert!(h.get_all_by_label_contains("Ctrl+Shift+P").next().is_some());
    h.key_press(Key::F1);
    h.run_steps(2);
    // The palette: type, Enter.
    let first = h.state().sel.article;
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    h.run_steps(2);
    type_into(&mut h, str::is_empty, "next article");
    h.key_press(Key::Enter);
    h.run_steps(3);
    assert!(!h.state().palette_open());
    assert_ne!(h.state().sel.article, first);
}

#[test]
fn article_metadata_is_editable() {
    let (_sb, mut h) = open_sample();
    let a = open_article(&mut h, "Marrowby water");
    h.get_by_label("Details").click();
    h.run_steps(2);
    type_into(&mut h, |v| v == "Newsdesk", "Ruth Ng");
    // Leaving the field commits the change as one edit.
    h.key_press(Key::Tab);
    h.run_steps(1);
    h.key_press(Key::Escape);
    h.run_steps(2);
    let p = h.state().ws().unwrap().project();
    assert_eq!(p.article(a).unwrap().meta.author, "Ruth Ng");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    let p = h.state().ws().unwrap().project();
    assert_eq!(p.article(a).unwrap().meta.author, "Newsdesk");
}

#[test]
fn the_window_close_button_asks_about_unsaved_changes() {
    let (sb, mut h) = open_sample();
    tag_this_morning(&mut h);
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run_steps(5);
    h.get_by_label("Unsaved changes");
    h.get_by_label("Discard").click();
    h.step();
    // Discarding closes the window for real, and leaves the file as it was.
    let closes = h.output().viewport_output[&egui::ViewportId::ROOT]
        .commands
        .contains(&egui::ViewportCommand::Close);
    assert!(closes, "Discard closes the window");
    h.run_steps(2);
    assert!(!h.state().dialog_open(), "the question is gone");
    assert!(!saved_has(&sb.project(), "this morning"));
    assert!(
        parallax::recovery::list(&sb.recovery()).is_empty(),
        "discarded work leaves no recovery file"
    );
}

#[test]
fn the_theme_switches_from_the_view_menu() {
    let (_sb, mut h) = open_sample();
    assert!(!h.state().prefs.dark);
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label_contains("Light / dark theme").click();
    h.run_steps(3);
    assert!(h.state().prefs.dark);
    assert_eq!(h.ctx.theme(), egui::Theme::Dark);
}

/// Ask the window to close, as its close button does.
fn close_window(h: &mut Harness<'_, ParallaxApp>) {
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run_steps(3);
}

/// The id of the open project's span quoting `quote`.
fn span_quoting(h: &Harness<'_, ParallaxApp>, quote: &str) -> parallax::model::Id {
    let p = h.state().ws().expect("a project is open").project();
    p.all_spans()
        .find(|s| s.quote == quote)
        .unwrap_or_else(|| panic!("a span quoting {quote:?}"))
        .id
}

/// Step until a frame closes the window (at most 200 frames).
fn closes_soon(h: &mut Harness<'_, ParallaxApp>) -> bool {
    (0..200).any(|_| {
        h.step();
        closed(h)
    })
}

/// Whether the last frame closed the window.
fn closed(h: &Harness<'_, ParallaxApp>) -> bool {
    h.output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .is_some_and(|v| v.commands.contains(&egui::ViewportCommand::Close))
}

#[test]
fn quitting_waits_for_save_as_even_when_an_autosave_finishes_meanwhile() {
    let sb = Sandbox::new();
    let options = Options {
        autosave_secs: 0.05,
        ..sb.options()
    };
    let mut h = harness(Some(sb.articles()), options);
    wait_loaded(&mut h);
    tag_this_morning(&mut h);
    close_window(&mut h);
    h.get_by_label("Unsaved changes");
    // Never saved: Save asks where, and the app waits for the answer.
    h.get_by_label("Save").click();
    h.run_steps(2);
    let mut autosaved = false;
    for _ in 0..60 {
        h.step();
        assert!(!closed(&h), "quit while Save as was still open");
        autosaved |= !parallax::recovery::list(&sb.recovery()).is_empty();
    }
    assert!(autosaved, "an autosave ran meanwhile");
    let target = sb.dir.path().join("study.ron");
    type_into(
        &mut h,
        |v| v.ends_with("articles.ron"),
        target.to_str().unwrap(),
    );
    h.get_by_label("Save").click();
    assert!(closes_soon(&mut h), "saved, then quit");
    assert!(saved_has(&target, "this morning"));
}

#[test]
fn an_edit_made_as_the_save_before_quitting_finishes_is_saved_too() {
    let (sb, mut h) = open_sample();
    tag_this_morning(&mut h);
    let span = span_quoting(&h, "this morning");
    close_window(&mut h);
    h.get_by_label("Unsaved changes");
    h.get_by_label("Save").click();
    h.step();
    // While the save is written, or in the frame it finishes, one more edit.
    h.state_mut().push(parallax::ui::action::Action::Edit(
        parallax::edit::Edit::SetNote {
            span,
            note: "late".into(),
        },
    ));
    assert!(closes_soon(&mut h), "saved, then quit");
    let saved = parallax::project_file::load(&sb.project()).unwrap();
    assert_eq!(saved.span(span).map(|s| s.note.as_str()), Some("late"));
    assert!(parallax::recovery::list(&sb.recovery()).is_empty());
}

#[test]
fn an_autosave_overtaken_by_a_save_leaves_no_recovery_file() {
    let sb = Sandbox::new();
    // Autosave as often as it can: one is always being written while the
    // project has unsaved changes.
    let options = Options {
        autosave_secs: 0.0,
        ..sb.options()
    };
    let mut h = harness(Some(sb.project()), options);
    wait_loaded(&mut h);
    tag_this_morning(&mut h);
    let span = span_quoting(&h, "this morning");
    // Save while an autosave is being written. Whichever finishes first,
    // the saved project leaves no copy to be offered as unsaved work.
    // (Which one wins is up to the threads: a few rounds see both.)
    for round in 0..8 {
        h.state_mut().push(parallax::ui::action::Action::Edit(
            parallax::edit::Edit::SetNote {
                span,
                note: format!("round {round}"),
            },
        ));
        h.run_steps(2);
        h.key_press_modifiers(Modifiers::COMMAND, Key::S);
        wait_idle(&mut h);
        assert!(!h.state().is_dirty());
        assert!(
            parallax::recovery::list(&sb.recovery()).is_empty(),
            "a stale recovery file after round {round}"
        );
    }
    assert!(saved_has(&sb.project(), "this morning"));
}
