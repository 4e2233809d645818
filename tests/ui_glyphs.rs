//! Screen positions of code points in laid-out text, with the system's
//! fonts: left-to-right text exact, right-to-left runs kept in place, so
//! offsets around Arabic and Hebrew are right.

use parallax::ui::glyph_map::{is_rtl, GlyphMap};

fn with_map(text: &str, check: impl FnOnce(&GlyphMap, &egui::Galley)) {
    let ctx = egui::Context::default();
    parallax::ui::fonts::install(&ctx);
    let mut check = Some(check);
    let mut out = ctx.run_ui(Default::default(), |ui| {
        let job = egui::text::LayoutJob::simple(
            text.to_owned(),
            egui::FontId::proportional(16.0),
            egui::Color32::WHITE,
            2000.0,
        );
        let galley = ui.painter().layout_job(job);
        let map = GlyphMap::new(&galley, text);
        if let Some(f) = check.take() {
            f(&map, &galley);
        }
    });
    out.textures_delta.clear();
}

#[test]
fn every_character_has_a_place_and_maps_back() {
    for text in [
        "Mariam Haddad (مريم حداد), who said",
        "שלום עולם said the mayor",
        "Boil 💧💧 e\u{301} 👩‍👩‍👧 x 東京 said",
        "قال المتحدث إن السد آمن، said a spokesman.",
    ] {
        with_map(text, |map, _| {
            let chars: Vec<char> = text.chars().collect();
            let mut last_ltr_x = f32::NEG_INFINITY;
            for (c, ch) in chars.iter().enumerate() {
                let rects = map.rects(c..c + 1);
                assert_eq!(rects.len(), 1, "{text:?}: char {c} {ch:?}");
                let r = rects[0];
                if is_rtl(*ch) || *ch == ' ' && chars.get(c + 1).is_some_and(|n| is_rtl(*n)) {
                    continue;
                }
                // Left-to-right characters advance and map back to themselves.
                assert!(
                    r.min.x >= last_ltr_x - 1.0,
                    "{text:?}: char {c} {ch:?} at {} before {last_ltr_x}",
                    r.min.x
                );
                last_ltr_x = r.min.x;
                if r.width() > 2.0 {
                    let just_inside = egui::vec2(r.min.x + 0.5, r.center().y);
                    assert_eq!(map.char_at(just_inside), c, "{text:?}: char {c} {ch:?}");
                }
            }
            // A selection across the RTL run has exact ends.
            let said = text
                .find("said")
                .map(|b| text[..b].chars().count())
                .unwrap();
            let r = map.rects(said..said + 4);
            assert_eq!(r.len(), 1);
            assert_eq!(
                map.char_at(egui::vec2(r[0].max.x + 0.1, r[0].center().y)),
                said + 4
            );
        });
    }
}

#[test]
fn rtl_runs_stay_inside_their_glyphs() {
    let text = "Mariam Haddad (مريم حداد), who said";
    with_map(text, |map, _| {
        let open = text.chars().position(|c| c == '(').unwrap();
        let close = text.chars().position(|c| c == ')').unwrap();
        let left = map.rects(open..open + 1)[0].max.x;
        let right = map.rects(close..close + 1)[0].min.x;
        for c in open + 1..close {
            let r = map.rects(c..c + 1)[0];
            assert!(
                r.min.x >= left - 1.0 && r.max.x <= right + 1.0,
                "char {c}: {r:?} outside {left}..{right}"
            );
        }
        // Clicking anywhere on the Arabic gives an offset inside it.
        let y = map.rects(open..open + 1)[0].center().y;
        for x in [left + 1.0, (left + right) / 2.0, right - 1.0] {
            let c = map.char_at(egui::vec2(x, y));
            assert!((open + 1..=close).contains(&c), "x {x} -> {c}");
        }
    });
}

/// A wrapped right-to-left label (a Compare cell, the inspector's quote)
/// breaks where the text's own order puts it: its first words on its
/// first row, each row in visual order and aligned to the right.
#[test]
fn a_wrapped_right_to_left_label_reads_from_its_first_row_down() {
    let ctx = egui::Context::default();
    parallax::ui::fonts::install(&ctx);
    let mut out = ctx.run_ui(Default::default(), |ui| {
        let text = "قال البيت الأبيض إن المعبر سيفتح غدا صباحا بعد أسابيع من الإغلاق";
        let format =
            egui::TextFormat::simple(egui::FontId::proportional(16.0), egui::Color32::WHITE);
        let g = parallax::ui::document::bidi_label(ui, text, format.clone(), 160.0).unwrap();
        let rows: Vec<&str> = g.job.text.split('\n').collect();
        assert!(rows.len() >= 2, "{rows:?}");
        assert!(rows[0].contains("قال"), "{rows:?}");
        assert!(rows.last().unwrap().contains("الإغلاق"), "{rows:?}");
        // In a row, the first word typed is drawn last (on the right).
        assert!(rows[0].ends_with("قال"), "{rows:?}");
        assert_eq!(g.job.halign, egui::Align::RIGHT);
        // Left-to-right text is left to egui.
        assert!(parallax::ui::document::bidi_label(ui, "Officials said", format, 160.0).is_none());
    });
    out.textures_delta.clear();
}

/// A right-to-left title too long for its column loses its end, on the
/// left, not its start.
#[test]
fn a_cut_right_to_left_label_keeps_its_start() {
    let ctx = egui::Context::default();
    parallax::ui::fonts::install(&ctx);
    let mut out = ctx.run_ui(Default::default(), |ui| {
        let font = egui::FontId::proportional(16.0);
        let text = "قال البيت الأبيض إن المعبر سيفتح غدا صباحا بعد أسابيع من الإغلاق";
        let fit = parallax::ui::document::fit_line(ui, text, &font, 150.0);
        assert!(fit.starts_with('…'), "{fit}");
        assert!(
            fit.ends_with("قال"),
            "the first word stays, on the right: {fit}"
        );
        assert!(!fit.contains("الإغلاق"), "{fit}");
        let w = ui
            .painter()
            .layout_no_wrap(fit.clone(), font.clone(), egui::Color32::WHITE)
            .rect
            .width();
        assert!(w <= 150.0, "{w}");
        // Left-to-right text is left to egui.
        assert_eq!(
            parallax::ui::document::fit_line(ui, "Officials said", &font, 10.0),
            "Officials said"
        );
    });
    out.textures_delta.clear();
}
