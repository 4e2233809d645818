//! Reading files that came from the user without hanging or running out of
//! memory: a named pipe or a device (`/dev/zero`) where a file was expected
//! is refused before it is read, and a file past its limit is refused even
//! if it grows while it is read.

use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

/// Largest project or import file read whole into memory.
pub const MAX_DOCUMENT_SIZE: u64 = 2 << 30;

#[derive(Debug)]
pub enum ReadFail {
    Io(io::Error),
    /// A folder, pipe, socket or device.
    NotAFile,
    TooLarge {
        size: u64,
        limit: u64,
    },
}

impl fmt::Display for ReadFail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadFail::Io(e) => write!(f, "{e}"),
            ReadFail::NotAFile => f.write_str("not a regular file"),
            ReadFail::TooLarge { size, limit } => write!(
                f,
                "too large ({:.1} MB; the limit is {:.1} MB)",
                *size as f64 / 1_048_576.0,
                *limit as f64 / 1_048_576.0
            ),
        }
    }
}

impl std::error::Error for ReadFail {}

impl From<io::Error> for ReadFail {
    fn from(e: io::Error) -> Self {
        ReadFail::Io(e)
    }
}

/// Open a regular file. Checked before opening, because opening a pipe for
/// reading waits for a writer; non-blocking on Unix so that a file swapped
/// for a pipe in between cannot hang either.
fn open_regular(path: &Path) -> Result<(File, u64), ReadFail> {
    if !fs::metadata(path)?.is_file() {
        return Err(ReadFail::NotAFile);
    }
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadFail::NotAFile);
    }
    Ok((file, meta.len()))
}

/// The whole file, if it is a regular file of at most `limit` bytes.
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, ReadFail> {
    let (file, len) = open_regular(path)?;
    if len > limit {
        return Err(ReadFail::TooLarge { size: len, limit });
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadFail::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// [`read`], storing the file's size in `size` and the bytes read so far in
/// `done` as it goes (for a progress bar).
pub fn read_reporting(
    path: &Path,
    limit: u64,
    size: &std::sync::atomic::AtomicU64,
    done: &std::sync::atomic::AtomicU64,
) -> Result<Vec<u8>, ReadFail> {
    use std::sync::atomic::Ordering::Relaxed;
    let (mut file, len) = open_regular(path)?;
    if len > limit {
        return Err(ReadFail::TooLarge { size: len, limit });
    }
    size.store(len, Relaxed);
    let mut bytes = Vec::with_capacity(len as usize);
    let mut chunk = vec![0; 4 << 20];
    loop {
        match file.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => {
                bytes.extend_from_slice(&chunk[..n]);
                done.store(bytes.len() as u64, Relaxed);
                if bytes.len() as u64 > limit {
                    return Err(ReadFail::TooLarge {
                        size: bytes.len() as u64,
                        limit,
                    });
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(bytes)
}

/// The SHA-256 of a regular file, in lower-case hex, read in small pieces
/// so that memory stays flat whatever its size.
pub fn sha256_hex(path: &Path) -> Result<String, ReadFail> {
    let (mut file, _) = open_regular(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0; 64 * 1024];
    loop {
        match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => hasher.update(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(hex(&hasher.finalize()))
}

/// Lower-case hex digits of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_files_within_the_limit_and_refuses_others() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        fs::write(&p, b"hello").unwrap();
        assert_eq!(read(&p, 5).unwrap(), b"hello");
        assert!(matches!(
            read(&p, 4),
            Err(ReadFail::TooLarge { size: 5, limit: 4 })
        ));
        assert!(matches!(read(dir.path(), 100), Err(ReadFail::NotAFile)));
        assert!(matches!(
            read(&dir.path().join("missing"), 100),
            Err(ReadFail::Io(e)) if e.kind() == io::ErrorKind::NotFound
        ));
        assert_eq!(sha256_hex(&p).unwrap(), crate::corpus::sha256_hex(b"hello"));
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_pipes_are_refused_without_reading() {
        assert!(matches!(
            read(Path::new("/dev/zero"), u64::MAX),
            Err(ReadFail::NotAFile)
        ));
        assert!(matches!(
            sha256_hex(Path::new("/dev/zero")),
            Err(ReadFail::NotAFile)
        ));
    }
}
