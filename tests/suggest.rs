//! `parallax suggest`: JSON Lines in the documented shape, offsets in code
//! points that give back the text, and --apply adding what is confident.

use std::process::Command;

#[test]
fn suggestions_are_json_lines_and_apply_adds_them() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    std::fs::write(
        articles.join("a.txt"),
        "Plant shut\n\nThe union said the plant had been run down for years. According to two officials, the filters failed on Monday. “Ça suffit, we have heard this before,” said Amélie Durand. The plant closed after the storm.\n",
    )
    .unwrap();
    let project = dir.path().join("p.ron");
    let bin = env!("CARGO_BIN_EXE_parallax");
    let ok = |args: &[&str]| {
        let out = Command::new(bin).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let p = project.to_str().unwrap();
    ok(&["new", p, "--articles", articles.to_str().unwrap()]);
    let lines = ok(&["suggest", p]);
    let text = std::fs::read_to_string(articles.join("a.txt")).unwrap();
    let chars: Vec<char> = text.chars().collect();
    let mut n = 0;
    for line in lines.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["kind"], "attribution");
        for part in ["claim", "cue", "source"] {
            let start = v[part]["start"].as_u64().unwrap() as usize;
            let end = v[part]["end"].as_u64().unwrap() as usize;
            let at: String = chars[start..end].iter().collect();
            assert_eq!(at, v[part]["text"].as_str().unwrap(), "{part}");
        }
        assert!(v["why"].as_str().unwrap().starts_with("cue '"));
        n += 1;
    }
    assert_eq!(n, 3, "{lines}");
    assert!(lines.contains("\"cue_stance\":\"neutral\""));
    ok(&["suggest", p, "--apply", "--min-confidence", "0.8"]);
    let proj = parallax::project_file::load(&project).unwrap();
    // The two at 0.85 (preposition, trailing cue); not the 0.75 one.
    assert_eq!(proj.link_count(), 2);
    assert_eq!(proj.span_count(), 6);
    // What is coded is not suggested again.
    assert_eq!(ok(&["suggest", p]).lines().count(), 1);
}
