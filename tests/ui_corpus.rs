//! The corpus as analysts get it, in the app: a folder of mixed formats,
//! wire copy several outlets ran, and the diff of two such articles.

mod common;

use common::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

/// The app on `path`, with a recovery folder of its own (kept alive by the
/// first value).
fn open_in_app(
    path: std::path::PathBuf,
) -> (
    tempfile::TempDir,
    egui_kittest::Harness<'static, parallax::ui::ParallaxApp>,
) {
    let recovery = tempfile::tempdir().unwrap();
    let options = parallax::ui::Options {
        autosave_secs: 30.0,
        recovery_dir: recovery.path().to_path_buf(),
        native_dialogs: false,
    };
    (recovery, harness(Some(path), options))
}

const WIRE: &str = "MARROWBY (Wire) — The Kestrel Point water plant will stay closed for at least two more weeks, the regional water authority said on Monday, as engineers replace filters damaged in last week's storm. The authority said bottled water would be handed out at three points across the city until the order is lifted. A spokesperson for the workers' union said the plant had been neglected for years and that the storm only exposed the damage. Engineers expect the new filters to arrive on Thursday.";

#[test]
fn wire_copies_are_marked_in_the_list_and_diffed_word_by_word() {
    let dir = tempfile::tempdir().unwrap();
    let edited = WIRE.replace(
        "the regional water authority said on Monday",
        "the regional water authority claimed on Monday",
    );
    std::fs::write(
        dir.path().join("a-wire.txt"),
        format!("Plant stays shut\n\n{WIRE}\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b-copy.txt"),
        format!("Plant stays shut\n\n{edited}\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("c-other.txt"),
        "Council passes budget\n\nThe council approved the harbour budget after a long debate about dredging.\n",
    )
    .unwrap();
    let (_recovery, mut h) = open_in_app(dir.path().to_path_buf());
    wait_loaded(&mut h);
    // The groups are worked out in the background.
    for _ in 0..200 {
        h.step();
        if h.query_all_by_label("≈1").next().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert_eq!(
        h.get_all_by_label("≈1").count(),
        2,
        "both copies are marked"
    );
    h.get_all_by_label("≈1").next().unwrap().click();
    h.run_steps(3);
    assert_eq!(h.state().view, parallax::ui::command::View::Diff);
    h.get_by_label_contains("reworded 1 place");
    h.get_by_label("said → claimed");
    // The duplicates window lists the pair; its Diff button opens the same.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num1);
    h.run_steps(2);
    h.state_mut().push(parallax::ui::action::Action::Run(
        parallax::ui::command::Command::ShowDuplicates,
    ));
    h.run_steps(3);
    h.get_by_label_contains("Group 1 · 2 articles");
    h.get_by_label("Show diff").click();
    h.run_steps(3);
    assert_eq!(h.state().view, parallax::ui::command::View::Diff);
}

/// Opening a CSV table asks which columns hold what (guessed from the
/// header), then reads a row an article.
#[test]
fn a_csv_table_asks_for_its_columns() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("corpus.csv");
    std::fs::write(
        &csv,
        "id,when,headline,body,site\n1,2026-11-29,Harbour talks stall,Talks stalled on Saturday.,The Harbour Ledger\n2,2026-12-01,Plant reopens,The plant reopened.,Coastline Post\n",
    )
    .unwrap();
    let (_recovery, mut h) = open_in_app(csv);
    h.run_steps(4);
    h.get_by_label("Articles from a table");
    // Text, title and outlet are guessed; the date is chosen by hand.
    h.get_by_label("Date column").click();
    h.run_steps(2);
    h.get_by_label("when").click();
    h.run_steps(2);
    h.get_by_label("Read").click();
    wait_loaded(&mut h);
    let p = h.state().ws().unwrap().project();
    assert_eq!(p.articles().len(), 2);
    let a = &p.articles()[0];
    assert_eq!(a.path, "corpus.csv#1");
    assert_eq!(a.text(), "Talks stalled on Saturday.");
    assert_eq!(a.meta.title, "Harbour talks stall");
    assert_eq!(a.meta.outlet, "The Harbour Ledger");
    assert_eq!(a.meta.date, chrono::NaiveDate::from_ymd_opt(2026, 11, 29));
}

/// One export file opened (or dropped) alone: its articles, split.
#[test]
fn a_news_database_export_opens_as_its_articles() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("nexis.docx");
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus/nexis.docx"),
        &file,
    )
    .unwrap();
    let (_recovery, mut h) = open_in_app(file);
    wait_loaded(&mut h);
    let p = h.state().ws().unwrap().project();
    let paths: Vec<&str> = p.articles().iter().map(|a| a.path.as_str()).collect();
    assert_eq!(paths, ["nexis.docx#1", "nexis.docx#2", "nexis.docx#3"]);
    assert_eq!(p.articles()[1].meta.outlet, "Coastline Post");
    assert_eq!(p.articles()[1].meta.extra["section"], "REGION; Pg. 2");
}

/// Suggested attributions in the text view: S shows them, Tab moves,
/// Backspace rejects (remembered), Enter accepts (one undoable edit).
#[test]
fn suggestions_are_shown_moved_through_accepted_and_rejected_by_key() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Plant shut\n\nThe union said the plant had been run down for years. The minister claimed the plant would reopen within days.\n",
    )
    .unwrap();
    let (_recovery, mut h) = open_in_app(dir.path().to_path_buf());
    wait_loaded(&mut h);
    h.run_steps(2);
    h.key_press(Key::S);
    // Found off the UI thread, then said.
    wait_idle(&mut h);
    let status = || h.state().status().text().to_owned();
    assert!(status().starts_with("Suggestion 1 of 2"), "{}", status());
    h.key_press(Key::Tab);
    h.run_steps(2);
    let status = h.state().status().text().to_owned();
    assert!(status.starts_with("Suggestion 2 of 2"), "{status}");
    assert!(status.contains("claimed"), "{status}");
    h.key_press(Key::Backspace);
    h.run_steps(2);
    let p = h.state().ws().unwrap().project();
    assert_eq!(
        p.rulings().len(),
        1,
        "the rejection is remembered: {}",
        h.state().status().text()
    );
    assert_eq!(p.span_count(), 0);
    h.key_press(Key::Enter);
    h.run_steps(2);
    let p = h.state().ws().unwrap().project();
    assert_eq!(p.span_count(), 3, "{}", h.state().status().text());
    assert_eq!(p.link_count(), 1);
    let cue = p.all_spans().find(|s| s.tag == "Attribution").unwrap();
    assert_eq!(cue.quote, "said");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().ws().unwrap().project().span_count(), 0);
}

/// Suggested facts in the Facts panel: opening the section finds them off
/// the UI thread; Accept starts the fact with its three claims (one
/// undoable edit); the fact's details then show no outlet leaving it out.
#[test]
fn suggested_facts_are_accepted_from_the_facts_panel() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    for (file, text) in [
        ("herald.txt", "Boil notice\n\nThe water board said 32,000 homes in Marrowby must boil their water. It rained all day.\n"),
        ("ledger.txt", "Homes told to boil water\n\nOfficials said more than 32,000 households in Marrowby were told to boil water. Schools stayed open.\n"),
        ("wire.txt", "Marrowby notice\n\nThe board said about 32k homes in Marrowby face a boil notice this week. Shops sold out of bottles.\n"),
    ] {
        std::fs::write(articles.join(file), text).unwrap();
    }
    std::fs::write(
        articles.join("articles.csv"),
        "path,outlet\nherald.txt,Herald\nledger.txt,Ledger\nwire.txt,Wire\n",
    )
    .unwrap();
    // Claims coded by accepting the attribution suggestions.
    let corpus =
        parallax::corpus::read_folder(&articles, &parallax::corpus::ReadOptions::default())
            .unwrap();
    let mut p = parallax::corpus::new_project(corpus.articles, dir.path());
    let lex = parallax::lexicon::Lexicon::english();
    for s in parallax::suggest::project(&lex, &p, None) {
        let edit = parallax::suggest::accept(&p, &s, "ann").unwrap();
        edit.apply(&mut p).unwrap();
    }
    assert_eq!(p.all_spans().filter(|s| s.tag == "Claim").count(), 3);
    let path = dir.path().join("p.ron");
    parallax::project_file::save_without_backup(&p, &path).unwrap();

    let (_recovery, mut h) = open_in_app(path);
    wait_loaded(&mut h);
    h.run_steps(2);
    h.get_by_label("Suggested facts").click();
    h.run_steps(2);
    wait_idle(&mut h);
    h.get_by_label("Suggested facts (1)");
    h.get_by_label("Accept").click();
    h.run_steps(2);
    let facts = h.state().ws().unwrap().project().facts().to_vec();
    assert_eq!(facts.len(), 1, "{}", h.state().status().text());
    assert_eq!(facts[0].members.len(), 3);
    assert!(h
        .state()
        .status()
        .text()
        .starts_with("Accepted: 3 claims in 3 outlets"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert!(h.state().ws().unwrap().project().facts().is_empty());
}

/// Right-to-left text in the Read view, in the order its readers read it
/// (UAX #9): Arabic words inside an English sentence swap places; an Arabic
/// paragraph runs from the right with a Latin name inside it in its own
/// order; dragging across an Arabic word from its first letter (on the
/// right) to its last selects exactly its code points.
#[test]
fn right_to_left_text_shows_in_visual_order_and_selects_exactly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        format!(
            "Crossing\n\nOfficials in غزة ورفح said the crossing would reopen.\n\nقال البيت الأبيض إن Jake Sullivan سيرأس الوفد.\n\nأعلن {}نهاية.\n",
            "المتحدث أن المعبر سيفتح غدا صباحا بعد أسابيع من الإغلاق الطويل ".repeat(6)
        ),
    )
    .unwrap();
    let (_recovery, mut h) = open_in_app(dir.path().to_path_buf());
    wait_loaded(&mut h);
    h.run_steps(3);
    let a = h.state().sel.article.unwrap();
    let x = |h: &egui_kittest::Harness<'_, parallax::ui::ParallaxApp>, needle: &str| {
        char_rect(h, find(h, a, needle).start).center().x
    };
    // Inside the English sentence: "in", then ورفح, then غزة, then "said".
    assert!(x(&h, "in غزة") < x(&h, "ورفح"));
    assert!(x(&h, "ورفح") < x(&h, "غزة"));
    assert!(x(&h, "غزة") < x(&h, "said"));
    // The Arabic paragraph: its first word at the right, the name in order.
    assert!(x(&h, "قال") > x(&h, "Sullivan"));
    assert!(x(&h, "Sullivan") > x(&h, "Jake"));
    assert!(x(&h, "Jake") > x(&h, "سيرأس"));
    // A paragraph of several rows reads from the top right: its first
    // word on the first row at the right, its last word on the last row.
    let first = char_rect(&h, find(&h, a, "أعلن").start);
    let next = char_rect(&h, find(&h, a, "أعلن").end + 1);
    let end = char_rect(&h, find(&h, a, "نهاية").start);
    assert!(first.center().y < end.center().y, "several rows");
    assert!((first.center().y - next.center().y).abs() < 2.0);
    assert!(first.center().x > next.center().x);
    // Every character of every row maps back to itself (a click on it
    // lands on one of its sides), in the English paragraph and the
    // Arabic one of several rows.
    for needle in ["Officials in", "أعلن"] {
        let para = find(&h, a, needle).start;
        let text = h
            .state()
            .ws()
            .unwrap()
            .project()
            .article(a)
            .unwrap()
            .text()
            .to_owned();
        let len = text.chars().skip(para).take_while(|c| *c != '\n').count();
        for c in para..para + len {
            let r = char_rect(&h, c);
            let back = h.state().doc.char_at(r.center()).unwrap();
            assert!(back == c || back == c + 1, "char {c} → {back}");
        }
    }
    // Drag across ورفح from its first letter to its last.
    let r = find(&h, a, "ورفح");
    let first = char_rect(&h, r.start);
    let last = char_rect(&h, r.end - 1);
    assert!(
        first.center().x > last.center().x,
        "the first letter is on the right"
    );
    drag(
        &mut h,
        egui::Pos2::new(first.right() - 1.0, first.center().y),
        egui::Pos2::new(last.left() + 1.0, last.center().y),
    );
    let (s, e) = h.state().sel.text.unwrap();
    assert_eq!((s.min(e), s.max(e)), (r.start, r.end));
    // A double click inside an Arabic word selects it; a tag key codes it.
    let word = find(&h, a, "سيرأس");
    let at = char_rect(&h, word.start + 2).center();
    double_click(&mut h, at);
    assert_eq!(h.state().sel.text_range(), Some(word.clone()));
    h.key_press(Key::Num1);
    h.run_steps(2);
    let spans = spans_with(&h, a, "Claim");
    assert_eq!(spans, [(word.start, word.end, "سيرأس".to_owned())]);
    // Details → Direction → right to left: the English paragraph runs from
    // the right too ("Officials" now right of "said"); one undoable edit.
    assert!(x(&h, "Officials") < x(&h, "said"));
    h.get_by_label("Details").click();
    h.run_steps(2);
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Direction")
        .click();
    h.run_steps(2);
    h.get_by_label("right to left").click();
    h.run_steps(3);
    let meta = &h.state().ws().unwrap().project().article(a).unwrap().meta;
    assert_eq!(
        meta.direction,
        Some(parallax::model::Direction::RightToLeft)
    );
    assert!(x(&h, "Officials") > x(&h, "said"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    assert!(x(&h, "Officials") < x(&h, "said"));
}
