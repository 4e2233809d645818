//! Crash-safe file writes: write a temporary file beside the target, flush
//! and fsync it, then rename it over the target, so that the target is at
//! every moment either the old file or the new one, never a mix.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// What to do with the file being replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backup {
    /// Keep the previous version as `NAME.bak` (e.g. `sample.ron.bak`).
    Keep,
    None,
}

/// The backup path kept for `path`: `NAME.EXT.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

fn temp_path(path: &Path, tag: &str) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(format!(".{tag}-{}-{n}", std::process::id()));
    path.with_file_name(name)
}

/// Write `path` atomically with the bytes `fill` produces. On any error the
/// old file (if any) is untouched and the temporary file is removed.
///
/// Writing keeps the file's nature: through a symbolic link the file it
/// points to is replaced (the link stays a link), and the replaced file's
/// permissions carry over to the new one.
pub fn write_with(
    path: &Path,
    backup: Backup,
    fill: impl FnOnce(&mut (dyn Write + Send)) -> io::Result<()>,
) -> io::Result<()> {
    let path = &resolve_links(path)?;
    let old_permissions = fs::metadata(path).ok().map(|m| m.permissions());
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if path.is_dir() {
        return Err(io::Error::other("a folder has that name"));
    }
    let tmp = temp_path(path, "tmp");
    let result = (|| {
        let file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        let mut w = BufWriter::with_capacity(1 << 20, file);
        fill(&mut w)?;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        if let Some(p) = old_permissions {
            file.set_permissions(p)?;
        }
        file.sync_all()?;
        drop(file);
        if backup == Backup::Keep && path.exists() {
            keep_backup(path)?;
        }
        fs::rename(&tmp, path)?;
        sync_dir(&dir);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// The file a path finally names, following symbolic links (also one that
/// points at a file not yet there); loops are an error.
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(io::Error::other(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

/// Write bytes atomically.
pub fn write(path: &Path, backup: Backup, bytes: &[u8]) -> io::Result<()> {
    write_with(path, backup, |w| w.write_all(bytes))
}

/// Put a copy of the current file at its backup path, itself atomically.
fn keep_backup(path: &Path) -> io::Result<()> {
    let bak = backup_path(path);
    let tmp = temp_path(path, "bak");
    // A hard link costs nothing; fall back to a copy where links are not supported.
    if fs::hard_link(path, &tmp).is_err() {
        fs::copy(path, &tmp)?;
    }
    fs::rename(&tmp, &bak).inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

/// Make the rename durable. Best effort: not every platform can open a folder.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_keeps_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("p.ron");
        write(&p, Backup::Keep, b"one").unwrap();
        assert!(!backup_path(&p).exists());
        write(&p, Backup::Keep, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(fs::read(backup_path(&p)).unwrap(), b"one");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            2,
            "no temporary files left"
        );
    }

    #[test]
    fn a_failing_writer_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("p.ron");
        write(&p, Backup::Keep, b"old").unwrap();
        let err = write_with(&p, Backup::Keep, |w| {
            w.write_all(b"half of the new")?;
            Err(io::Error::other("disk full"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(fs::read(&p).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn saving_through_a_link_keeps_the_link_and_the_permissions() {
        use std::os::unix::fs::{symlink, PermissionsExt};
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("store").join("p.ron");
        fs::create_dir_all(real.parent().unwrap()).unwrap();
        write(&real, Backup::Keep, b"one").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o600)).unwrap();
        let link = dir.path().join("p.ron");
        symlink("store/p.ron", &link).unwrap();
        write(&link, Backup::Keep, b"two").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read(&real).unwrap(), b"two");
        assert_eq!(fs::read(backup_path(&real)).unwrap(), b"one");
        let mode = fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        // A loop of links is an error, and nothing is written.
        let a = dir.path().join("a.ron");
        let b = dir.path().join("b.ron");
        symlink(&b, &a).unwrap();
        symlink(&a, &b).unwrap();
        assert!(write(&a, Backup::Keep, b"x").is_err());
    }

    #[test]
    fn a_missing_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("nope").join("p.ron");
        assert!(write(&p, Backup::Keep, b"x").is_err());
    }
}
