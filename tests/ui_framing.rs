//! Framing in the app: linking attribution triples with Ctrl+click and L,
//! building facts across articles, the comparison view, the schema editor.

mod common;

use common::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};
use parallax::model::Relation;
use parallax::ui::command::View;

#[test]
fn ctrl_click_source_and_cue_then_l_links_an_attribution() {
    let (_sb, mut h) = open_sample();
    let a = open_article(&mut h, "Union says neglect");
    // A new triple: "City officials" (source) "have blamed" (cue) "the storm" (claim).
    drag_select(&mut h, a, "City officials");
    h.key_press(Key::Num2);
    h.run_steps(2);
    let source = h.state().sel.span.unwrap();
    drag_select(&mut h, a, "have blamed");
    h.key_press(Key::Num3);
    h.run_steps(2);
    let cue = h.state().sel.span.unwrap();
    drag_select(&mut h, a, "the storm");
    h.key_press(Key::Num1);
    h.run_steps(2);
    let claim = h.state().sel.span.unwrap();

    // Ctrl+click the source and the cue, then L.
    let links_before = h.state().ws().unwrap().project().link_count();
    let s = char_rect(&h, find(&h, a, "City officials").start + 2);
    click_at(&mut h, s.center(), Modifiers::COMMAND);
    let c = char_rect(&h, find(&h, a, "have blamed").start + 2);
    click_at(&mut h, c.center(), Modifiers::COMMAND);
    assert_eq!(h.state().sel.span, Some(claim));
    assert_eq!(h.state().sel.extra, vec![source, cue]);
    h.key_press(Key::L);
    h.run_steps(2);
    let p = h.state().ws().unwrap().project();
    assert_eq!(p.link_count(), links_before + 1);
    let link = p.links().find(|l| l.claim == claim).unwrap();
    assert_eq!((link.source, link.cue), (Some(source), Some(cue)));
    // The link records who made it, and when.
    assert_eq!(link.annotator, h.state().prefs.annotator);
    assert!(link.created.is_some());
    // The inspector says so.
    assert!(h
        .query_all_by_label_contains("attributed to: City officials — via “have blamed”")
        .next()
        .is_some());

    // Deleting the cue repairs the link; undo brings the cue back into it.
    h.state_mut().sel.span = Some(cue);
    h.key_press(Key::Delete);
    h.run_steps(2);
    let p = h.state().ws().unwrap().project();
    assert_eq!(p.links().find(|l| l.claim == claim).unwrap().cue, None);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    let p = h.state().ws().unwrap().project();
    assert_eq!(p.links().find(|l| l.claim == claim).unwrap().cue, Some(cue));
}

#[test]
fn facts_are_built_across_articles_with_n_and_f() {
    let (_sb, mut h) = open_sample();
    let facts_before = h.state().ws().unwrap().project().facts().len();
    // A claim in one article starts a fact named after it.
    let a = open_article(&mut h, "Union says neglect");
    drag_select(&mut h, a, "Nobody from the city knocked on our door.");
    h.key_press(Key::Num1);
    h.run_steps(2);
    let first = h.state().sel.span.unwrap();
    h.key_press(Key::N);
    h.run_steps(2);
    let p = h.state().ws().unwrap().project();
    assert_eq!(p.facts().len(), facts_before + 1);
    let fact = p.facts().last().unwrap().clone();
    assert_eq!(fact.name, "Nobody from the city knocked on our door.");
    assert_eq!(h.state().sel.fact, Some(fact.id));

    // In another article, F opens the picker: search, Enter adds the claim.
    let b = open_article(&mut h, "Marrowby water");
    drag_select(&mut h, b, "Elsen Valley Radio asked the health department");
    h.key_press(Key::Num1);
    h.run_steps(2);
    let second = h.state().sel.span.unwrap();
    h.key_press(Key::F);
    h.run_steps(5);
    assert!(h.state().fact_picker_open());
    type_into(&mut h, str::is_empty, "knocked door");
    h.key_press(Key::Enter);
    h.run_steps(3);
    let p = h.state().ws().unwrap().project();
    let f = p.fact(fact.id).unwrap();
    assert_eq!(
        f.members.iter().map(|m| m.span).collect::<Vec<_>>(),
        vec![first, second]
    );
    // Each membership records who made it, and when.
    for m in &f.members {
        assert_eq!(m.annotator, h.state().prefs.annotator);
        assert!(m.created.is_some());
    }
    // The match can be changed; a fact panel row shows coverage.
    h.state_mut().sel.fact = Some(fact.id);
    h.run_steps(2);
    assert!(h.query_all_by_label("2/4").next().is_some());
    h.state_mut().push(parallax::ui::action::Action::Edit(
        parallax::edit::Edit::SetRelation {
            fact: fact.id,
            span: second,
            relation: Relation::Contradicts,
        },
    ));
    h.run_steps(2);
    let p = h.state().ws().unwrap().project();
    assert_eq!(
        p.fact(fact.id).unwrap().member(second).unwrap().relation,
        Relation::Contradicts
    );
}

#[test]
fn the_comparison_view_jumps_to_a_claim_and_marks_omissions() {
    let (_sb, mut h) = open_sample();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    h.run_steps(3);
    assert_eq!(h.state().view, View::Compare);
    assert_eq!(h.query_all_by_label("not reported").count(), 3);
    // Anywhere on the claim's card opens it: here its last detail line.
    let card = h
        .get_all_by_role(egui::accesskit::Role::Button)
        .find(|n| {
            n.accesskit_node().label().as_deref() == Some("“flooding from last week’s storm”")
        })
        .expect("the claim's card")
        .rect();
    click_at(
        &mut h,
        egui::Pos2::new(card.center().x, card.bottom() - 8.0),
        Modifiers::NONE,
    );
    h.run_steps(3);
    assert_eq!(h.state().view, View::Read);
    let p = h.state().ws().unwrap().project();
    let span = p.span(h.state().sel.span.unwrap()).unwrap();
    assert_eq!(span.quote, "flooding from last week’s storm");
    assert_eq!(h.state().sel.article, Some(span.article));

    // Reordering outlets is an undoable edit.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    h.run_steps(3);
    h.get_all_by_label("▶").next().unwrap().click();
    h.run_steps(3);
    let order = h.state().ws().unwrap().project().outlets();
    assert_eq!(order[0], "Coastline Post");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(
        h.state().ws().unwrap().project().outlets()[0],
        "The Harbour Ledger"
    );

    // The other views draw.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    h.run_steps(3);
    assert_eq!(h.state().view, View::SideBySide);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
    h.run_steps(3);
    assert_eq!(h.state().view, View::Outlets);
    assert!(h.query_all_by_label("Facts carried").next().is_some());
    // Each chart's legend sits between its title and its bars, not on them.
    let title = h.get_by_label("Facts carried and omitted").rect();
    let carried = h.get_by_label("carried").rect();
    let own_voice = h.get_by_label("own voice").rect();
    assert!(carried.top() >= title.bottom() && carried.bottom() < title.bottom() + 30.0);
    // Under the title on the left, where no bar is (the plot's own legend
    // sat at its top right, over the last outlets' bars).
    assert!(
        carried.left() < title.left() + 40.0,
        "{carried:?} {title:?}"
    );
    assert!(own_voice.left() < title.left() + 200.0);
}

#[test]
fn selecting_a_fact_highlights_its_claims() {
    let (_sb, mut h) = open_sample();
    h.get_by_label_contains("Last week's storm caused").click();
    h.run_steps(3);
    let fact = h.state().sel.fact.unwrap();
    let p = h.state().ws().unwrap().project();
    assert!(p.fact(fact).unwrap().name.contains("storm"));
    // The panel lists the fact's claims; clicking one opens it.
    h.get_by_label_contains("Northgate Daily: the breakdown was caused")
        .click();
    h.run_steps(3);
    let span = h.state().sel.span.unwrap();
    let p = h.state().ws().unwrap().project();
    assert!(p
        .span(span)
        .unwrap()
        .quote
        .starts_with("the breakdown was caused"));
}

#[test]
fn the_schema_editor_renames_a_tag_and_spans_follow() {
    let (_sb, mut h) = open_sample();
    let claims = h
        .state()
        .ws()
        .unwrap()
        .project()
        .all_spans()
        .filter(|s| s.tag == "Claim")
        .count();
    h.get_by_label("Edit").click();
    h.run_steps(2);
    h.get_by_label_contains("Tags and attributes").click();
    h.run_steps(5);
    type_into(&mut h, |v| v == "Claim", "Statement");
    h.get_by_label("Apply").click();
    h.run_steps(3);
    let p = h.state().ws().unwrap().project();
    assert!(p.schema.tag("Statement").is_some() && p.schema.tag("Claim").is_none());
    assert_eq!(
        p.all_spans().filter(|s| s.tag == "Statement").count(),
        claims
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    let p = h.state().ws().unwrap().project();
    assert_eq!(p.all_spans().filter(|s| s.tag == "Claim").count(), claims);
}

#[test]
fn changed_sources_are_offered_for_update_and_orphans_can_be_placed() {
    let sb = Sandbox::new();
    let file = sb.articles().join("coastline-post.txt");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace(
            "Critics alleged that the plant had been neglected for years.\n",
            "Critics say the plant was run down.\n",
        ),
    )
    .unwrap();
    let mut h = harness(Some(sb.project()), sb.options());
    wait_loaded(&mut h);
    // Opening checks the sources in the background, then lists the changed one.
    wait_idle(&mut h);
    assert!(h.state().windows.sources);
    h.run_steps(3);
    // A span of the article gets a note while its update is worked out:
    // the update is planned again and keeps it.
    let critics = {
        let p = h.state().ws().unwrap().project();
        p.all_spans().find(|s| s.quote == "Critics").unwrap().id
    };
    h.get_by_label("Update from source").click();
    h.step();
    h.state_mut().push(parallax::ui::action::Action::Edit(
        parallax::edit::Edit::SetNote {
            span: critics,
            note: "added meanwhile".into(),
        },
    ));
    h.run_steps(1);
    wait_idle(&mut h);
    assert!(
        h.query_by_label("Update from source").is_none(),
        "the source now matches the article"
    );
    let p = h.state().ws().unwrap().project();
    assert_eq!(p.span(critics).unwrap().note, "added meanwhile");
    // "Critics" is still there; "alleged" and the claim are gone.
    assert_eq!(p.orphan_count(), 2, "the removed words' spans are orphans");
    assert!(h.state().windows.orphans);
    // Open the orphan's article from the window, select the new wording.
    h.get_all_by_label("Show article").nth(1).unwrap().click();
    h.run_steps(3);
    let a = h.state().sel.article.unwrap();
    drag_select(&mut h, a, "the plant was run down");
    h.run_steps(2);
    let orphan = h
        .state()
        .ws()
        .unwrap()
        .project()
        .orphans()
        .find(|o| o.quote == "the plant had been neglected for years")
        .unwrap()
        .id;
    // Orphans are listed by id: the cue, then the claim.
    assert_eq!(h.get_all_by_label("Place at selection").count(), 2);
    h.get_all_by_label("Place at selection")
        .nth(1)
        .unwrap()
        .click();
    h.run_steps(3);
    let p = h.state().ws().unwrap().project();
    let placed = p.span(orphan).expect("the orphan is placed");
    assert_eq!(placed.quote, "the plant was run down");
    assert_eq!(p.orphan_count(), 1);
    // Undo takes it back to the orphans.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().ws().unwrap().project().orphan_count(), 2);
}

/// The codebook is edited in the schema editor (one undoable edit) and
/// shown where tags are chosen.
#[test]
fn the_schema_editor_edits_the_codebook() {
    let (_sb, mut h) = open_sample();
    h.get_by_label("Edit").click();
    h.run_steps(2);
    h.get_by_label_contains("Tags and attributes").click();
    h.run_steps(5);
    h.get_all_by_label("Codebook: definition, rules, examples")
        .next()
        .unwrap()
        .click();
    h.run_steps(3);
    type_into(
        &mut h,
        |v| v.starts_with("What is asserted"),
        "A proposition about the event.",
    );
    type_into(
        &mut h,
        |v| v.starts_with("the plant would reopen"),
        "first example\nsecond example",
    );
    h.get_by_label("Apply").click();
    h.run_steps(3);
    let p = h.state().ws().unwrap().project();
    let g = &p.schema.tags[0].guide;
    assert_eq!(g.definition, "A proposition about the event.");
    assert_eq!(g.examples, vec!["first example", "second example"]);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    let p = h.state().ws().unwrap().project();
    assert!(p.schema.tags[0]
        .guide
        .definition
        .starts_with("What is asserted"));
}

/// Attributes and each of their values carry codebook entries too; the
/// inspector shows them where values are chosen.
#[test]
fn the_schema_editor_edits_attribute_and_value_guides() {
    let (_sb, mut h) = open_sample();
    h.get_by_label("Edit").click();
    h.run_steps(2);
    h.get_by_label_contains("Tags and attributes").click();
    h.run_steps(5);
    // The editor scrolls: wheel down over it until the wanted row shows.
    fn reveal(h: &mut egui_kittest::Harness<'_, parallax::ui::ParallaxApp>, label: &str) {
        let mut settled = false;
        for _ in 0..80 {
            let bottom = h.get_by_label("Add tag").rect().top() - 4.0;
            // Below the view: scroll down; above it: up; else it shows.
            let down = match h.query_by_label(label).map(|n| n.rect()) {
                Some(r) if r.bottom() > bottom => true,
                Some(r) if r.top() < 120.0 => false,
                // Shown; and still there once smooth scrolling has stopped.
                Some(_) if settled => return,
                Some(_) => {
                    settled = true;
                    h.run_steps(10);
                    continue;
                }
                None => true,
            };
            let at = egui::pos2(h.get_by_label("Add tag").rect().center().x, bottom - 100.0);
            h.hover_at(at);
            h.event(egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: egui::vec2(0.0, if down { -40.0 } else { 40.0 }),
                phase: egui::TouchPhase::Move,
                modifiers: Modifiers::NONE,
                source: egui::MouseWheelSource::Wheel,
            });
            settled = false;
            h.run_steps(2);
        }
    }
    for header in ["Codebook for cue_stance", "Value “distancing”"] {
        reveal(&mut h, header);
        h.get_by_label(header).click();
        h.run_steps(3);
    }
    for (label, text) in [
        (
            "Definition of attribute cue_stance",
            "How the cue positions the outlet.",
        ),
        (
            "Definition of value distancing of cue_stance",
            "The verb casts doubt.",
        ),
        (
            "Examples (one per line) of value distancing of cue_stance",
            "claimed\nalleged",
        ),
    ] {
        reveal(&mut h, label);
        h.get_by_label(label).focus();
        h.run_steps(1);
        h.key_press_modifiers(Modifiers::COMMAND, Key::A);
        h.event(egui::Event::Text(text.to_owned()));
        h.run_steps(2);
    }
    h.get_by_label("Apply").click();
    h.run_steps(3);
    let p = h.state().ws().unwrap().project();
    let a = p.schema.tag("Attribution").unwrap().attributes[0].clone();
    assert_eq!(a.name, "cue_stance");
    assert_eq!(a.guide.definition, "How the cue positions the outlet.");
    let g = &a.value_guides["distancing"];
    assert_eq!(g.definition, "The verb casts doubt.");
    assert_eq!(g.examples, vec!["claimed", "alleged"]);
    // Values nobody wrote an entry for stay without one.
    assert!(!a.value_guides.contains_key("emotive") || !a.value_guides["emotive"].is_empty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    let p = h.state().ws().unwrap().project();
    let a = &p.schema.tag("Attribution").unwrap().attributes[0];
    assert_ne!(a.guide.definition, "How the cue positions the outlet.");
}
