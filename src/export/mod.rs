//! Writing annotated spans in the formats other tools read. One file per
//! format; each writes to any `io::Write`, and [`export`] writes a file
//! atomically.

pub mod compare;
pub mod csv;
pub mod facts;
pub mod jsonl;

use std::io::{self, Write};
use std::path::Path;

use crate::atomic::{self, Backup};
use crate::model::Project;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Format {
    /// One row per span (RFC 4180, UTF-8).
    Csv,
    /// One JSON object per article with its spans, links and fact memberships.
    Jsonl,
    /// One JSON object per fact with its member claims.
    Facts,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Csv, Format::Jsonl, Format::Facts];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Jsonl | Format::Facts => "jsonl",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Csv => "CSV (one row per span)",
            Format::Jsonl => "JSON Lines (one article per line)",
            Format::Facts => "facts (JSON Lines, one fact per line)",
        }
    }

    pub fn write(self, project: &Project, w: &mut dyn Write) -> io::Result<()> {
        match self {
            Format::Csv => csv::write(project, w),
            Format::Jsonl => jsonl::write(project, w),
            Format::Facts => facts::write(project, w),
        }
    }
}

/// Write an export file atomically: a failure leaves any existing file as it was.
pub fn export(project: &Project, format: Format, path: &Path) -> io::Result<()> {
    atomic::write_with(path, Backup::None, |w| format.write(project, w))
}
