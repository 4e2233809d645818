//! Right-to-left and mixed paragraphs in the order a browser shows them:
//! headless Chromium lays out each paragraph (`dir="auto"`, as the HTML
//! report does) and reports where each word lands; Parallax's bidi layer
//! (`parallax::bidi`, UAX #9) and its Read view must put the words in the
//! same order. Both pictures are kept in `target/bidi/` (`chromium.png`,
//! `parallax.png`; copies in `tests/fixtures/bidi/`). Chromium comes from
//! `./setup.sh`.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
mod support;

use parallax::bidi::{words_left_to_right, Base, Paragraph};

/// Arabic, Hebrew and Persian with Latin names, numbers, dates, emoji,
/// quotes and brackets, and English with Arabic inside.
const PARAGRAPHS: &[&str] = &[
    "Officials in غزة ورفح الشرقية said the crossing would reopen.",
    "قال البيت الأبيض إن Jake Sullivan سيرأس الوفد إلى القاهرة يوم 12 مارس.",
    "אמר דובר המשטרה כי 3 בני אדם נפצעו ליד Tel Aviv הבוקר.",
    "به گزارش خبرگزاری IRNA، رئیس‌جمهور روز دوشنبه 1403 به تهران بازگشت.",
    "The minister (وزير الخارجية) told Reuters: «لن نتراجع» 👍 on Monday.",
    "المتحدث قال: \"We will not comment\" ثم غادر القاعة (بسرعة).",
    "Prices rose 40% in شهر واحد, according to البنك المركزي 🏦.",
    "ההודעה פורסמה ב-2024 על ידי UN OCHA ו-WHO יחד.",
];

fn chromium() -> PathBuf {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {name}")])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
        if let Some(p) = found.filter(|p| !p.is_empty()) {
            return PathBuf::from(p);
        }
    }
    panic!("no Chromium: run ./setup.sh (it installs the browser these tests compare with)");
}

fn html() -> String {
    let mut body = String::new();
    for (i, p) in PARAGRAPHS.iter().enumerate() {
        let words: Vec<String> = p
            .split(' ')
            .map(|w| format!("<span>{}</span>", html_escape::encode_text(w)))
            .collect();
        body.push_str(&format!(
            "<p id=\"p{i}\" dir=\"auto\">{}</p>\n",
            words.join(" ")
        ));
    }
    format!(
        r#"<!doctype html><html><head><meta charset="utf-8"><style>
body {{ font: 18px "Noto Sans", "Noto Sans Arabic", "Noto Naskh Arabic", "Noto Sans Hebrew", sans-serif; width: 1100px; }}
p {{ white-space: nowrap; margin: 10px; }}
#order {{ display: none; }}
</style></head><body>
{body}
<pre id="order"></pre>
<script>
const out = [];
document.querySelectorAll('p').forEach(p => {{
  const spans = Array.from(p.querySelectorAll('span'));
  spans.sort((a, b) => a.getBoundingClientRect().left - b.getBoundingClientRect().left);
  out.push('ORDER ' + spans.map(s => s.textContent).join('\u0001'));
}});
document.getElementById('order').textContent = '\n' + out.join('\n') + '\n';
</script></body></html>"#
    )
}

fn target() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bidi");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Each paragraph's words, left to right as Chromium shows them.
fn browser_orders() -> Vec<Vec<String>> {
    let page = target().join("paragraphs.html");
    std::fs::write(&page, html()).unwrap();
    let url = format!("file://{}", page.display());
    let browser = chromium();
    let dom = support::run_ok(
        Command::new(&browser)
            .args(COMMON)
            .args(["--dump-dom", &url]),
    );
    let theirs: Vec<Vec<String>> = dom
        .lines()
        .filter_map(|l| l.strip_prefix("ORDER "))
        .map(|l| {
            l.split('\u{1}')
                .map(|w| html_escape::decode_html_entities(w).into_owned())
                .collect()
        })
        .collect();
    assert_eq!(theirs.len(), PARAGRAPHS.len(), "{dom}");
    // The browser's picture, kept with the test.
    let shot = target().join("chromium.png");
    support::run_ok(Command::new(&browser).args(COMMON).args([
        "--window-size=1140,560",
        &format!("--screenshot={}", shot.display()),
        &url,
    ]));
    assert!(shot.exists(), "no screenshot at {}", shot.display());
    theirs
}

const COMMON: [&str; 4] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--hide-scrollbars",
];

#[test]
fn words_come_in_the_order_chromium_shows_them() {
    for (text, browser_order) in PARAGRAPHS.iter().zip(browser_orders()) {
        let p = Paragraph::new(text, Base::Auto);
        let ours = words_left_to_right(text, &p.line(0..text.chars().count()));
        assert_eq!(ours, browser_order, "{text}");
    }
}

/// The same paragraphs in Parallax's Read view: each word's leftmost
/// character where Chromium's box of the word starts, left to right on its
/// row; the view's
/// picture is kept beside the browser's (`target/bidi/parallax.png`).
#[test]
fn the_read_view_shows_the_words_where_chromium_does() {
    let orders = browser_orders();
    let dir = tempfile::tempdir().unwrap();
    let text = format!("Right to left\n\n{}\n", PARAGRAPHS.join("\n\n"));
    std::fs::write(dir.path().join("paragraphs.txt"), &text).unwrap();
    let recovery = tempfile::tempdir().unwrap();
    let options = parallax::ui::Options {
        autosave_secs: 30.0,
        recovery_dir: recovery.path().to_path_buf(),
        native_dialogs: false,
    };
    let folder = dir.path().to_path_buf();
    let mut h = egui_kittest::Harness::builder()
        .with_size([1900.0, 900.0])
        .with_max_steps(20)
        .with_step_dt(1.0 / 60.0)
        .build_eframe(move |cc| {
            parallax::ui::ParallaxApp::new(&cc.egui_ctx, cc.storage, Some(folder), options)
        });
    common::wait_loaded(&mut h);
    h.run_steps(3);
    let a = h.state().sel.article.unwrap();
    for (p, browser_order) in PARAGRAPHS.iter().zip(&orders) {
        let mut at = common::find(&h, a, p).start;
        let mut placed: Vec<(f32, f32, &str)> = Vec::new();
        for w in p.split(' ') {
            // Where the word starts on screen: its leftmost character (as
            // the browser's box of the word).
            let n = w.chars().count();
            let rects: Vec<egui::Rect> = (at..at + n).map(|c| common::char_rect(&h, c)).collect();
            let left = rects.iter().map(|r| r.left()).fold(f32::INFINITY, f32::min);
            placed.push((left, rects[0].center().y, w));
            at += n + 1;
        }
        assert!(
            placed.iter().all(|x| (x.1 - placed[0].1).abs() < 2.0),
            "one row: {p}"
        );
        placed.sort_by(|x, y| x.0.total_cmp(&y.0));
        let ours: Vec<&str> = placed.iter().map(|x| x.2).collect();
        assert_eq!(&ours, browser_order, "{p}");
    }
    if let Ok(image) = h.render() {
        image.save(target().join("parallax.png")).unwrap();
    }
    // Dragging across a word, either way, selects exactly its code points:
    // Arabic, Hebrew and Persian words, Latin ones inside them, numbers.
    let mut dragged = 0;
    for p in PARAGRAPHS {
        let mut at = common::find(&h, a, p).start;
        for w in p.split(' ') {
            let n = w.chars().count();
            if n >= 2 && w.chars().all(char::is_alphanumeric) {
                let rects: Vec<egui::Rect> =
                    (at..at + n).map(|c| common::char_rect(&h, c)).collect();
                let left = rects.iter().map(|r| r.left()).fold(f32::INFINITY, f32::min);
                let right = rects
                    .iter()
                    .map(|r| r.right())
                    .fold(f32::NEG_INFINITY, f32::max);
                let y = rects[0].center().y;
                for (from, to) in [(left + 1.0, right - 1.0), (right - 1.0, left + 1.0)] {
                    common::drag(&mut h, egui::pos2(from, y), egui::pos2(to, y));
                    assert_eq!(
                        h.state().sel.text_range(),
                        Some(at..at + n),
                        "{w} dragged from x {from} to {to} in {p}"
                    );
                    dragged += 1;
                }
            }
            at += n + 1;
        }
    }
    assert!(dragged > 60, "{dragged}");
}
