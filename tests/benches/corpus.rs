//! The corpus as analysts get it, at scale: near-duplicate detection over
//! 50,000 articles (5% of them lightly edited copies of others), and how
//! many Word, RTF and PDF articles are read a second. Run with
//! `cargo bench --bench corpus`.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use parallax::corpus::{read_file, ReadOptions};
use parallax::dupes;
use parallax::model::{Article, ArticleMeta, Id};
use parallax::synth::Rng;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    // 50,000 articles of 300–500 words from a 20,000-word vocabulary.
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let vocab: Vec<String> = (0..20_000).map(|i| format!("w{i:x}")).collect();
    let mut texts: Vec<String> = Vec::with_capacity(50_000);
    for i in 0..50_000 {
        if i % 20 == 19 {
            // A copy of an earlier article with a few words changed.
            let mut words: Vec<String> =
                texts[rng.below(i)].split(' ').map(str::to_owned).collect();
            for _ in 0..3 {
                let at = rng.below(words.len());
                words[at] = vocab[rng.below(vocab.len())].clone();
            }
            texts.push(words.join(" "));
        } else {
            let n = 300 + rng.below(200);
            let words: Vec<&str> = (0..n)
                .map(|_| vocab[rng.below(vocab.len())].as_str())
                .collect();
            texts.push(words.join(" "));
        }
    }
    let articles: Vec<Arc<Article>> = texts
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            Arc::new(Article::new(
                Id::from_u64(i as u64 + 1),
                format!("{i}.txt"),
                "UTF-8".into(),
                String::new(),
                ArticleMeta::default(),
                t,
            ))
        })
        .collect();
    let mut times = Vec::new();
    let mut groups = 0;
    for _ in 0..3 {
        let t = Instant::now();
        groups = dupes::find(&articles, dupes::DEFAULT_THRESHOLD).len();
        times.push(t.elapsed().as_secs_f64());
    }
    println!(
        "dupes: 50,000 articles, {groups} groups at 0.8: {:.2} s (median of 3)",
        median(times)
    );

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for (file, label) in [
        ("corpus/harbour.docx", "DOCX"),
        ("corpus/harbour.odt", "ODT"),
        ("corpus/harbour.rtf", "RTF"),
        ("corpus/nexis.docx", "Nexis DOCX (3 articles a file)"),
        ("pdf/two-columns.pdf", "PDF (2 pages, 2 columns)"),
        ("corpus/nexis.pdf", "Nexis PDF (3 articles a file)"),
    ] {
        let path = dir.join(file);
        let mut articles = 0usize;
        let t = Instant::now();
        let mut rounds = 0;
        while t.elapsed().as_secs_f64() < 2.0 {
            articles += read_file(&path, &ReadOptions::default()).unwrap().len();
            rounds += 1;
        }
        let secs = t.elapsed().as_secs_f64();
        println!(
            "read {label}: {:.0} articles/s ({rounds} files in {secs:.1} s, one thread)",
            articles as f64 / secs
        );
    }
}
