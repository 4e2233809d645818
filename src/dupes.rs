//! Exact and near-duplicate articles: agency copy run by several outlets,
//! updates of one story. Each article's text becomes a set of word
//! shingles (five words in a row, letters and digits only, lower-cased);
//! MinHash signatures with locality-sensitive hashing find the pairs worth
//! comparing, and each such pair's Jaccard similarity is then worked out
//! exactly. Pairs at or above the threshold join groups (connected
//! components).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde::Serialize;

use crate::model::{Article, Id};

/// Words per shingle.
const SHINGLE: usize = 5;
/// MinHash functions, split into bands of rows by the threshold (see
/// [`rows_for`]).
const HASHES: usize = 80;

/// Rows per band: the fewer, the more pairs become candidates. Four rows
/// (20 bands) find a pair at 0.8 similarity with probability 1 − 10⁻⁸;
/// lower thresholds take two rows (40 bands) or one (every shared value).
fn rows_for(threshold: f64) -> usize {
    if threshold >= 0.75 {
        4
    } else if threshold >= 0.45 {
        2
    } else {
        1
    }
}

/// The default Jaccard similarity from which two articles are near-duplicates.
pub const DEFAULT_THRESHOLD: f64 = 0.8;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pair {
    pub a: Id,
    pub b: Id,
    /// Jaccard similarity of their shingle sets, 0 to 1.
    pub similarity: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Group {
    /// In project order.
    pub articles: Vec<Id>,
    /// Every pair in the group at or above the threshold, most similar first.
    pub pairs: Vec<Pair>,
}

/// SplitMix64: a fast, well-mixed 64-bit hash step.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// FNV-1a over a word's lower-cased characters.
fn word_hash(word: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for c in word.chars().flat_map(char::to_lowercase) {
        h ^= u64::from(c);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The article's shingles, as hashes (sorted, without repeats).
pub fn shingles(text: &str) -> Vec<u64> {
    let words: Vec<u64> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(word_hash)
        .collect();
    let mut out: Vec<u64> = if words.len() < SHINGLE {
        // A very short text is one shingle of all its words.
        if words.is_empty() {
            Vec::new()
        } else {
            vec![words.iter().fold(0, |h, w| mix(h ^ w))]
        }
    } else {
        words
            .windows(SHINGLE)
            .map(|w| w.iter().fold(0u64, |h, x| mix(h ^ x)))
            .collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

fn signature(shingles: &[u64]) -> [u64; HASHES] {
    let mut sig = [u64::MAX; HASHES];
    for &s in shingles {
        for (i, slot) in sig.iter_mut().enumerate() {
            // A different mix per function, cheap: seed by index.
            let h = mix(s ^ (i as u64).wrapping_mul(0xd6e8_feb8_6659_fd93));
            if h < *slot {
                *slot = h;
            }
        }
    }
    sig
}

/// Jaccard similarity of two sorted sets.
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    both as f64 / (a.len() + b.len() - both) as f64
}

/// Groups of articles at or above `threshold` (0 to 1) similarity.
pub fn find(articles: &[Arc<Article>], threshold: f64) -> Vec<Group> {
    let threshold = threshold.clamp(0.0, 1.0);
    // Shingles and signatures on all cores.
    let sets: Vec<Vec<u64>> = parallel_map(articles, |a| shingles(a.text()));
    let sigs: Vec<[u64; HASHES]> = parallel_map(&sets, |s| signature(s));
    // Candidates: articles sharing a band.
    let mut candidates: HashSet<(usize, usize)> = HashSet::new();
    let rows = rows_for(threshold);
    for band in 0..HASHES / rows {
        let mut buckets: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, sig) in sigs.iter().enumerate() {
            if sets[i].is_empty() {
                continue;
            }
            let key = sig[band * rows..(band + 1) * rows]
                .iter()
                .fold(band as u64, |h, x| mix(h ^ x));
            buckets.entry(key).or_default().push(i);
        }
        for members in buckets.values().filter(|m| m.len() > 1) {
            // A bucket of many identical texts: link each to the first,
            // not every pair, so a thousand copies cost a thousand checks.
            if members.len() > 50 {
                for &m in &members[1..] {
                    candidates.insert((members[0], m));
                }
                continue;
            }
            for (x, &i) in members.iter().enumerate() {
                for &j in &members[x + 1..] {
                    candidates.insert((i, j));
                }
            }
        }
    }
    let mut pairs: Vec<(usize, usize, f64)> = candidates
        .into_iter()
        .filter_map(|(i, j)| {
            let s = jaccard(&sets[i], &sets[j]);
            (s >= threshold).then_some((i, j, s))
        })
        .collect();
    pairs.sort_by(|x, y| y.2.total_cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
    // Connected components.
    let mut parent: Vec<usize> = (0..articles.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for &(i, j, _) in &pairs {
        let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
        if ri != rj {
            parent[ri.max(rj)] = ri.min(rj);
        }
    }
    let mut groups: HashMap<usize, Group> = HashMap::new();
    for &(i, j, s) in &pairs {
        let r = root(&mut parent, i);
        let g = groups.entry(r).or_insert_with(|| Group {
            articles: Vec::new(),
            pairs: Vec::new(),
        });
        g.pairs.push(Pair {
            a: articles[i].id,
            b: articles[j].id,
            similarity: s,
        });
    }
    for (i, a) in articles.iter().enumerate() {
        let r = root(&mut parent, i);
        if let Some(g) = groups.get_mut(&r) {
            g.articles.push(a.id);
        }
    }
    let mut out: Vec<(usize, Group)> = groups.into_iter().collect();
    out.sort_by_key(|(r, _)| *r);
    out.into_iter().map(|(_, g)| g).collect()
}

/// `f` over `items` on up to eight threads, in order.
fn parallel_map<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync) -> Vec<U> {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 8);
    let chunk = items.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|c| s.spawn(|| c.iter().map(&f).collect::<Vec<U>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: u64, text: &str) -> Arc<Article> {
        Arc::new(Article::of_text(Id::from_u64(id), text))
    }

    const WIRE: &str = "MARROWBY (Wire) — The Kestrel Point water plant will stay closed for at least two more weeks, the regional water authority said on Monday, as engineers replace filters damaged in last week's storm. Residents have been told to boil tap water before drinking it. The authority said bottled water would be handed out at three points across the city until the order is lifted. A spokesperson for the workers' union said the plant had been neglected for years and that the storm only exposed the damage.";

    #[test]
    fn wire_copy_with_small_edits_is_grouped_and_other_news_is_not() {
        let edited = WIRE.replace("said on Monday", "claimed on Monday").replace(
            " Residents have been told to boil tap water before drinking it.",
            "",
        );
        let other = "The city council approved a new budget for the harbour on Tuesday after a long debate about the cost of dredging the channel and repairing the old pier, which had been closed since spring.";
        let arts = vec![
            article(1, WIRE),
            article(2, other),
            article(3, &edited),
            article(4, WIRE),
        ];
        let groups = find(&arts, 0.5);
        assert_eq!(groups.len(), 1);
        let g = &groups[0];
        assert_eq!(
            g.articles,
            vec![Id::from_u64(1), Id::from_u64(3), Id::from_u64(4)]
        );
        // The identical copy first, at 1.
        assert_eq!(g.pairs[0].similarity, 1.0);
        let edited_pair = g
            .pairs
            .iter()
            .find(|p| p.a == Id::from_u64(1) && p.b == Id::from_u64(3))
            .unwrap();
        let exact = jaccard(&shingles(WIRE), &shingles(&edited));
        assert_eq!(edited_pair.similarity, exact);
        assert!(exact > 0.5 && exact < 0.9, "{exact}");
        // At the default threshold only the identical copies group.
        let strict = find(&arts, DEFAULT_THRESHOLD);
        assert_eq!(strict[0].articles, vec![Id::from_u64(1), Id::from_u64(4)]);
    }

    #[test]
    fn jaccard_is_exact() {
        assert_eq!(jaccard(&[1, 2, 3], &[2, 3, 4]), 0.5);
        assert_eq!(jaccard(&[], &[]), 1.0);
        assert_eq!(jaccard(&[1], &[]), 0.0);
        // Case and punctuation do not make copies differ.
        assert_eq!(
            shingles("The plant, said officials, will reopen soon."),
            shingles("the plant said officials will reopen soon")
        );
    }
}
