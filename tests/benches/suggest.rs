//! Suggestions at a study's size: attributions for every article of a
//! 5,000-article project, facts over the claims that accepting them makes,
//! and one long article's suggestions (what the app finds off the UI
//! thread when it opens). The articles are the gold set's
//! (`tests/gold/articles`, four events by three outlets) copied over and
//! over, each copy's names made its own (another set of events) and its
//! paragraphs shuffled. Run with `cargo bench --bench suggest`.

use std::sync::Arc;
use std::time::Instant;

use parallax::lexicon::Lexicon;
use parallax::model::{Article, ArticleMeta, Id, Project, Schema};
use parallax::suggest;
use parallax::synth::Rng;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The text with each capitalised word of three letters or more ending in
/// letters of its own for `group` ("Marrowby" → "Marrowbyqd").
fn rename(text: &str, group: usize) -> String {
    let tag: String = [group % 26, group / 26 % 26]
        .iter()
        .map(|&k| char::from(b'a' + k as u8))
        .collect();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(word);
        if word.chars().count() >= 3 && word.starts_with(char::is_uppercase) {
            out.push_str(&tag);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold/articles");
    let mut sources: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let outlet = name
                .split_once('-')
                .map_or(name.clone(), |(_, o)| o.to_owned());
            (outlet, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    sources.sort();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut p = Project::new(Schema::default());
    for i in 0..5_000 {
        let (outlet, text) = &sources[i % sources.len()];
        // Each copy of the twelve is another set of events: its names
        // (capitalised words) take the copy's own ending.
        let group = i / sources.len();
        let text = rename(text, group);
        // The paragraphs in another order: another article of that outlet.
        let mut paras: Vec<&str> = text.split("\n\n").collect();
        for k in (1..paras.len()).rev() {
            paras.swap(k, rng.below(k + 1));
        }
        let meta = ArticleMeta {
            outlet: outlet.clone(),
            title: format!("Article {i}"),
            ..ArticleMeta::default()
        };
        p.add_article(Article::new(
            Id::from_u64(i as u64 + 1),
            format!("{i}.txt"),
            "UTF-8".into(),
            String::new(),
            meta,
            paras.join("\n\n"),
        ))
        .unwrap();
    }
    let chars: usize = p.articles().iter().map(|a| a.len_chars()).sum();
    let lex = Lexicon::english();

    let mut times = Vec::new();
    let mut found = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        found = suggest::project(&lex, &p, None);
        times.push(t.elapsed().as_secs_f64());
    }
    println!(
        "attributions: 5,000 articles ({:.1} M characters), {} suggestions: {:.2} s (median of 3)",
        chars as f64 / 1e6,
        found.len(),
        median(times)
    );

    // One long article, as the app finds its suggestions when it opens.
    let long: String = sources
        .iter()
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n\n")
        .repeat(4);
    let article = Arc::new(Article::new(
        Id::from_u64(9_999_999),
        "long.txt".into(),
        "UTF-8".into(),
        String::new(),
        ArticleMeta::default(),
        long,
    ));
    let mut times = Vec::new();
    let mut n = 0;
    for _ in 0..5 {
        let t = Instant::now();
        n = suggest::in_article(&lex, &article, &[]).len();
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "one article of {} characters, {n} suggestions: {:.1} ms (median of 5)",
        article.len_chars(),
        median(times)
    );

    // Facts over the claims that accepting every suggestion makes.
    for s in &found {
        if let Some(edit) = suggest::accept(&p, s, "bench") {
            let _ = edit.apply(&mut p);
        }
    }
    let claims = p.all_spans().filter(|s| s.tag == "Claim").count();
    let mut times = Vec::new();
    let mut facts = 0;
    for _ in 0..3 {
        let t = Instant::now();
        facts = suggest::facts::project(&p).len();
        times.push(t.elapsed().as_secs_f64());
    }
    println!(
        "facts: {claims} claims in 5,000 articles, {facts} suggested: {:.2} s (median of 3)",
        median(times)
    );
}
