//! Crash recovery. While a project has unsaved changes the app writes it to
//! a recovery file every 30 seconds; after a crash the next start finds the
//! file and offers the work back. Recovery files live in the user's data
//! folder (not beside the project, which may be read-only or shared), one
//! per project, and are removed once the work is saved or discarded.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::atomic::{self, Backup};
use crate::model::{now, Snapshot};
use crate::project_file::{self, LoadError};
use crate::workspace::Workspace;

/// Where recovery files go: `$PARALLAX_DATA_DIR/recovery`, else the
/// platform's data folder (`~/.local/share/parallax/recovery` on Linux).
pub fn recovery_dir() -> PathBuf {
    data_dir().join("recovery")
}

/// Parallax's folder for its own files (never the user's annotations).
pub fn data_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("PARALLAX_DATA_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(d);
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    if cfg!(windows) {
        if let Some(appdata) = std::env::var_os("APPDATA") {
            return PathBuf::from(appdata).join("Parallax");
        }
    }
    if cfg!(target_os = "macos") {
        return home.join("Library/Application Support/Parallax");
    }
    match std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        Some(d) => PathBuf::from(d).join("parallax"),
        None => home.join(".local/share/parallax"),
    }
}

/// What a recovery file says about itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recovery {
    /// The recovery file.
    pub path: PathBuf,
    /// The project file the work belongs to; `None` for a project never saved.
    pub project_file: Option<PathBuf>,
    /// The folder article paths are relative to.
    pub base_dir: PathBuf,
    pub written: DateTime<Utc>,
}

/// The key a project's recovery file is named by: its file, or its folder
/// when it was never saved.
fn identity(project_file: Option<&Path>, base_dir: &Path) -> String {
    let id = match project_file {
        Some(f) => format!("file:{}", f.display()),
        None => format!("folder:{}", base_dir.display()),
    };
    crate::corpus::sha256_hex(id.as_bytes())[..16].to_owned()
}

/// The recovery file for a workspace, in `dir`.
pub fn path_for(ws: &Workspace, dir: &Path) -> PathBuf {
    dir.join(format!("{}.ron", identity(ws.file(), ws.base_dir())))
}

const HEADER: &str = "// Parallax recovery file: unsaved work.";

/// Write a workspace's current state to its recovery file in `dir`.
pub fn write(ws: &Workspace, dir: &Path) -> io::Result<PathBuf> {
    let snapshot = ws.project().snapshot().ordered();
    write_snapshot(&snapshot, ws.file(), ws.base_dir(), dir)
}

/// Write a workspace's snapshot (spans in order; from another thread) to
/// the recovery file of the workspace at `file` / `base_dir`.
pub fn write_snapshot(
    snapshot: &Snapshot,
    file: Option<&Path>,
    base_dir: &Path,
    dir: &Path,
) -> io::Result<PathBuf> {
    fs::create_dir_all(dir)?;
    let path = dir.join(format!("{}.ron", identity(file, base_dir)));
    let named = match file {
        Some(f) => f.display().to_string(),
        None => String::new(),
    };
    atomic::write_with(&path, Backup::None, |w| {
        writeln!(w, "{HEADER}")?;
        writeln!(
            w,
            "// written: {}",
            now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        )?;
        writeln!(w, "// project: {named}")?;
        writeln!(w, "// base-dir: {}", base_dir.display())?;
        project_file::write_snapshot(snapshot, w)
    })?;
    Ok(path)
}

/// Read the header of a recovery file; `None` when it is not one.
pub fn read_header(path: &Path) -> Option<Recovery> {
    let mut head = vec![0u8; 8192];
    let n = io::Read::read(&mut fs::File::open(path).ok()?, &mut head).ok()?;
    let head = String::from_utf8_lossy(&head[..n]);
    let mut lines = head.lines();
    if lines.next()? != HEADER {
        return None;
    }
    let mut written = None;
    let mut project = None;
    let mut base = None;
    for line in lines.take(3) {
        if let Some(v) = line.strip_prefix("// written: ") {
            written = v.parse().ok();
        } else if let Some(v) = line.strip_prefix("// project: ") {
            project = Some((!v.is_empty()).then(|| PathBuf::from(v)));
        } else if let Some(v) = line.strip_prefix("// base-dir: ") {
            base = Some(PathBuf::from(v));
        }
    }
    Some(Recovery {
        path: path.to_path_buf(),
        project_file: project?,
        base_dir: base?,
        written: written?,
    })
}

/// Every recovery file in `dir`, newest first.
pub fn list(dir: &Path) -> Vec<Recovery> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<Recovery> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "ron"))
        .filter_map(|e| read_header(&e.path()))
        .collect();
    out.sort_by_key(|r| std::cmp::Reverse(r.written));
    out
}

/// The recovery file for a project file or folder, if there is one.
pub fn find(dir: &Path, project_file: Option<&Path>, base_dir: &Path) -> Option<Recovery> {
    read_header(&dir.join(format!("{}.ron", identity(project_file, base_dir))))
}

/// Load recovered work as an unsaved workspace tied to its original file.
pub fn restore(rec: &Recovery) -> Result<Workspace, LoadError> {
    let project = project_file::load(&rec.path)?;
    Ok(Workspace::recovered(
        project,
        rec.project_file.as_deref(),
        &rec.base_dir,
    ))
}

/// Remove a recovery file (after saving or discarding the work).
pub fn discard(path: &Path) {
    let _ = fs::remove_file(path);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::ReadOptions;
    use crate::edit::Edit;
    use crate::model::Span;

    #[test]
    fn write_find_restore_discard() {
        let dir = tempfile::tempdir().unwrap();
        let articles = dir.path().join("a");
        fs::create_dir_all(&articles).unwrap();
        fs::write(articles.join("x.txt"), "Officials said 東京 talks ended.").unwrap();
        let (mut ws, _) = Workspace::from_folder(&articles, &ReadOptions::default()).unwrap();
        let art = ws.project().articles()[0].clone();
        let span = Span::new(ws.project().new_id(), &art, "Claim", 15..17, "ana").unwrap();
        ws.apply(Edit::AddSpan(span)).unwrap();

        let rec_dir = dir.path().join("rec");
        let path = write(&ws, &rec_dir).unwrap();
        let found = find(&rec_dir, None, ws.base_dir()).unwrap();
        assert_eq!(found.path, path);
        assert_eq!(found.project_file, None);
        assert_eq!(list(&rec_dir), vec![found.clone()]);
        let back = restore(&found).unwrap();
        assert_eq!(back.project(), ws.project());
        assert!(back.is_dirty(), "recovered work is unsaved");
        assert_eq!(back.base_dir(), ws.base_dir());
        discard(&path);
        assert!(find(&rec_dir, None, ws.base_dir()).is_none());
    }
}
