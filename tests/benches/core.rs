//! Benchmarks of the core (no UI): reading a folder, saving and loading a
//! large project, auto-coding. Run with `cargo bench --bench core`.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use parallax::autocode::{self, Query};
use parallax::corpus::{self, ReadOptions};
use parallax::edit::Edit;
use parallax::model::{Article, ArticleMeta, Id, Project, Schema, Span};
use parallax::project_file;

const WORDS: &[&str] = &[
    "the",
    "minister",
    "said",
    "talks",
    "would",
    "continue",
    "according",
    "to",
    "officials",
    "who",
    "spoke",
    "on",
    "condition",
    "of",
    "anonymity",
    "“we",
    "are",
    "not",
    "there",
    "yet”",
    "city",
    "water",
    "authority",
    "confirmed",
    "that",
    "plant",
    "failed",
    "after",
    "storm",
    "residents",
    "were",
    "told",
    "boil",
    "café",
    "Zürich",
    "東京",
    "قال",
    "🎉",
    "report",
    "claimed",
    "alleged",
    "two",
    "hours",
    "meeting",
    "virtual",
    "Rafah",
    "security",
];

/// Deterministic pseudo-random words (xorshift), about `bytes` long.
fn article_text(seed: u64, bytes: usize) -> String {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = String::with_capacity(bytes + 64);
    let mut n = 0;
    while out.len() < bytes {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.push_str(WORDS[(x % WORDS.len() as u64) as usize]);
        n += 1;
        out.push(if n % 120 == 0 { '\n' } else { ' ' });
        if n % 400 == 0 {
            out.push('\n');
        }
    }
    out
}

/// 5,000 articles of ~5 KB (~25 MB) in three formats.
fn write_corpus(dir: &Path) {
    for i in 0..5000u64 {
        let body = article_text(i, 5000);
        let (name, content) = match i % 3 {
            0 => (format!("a{i:05}.txt"), format!("Article {i}\n\n{body}")),
            1 => (format!("a{i:05}.md"), format!("---\ntitle: Article {i}\noutlet: Outlet {}\n---\n{body}", i % 7)),
            _ => (format!("a{i:05}.html"), format!("<html><head><title>Article {i}</title></head><body><p>{body}</p></body></html>")),
        };
        let sub = dir.join(format!("d{}", i % 20));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(name), content).unwrap();
    }
}

fn read_raw(dir: &Path) -> usize {
    let mut total = 0;
    for d in std::fs::read_dir(dir).unwrap() {
        for f in std::fs::read_dir(d.unwrap().path()).unwrap() {
            total += std::fs::read(f.unwrap().path()).unwrap().len();
        }
    }
    total
}

/// A project of 100 articles × 2,000 spans = 200,000 spans.
fn big_project() -> Project {
    let mut p = Project::new(Schema::default());
    let tags = ["Claim", "Source", "Attribution"];
    let mut edits = Vec::new();
    for a in 0..100u64 {
        let text = article_text(a, 40_000);
        let article = Article::new(
            Id::from_u64(a + 1),
            format!("a{a}.txt"),
            "UTF-8".into(),
            "0".repeat(64),
            ArticleMeta::default(),
            text,
        );
        let len = article.len_chars();
        for s in 0..2000u64 {
            let start = (s as usize * 19) % (len - 60);
            let span = Span::new(
                Id::from_u64(1_000_000 + a * 10_000 + s),
                &article,
                tags[(s % 3) as usize],
                start..start + 40,
                "bench",
            )
            .unwrap();
            edits.push(Edit::AddSpan(span));
        }
        p.add_article(article).unwrap();
    }
    Edit::Batch(edits).apply(&mut p).unwrap();
    p
}

fn corpus_benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    write_corpus(dir.path());
    let bytes = read_raw(dir.path());
    eprintln!("corpus: 5000 files, {:.1} MB", bytes as f64 / 1e6);
    let mut g = c.benchmark_group("corpus");
    g.sample_size(10);
    g.bench_function("read_raw_bytes_5000_files", |b| {
        b.iter(|| black_box(read_raw(dir.path())))
    });
    g.bench_function("read_folder_5000_articles", |b| {
        b.iter_with_large_drop(|| corpus::read_folder(dir.path(), &ReadOptions::default()).unwrap())
    });
    let mut c5000 = corpus::read_folder(dir.path(), &ReadOptions::default()).unwrap();
    let project = corpus::new_project(std::mem::take(&mut c5000.articles), dir.path());
    let query = Query::new("officials who spoke", false, true, false).unwrap();
    g.bench_function("autocode_3_words_5000_articles", |b| {
        b.iter(|| black_box(autocode::plan(&project, "Claim", &query, "bench")))
    });
    g.finish();
}

fn project_file_benches(c: &mut Criterion) {
    let p = big_project();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    project_file::save(&p, &path).unwrap();
    eprintln!(
        "project: {} spans, {:.1} MB",
        p.span_count(),
        std::fs::metadata(&path).unwrap().len() as f64 / 1e6
    );
    let mut g = c.benchmark_group("project_file");
    g.sample_size(10);
    g.bench_function("save_200k_spans", |b| {
        b.iter(|| project_file::save(&p, &path).unwrap())
    });
    g.bench_function("load_200k_spans", |b| {
        b.iter(|| black_box(project_file::load(&path).unwrap()))
    });
    g.finish();
}

criterion_group!(benches, corpus_benches, project_file_benches);
criterion_main!(benches);
