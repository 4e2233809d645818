//! Counts per outlet: how many articles, how many spans of each tag.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::Project;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OutletStats {
    pub outlet: String,
    pub articles: usize,
    /// Spans per tag, every schema tag present (zero when unused).
    pub spans: BTreeMap<String, usize>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Tags in schema order, for table columns.
    pub tags: Vec<String>,
    pub outlets: Vec<OutletStats>,
    pub total: OutletStats,
}

pub fn compute(project: &Project) -> Stats {
    let tags: Vec<String> = project.schema.tags.iter().map(|t| t.name.clone()).collect();
    let empty = || OutletStats {
        outlet: String::new(),
        articles: 0,
        spans: tags.iter().map(|t| (t.clone(), 0)).collect(),
    };
    let mut outlets: Vec<OutletStats> = project
        .outlets()
        .into_iter()
        .map(|outlet| OutletStats { outlet, ..empty() })
        .collect();
    let mut total = OutletStats {
        outlet: "total".into(),
        ..empty()
    };
    for a in project.articles() {
        let Some(row) = outlets.iter_mut().find(|o| o.outlet == a.meta.outlet) else {
            continue;
        };
        row.articles += 1;
        total.articles += 1;
        for s in project.spans_of(a.id) {
            *row.spans.entry(s.tag.clone()).or_default() += 1;
            *total.spans.entry(s.tag.clone()).or_default() += 1;
        }
    }
    Stats {
        tags,
        outlets,
        total,
    }
}

impl Stats {
    /// An aligned plain-text table.
    pub fn to_table(&self) -> String {
        let mut header = vec!["outlet".to_owned(), "articles".to_owned()];
        header.extend(self.tags.iter().cloned());
        let row = |o: &OutletStats| {
            let mut r = vec![o.outlet.clone(), o.articles.to_string()];
            r.extend(
                self.tags
                    .iter()
                    .map(|t| o.spans.get(t).copied().unwrap_or(0).to_string()),
            );
            r
        };
        let mut rows = vec![header];
        rows.extend(self.outlets.iter().map(row));
        rows.push(row(&self.total));
        let widths: Vec<usize> = (0..rows[0].len())
            .map(|c| {
                rows.iter()
                    .map(|r| crate::text::char_len(&r[c]))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        for r in rows {
            let cells: Vec<String> = r
                .iter()
                .enumerate()
                .map(|(c, cell)| {
                    let pad = widths[c] - crate::text::char_len(cell);
                    if c == 0 {
                        format!("{cell}{}", " ".repeat(pad))
                    } else {
                        format!("{}{cell}", " ".repeat(pad))
                    }
                })
                .collect();
            out.push_str(cells.join("  ").trim_end());
            out.push('\n');
        }
        out
    }
}
