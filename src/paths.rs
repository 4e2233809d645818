//! Article paths as project files store them: relative to the project
//! file's folder, `/`-separated, so a project and its articles can move
//! together between machines.

use std::path::{Component, Path, PathBuf};

/// `path` made absolute and cleaned of `.` and `..` without touching the
/// file system (the target may not exist yet).
pub fn absolute(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// `target` relative to the folder `base`, with `/` separators.
pub fn relative(base: &Path, target: &Path) -> String {
    let base = absolute(base);
    let target = absolute(target);
    let b: Vec<_> = base.components().collect();
    let t: Vec<_> = target.components().collect();
    let common = b.iter().zip(&t).take_while(|(x, y)| x == y).count();
    if common == 0 {
        // Different roots (e.g. drives on Windows): keep the absolute path.
        return target.to_string_lossy().replace('\\', "/");
    }
    let mut parts: Vec<String> = vec!["..".to_owned(); b.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// The file a stored relative path points at, from the folder `base`.
pub fn resolve(base: &Path, stored: &str) -> PathBuf {
    let p = Path::new(stored);
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        absolute(&base.join(stored))
    }
}

/// The folder a project file's relative paths start from.
pub fn project_dir(project_file: &Path) -> PathBuf {
    absolute(project_file)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_walk_up_and_down() {
        assert_eq!(
            relative(Path::new("/a/b"), Path::new("/a/b/c/d.txt")),
            "c/d.txt"
        );
        assert_eq!(
            relative(Path::new("/a/b"), Path::new("/a/x/d.txt")),
            "../x/d.txt"
        );
        assert_eq!(
            relative(Path::new("/a/b/"), Path::new("/a/b/./c/../d.txt")),
            "d.txt"
        );
        assert_eq!(
            resolve(Path::new("/a/b"), "../x/d.txt"),
            PathBuf::from("/a/x/d.txt")
        );
        assert_eq!(project_dir(Path::new("/a/b/p.ron")), PathBuf::from("/a/b"));
    }
}
