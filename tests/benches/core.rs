//! Benchmarks of the core (no UI): reading a folder, saving and loading a
//! large project, auto-coding. Run with `cargo bench --bench core`.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use parallax::autocode::{self, Query};
use parallax::corpus::{self, ReadOptions};
use parallax::project_file::{self, FileData};
use parallax::synth;

/// 5,000 articles of ~5 KB (~25 MB) in three formats.
fn write_corpus(dir: &Path) {
    for i in 0..5000u64 {
        let body = synth::words(i, 4500);
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
        b.iter(|| black_box(autocode::plan(&project, "Claim", &query, "bench", true)))
    });
    g.finish();
}

/// The size of a real study: 5,000 articles, 300,000 spans, 200 facts,
/// 40 outlets (`parallax::synth`).
fn project_file_benches(c: &mut Criterion) {
    let p = synth::study(synth::Size::STUDY);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("study.ron");
    project_file::save(&p, &path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    eprintln!(
        "project: {} articles, {} spans, {:.1} MB",
        p.articles().len(),
        p.span_count(),
        text.len() as f64 / 1e6
    );
    let mut g = c.benchmark_group("project_file");
    g.sample_size(10);
    g.bench_function("save_study", |b| {
        b.iter(|| project_file::save(&p, &path).unwrap())
    });
    g.bench_function("load_study", |b| {
        b.iter_with_large_drop(|| project_file::load(&path).unwrap())
    });
    // The snapshot autosave and save take on the UI thread.
    g.bench_function("snapshot_study", |b| {
        b.iter_with_large_drop(|| p.snapshot())
    });
    g.finish();

    // Parallax's own RON reader and writer beside the ron crate's, on the
    // same file (the reason they exist; fuzzed for agreement).
    let file: FileData = project_file::parse(&text).unwrap();
    let config = ron::ser::PrettyConfig::new()
        .depth_limit(2)
        .new_line("\n".to_owned())
        .indentor("  ".to_owned());
    assert_eq!(
        project_file::pretty(&file).unwrap(),
        ron::ser::to_string_pretty(&file, config.clone()).unwrap()
    );
    let mut g = c.benchmark_group("ron_reader_and_writer");
    g.sample_size(10);
    g.bench_function("read_parallax", |b| {
        b.iter_with_large_drop(|| project_file::parse::<FileData>(&text).unwrap())
    });
    g.bench_function("read_ron_crate", |b| {
        b.iter_with_large_drop(|| ron::from_str::<FileData>(&text).unwrap())
    });
    g.bench_function("write_parallax", |b| {
        b.iter_with_large_drop(|| project_file::pretty(&file).unwrap())
    });
    g.bench_function("write_ron_crate", |b| {
        b.iter_with_large_drop(|| ron::ser::to_string_pretty(&file, config.clone()).unwrap())
    });
    g.finish();
}

criterion_group!(benches, corpus_benches, project_file_benches);
criterion_main!(benches);
