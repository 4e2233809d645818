//! Corpora as one CSV table, a row an article (Media Cloud and similar
//! exports): which column holds the text, and which the title, outlet,
//! date, URL and author. Each row becomes an article `FILE.csv#N`, N the
//! row's number among the data rows (from 1).

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{decode, read_limited, sha256_hex, ReadOptions, SkipReason, SourceArticle};
use crate::model::{parse_date, ArticleMeta};

/// Which columns hold what, by header name; only the text is required.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Columns {
    pub text: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
}

/// Header names each field is guessed from, in order of preference.
const GUESSES: [(&str, &[&str]); 6] = [
    (
        "text",
        &["text", "body", "content", "article", "full_text", "story"],
    ),
    ("title", &["title", "headline", "heading"]),
    (
        "outlet",
        &[
            "media_name",
            "outlet",
            "source",
            "publication",
            "media",
            "newspaper",
            "site",
        ],
    ),
    (
        "date",
        &[
            "publish_date",
            "date",
            "published",
            "publication_date",
            "pubdate",
        ],
    ),
    ("url", &["url", "link", "permalink"]),
    ("author", &["author", "byline", "authors"]),
];

impl Columns {
    /// The columns a header suggests: the first known name of each field.
    pub fn guess(header: &[String]) -> Option<Columns> {
        let find = |names: &[&str]| {
            names.iter().find_map(|n| {
                header
                    .iter()
                    .find(|h| h.trim().eq_ignore_ascii_case(n))
                    .cloned()
            })
        };
        let get = |field: &str| {
            GUESSES
                .iter()
                .find(|(f, _)| *f == field)
                .and_then(|(_, names)| find(names))
        };
        Some(Columns {
            text: get("text")?,
            title: get("title"),
            outlet: get("outlet"),
            date: get("date"),
            url: get("url"),
            author: get("author"),
        })
    }
}

/// A table as read: the file's bytes (for its hash), header and rows.
struct Table {
    bytes: Vec<u8>,
    header: Vec<String>,
    rows: Vec<csv::StringRecord>,
}

/// The decoded table: its header and rows.
fn table(path: &Path, options: &ReadOptions) -> Result<Table, SkipReason> {
    let bytes = read_limited(path, options.max_file_size)?;
    let decoded = decode::decode_owned(bytes.clone(), None)?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(decoded.text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| SkipReason::Undecodable(format!("not a readable CSV table: {e}")))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_owned())
        .collect();
    let rows = reader
        .records()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| SkipReason::Undecodable(format!("not a readable CSV table: {e}")))?;
    Ok(Table {
        bytes,
        header,
        rows,
    })
}

/// A CSV file's header, to choose the columns from (only the first
/// record is read).
pub fn header(path: &Path) -> Result<Vec<String>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(reader
        .headers()
        .map_err(|e| format!("{} is not a readable CSV table: {e}", path.display()))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_owned())
        .collect())
}

/// The articles of a CSV table; `columns` names the columns (`None`:
/// guessed from the header). Rows with an empty text are left out.
pub fn read(
    path: &Path,
    columns: Option<&Columns>,
    options: &ReadOptions,
) -> Result<Vec<SourceArticle>, SkipReason> {
    let Table {
        bytes,
        header,
        rows,
    } = table(path, options)?;
    let guessed;
    let columns = match columns {
        Some(c) => c,
        None => {
            guessed = Columns::guess(&header).ok_or_else(|| {
                SkipReason::Undecodable(
                    "a CSV table without a text column (name it with --text-column)".into(),
                )
            })?;
            &guessed
        }
    };
    let index = |name: &Option<String>| -> Result<Option<usize>, SkipReason> {
        match name {
            None => Ok(None),
            Some(n) => header.iter().position(|h| h == n).map(Some).ok_or_else(|| {
                SkipReason::Undecodable(format!(
                    "no column {n:?} in the table (columns: {})",
                    header.join(", ")
                ))
            }),
        }
    };
    let text_at = index(&Some(columns.text.clone()))?.unwrap_or(0);
    let (title, outlet, date, url, author) = (
        index(&columns.title)?,
        index(&columns.outlet)?,
        index(&columns.date)?,
        index(&columns.url)?,
        index(&columns.author)?,
    );
    let sha256 = sha256_hex(&bytes);
    let mut out = Vec::new();
    for (n, row) in rows.iter().enumerate() {
        let cell = |at: Option<usize>| at.and_then(|i| row.get(i)).unwrap_or("").trim().to_owned();
        let text = crate::text::normalize_newlines(cell(Some(text_at)));
        if text.trim().is_empty() {
            continue;
        }
        let mut meta = ArticleMeta {
            title: cell(title),
            date: parse_date(&cell(date)).or_else(|| {
                // "2026-11-29 08:15:00": the date part.
                cell(date).split([' ', 'T']).next().and_then(parse_date)
            }),
            url: cell(url),
            author: cell(author),
            ..ArticleMeta::default()
        };
        let o = cell(outlet);
        if !o.is_empty() {
            meta.outlet = o;
        }
        if meta.title.is_empty() {
            meta.title = super::title::guess(&text);
        }
        out.push(SourceArticle {
            path: path.to_path_buf(),
            rel: super::file_name(path),
            text,
            encoding: "csv",
            sha256: sha256.clone(),
            meta,
            part: Some(n + 1),
        });
    }
    if out.is_empty() {
        return Err(SkipReason::Empty);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_cloud_columns_are_guessed() {
        let h: Vec<String> = [
            "stories_id",
            "publish_date",
            "title",
            "url",
            "media_name",
            "text",
        ]
        .map(String::from)
        .to_vec();
        let c = Columns::guess(&h).unwrap();
        assert_eq!(c.text, "text");
        assert_eq!(c.outlet.as_deref(), Some("media_name"));
        assert_eq!(c.date.as_deref(), Some("publish_date"));
        assert!(Columns::guess(&["a".to_owned(), "b".to_owned()]).is_none());
    }
}
