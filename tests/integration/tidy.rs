//! Architecture rules as tests: the core stays free of web crates and of import cycles among
//! its top-level modules; every module says what it is for; no tests that expect a panic;
//! ARCHITECTURE.md names only paths that exist and stays short; no large files are committed.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn src() -> Vec<PathBuf> {
    let mut v = Vec::new();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut v);
    v
}

#[test]
fn core_has_no_web_dependency() {
    for p in src() {
        let rel = p.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap().to_string_lossy().to_string();
        if rel.starts_with("src/ui")
            || rel.ends_with("bin/app.rs")
            || rel.ends_with("bin/worker.rs")
            || rel.ends_with("bin/file_worker.rs")
            || rel == "src/worker.rs"
            || rel.starts_with("src/worker/")
            || rel == "src/file_worker.rs"
            || rel.ends_with("src/lib.rs")
        {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        for word in ["leptos", "web_sys", "js_sys", "gloo", "wasm_bindgen"] {
            assert!(!text.contains(word), "{rel} mentions {word}: the core must stay web-free");
        }
    }
}

#[test]
fn every_module_has_a_doc_comment() {
    for p in src() {
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.trim_start().starts_with("//!"), "{} lacks a //! module doc", p.display());
    }
}

#[test]
fn no_panic_expecting_tests() {
    let mut files = src();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests"), &mut files);
    let needle = ["should", "_panic"].concat();
    for p in files {
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(!text.contains(&needle), "{} uses {needle}", p.display());
    }
}

/// Dependency hygiene that needs no network: every locked package comes from crates.io (no git
/// or path dependencies sneak in), and the crates known to be unmaintained or superseded are
/// absent. The advisory database cannot be fetched on the build machines; see
/// `docs/dependencies.md` for the manual review.
#[test]
fn dependencies_come_from_crates_io_and_are_maintained() {
    let lock = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock")).unwrap();
    let mut name = String::new();
    let mut others = Vec::new();
    for line in lock.lines() {
        if let Some(n) = line.strip_prefix("name = ") {
            name = n.trim_matches('"').to_string();
        }
        if let Some(src) = line.strip_prefix("source = ")
            && src.trim_matches('"') != "registry+https://github.com/rust-lang/crates.io-index"
        {
            others.push(format!("{name}: {src}"));
        }
    }
    assert!(others.is_empty(), "packages not from crates.io: {others:?}");
    // RUSTSEC-listed as unmaintained, with maintained replacements.
    for banned in [
        "atty",
        "ansi_term",
        "difference",
        "term",
        "net2",
        "stdweb",
        "instant",
        "proc-macro-error",
        "yaml-rust",
    ] {
        assert!(!lock.contains(&format!("name = \"{banned}\"\n")), "unmaintained crate {banned} is locked");
    }
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The repository's folders that Markdown paths start with.
const FOLDERS: [&str; 12] = [
    "src/", "tests/", "e2e/", "scripts/", "tools/", "docs/", "benches/", "locales/", "style/", "public/",
    ".ci/", ".cargo/",
];

/// The repository paths a Markdown text names: backticked tokens and link targets that start
/// with one of the repository's folders (`src/…`, `tests/…`, `docs/…`, …). `{a,b}` in a token
/// stands for both names; a `*` keeps the part before it (the folder must exist).
fn named_paths(markdown: &str) -> Vec<String> {
    // Fence lines are dropped, so that their three backticks do not pair with inline ones.
    let markdown: String =
        markdown.lines().filter(|l| !l.trim_start().starts_with("```")).collect::<Vec<_>>().join("\n");
    let mut tokens: Vec<&str> = markdown.split('`').skip(1).step_by(2).collect();
    tokens.extend(markdown.split("](").skip(1).filter_map(|rest| rest.split(')').next()));
    let mut out = Vec::new();
    for token in tokens {
        let token = token.trim();
        if token.contains(char::is_whitespace) || !FOLDERS.iter().any(|f| token.starts_with(f)) {
            continue;
        }
        let token = token.split('*').next().unwrap_or(token);
        match (token.find('{'), token.find('}')) {
            (Some(open), Some(close)) if open < close => {
                for choice in token[open + 1..close].split(',') {
                    out.push(format!("{}{choice}{}", &token[..open], &token[close + 1..]));
                }
            }
            _ => out.push(token.to_string()),
        }
    }
    out
}

#[test]
fn named_paths_expand_choices_and_globs() {
    let md = "```\nx\n```\nSee `src/a.rs`, `benches/results/{native,browser}.md`, `src/ui/views/*` and [x](docs/y.md); not `cargo test` or `report::Key`.";
    assert_eq!(
        named_paths(md),
        ["src/a.rs", "benches/results/native.md", "benches/results/browser.md", "src/ui/views/", "docs/y.md"]
    );
    let md = "### `src/ui/`\nThe page: `state.rs`, `views/` (`views/table.rs`), `src/lib.rs`, `cargo test`.\n## Testing\n`x.rs`";
    assert_eq!(section_files(md), ["src/ui/state.rs", "src/ui/views/", "src/ui/views/table.rs"]);
}

/// The files a code map section names by their bare names (`mod.rs`, `views/`), as paths in the
/// folder its heading names (a heading that starts with a backticked `src/…/`).
fn section_files(markdown: &str) -> Vec<String> {
    let mut folder: Option<String> = None;
    let mut out = Vec::new();
    for line in markdown.lines() {
        if line.starts_with('#') {
            let heading = line.strip_prefix("### `").and_then(|h| h.split('`').next());
            folder = heading.filter(|h| h.starts_with("src/") && h.ends_with('/')).map(str::to_string);
            continue;
        }
        let Some(folder) = &folder else { continue };
        for token in line.split('`').skip(1).step_by(2) {
            let bare = token.trim_end_matches('/');
            let is_name =
                !bare.is_empty() && bare.chars().all(|c| c.is_ascii_alphanumeric() || "_./".contains(c));
            let full_path = FOLDERS.iter().any(|f| token.starts_with(f));
            if is_name && !full_path && (token.ends_with(".rs") || token.ends_with('/')) {
                out.push(format!("{folder}{token}"));
            }
        }
    }
    out
}

/// ARCHITECTURE.md is a map; a map that names paths that are gone misleads.
#[test]
fn architecture_names_only_paths_that_exist() {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let named = named_paths(&text).into_iter().chain(section_files(&text));
    let missing: Vec<String> = named.filter(|p| !root().join(p).exists()).collect();
    assert!(missing.is_empty(), "ARCHITECTURE.md names paths that do not exist: {missing:?}");
}

/// ARCHITECTURE.md stays a map a newcomer reads in ten minutes (about 2,000 words); history,
/// measurements and per-file detail go to docs/ and the files' own `//!` docs.
#[test]
fn architecture_is_at_most_14_kb() {
    let bytes = std::fs::metadata(root().join("ARCHITECTURE.md")).unwrap().len();
    assert!(
        bytes <= 14 * 1024,
        "ARCHITECTURE.md is {bytes} bytes; keep it at most 14 KB (details go to docs/)"
    );
}

/// The files of the repository: `git ls-files` when git is there, else a walk that skips build
/// output and installed packages.
fn repository_files() -> Vec<PathBuf> {
    let listed = std::process::Command::new("git").arg("ls-files").arg("-z").current_dir(root()).output();
    if let Ok(out) = listed
        && out.status.success()
        && !out.stdout.is_empty()
    {
        return out
            .stdout
            .split(|b| *b == 0)
            .filter(|p| !p.is_empty())
            .map(|p| root().join(String::from_utf8_lossy(p).as_ref()))
            .collect();
    }
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            let name = p.file_name().unwrap_or_default().to_string_lossy().to_string();
            if p.is_dir() {
                if ![".git", "target", "dist", "node_modules"].contains(&name.as_str()) {
                    walk(&p, out);
                }
            } else {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(root(), &mut out);
    out
}

/// Generated data (synthetic surveys, benchmark output) is made again by the tools, not
/// committed: no tracked file is over 1 MB.
#[test]
fn no_tracked_file_is_over_1_mb() {
    let large: Vec<String> = repository_files()
        .into_iter()
        .filter_map(|p| {
            let bytes = std::fs::metadata(&p).ok()?.len();
            (bytes > 1024 * 1024).then(|| format!("{} ({bytes} bytes)", p.display()))
        })
        .collect();
    assert!(large.is_empty(), "files over 1 MB: {large:?}");
}

/// Non-test code of a Rust file: comments and `#[cfg(test)]` modules removed (rustfmt closes a
/// top-level module with a `}` in the first column).
fn non_test_code(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]" && lines.peek().is_some_and(|l| l.starts_with("mod ")) {
            lines.by_ref().find(|l| *l == "}");
            continue;
        }
        out.push_str(line.split("//").next().unwrap_or_default());
        out.push('\n');
    }
    out
}

/// The top-level modules that `code` names as `crate::x` or within `crate::{x, y::z}`.
fn crate_references(code: &str) -> BTreeSet<String> {
    let ident = |s: &str| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    let mut out = BTreeSet::new();
    for rest in code.split("crate::").skip(1) {
        let Some(group) = rest.strip_prefix('{') else {
            out.insert(ident(rest));
            continue;
        };
        // The first name of each item at the group's top level.
        let (mut depth, mut item_start) = (0usize, true);
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => item_start = true,
                c if item_start && !c.is_whitespace() => {
                    out.insert(ident(&group[i..]));
                    item_start = false;
                }
                _ => {}
            }
        }
    }
    out.remove("");
    out
}

#[test]
fn crate_references_read_paths_and_groups() {
    let code = non_test_code(
        "//! Uses `crate::ui`.\nuse crate::report::{Key, format::num};\nuse crate::{stats::{mean, sd}, rng::Rng};\n\
         fn f() { crate::i18n::t(); } // crate::charts\n#[cfg(test)]\nmod tests {\n    use crate::demo;\n}\n",
    );
    assert_eq!(crate_references(&code), ["i18n", "report", "rng", "stats"].map(String::from).into());
}

/// The core's top-level modules (every module of `src/` except the web and command-line layer:
/// `ui`, `bin`, `worker`, `file_worker`) with, for each, the other core modules its non-test code
/// uses and the files that use them.
fn core_imports() -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
    let src_dir = root().join("src");
    let top = |p: &Path| {
        let rel = p.strip_prefix(&src_dir).unwrap();
        let first = rel.components().next().unwrap().as_os_str().to_string_lossy().to_string();
        first.strip_suffix(".rs").unwrap_or(&first).to_string()
    };
    let web = ["ui", "bin", "worker", "file_worker", "lib"];
    let files: Vec<PathBuf> = src().into_iter().filter(|p| !web.contains(&top(p).as_str())).collect();
    let modules: BTreeSet<String> = files.iter().map(|p| top(p)).collect();
    let mut imports: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> =
        modules.iter().map(|m| (m.clone(), BTreeMap::new())).collect();
    for p in &files {
        let module = top(p);
        let code = non_test_code(&std::fs::read_to_string(p).unwrap());
        for used in crate_references(&code) {
            if used != module && modules.contains(&used) {
                let file = p.strip_prefix(&src_dir).unwrap().to_string_lossy().to_string();
                imports.get_mut(&module).unwrap().entry(used).or_default().insert(file);
            }
        }
    }
    imports
}

/// The shortest import cycle through each module that has one, as `a → b → a` with the files
/// behind each step.
fn import_cycles(imports: &BTreeMap<String, BTreeMap<String, BTreeSet<String>>>) -> Vec<String> {
    let mut cycles: Vec<String> = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for start in imports.keys() {
        if seen.contains(start) {
            continue;
        }
        // Breadth-first search back to `start`.
        let mut parent: BTreeMap<&String, &String> = BTreeMap::new();
        let mut queue: VecDeque<&String> = VecDeque::from([start]);
        let mut closing = None;
        'search: while let Some(m) = queue.pop_front() {
            for next in imports[m].keys() {
                if next == start {
                    closing = Some(m);
                    break 'search;
                }
                if !parent.contains_key(next) {
                    parent.insert(next, m);
                    queue.push_back(next);
                }
            }
        }
        let Some(mut m) = closing else { continue };
        let mut path = vec![start.clone()];
        while m != start {
            path.push(m.clone());
            m = parent[m];
        }
        path.push(start.clone());
        path.reverse();
        seen.extend(path.iter().cloned());
        let steps: Vec<String> = path
            .windows(2)
            .map(|w| {
                format!(
                    "{} → {} ({})",
                    w[0],
                    w[1],
                    imports[&w[0]][&w[1]].iter().cloned().collect::<Vec<_>>().join(", ")
                )
            })
            .collect();
        cycles.push(steps.join("; "));
    }
    cycles
}

#[test]
fn import_cycles_are_found_and_shown() {
    let edge = |a: &str, b: &str| {
        (a.to_string(), BTreeMap::from([(b.to_string(), BTreeSet::from([format!("{a}.rs")]))]))
    };
    let imports = BTreeMap::from([edge("a", "b"), edge("b", "c"), edge("c", "a"), edge("d", "a")]);
    assert_eq!(import_cycles(&imports), ["a → b (a.rs); b → c (b.rs); c → a (c.rs)"]);
}

/// The core is layered (ARCHITECTURE.md lists the layers): a module may use the ones below it,
/// never one that uses it back, directly or through others.
#[test]
fn core_modules_have_no_import_cycle() {
    let imports = core_imports();
    assert!(imports.contains_key("report") && imports["capacity"].contains_key("report"), "{imports:?}");
    let cycles = import_cycles(&imports);
    assert!(cycles.is_empty(), "import cycles among the core's top-level modules:\n{}", cycles.join("\n"));
}

/// `code` with comments, string literals and character literals blanked out (each character
/// becomes a space, line breaks stay), so that braces and `fn` are only read where they are code.
fn blank_literals(code: &str) -> String {
    let c: Vec<char> = code.chars().collect();
    let mut out: Vec<char> = c.clone();
    let blank = |out: &mut Vec<char>, from: usize, to: usize| {
        for ch in &mut out[from..to.min(c.len())] {
            if *ch != '\n' {
                *ch = ' ';
            }
        }
    };
    let is_ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    let mut i = 0;
    while i < c.len() {
        let next = c.get(i + 1).copied();
        if c[i] == '/' && next == Some('/') {
            let end = (i..c.len()).find(|&j| c[j] == '\n').unwrap_or(c.len());
            blank(&mut out, i, end);
            i = end;
        } else if c[i] == '/' && next == Some('*') {
            let (mut depth, mut j) = (1, i + 2);
            while j < c.len() && depth > 0 {
                if c[j] == '/' && c.get(j + 1) == Some(&'*') {
                    depth += 1;
                    j += 1;
                } else if c[j] == '*' && c.get(j + 1) == Some(&'/') {
                    depth -= 1;
                    j += 1;
                }
                j += 1;
            }
            blank(&mut out, i, j);
            i = j;
        } else if (c[i] == 'r' || c[i] == 'b')
            && (i == 0 || !is_ident(c[i - 1]))
            && matches!(c[i..].iter().find(|&&ch| ch != 'r' && ch != 'b'), Some('#') | Some('"'))
            && c[i..].iter().take_while(|&&ch| ch == 'r' || ch == 'b').any(|&ch| ch == 'r')
        {
            // A raw string: r"…", r#"…"#, br#"…"#.
            let mut j = i;
            while c[j] == 'r' || c[j] == 'b' {
                j += 1;
            }
            let hashes = c[j..].iter().take_while(|&&ch| ch == '#').count();
            j += hashes;
            if c.get(j) != Some(&'"') {
                i += 1;
                continue;
            }
            let close: String = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
            let rest: String = c[j + 1..].iter().collect();
            let end =
                rest.find(&close).map(|k| j + 1 + rest[..k].chars().count() + close.len()).unwrap_or(c.len());
            blank(&mut out, i, end);
            i = end;
        } else if c[i] == '"' {
            let mut j = i + 1;
            while j < c.len() && c[j] != '"' {
                j += if c[j] == '\\' { 2 } else { 1 };
            }
            blank(&mut out, i, j + 1);
            i = j + 1;
        } else if c[i] == '\'' {
            // A character literal ('a', '\n', '\u{7f}', '{'), not a lifetime ('a).
            let end = if next == Some('\\') {
                (i + 2..c.len()).find(|&j| c[j] == '\'').map(|j| j + 1)
            } else if c.get(i + 2) == Some(&'\'') {
                Some(i + 3)
            } else {
                None
            };
            match end {
                Some(end) => {
                    blank(&mut out, i, end);
                    i = end;
                }
                None => i += 1,
            }
        } else {
            i += 1;
        }
    }
    out.into_iter().collect()
}

/// The functions of `code` (already blanked by `blank_literals`) as (name, first line, number of
/// lines from `fn` to the closing brace), skipping items marked `#[cfg(test)]`. Lines count
/// from 1.
fn function_lengths(code: &str) -> Vec<(String, usize, usize)> {
    let c: Vec<char> = code.chars().collect();
    let line_at = |i: usize| c[..i].iter().filter(|&&ch| ch == '\n').count() + 1;
    let is_ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    // The index after the brace that closes the one at `open`.
    let matching = |open: usize| {
        let mut depth = 0usize;
        for (j, &ch) in c.iter().enumerate().skip(open) {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        return j + 1;
                    }
                }
                _ => {}
            }
        }
        c.len()
    };
    // The body's opening brace of the item starting at `from`, or None for a declaration (`;`).
    let body = |from: usize| {
        let mut depth = 0i32;
        for (j, &ch) in c.iter().enumerate().skip(from) {
            match ch {
                '(' | '[' => depth += 1,
                ')' | ']' => depth -= 1,
                '{' if depth == 0 => return Some(j),
                ';' if depth == 0 => return None,
                _ => {}
            }
        }
        None
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        let rest = &c[i..];
        if rest.starts_with(&"#[cfg(test)]".chars().collect::<Vec<_>>()) {
            // Skip the item the attribute marks.
            let after = i + "#[cfg(test)]".len();
            i = match body(after) {
                Some(open) => matching(open),
                None => after,
            };
            continue;
        }
        let starts_fn = rest.starts_with(&['f', 'n'])
            && (i == 0 || !is_ident(c[i - 1]))
            && rest.get(2).is_some_and(|ch| ch.is_whitespace());
        if starts_fn {
            let name: String = rest[2..]
                .iter()
                .skip_while(|ch| ch.is_whitespace())
                .take_while(|&&ch| is_ident(ch))
                .collect();
            if !name.is_empty()
                && let Some(open) = body(i + 2)
            {
                let close = matching(open);
                out.push((name, line_at(i), line_at(close.saturating_sub(1)) - line_at(i) + 1));
            }
        }
        i += 1;
    }
    out
}

#[test]
fn function_lengths_count_from_fn_to_the_closing_brace() {
    let code = "/// f\nfn short(x: [u8; 2]) -> u8 {\n    let s = \"}\"; // }\n    let c = '}';\n    x[0]\n}\n\
                fn decl();\nimpl A {\n    pub fn long<'a>(&'a self) {\n        if true {\n        }\n    }\n}\n\
                #[cfg(test)]\nmod tests {\n    fn inside() {}\n}\nfn last() { let r = r#\"{\"#; }\n";
    assert_eq!(
        function_lengths(&blank_literals(code)),
        [("short".to_string(), 2, 5), ("long".to_string(), 9, 4), ("last".to_string(), 18, 1)]
    );
}

/// Functions longer than the limit that are allowed for now, each with the reason.
const LONG_FUNCTIONS_ALLOWED: &[(&str, &str, &str)] = &[];

/// No function outside tests is longer than 120 lines (from `fn` to its closing brace; Leptos
/// components count): a long function is split into named pieces a reader can follow.
#[test]
fn no_function_over_120_lines() {
    const LIMIT: usize = 120;
    let mut long = Vec::new();
    let mut allowed_seen = BTreeSet::new();
    for p in src() {
        let rel = p.strip_prefix(root()).unwrap().to_string_lossy().replace('\\', "/");
        let code = blank_literals(&std::fs::read_to_string(&p).unwrap());
        for (name, line, lines) in function_lengths(&code) {
            if lines <= LIMIT {
                continue;
            }
            if LONG_FUNCTIONS_ALLOWED.iter().any(|(file, f, _)| *file == rel && *f == name) {
                allowed_seen.insert((rel.clone(), name));
                continue;
            }
            long.push(format!("{rel}:{line} {name} ({lines} lines)"));
        }
    }
    assert!(
        long.is_empty(),
        "functions over {LIMIT} lines (split them into named pieces):\n{}",
        long.join("\n")
    );
    // An entry whose function was split is removed from the list.
    let stale: Vec<_> = LONG_FUNCTIONS_ALLOWED
        .iter()
        .filter(|(file, f, _)| !allowed_seen.contains(&(file.to_string(), f.to_string())))
        .collect();
    assert!(stale.is_empty(), "allowed long functions that are no longer long (remove them): {stale:?}");
}

/// ARCHITECTURE.md's Dependencies section names every direct dependency of Cargo.toml (normal,
/// target-specific and dev), so the map says what the page and the CLI are built from.
#[test]
fn architecture_lists_every_direct_dependency() {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let mut in_deps = false;
    let mut deps = Vec::new();
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_deps = line.ends_with("dependencies]");
            continue;
        }
        if in_deps
            && !line.starts_with('#')
            && let Some((name, _)) = line.split_once('=')
        {
            deps.push(name.trim().to_string());
        }
    }
    assert!(deps.contains(&"serde".to_string()) && deps.contains(&"clap".to_string()), "{deps:?}");
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let section =
        text.split("### Dependencies").nth(1).and_then(|s| s.split("\n#").next()).unwrap_or_default();
    let words: BTreeSet<&str> =
        section.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_')).collect();
    let missing: Vec<&String> = deps.iter().filter(|d| !words.contains(d.as_str())).collect();
    assert!(missing.is_empty(), "ARCHITECTURE.md's Dependencies section does not name {missing:?}");
}

/// The page leaves the download files' words out of its first load and fetches them before a
/// download (`src/later_words.rs`): a key with one of those prefixes anywhere else would show
/// as the key itself.
#[test]
fn download_words_are_used_only_by_the_download_files() {
    let downloads = ["html.rs", "profile.rs", "workbook.rs", "ratings.rs", "rounds.rs", "graph.rs"]
        .map(|f| Path::new(env!("CARGO_MANIFEST_DIR")).join("src/export").join(f));
    let mut misplaced = Vec::new();
    for p in src() {
        // The rule's own module, and `i18n`, whose tests take a download word before and after.
        if downloads.contains(&p) || p.ends_with("src/later_words.rs") || p.ends_with("src/i18n.rs") {
            continue;
        }
        let code = non_test_code(&std::fs::read_to_string(&p).unwrap());
        for prefix in tongxing::later_words::LATER_PREFIXES {
            if code.contains(&format!("\"{prefix}")) {
                misplaced.push(format!("{}: \"{prefix}…", p.display()));
            }
        }
    }
    assert!(misplaced.is_empty(), "download files' words used elsewhere: {misplaced:?}");
}
