//! Merge conflicts in the app, driven with real pointer and key events:
//! the status line offers them, the window shows both versions, a click
//! picks one, and Ctrl+Z takes the pick back.

mod common;

use common::*;
use egui::{Key, Modifiers};
use std::path::Path;

use egui_kittest::kittest::{NodeT, Queryable};
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

/// The sample with the second coder's spans beside the first's, under the
/// name "ben": one project, two annotators.
fn two_annotators(sb: &Sandbox) {
    let a = project_file::load(&sb.project()).unwrap();
    let ben = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample/sample-ben.ron");
    let b = project_file::load(&ben).unwrap();
    let mut joined = a.clone();
    let mut h = History::new();
    let mut next = 8_000_000u64;
    for s in b.all_spans() {
        let mut s = s.clone();
        next += 1;
        s.id = parallax::model::Id::from_u64(next);
        s.annotator = "ben".into();
        h.apply(&mut joined, Edit::AddSpan(s)).unwrap();
    }
    project_file::save(&joined, &sb.project()).unwrap();
}

#[test]
fn the_agreement_view_lists_articles_worst_first_and_opens_one() {
    let sb = Sandbox::new();
    two_annotators(&sb);
    let mut h = harness(Some(sb.project()), sb.options());
    wait_loaded(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num5);
    step_until(&mut h, |app| !app.is_busy());
    h.run_steps(3);
    h.get_by_label_contains("Agreement between");
    h.get_by_label("α unitizing");
    // The article where the coders differ most comes first; a click opens it.
    let worst = "Boil-water order in Marrowby could last two weeks";
    let titles: Vec<String> = h
        .state()
        .ws()
        .unwrap()
        .project()
        .articles()
        .iter()
        .map(|a| a.label().to_owned())
        .collect();
    // Rows of the view (right of the article list).
    let rows: Vec<(String, egui::Rect)> = h
        .get_all_by_role(egui::accesskit::Role::Button)
        .filter_map(|n| {
            let label = n.accesskit_node().label()?;
            (titles.contains(&label) && n.rect().left() > 262.0).then(|| (label, n.rect()))
        })
        .collect();
    assert!(rows.len() >= 2, "{rows:?}");
    let first = rows
        .iter()
        .min_by(|a, b| a.1.top().total_cmp(&b.1.top()))
        .unwrap();
    assert_eq!(first.0, worst, "{rows:?}");
    let at = first.1.center();
    click_at(&mut h, at, Modifiers::NONE);
    h.run_steps(3);
    assert_eq!(h.state().view, parallax::ui::command::View::Coders);
    let p = h.state().ws().unwrap().project();
    let open = p.article(h.state().sel.article.unwrap()).unwrap();
    assert_eq!(open.label(), worst);
}

/// The first start asks who is coding; the name is kept and recorded with
/// new spans, and can be changed from the Edit menu's command.
#[test]
fn the_first_start_asks_the_coders_name_and_spans_record_it() {
    let sb = Sandbox::new();
    let options = sb.options();
    let project = sb.project();
    let mut h = egui_kittest::Harness::builder()
        .with_size([1280.0, 800.0])
        .with_max_steps(20)
        .build_eframe(move |cc| {
            parallax::ui::ParallaxApp::new(&cc.egui_ctx, None, Some(project), options)
                .greeting_the_coder(true)
        });
    wait_loaded(&mut h);
    h.get_by_label("Who is coding?");
    type_into_dialog(&mut h, |_| true, "Ana Reyes");
    h.key_press(Key::Enter);
    h.run_steps(3);
    assert!(h.query_by_label("Who is coding?").is_none());
    assert_eq!(h.state().prefs.annotator, "Ana Reyes");
    assert!(h.state().prefs.annotator_confirmed);
    // A new span records the name.
    let a = open_article(&mut h, "Marrowby water");
    drag_select(&mut h, a, "issued on Tuesday");
    h.key_press(Key::Num2);
    h.run_steps(3);
    let p = h.state().ws().unwrap().project();
    let span = p.span(h.state().sel.span.unwrap()).unwrap();
    assert_eq!(span.annotator, "Ana Reyes");
    // Asked again only when asked for.
    h.state_mut().push(parallax::ui::action::Action::Run(
        parallax::ui::command::Command::SetCoderName,
    ));
    h.run_steps(3);
    h.get_by_label("Who is coding?");
}

#[test]
fn the_command_line_records_the_coder_from_the_environment() {
    let sb = Sandbox::new();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args([
            "autocode",
            sb.project().to_str().unwrap(),
            "--tag",
            "Source",
            "--text",
            "Marrowby",
        ])
        .env("PARALLAX_ANNOTATOR", "ben")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let p = project_file::load(&sb.project()).unwrap();
    assert!(p.all_spans().any(|s| s.annotator == "ben"));
}

/// The span list filters by coder; highlights can be coloured by coder.
#[test]
fn the_span_list_filters_by_coder_and_highlights_colour_by_coder() {
    let sb = Sandbox::new();
    two_annotators(&sb);
    let mut h = harness(Some(sb.project()), sb.options());
    wait_loaded(&mut h);
    h.get_by_role_and_label(egui::accesskit::Role::CheckBox, "All articles")
        .click();
    h.run_steps(1);
    step_until(&mut h, |app| !app.span_list_filtering());
    let all = h.state().span_rows().len();
    h.get_by_label("Filter by coder").click();
    h.run_steps(2);
    h.get_by_label("ben").click();
    h.run_steps(2);
    step_until(&mut h, |app| !app.span_list_filtering());
    let p = h.state().ws().unwrap().project();
    let rows = h.state().span_rows();
    assert!(
        !rows.is_empty() && rows.len() < all,
        "{} of {all}",
        rows.len()
    );
    assert!(rows
        .iter()
        .all(|id| p.span(*id).unwrap().annotator == "ben"));
    assert_eq!(
        rows.len(),
        p.all_spans().filter(|s| s.annotator == "ben").count()
    );
    // Colour by coder, from the command list.
    assert!(!h.state().prefs.color_by_coder);
    h.state_mut().push(parallax::ui::action::Action::Run(
        parallax::ui::command::Command::ToggleColorByCoder,
    ));
    h.run_steps(2);
    assert!(h.state().prefs.color_by_coder);
    assert_eq!(
        parallax::ui::document::coder_color("ben"),
        parallax::ui::document::coder_color("ben")
    );
}

/// A REFI-QDA codebook from elsewhere fills in the schema's entries, as
/// one undoable edit, through File → Import.
#[test]
fn a_codebook_is_imported_from_the_file_menu_and_undone() {
    let sb = Sandbox::new();
    let mut h = harness(Some(sb.project()), sb.options());
    wait_loaded(&mut h);
    let mut other = h.state().ws().unwrap().project().clone();
    let mut schema = other.schema.clone();
    schema.tags[0].guide.definition = "From the team's codebook.".into();
    Edit::SetSchema(schema).apply(&mut other).unwrap();
    let qdc = sb.dir.path().join("team.qdc");
    parallax::export::export(&other, parallax::export::Format::Qdc, &qdc).unwrap();
    let before = h.state().ws().unwrap().project().schema.clone();
    for item in ["File", "Import", "REFI-QDA codebook"] {
        h.get_by_label_contains(item).click();
        h.run_steps(2);
    }
    h.run_steps(3);
    type_into_dialog(&mut h, str::is_empty, qdc.to_str().unwrap());
    h.get_by_label("Open").click();
    step_until(&mut h, |app| !app.is_busy());
    h.run_steps(2);
    assert!(h
        .get_all_by_label_contains("codebook: 1 entr(ies) changed")
        .next()
        .is_some());
    let p = h.state().ws().unwrap().project();
    assert_eq!(
        p.schema.tags[0].guide.definition,
        "From the team's codebook."
    );
    h.get_by_label("OK").click();
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().ws().unwrap().project().schema, before);
}

fn curated(h: &egui_kittest::Harness<'_, parallax::ui::ParallaxApp>) -> usize {
    h.state()
        .ws()
        .unwrap()
        .project()
        .all_spans()
        .filter(|s| s.annotator == parallax::adjudication::CURATOR)
        .count()
}

fn progress(h: &egui_kittest::Harness<'_, parallax::ui::ParallaxApp>) -> String {
    h.get_all_by_label_contains(" resolved")
        .filter_map(|n| n.value())
        .find(|v| v.ends_with(" resolved") && v.contains(" of "))
        .expect("a progress label")
}

/// The Coders view takes in what both coders agree on, lists where they
/// differ, and settles each place by key, each an undoable edit.
#[test]
fn the_coders_view_adjudicates_by_key() {
    let sb = Sandbox::new();
    let team = sb.dir.path().join("sample/team.ron");
    let mut h = harness(Some(team), sb.options());
    wait_loaded(&mut h);
    open_article(&mut h, "Boil-water order in Marrowby");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num6);
    h.run_steps(4);
    assert_eq!(h.state().view, parallax::ui::command::View::Coders);
    // Agreed items are in the curated version at once, as one edit.
    let premerged = curated(&h);
    assert!(premerged > 0);
    assert!(
        h.state().status().text().contains("all coders agree on"),
        "{}",
        h.state().status().text()
    );
    let start = progress(&h);
    assert!(start.starts_with("0 of "), "{start}");
    let total: usize = start["0 of ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(total >= 2, "{start}");
    // Both coders' lanes and the curated one are shown.
    h.get_by_label("ann");
    h.get_by_label("ben");
    h.get_by_label("curator (curated)");
    // J moves on; A takes the first coder's version there.
    h.key_press(Key::J);
    h.run_steps(2);
    h.key_press(Key::A);
    h.run_steps(3);
    assert_eq!(progress(&h), format!("1 of {total} resolved"));
    assert!(h.state().status().text().starts_with("Took ann's version"));
    // Undo takes the decision back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    assert_eq!(progress(&h), format!("0 of {total} resolved"));
    assert_eq!(curated(&h), premerged);
    // D drops the place the view moved to, recorded as a ruling.
    h.key_press(Key::D);
    h.run_steps(3);
    assert_eq!(h.state().ws().unwrap().project().rulings().len(), 1);
    assert_eq!(progress(&h), format!("1 of {total} resolved"));
    // The buttons do the same as the keys.
    h.get_by_label_contains("Keep all versions").click();
    h.run_steps(3);
    assert_eq!(progress(&h), format!("2 of {total} resolved"));
}

/// In a team's project the comparison counts every coder's claim of a
/// fact; "Coding of" narrows it to one coder (or the curator).
#[test]
fn the_comparison_shows_one_coders_coding_on_request() {
    let sb = Sandbox::new();
    let team = sb.dir.path().join("sample/team.ron");
    let mut h = harness(Some(team), sb.options());
    wait_loaded(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    step_until(&mut h, |app| !app.is_busy());
    h.run_steps(3);
    let claim = "to boil tap water";
    let every = h.get_all_by_label_contains(claim).count();
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Coding of")
        .click();
    h.run_steps(2);
    h.get_by_label("ann").click();
    step_until(&mut h, |app| !app.is_busy());
    h.run_steps(3);
    let ann = h.get_all_by_label_contains(claim).count();
    assert!(ann >= 1, "ann's claim is shown");
    assert!(
        every > ann,
        "every coder: ann's and ben's claims ({every}, {ann})"
    );
}
