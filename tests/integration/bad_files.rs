//! Hostile and broken input: every file in `tests/data/bad/` gives its documented message (see
//! the README there), and nothing panics or freezes.

use tongxing::diag::Localize;
use tongxing::pipeline::{InputFile, Options, run};

use crate::util::data;

fn run_bytes(name: &str, bytes: Vec<u8>) -> Result<tongxing::pipeline::Analysis, String> {
    let opts = Options { layout: true, ..Options::default() };
    run(&[InputFile { name: name.into(), bytes, kind: None }], &opts, &|| 0.0).map_err(|e| {
        let m = e.user_message();
        assert!(tongxing::i18n::has(tongxing::i18n::Lang::ZhHant, &m.key), "every error has a locale key");
        m.text(tongxing::i18n::Lang::En)
    })
}

fn run_bad(name: &str) -> Result<tongxing::pipeline::Analysis, String> {
    run_bytes(name, std::fs::read(data(&format!("bad/{name}"))).expect("fixture"))
}

#[track_caller]
fn expect_error(name: &str, needle: &str) {
    match run_bad(name) {
        Ok(_) => panic!("{name}: expected an error containing {needle:?}"),
        Err(e) => assert!(e.contains(needle), "{name}: {e}"),
    }
}

#[track_caller]
fn expect_warning(name: &str, needle: &str) -> tongxing::pipeline::Analysis {
    let a = run_bad(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(
        a.report.input.warnings.iter().any(|w| w.message.contains(needle)),
        "{name}: no warning containing {needle:?}: {:?}",
        a.report.input.warnings.iter().map(|w| &w.message).collect::<Vec<_>>()
    );
    a
}

#[test]
fn errors() {
    expect_error("empty.csv", "the file is empty");
    expect_error("header_only.csv", "has a header row but no responses");
    expect_error("binary.bin", "binary data at byte 4");
    expect_error("not_an_array.json", "JSON input must be an array of objects");
    expect_error("truncated.xlsx", "the workbook cannot be read");
    expect_error("zip_bomb.xlsx", "more than this page allows");
}

#[test]
fn warnings_keep_the_good_rows() {
    let a = expect_warning("ragged.csv", "cells but the header has");
    assert_eq!(a.report.input.rows, 3);
    expect_warning("ragged.csv", "more cells than the header");
    let a = expect_warning("duplicate_headers.csv", "appears more than once");
    assert!(a.report.input.codebook.iter().any(|c| c.column == "q_1 (2)"));
    expect_warning("invalid_utf8.csv", "replaced with “�”");
    expect_warning("utf16_lone_surrogate.csv", "replaced with “�”");
    let a = run_bad("unclosed_quote.csv").unwrap();
    assert_eq!(a.report.input.rows, 1);
}

#[test]
fn formula_injection_is_neutralized_in_exports() {
    let a = run_bad("formula_injection.csv").unwrap();
    let names: Vec<String> = a.report.capacity.organizations.iter().map(|o| o.name.clone()).collect();
    assert!(names[0].starts_with("=HYPERLINK"));
    let table =
        tongxing::ingest::Table::new("orgs", &["name"], names.iter().map(|n| vec![n.clone()]).collect());
    let csv = String::from_utf8(tongxing::export::csv_bytes(&table, false)).unwrap();
    for line in csv.lines().skip(1) {
        let cell = line.trim_start_matches('"');
        assert!(cell.starts_with('\'') || !cell.starts_with(['=', '+', '-', '@']), "{line}");
    }
    let xlsx = tongxing::export::xlsx_bytes(&[("orgs", &table)]).unwrap();
    let back = tongxing::ingest::load_file("x.xlsx", &xlsx, None).unwrap();
    assert!(back.tables[0].1.rows().iter().all(|r| !r[0].starts_with(['=', '+', '@'])));
}

#[test]
fn markup_in_names_is_escaped_in_svg() {
    let a = run_bad("html_injection.csv").unwrap();
    assert!(a.report.capacity.organizations[0].name.contains("<script>"));
    for (i, (rel, graph)) in a.relations().enumerate() {
        let svg =
            tongxing::charts::network::diagram(rel, graph, &a.layouts[i], tongxing::i18n::Lang::En).unwrap();
        assert!(!svg.contains("<script") && !svg.contains("<svg onload"), "{svg}");
    }
}

#[test]
fn a_50_mb_single_line_file_is_handled() {
    let line = "x".repeat(50 * 1024 * 1024);
    let e = run_bytes("long.csv", line.into_bytes()).unwrap_err();
    assert!(e.contains("no responses"), "{e}");
}

#[test]
fn deeply_nested_json_is_an_error_not_a_stack_overflow() {
    let deep = "[".repeat(100_000);
    let e = run_bytes("deep.json", deep.into_bytes()).unwrap_err();
    assert!(e.contains("JSON input must be an array of objects"), "{e}");
}
