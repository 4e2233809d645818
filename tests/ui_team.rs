//! Merge conflicts in the app, driven with real pointer and key events:
//! the status line offers them, the window shows both versions, a click
//! picks one, and Ctrl+Z takes the pick back.

mod common;

use common::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use parallax::edit::{Edit, History};
use parallax::model::Project;
use parallax::project_file;

/// The sample project after a merge in which both coders noted the same
/// span differently, and one deleted a span the other retagged.
fn conflicted(sb: &Sandbox) -> (parallax::model::Id, parallax::model::Id) {
    let base = project_file::load(&sb.project()).unwrap();
    let first = |p: &Project, article: usize, n: usize| {
        let a = p.articles()[article].id;
        p.spans_of(a).nth(n).unwrap().id
    };
    let (noted, contested) = (first(&base, 0, 0), first(&base, 1, 1));
    let side = |note: &str, delete: bool| {
        let mut p = base.clone();
        let mut h = History::new();
        let e = Edit::SetNote {
            span: noted,
            note: note.into(),
        };
        h.apply(&mut p, e).unwrap();
        let e = if delete {
            Edit::RemoveSpan(contested)
        } else {
            Edit::RetagSpan {
                span: contested,
                tag: "Source".into(),
            }
        };
        h.apply(&mut p, e).unwrap();
        p
    };
    let merged = parallax::merge::merge(&base, &side("ours", false), &side("theirs", true));
    assert_eq!(merged.project.conflicts().len(), 2);
    project_file::save(&merged.project, &sb.project()).unwrap();
    (noted, contested)
}

#[test]
fn conflicts_are_picked_in_their_window_and_undone() {
    let sb = Sandbox::new();
    let (noted, contested) = conflicted(&sb);
    let mut h = harness(Some(sb.project()), sb.options());
    wait_loaded(&mut h);
    assert!(h.state().status().text().contains("2 merge conflict(s)"));
    // The status line's button opens the window.
    h.get_by_label("⚠ 2 merge conflict(s)").click();
    h.run_steps(3);
    h.get_by_label("Merge conflicts (2)");
    // Theirs for the note (the first conflict listed).
    h.get_all_by_label("Take theirs").next().unwrap().click();
    h.run_steps(3);
    let note = |h: &egui_kittest::Harness<'_, parallax::ui::ParallaxApp>| {
        let p = h.state().ws().unwrap().project();
        p.span(noted).unwrap().note.clone()
    };
    assert_eq!(note(&h), "theirs");
    assert!(h.state().status().text().starts_with("Resolved"));
    h.get_by_label("Merge conflicts (1)");
    // Ours for the other: the span we retagged stays, as we left it.
    h.get_by_label("Keep ours").click();
    h.run_steps(3);
    let p = h.state().ws().unwrap().project();
    assert_eq!(p.span(contested).unwrap().tag, "Source");
    assert!(p.conflicts().is_empty());
    h.get_by_label("Merge conflicts (0)");
    // Ctrl+Z takes a pick back, conflict and all.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(note(&h), "ours");
    assert_eq!(h.state().ws().unwrap().project().conflicts().len(), 2);
}
