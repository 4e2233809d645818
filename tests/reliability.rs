//! Never lose work, never choke on input: sources that change under a
//! project, damaged or foreign project files, saves that fail or are cut
//! short, and hostile input everywhere input enters.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use parallax::corpus::{self, ReadOptions, SkipReason};
use parallax::edit::Edit;
use parallax::model::Project;
use parallax::project_file;
use parallax::sources::{self, SourceState};
use parallax::workspace::Workspace;

fn parallax(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A copy of the sample project to change.
fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample");
    copy_dir(&src, &dir.path().join("sample"));
    let project = dir.path().join("sample/sample.ron");
    (dir, project)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// Run `f` on another thread and fail (rather than hang) past `secs`.
fn within<T: Send + 'static>(secs: u64, what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(secs))
        .unwrap_or_else(|_| panic!("{what} did not finish within {secs} s"))
}

// ----- articles that change under a project -----

#[test]
fn changed_moved_and_vanished_sources_are_reported() {
    let (dir, project) = sample_copy();
    let articles = dir.path().join("sample/articles");
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(articles.join("coastline-post.txt"))
        .unwrap();
    writeln!(f, "A late paragraph.").unwrap();
    std::fs::create_dir_all(articles.join("archive")).unwrap();
    std::fs::rename(
        articles.join("harbour-ledger.md"),
        articles.join("archive/harbour-ledger.md"),
    )
    .unwrap();
    std::fs::remove_file(articles.join("elsen-valley-radio.txt")).unwrap();

    let ws = Workspace::open(&project).unwrap();
    let checks = sources::check(ws.project(), ws.base_dir());
    let state = |name: &str| {
        checks
            .iter()
            .find(|c| c.path.ends_with(name))
            .unwrap()
            .state
            .clone()
    };
    assert_eq!(state("coastline-post.txt"), SourceState::Changed);
    assert!(
        matches!(state("harbour-ledger.md"), SourceState::Moved { ref to, changed: false } if to.ends_with("archive/harbour-ledger.md"))
    );
    assert_eq!(state("elsen-valley-radio.txt"), SourceState::Missing);
    assert_eq!(state("northgate-daily.html"), SourceState::Unchanged);
    // The project still works from its snapshots.
    assert_eq!(ws.project().span_count(), 59);

    // `parallax check` reports the drift and exits 1.
    let o = parallax(&["check", project.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("coastline-post.txt: changed"), "{out}");
    assert!(out.contains("harbour-ledger.md: moved to"), "{out}");
    assert!(out.contains("elsen-valley-radio.txt: missing"), "{out}");
}

#[test]
fn update_from_source_moves_spans_keeps_orphans_and_undoes() {
    let (dir, project) = sample_copy();
    let file = dir.path().join("sample/articles/coastline-post.txt");
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text
        .replace("MARROWBY —", "MARROWBY (updated) —")
        .replace(
            "there is no proof yet of a link to the water",
            "there is no proof yet of any link to the water",
        )
        .replace(
            "Critics alleged that the plant had been neglected for years.\n",
            "",
        );
    std::fs::write(&file, edited).unwrap();

    let mut ws = Workspace::open(&project).unwrap();
    let before = ws.project().clone();
    let checks = sources::check(ws.project(), ws.base_dir());
    let c = checks.iter().find(|c| c.updatable()).unwrap().clone();
    let (edit, report) = sources::update_from_source(ws.project(), ws.base_dir(), &c).unwrap();
    assert_eq!(report.fuzzy, 1, "{report}");
    assert_eq!(report.orphaned, 3, "{report}");
    assert_eq!(
        report.kept + report.moved + report.fuzzy + report.orphaned,
        19
    );
    ws.apply(edit).unwrap();
    let p = &ws.project();
    assert_eq!(p.orphan_count(), 3);
    assert!(p
        .orphans()
        .any(|o| o.quote == "the plant had been neglected for years"));
    // Every placed span's quote matches its new offsets.
    for a in p.articles() {
        for s in p.spans_of(a.id) {
            assert_eq!(a.slice(s.range()), Some(s.quote.as_str()));
        }
    }
    let fuzzy = p
        .all_spans()
        .find(|s| s.quote.contains("any link to the water"))
        .unwrap();
    assert_eq!(
        fuzzy.quote,
        "there is no proof yet of any link to the water"
    );
    // Links to orphans survive; the project saves and loads with them.
    ws.save().unwrap();
    let reloaded = project_file::load(&project).unwrap();
    assert_eq!(reloaded.orphan_count(), 3);
    assert_eq!(reloaded.link_count(), before.link_count());
    // Undo gives back the old text and every span.
    ws.undo().unwrap();
    assert_eq!(ws.project(), &before);
}

/// An article whose source moved and changed, updated from its new place.
fn updated_from_a_moved_source() -> (tempfile::TempDir, PathBuf, Workspace) {
    let (dir, project) = sample_copy();
    let articles = dir.path().join("sample/articles");
    let text = std::fs::read_to_string(articles.join("coastline-post.txt")).unwrap();
    std::fs::create_dir_all(articles.join("archive")).unwrap();
    std::fs::write(
        articles.join("archive/coastline-post.txt"),
        text.replace(
            "Critics alleged that the plant had been neglected for years.\n",
            "",
        ),
    )
    .unwrap();
    std::fs::remove_file(articles.join("coastline-post.txt")).unwrap();
    let mut ws = Workspace::open(&project).unwrap();
    let checks = sources::check(ws.project(), ws.base_dir());
    let c = checks.iter().find(|c| c.updatable()).unwrap().clone();
    let (edit, _) = sources::update_from_source(ws.project(), ws.base_dir(), &c).unwrap();
    ws.apply(edit).unwrap();
    (dir, project, ws)
}

#[test]
fn undo_after_save_as_elsewhere_restores_a_path_valid_from_there() {
    let (dir, _, mut ws) = updated_from_a_moved_source();
    let article = ws
        .project()
        .articles()
        .iter()
        .find(|a| a.path.ends_with("coastline-post.txt"))
        .unwrap()
        .id;
    let old_file = dir.path().join("sample/articles/coastline-post.txt");
    let elsewhere = dir.path().join("elsewhere/deeper");
    std::fs::create_dir_all(&elsewhere).unwrap();
    ws.save_as(&elsewhere.join("p.ron")).unwrap();
    ws.undo().unwrap();
    let path = &ws.project().article(article).unwrap().path;
    assert_eq!(
        ws.article_source(path),
        parallax::paths::absolute(&old_file),
        "the undone path ({path}) names the old file from the new folder"
    );
    ws.redo().unwrap();
    let path = &ws.project().article(article).unwrap().path;
    assert!(ws.article_source(path).exists(), "{path}");
}

#[test]
fn renaming_a_tag_renames_its_orphans_so_they_can_be_placed() {
    let (_dir, _, mut ws) = updated_from_a_moved_source();
    let orphan = ws.project().orphans().next().unwrap().clone();
    let from = orphan.tag.clone();
    ws.apply(Edit::RenameTag {
        from: from.clone(),
        to: format!("{from} (renamed)"),
    })
    .unwrap();
    let renamed = ws.project().orphan(orphan.id).unwrap().clone();
    assert_eq!(renamed.tag, format!("{from} (renamed)"));
    // Placing it at a selection works under the new name.
    let a = ws.project().article(renamed.article).unwrap();
    let placed = parallax::model::Span::new(renamed.id, a, &renamed.tag, 0..8, "ana").unwrap();
    ws.apply(Edit::PlaceOrphan(placed)).unwrap();
    assert!(ws.project().span(renamed.id).is_some());
    // Undo all the way gives back the orphan under its old name.
    ws.undo().unwrap();
    ws.undo().unwrap();
    assert_eq!(ws.project().orphan(orphan.id).unwrap().tag, from);
}

#[test]
fn reanchor_command_reports_counts_and_orphans() {
    let (dir, project) = sample_copy();
    let file = dir.path().join("sample/articles/elsen-valley-radio.txt");
    let bytes = std::fs::read(&file).unwrap();
    let mut edited = b"Update at noon.\r\n\r\n".to_vec();
    edited.extend(bytes);
    std::fs::write(&file, edited).unwrap();
    let o = parallax(&["reanchor", project.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("elsen-valley-radio.txt: 0 kept in place, 8 moved, 0 fuzzy, 0 orphaned"),
        "{out}"
    );
    let o = parallax(&["check", project.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

// ----- damaged, old or foreign project files -----

#[test]
fn damaged_project_files_give_clear_errors_and_stay_untouched() {
    let (_dir, project) = sample_copy();
    let good = std::fs::read_to_string(&project).unwrap();
    let too_new = format!(
        "file version 9, this build reads up to version {}",
        parallax::project_file::VERSION
    );
    let variants: Vec<(&str, String, &str)> = vec![
        (
            "truncated",
            good[..good.len() / 2].to_owned(),
            "not a valid project file",
        ),
        ("malformed", good.replacen("(id: ", "(id ", 1), "expected"),
        (
            "wrong type",
            good.replacen("hotkey: Some(1)", "hotkey: Some(\"one\")", 1),
            "expected a number",
        ),
        (
            "unknown field",
            good.replacen("offset_unit:", "colour: 3, offset_unit:", 1),
            "unknown field `colour`",
        ),
        (
            "duplicate id",
            good.replacen("id: \"000000005002\"", "id: \"000000005001\"", 1),
            "used twice",
        ),
        (
            "offsets out of range",
            out_of_range(&good),
            "outside its article",
        ),
        (
            "newer",
            good.replacen(
                &format!("version: {},", parallax::project_file::VERSION),
                "version: 9,",
                1,
            ),
            &too_new,
        ),
        (
            "not a project",
            "(hello: \"world\")".into(),
            "not a valid project file",
        ),
        ("empty", String::new(), "the file is empty"),
        (
            "binary",
            "\u{0}\u{1}PK\u{3}\u{4}".into(),
            "not a valid project file",
        ),
    ];
    for (what, text, want) in variants {
        let path = project.with_file_name(format!("{}.ron", what.replace(' ', "-")));
        std::fs::write(&path, &text).unwrap();
        let o = parallax(&["stats", path.to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{what}: {err}");
        assert!(err.contains(want), "{what}: {err}");
        assert_eq!(err.lines().count(), 1, "{what}: {err}");
        assert!(!err.contains("panicked"), "{what}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            text,
            "{what}: file untouched"
        );
        // `check` names line numbers for problems it can place.
        if what == "duplicate id" || what == "offsets out of range" {
            let o = parallax(&["check", path.to_str().unwrap()]);
            assert_eq!(o.status.code(), Some(1));
            let out = stdout(&o);
            assert!(
                out.lines().any(|l| l
                    .split(':')
                    .nth(1)
                    .is_some_and(|n| n.parse::<usize>().is_ok())),
                "{out}"
            );
        }
    }
    // A malformed file names its line and column.
    let path = project.with_file_name("malformed.ron");
    let err = stderr(&parallax(&["stats", path.to_str().unwrap()]));
    let rest = err.split("malformed.ron:").nth(1).unwrap();
    let mut nums = rest.split(':').take(2).map(|n| n.trim().parse::<usize>());
    assert!(
        nums.next().unwrap().is_ok() && nums.next().unwrap().is_ok(),
        "{err}"
    );
}

/// The file with its first span's end pushed far past its article's end.
fn out_of_range(good: &str) -> String {
    let at = good.find("tag: \"Claim\", start: ").unwrap();
    let end_at = at + good[at..].find("end: ").unwrap() + 5;
    let digits = good[end_at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .count();
    format!("{}999999{}", &good[..end_at], &good[end_at + digits..])
}

// ----- saving under faults -----

#[test]
fn a_save_cut_off_at_any_byte_leaves_the_old_file() {
    let (_dir, project) = sample_copy();
    let old = std::fs::read(&project).unwrap();
    let p = project_file::load(&project).unwrap();
    let new_text = project_file::to_string(&p);
    // Fail after N bytes, for N across the whole file.
    let step = (new_text.len() / 40).max(1);
    for limit in (0..new_text.len()).step_by(step) {
        let r = parallax::atomic::write_with(&project, parallax::atomic::Backup::Keep, |w| {
            w.write_all(&new_text.as_bytes()[..limit])?;
            Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "no space left on device",
            ))
        });
        assert!(r.is_err());
        assert_eq!(
            std::fs::read(&project).unwrap(),
            old,
            "after failing at byte {limit}"
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(project.parent().unwrap())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary files left behind: {leftovers:?}"
    );
}

#[test]
fn a_failed_save_keeps_the_edits_and_save_as_elsewhere_works() {
    let (dir, project) = sample_copy();
    let mut ws = Workspace::open(&project).unwrap();
    let span = ws.project().all_spans().next().unwrap().id;
    ws.apply(Edit::SetNote {
        span,
        note: "kept through a failed save".into(),
    })
    .unwrap();
    // A folder that cannot hold the file: its "folder" is a file.
    let blocked = dir
        .path()
        .join("sample/articles/coastline-post.txt/study.ron");
    let e = ws.save_as(&blocked).unwrap_err();
    assert!(e.to_string().contains("could not save"), "{e}");
    assert!(ws.is_dirty());
    assert_eq!(
        ws.project().span(span).unwrap().note,
        "kept through a failed save"
    );
    assert_eq!(
        ws.file(),
        Some(parallax::paths::absolute(&project).as_path()),
        "still tied to its file"
    );
    let elsewhere = dir.path().join("elsewhere.ron");
    ws.save_as(&elsewhere).unwrap();
    assert!(!ws.is_dirty());
    let saved = project_file::load(&elsewhere).unwrap();
    assert_eq!(saved.span(span).unwrap().note, "kept through a failed save");
    // Article paths now start from the new file's folder and still resolve.
    assert!(sources::check(&saved, dir.path())
        .iter()
        .all(|c| c.state == SourceState::Unchanged));
}

/// Run the ignored test `name` of this binary in a child process with `env`
/// set, and fail unless it finishes with "CHILD OK".
#[cfg(unix)]
fn run_child(name: &str, env: &[(&str, &std::ffi::OsStr)]) {
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            name,
            "--ignored",
            "--test-threads=1",
            "--nocapture",
        ])
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && printed.contains("CHILD OK"),
        "{printed}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Become `nobody` if running as root, for whom permission bits do not
/// apply; a child process calls this before testing them.
#[cfg(unix)]
fn drop_root() {
    // SAFETY: plain libc calls on this process.
    unsafe {
        if libc::geteuid() == 0 {
            assert_eq!(libc::setgid(65534), 0, "setgid nobody");
            assert_eq!(libc::setuid(65534), 0, "setuid nobody");
        }
    }
}

/// The child side of the read-only test. Root ignores permission bits, so a
/// child running as root first becomes `nobody`; then the folder binds.
#[cfg(unix)]
#[test]
#[ignore = "run by a_read_only_folder_gives_a_clear_error_and_keeps_the_edits"]
fn child_read_only_folder() {
    let (Ok(path), Ok(ro), Ok(elsewhere)) = (
        std::env::var("PARALLAX_PROJECT"),
        std::env::var("PARALLAX_READ_ONLY"),
        std::env::var("PARALLAX_ELSEWHERE"),
    ) else {
        return;
    };
    drop_root();
    let mut ws = Workspace::open(Path::new(&path)).unwrap();
    let span = ws.project().all_spans().next().unwrap().id;
    ws.apply(Edit::SetNote {
        span,
        note: "kept through a read-only folder".into(),
    })
    .unwrap();
    let e = ws
        .save_as(&Path::new(&ro).join("study.ron"))
        .unwrap_err()
        .to_string();
    println!("ERROR: {e}");
    assert!(
        e.contains("could not save") && e.contains("ermission"),
        "{e}"
    );
    assert!(ws.is_dirty(), "the edit is still there to save");
    assert_eq!(
        ws.project().span(span).unwrap().note,
        "kept through a read-only folder"
    );
    ws.save_as(Path::new(&elsewhere)).unwrap();
    assert!(!ws.is_dirty());
    println!("CHILD OK");
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_gives_a_clear_error_and_keeps_the_edits() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, project) = sample_copy();
    let mode =
        |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    // The child may run as `nobody`: let it read the sample and write only
    // where the test says.
    mode(dir.path(), 0o755);
    let ro = dir.path().join("readonly");
    let open = dir.path().join("open");
    std::fs::create_dir_all(&ro).unwrap();
    std::fs::create_dir_all(&open).unwrap();
    mode(&ro, 0o555);
    mode(&open, 0o777);
    let elsewhere = open.join("elsewhere.ron");
    run_child(
        "child_read_only_folder",
        &[
            ("PARALLAX_PROJECT", project.as_os_str()),
            ("PARALLAX_READ_ONLY", ro.as_os_str()),
            ("PARALLAX_ELSEWHERE", elsewhere.as_os_str()),
        ],
    );
    assert_eq!(
        std::fs::read_dir(&ro).unwrap().count(),
        0,
        "nothing written"
    );
    let saved = project_file::load(&elsewhere).unwrap();
    assert!(saved
        .all_spans()
        .any(|s| s.note == "kept through a read-only folder"));
    mode(&ro, 0o755);
}

/// The child side of the kill test: save two versions in turn, forever.
#[test]
#[ignore = "run by save_loop_killed_at_random_leaves_a_loadable_file"]
fn child_save_loop() {
    let Ok(path) = std::env::var("PARALLAX_SAVE_LOOP") else {
        return;
    };
    let path = PathBuf::from(path);
    let mut a = project_file::load(&path).unwrap();
    let mut b = a.clone();
    let span = b.all_spans().next().unwrap().id;
    Edit::SetNote {
        span,
        note: "version B ".repeat(2000),
    }
    .apply(&mut b)
    .unwrap();
    loop {
        project_file::save(&a, &path).unwrap();
        project_file::save(&b, &path).unwrap();
        std::mem::swap(&mut a, &mut b);
    }
}

#[test]
fn save_loop_killed_at_random_leaves_a_loadable_file() {
    let (_dir, project) = sample_copy();
    let original = project_file::load(&project).unwrap();
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    for round in 0..12 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "child_save_loop",
                "--ignored",
                "--test-threads=1",
            ])
            .env("PARALLAX_SAVE_LOOP", &project)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_millis(60 + seed % 240));
        child.kill().unwrap();
        child.wait().unwrap();
        let p: Project =
            project_file::load(&project).unwrap_or_else(|e| panic!("round {round}: {e}"));
        assert_eq!(p.articles(), original.articles(), "round {round}");
        assert_eq!(p.span_count(), original.span_count(), "round {round}");
        let note = &p.all_spans().next().unwrap().note;
        assert!(
            note.is_empty() || note.starts_with("version B"),
            "round {round}: old or new, never a mix"
        );
    }
}

/// The child side of the full-disk test: the operating system refuses to let
/// this process write more than 4 KiB to any file (RLIMIT_FSIZE, which binds
/// root too), as a full disk would.
#[cfg(unix)]
#[test]
#[ignore = "run by a_full_disk_gives_a_clear_error_and_keeps_the_edits"]
fn child_full_disk() {
    let Ok(path) = std::env::var("PARALLAX_FULL_DISK") else {
        return;
    };
    let path = PathBuf::from(path);
    let mut ws = Workspace::open(&path).unwrap();
    let span = ws.project().all_spans().next().unwrap().id;
    ws.apply(Edit::SetNote {
        span,
        note: "written on a full disk".into(),
    })
    .unwrap();
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain libc calls on this process, with valid pointers.
    let saved = unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
        assert_eq!(libc::getrlimit(libc::RLIMIT_FSIZE, &mut limit), 0);
        let saved = limit;
        limit.rlim_cur = 4096;
        assert_eq!(libc::setrlimit(libc::RLIMIT_FSIZE, &limit), 0);
        saved
    };
    let e = ws.save().unwrap_err().to_string();
    println!("ERROR: {e}");
    assert!(
        e.contains("could not save") && e.contains("the disk is full"),
        "{e}"
    );
    assert!(ws.is_dirty(), "the edit is still there to save");
    assert_eq!(
        ws.project().span(span).unwrap().note,
        "written on a full disk"
    );
    // Room again (as after freeing space): Save as… elsewhere works.
    // SAFETY: as above; raising the soft limit back to the hard one is allowed.
    unsafe {
        assert_eq!(libc::setrlimit(libc::RLIMIT_FSIZE, &saved), 0);
    }
    let elsewhere = path.with_file_name("elsewhere.ron");
    ws.save_as(&elsewhere).unwrap();
    assert!(!ws.is_dirty());
    println!("CHILD OK");
}

#[cfg(unix)]
#[test]
fn a_full_disk_gives_a_clear_error_and_keeps_the_edits() {
    let (dir, project) = sample_copy();
    let old = std::fs::read(&project).unwrap();
    run_child(
        "child_full_disk",
        &[("PARALLAX_FULL_DISK", project.as_os_str())],
    );
    assert_eq!(
        std::fs::read(&project).unwrap(),
        old,
        "the old file is whole"
    );
    let saved = project_file::load(&dir.path().join("sample/elsewhere.ron")).unwrap();
    assert!(saved
        .all_spans()
        .any(|s| s.note == "written on a full disk"));
    let leftovers: Vec<_> = std::fs::read_dir(project.parent().unwrap())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files: {leftovers:?}");
}

// ----- bad input, everywhere input enters -----

/// A folder of every kind of bad article file.
fn hostile_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_path_buf();
    let put = |name: &str, bytes: Vec<u8>| std::fs::write(d.join(name), bytes).unwrap();
    put("empty.txt", vec![]);
    put("binary.txt", (0..=255u8).cycle().take(100_000).collect());
    put("nul.txt", b"text\0with\0nuls".to_vec());
    put(
        "invalid-utf8.txt",
        b"caf\xe9 \xff\xfe\xfd ok \xc3\x28 end, according to officials".to_vec(),
    );
    put("mixed-endings.txt", b"one\r\ntwo\rthree\nfour".to_vec());
    let mut lone = vec![0xFF, 0xFE];
    lone.extend([b'a', 0, 0x01, 0xDC, b'b', 0]);
    put("lone-surrogate.txt", lone);
    put("long-line.txt", "word ".repeat(2_000_000).into_bytes());
    put(
        "deep.html",
        format!(
            "{}deep text{}",
            "<div>".repeat(500_000),
            "</div>".repeat(500_000)
        )
        .into_bytes(),
    );
    put("huge.txt", vec![b'a'; 50 * 1024 * 1024 + 1]);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&d, d.join("loop")).unwrap();
        std::os::unix::fs::symlink(d.join("gone.txt"), d.join("dangling.txt")).unwrap();
        mkfifo(&d.join("pipe.txt"));
    }
    dir
}

/// Peak resident memory of this process since the last [`reset_peak_rss`],
/// in MiB.
#[cfg(target_os = "linux")]
fn peak_rss_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/self/status");
    kib / 1024
}

/// Forget the peak so far: a spawned process can start with its parent's
/// (which `getrusage` keeps across exec).
#[cfg(target_os = "linux")]
fn reset_peak_rss() {
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
}

/// The child side of the memory test: read the hostile folder, a 50 MB
/// article and hostile project files, then report the peak memory.
#[cfg(target_os = "linux")]
#[test]
#[ignore = "run by reading_hostile_input_keeps_memory_bounded"]
fn child_hostile_memory() {
    let Ok(dir) = std::env::var("PARALLAX_HOSTILE") else {
        return;
    };
    let d = PathBuf::from(dir);
    reset_peak_rss();
    let corpus = corpus::read_folder(&d, &ReadOptions::default()).unwrap();
    drop(corpus);
    let big = corpus::read_file(
        &d.join("huge.txt"),
        &ReadOptions {
            max_file_size: 100 << 20,
        },
    )
    .unwrap();
    drop(big);
    for bytes in hostile_project_inputs() {
        parallax::fuzzing::project_loader(&bytes);
    }
    let peak = peak_rss_mib();
    println!("PEAK {peak} MiB");
    assert!(peak < MEMORY_BOUND_MIB, "peak memory {peak} MiB");
    println!("CHILD OK");
}

/// Peak memory allowed for reading all the hostile input, whose largest file
/// read whole is 50 MiB (measured: 56 MiB; twice the file would pass, a
/// reader that copies it three times or keeps the whole folder would not).
#[cfg(target_os = "linux")]
const MEMORY_BOUND_MIB: u64 = 128;

#[cfg(target_os = "linux")]
#[test]
fn reading_hostile_input_keeps_memory_bounded() {
    let dir = hostile_folder();
    run_child(
        "child_hostile_memory",
        &[("PARALLAX_HOSTILE", dir.path().as_os_str())],
    );
}

#[test]
fn hostile_article_files_are_read_or_skipped_in_bounded_time() {
    let dir = hostile_folder();
    let d = dir.path().to_path_buf();

    let path = d.clone();
    let corpus = within(120, "reading hostile files", move || {
        corpus::read_folder(&path, &ReadOptions::default()).unwrap()
    });
    let reason = |name: &str| {
        corpus
            .skipped
            .iter()
            .find(|s| s.path.ends_with(name))
            .map(|s| s.reason.clone())
    };
    let article = |name: &str| corpus.articles.iter().find(|a| a.rel == name);
    assert_eq!(reason("empty.txt"), Some(SkipReason::Empty));
    #[cfg(unix)]
    {
        assert_eq!(reason("loop"), Some(SkipReason::SymlinkLoop));
        assert_eq!(reason("pipe.txt"), Some(SkipReason::NotAFile));
        assert!(matches!(
            reason("dangling.txt"),
            Some(SkipReason::Unreadable(_))
        ));
        // Asked for by name, a pipe is still refused rather than waited on.
        let pipe = d.join("pipe.txt");
        let read = within(10, "reading a named pipe", move || {
            corpus::read_file(&pipe, &ReadOptions::default())
        });
        assert_eq!(read.unwrap_err(), SkipReason::NotAFile);
    }
    assert!(matches!(reason("binary.txt"), Some(SkipReason::Binary(_))));
    assert!(matches!(reason("nul.txt"), Some(SkipReason::Binary(_))));
    assert!(matches!(
        reason("lone-surrogate.txt"),
        Some(SkipReason::Undecodable(_))
    ));
    assert!(matches!(
        reason("huge.txt"),
        Some(SkipReason::TooLarge { .. })
    ));
    assert!(
        article("invalid-utf8.txt").is_some(),
        "legacy text is decoded"
    );
    assert_eq!(
        article("mixed-endings.txt").unwrap().text,
        "one\ntwo\nthree\nfour"
    );
    assert_eq!(article("long-line.txt").unwrap().text.len(), 10_000_000);
    assert_eq!(article("deep.html").unwrap().text, "deep text");

    // With the limit raised, the 50 MB article is read.
    let path = d.join("huge.txt");
    let big = within(120, "reading a 50 MB article", move || {
        corpus::read_file(
            &path,
            &ReadOptions {
                max_file_size: 100 << 20,
            },
        )
    });
    assert_eq!(big.unwrap()[0].text.len(), 50 * 1024 * 1024 + 1);
}

#[test]
fn a_hundred_thousand_tiny_files_are_read_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..100_000u32 {
        let sub = dir.path().join(format!("d{}", i % 100));
        if i < 100 {
            std::fs::create_dir_all(&sub).unwrap();
        }
        std::fs::write(sub.join(format!("{i}.txt")), format!("Tiny {i}\n\nsaid.")).unwrap();
    }
    let path = dir.path().to_path_buf();
    let corpus = within(300, "reading 100,000 files", move || {
        corpus::read_folder(&path, &ReadOptions::default()).unwrap()
    });
    assert_eq!(corpus.articles.len(), 100_000);
    assert!(corpus.skipped.is_empty());
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

/// Paths that are not project files at all: each gives an error naming the
/// path, quickly, without reading a pipe or a device forever.
#[cfg(unix)]
#[test]
fn project_paths_that_are_not_files_give_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_path_buf();
    mkfifo(&d.join("pipe.ron"));
    std::os::unix::fs::symlink(d.join("self.ron"), d.join("self.ron")).unwrap();
    let cases: Vec<(PathBuf, &str)> = vec![
        (d.clone(), "not a regular file"),
        (d.join("pipe.ron"), "not a regular file"),
        (PathBuf::from("/dev/zero"), "not a regular file"),
        (d.join("self.ron"), "symbolic links"),
        (d.join("missing.ron"), "No such file"),
    ];
    for (path, expect) in cases {
        let p = path.clone();
        let e = within(10, &format!("loading {}", path.display()), move || {
            project_file::load(&p).map(|_| ()).unwrap_err().to_string()
        });
        assert!(
            e.contains(&path.display().to_string()) && e.contains(expect),
            "{e}"
        );
        // The command line says the same and exits non-zero.
        let p = path.clone();
        let out = within(20, "parallax check", move || {
            parallax(&["check", p.to_str().unwrap()])
        });
        assert!(!out.status.success());
        assert!(stderr(&out).contains(expect), "{}", stderr(&out));
        // Importers refuse such a path too.
        let p = path.clone();
        let e = within(10, "importing", move || {
            parallax::import::ImportFormat::W3c.read(&p).unwrap_err()
        });
        assert!(e.contains(expect), "{e}");
    }
}

/// The child side of the unreadable-files test, run as `nobody` when the
/// tests run as root (root reads files whatever their permissions).
#[cfg(unix)]
#[test]
#[ignore = "run by unreadable_files_and_folders_are_reported"]
fn child_unreadable() {
    let Ok(dir) = std::env::var("PARALLAX_UNREADABLE") else {
        return;
    };
    let d = PathBuf::from(dir);
    drop_root();
    let corpus = corpus::read_folder(&d.join("articles"), &ReadOptions::default()).unwrap();
    let reason = |name: &str| {
        corpus
            .skipped
            .iter()
            .find(|s| s.path.ends_with(name))
            .map(|s| s.reason.to_string())
    };
    assert_eq!(corpus.articles.len(), 1, "the readable one");
    let secret = reason("secret.txt").expect("secret.txt reported");
    assert!(secret.contains("ermission denied"), "{secret}");
    let closed = reason("closed").expect("the closed folder reported");
    assert!(closed.contains("ermission denied"), "{closed}");

    let e = project_file::load(&d.join("locked.ron"))
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("locked.ron") && e.contains("ermission denied"),
        "{e}"
    );
    // A project whose source file became unreadable says so.
    let project = project_file::load(&d.join("sample/sample.ron")).unwrap();
    let checks = sources::check(&project, &d.join("sample"));
    assert!(
        checks
            .iter()
            .any(|c| matches!(&c.state, SourceState::Unreadable { reason } if reason.contains("ermission"))),
        "{checks:?}"
    );
    println!("CHILD OK");
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_folders_are_reported() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, _) = sample_copy();
    let d = dir.path();
    let mode =
        |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    mode(d, 0o755);
    let articles = d.join("articles");
    std::fs::create_dir_all(articles.join("closed")).unwrap();
    std::fs::write(articles.join("open.txt"), "Readable, officials said.").unwrap();
    std::fs::write(articles.join("secret.txt"), "Unreadable, officials said.").unwrap();
    std::fs::write(articles.join("closed/inside.txt"), "Out of reach.").unwrap();
    std::fs::copy(d.join("sample/sample.ron"), d.join("locked.ron")).unwrap();
    let first_source = std::fs::read_dir(d.join("sample/articles"))
        .unwrap()
        .flatten()
        .next()
        .unwrap()
        .path();
    for p in [
        articles.join("secret.txt"),
        articles.join("closed"),
        d.join("locked.ron"),
        first_source.clone(),
    ] {
        mode(&p, 0o000);
    }
    run_child(
        "child_unreadable",
        &[("PARALLAX_UNREADABLE", d.as_os_str())],
    );
    mode(&articles.join("closed"), 0o755);
}

/// Project files broken in every way we could think of.
fn hostile_project_inputs() -> Vec<Vec<u8>> {
    let good =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample/sample.ron"))
            .unwrap();
    let mut inputs: Vec<Vec<u8>> = vec![
        vec![],
        vec![0; 1000],
        (0..=255u8).cycle().take(10_000).collect(),
        b"\xff\xfe(format: \"parallax-project\")".to_vec(),
        format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(),
        format!("(format: \"parallax-project\", version: 2, offset_unit: \"codepoint\", tags: [], articles: [(id: \"1\", path: \"a\", encoding: \"x\", sha256: \"\", meta: (outlet: \"o\", title: \"t\"), text: \"{}\")])", "a".repeat(5_000_000)).into_bytes(),
        good.iter().map(|b| if *b == b'"' { b'\'' } else { *b }).collect(),
    ];
    // Truncated at many points, and with single bytes flipped.
    for cut in (0..good.len()).step_by(good.len() / 50) {
        inputs.push(good[..cut].to_vec());
        let mut flipped = good.clone();
        flipped[cut] ^= 0x5a;
        inputs.push(flipped);
    }
    inputs
}

#[test]
fn hostile_project_files_give_errors_not_panics() {
    let inputs = hostile_project_inputs();
    let results = within(120, "loading hostile project files", move || {
        inputs
            .iter()
            .map(|bytes| {
                std::panic::catch_unwind(|| parallax::fuzzing::project_loader(bytes)).is_ok()
            })
            .collect::<Vec<bool>>()
    });
    assert!(
        results.iter().all(|ok| *ok),
        "{:?}",
        results.iter().position(|ok| !ok)
    );
}
