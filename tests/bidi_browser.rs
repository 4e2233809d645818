//! Right-to-left and mixed paragraphs in the order a browser shows them:
//! headless Chromium lays out each paragraph (`dir="auto"`, as the HTML
//! report does) and reports where each word lands; Parallax's bidi layer
//! (`parallax::bidi`, UAX #9) must put the words in the same order. The
//! browser's picture is kept in `target/bidi/chromium.png` (a copy in
//! `tests/fixtures/bidi/`). Chromium comes from `./setup.sh`.

use std::path::{Path, PathBuf};
use std::process::Command;

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

#[test]
fn words_come_in_the_order_chromium_shows_them() {
    let page = target().join("paragraphs.html");
    std::fs::write(&page, html()).unwrap();
    let url = format!("file://{}", page.display());
    let browser = chromium();
    let common = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
    ];
    let out = Command::new(&browser)
        .args(common)
        .args(["--dump-dom", &url])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dom = String::from_utf8_lossy(&out.stdout).into_owned();
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
    for (text, browser_order) in PARAGRAPHS.iter().zip(&theirs) {
        let p = Paragraph::new(text, Base::Auto);
        let ours = words_left_to_right(text, &p.line(0..text.chars().count()));
        assert_eq!(&ours, browser_order, "{text}");
    }
    // The browser's picture, kept with the test.
    let shot = target().join("chromium.png");
    let out = Command::new(&browser)
        .args(common)
        .args([
            "--window-size=1140,560",
            &format!("--screenshot={}", shot.display()),
            &url,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success() && shot.exists(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
