//! `agree` at a real study's size: 5,000 articles, three coders of 300,000
//! spans each (the synthetic study, and two copies of it that miss, move
//! and retag spans as coders do). Run with `cargo bench --bench agreement`.

use std::sync::Arc;
use std::time::Instant;

use parallax::agreement::{agree, Coder};
use parallax::model::{Project, Snapshot};
use parallax::synth;

/// Another coder: every `miss`-th span left out, every `shift`-th a code
/// point shorter, every `retag`-th with the next tag.
fn variant(s: &Snapshot, miss: usize, shift: usize, retag: usize) -> Project {
    let mut v = s.clone();
    let tags: Vec<String> = s.schema.tags.iter().map(|t| t.name.clone()).collect();
    let mut i = 0;
    v.spans.retain(|_| {
        i += 1;
        i % miss != 0
    });
    for (k, span) in v.spans.iter_mut().enumerate() {
        if k % shift == 0 && span.end - span.start > 1 {
            Arc::make_mut(span).end -= 1;
        }
        if k % retag == 0 {
            let at = tags.iter().position(|t| *t == span.tag).unwrap_or(0);
            Arc::make_mut(span).tag = tags[(at + 1) % tags.len()].clone();
        }
    }
    Project::from_snapshot(v.ordered())
}

fn main() {
    let a = synth::study(synth::Size::STUDY);
    let s = a.snapshot();
    let b = variant(&s, 10, 7, 23);
    let c = variant(&s, 13, 5, 31);
    let coders = [
        Coder {
            name: "a".into(),
            project: &a,
            annotator: None,
        },
        Coder {
            name: "b".into(),
            project: &b,
            annotator: None,
        },
        Coder {
            name: "c".into(),
            project: &c,
            annotator: None,
        },
    ];
    let spans: usize = coders.iter().map(|c| c.project.span_count()).sum();
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let r = agree(&coders);
        times.push(t.elapsed());
        std::hint::black_box(r);
    }
    times.sort();
    println!(
        "agree: {} articles, 3 coders, {} spans in all: median {:.0} ms, best {:.0} ms",
        a.articles().len(),
        spans,
        times[2].as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0
    );
}
