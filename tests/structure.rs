//! The shape of the code, checked: the modules of the desktop app form no
//! import cycle, no panel reaches into the app shell, and the model knows
//! nothing of the UI. Read from the sources, so a change that breaks the
//! layout fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// `super::name` and `crate::ui::name` references of each module of `src/ui`
/// (the app shell's own files under `src/ui/app/` count as `app`).
fn ui_imports() -> BTreeMap<String, BTreeSet<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    let mut files = Vec::new();
    for dir in [root.clone(), root.join("app")] {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            if e.path().extension().is_some_and(|x| x == "rs") {
                files.push(e.path());
            }
        }
    }
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &files {
        let name = if f.parent().is_some_and(|p| p.ends_with("app")) {
            "app".to_owned()
        } else {
            f.file_stem().unwrap().to_string_lossy().into_owned()
        };
        let text = std::fs::read_to_string(f).unwrap();
        let entry = out.entry(name.clone()).or_default();
        for marker in ["super::", "crate::ui::"] {
            for (at, _) in text.match_indices(marker) {
                // From a file under src/ui/app/, `super::` is the shell itself.
                if marker == "super::"
                    && name == "app"
                    && f.parent().is_some_and(|p| p.ends_with("app"))
                {
                    continue;
                }
                let rest = &text[at + marker.len()..];
                let module: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if module != name && !module.is_empty() {
                    entry.insert(module);
                }
            }
        }
    }
    let known: BTreeSet<String> = out.keys().cloned().collect();
    for deps in out.values_mut() {
        deps.retain(|d| known.contains(d));
    }
    out
}

fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == n) {
            let mut c = path[i..].to_vec();
            c.push(n.to_owned());
            return Some(c);
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.to_owned());
        for d in graph.get(n).into_iter().flatten() {
            if let Some(c) = visit(d, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_ui_modules_form_no_import_cycle() {
    let graph = ui_imports();
    assert!(
        graph.len() > 20,
        "the modules were found: {:?}",
        graph.keys()
    );
    assert_eq!(cycle(&graph), None);
}

#[test]
fn no_panel_imports_the_app_shell() {
    for (module, deps) in ui_imports() {
        if module == "mod" || module == "launch" {
            continue; // they start the app
        }
        assert!(!deps.contains("app"), "{module} imports the app shell");
    }
}

#[test]
fn the_model_knows_nothing_of_the_ui() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                if !p.ends_with("ui") {
                    stack.push(p);
                }
                continue;
            }
            if p.extension().is_none_or(|x| x != "rs") || p.ends_with("lib.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            for banned in ["egui", "eframe", "crate::ui"] {
                assert!(
                    !text.contains(&format!("use {banned}"))
                        && !text.contains(&format!("{banned}::")),
                    "{} refers to {banned}",
                    p.display()
                );
            }
        }
    }
}
