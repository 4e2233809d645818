//! `articles.csv`: an optional table beside the articles
//! (`path,outlet,title,date,url,author`) whose values override what
//! Parallax guessed from the files themselves.

use std::collections::HashMap;
use std::path::Path;

/// The name Parallax looks for in the folder it reads.
pub const FILE_NAME: &str = "articles.csv";

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
}

/// Rows keyed by path relative to the folder (`/`-separated), plus warnings
/// for lines that could not be used.
pub fn read(path: &Path) -> (HashMap<String, Row>, Vec<String>) {
    let mut rows = HashMap::new();
    let mut warnings = Vec::new();
    let mut reader = match csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_path(path)
    {
        Ok(r) => r,
        Err(e) => {
            warnings.push(format!("{}: {e}", path.display()));
            return (rows, warnings);
        }
    };
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|s| s.trim_start_matches('\u{feff}').to_lowercase())
            .collect(),
        Err(e) => {
            warnings.push(format!("{}: {e}", path.display()));
            return (rows, warnings);
        }
    };
    let col = |name: &str| headers.iter().position(|h| h == name);
    let Some(path_col) = col("path") else {
        warnings.push(format!(
            "{}: no `path` column; the file is ignored",
            path.display()
        ));
        return (rows, warnings);
    };
    let cols = [
        col("outlet"),
        col("title"),
        col("date"),
        col("url"),
        col("author"),
    ];
    for (n, record) in reader.records().enumerate() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                warnings.push(format!("{}: row {}: {e}", path.display(), n + 2));
                continue;
            }
        };
        let get = |c: Option<usize>| {
            c.and_then(|i| record.get(i))
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let Some(key) = get(Some(path_col)) else {
            warnings.push(format!("{}: row {}: empty path", path.display(), n + 2));
            continue;
        };
        let key = key.replace('\\', "/").trim_start_matches("./").to_owned();
        rows.insert(
            key,
            Row {
                outlet: get(cols[0]),
                title: get(cols[1]),
                date: get(cols[2]),
                url: get(cols[3]),
                author: get(cols[4]),
            },
        );
    }
    (rows, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_in_any_column_order() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(FILE_NAME);
        std::fs::write(
            &p,
            "\u{feff}title,path,outlet\n\"Quoted, title\",./a/b.txt,Daily\n,,x\nonly\n",
        )
        .unwrap();
        let (rows, warnings) = read(&p);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows["a/b.txt"].title.as_deref(), Some("Quoted, title"));
        assert_eq!(rows["a/b.txt"].outlet.as_deref(), Some("Daily"));
        assert_eq!(rows["a/b.txt"].date, None);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }
}
