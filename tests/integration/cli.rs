//! The CLI: `tongxing analyze … --json` prints the report; errors go to stderr with exit 2.

use std::process::Command;

use crate::util::data;

fn tongxing() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tongxing"))
}

#[test]
fn analyze_json_on_stdout() {
    let out =
        tongxing().args(["analyze", data("small_survey.csv").to_str().unwrap(), "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], "tongxing.report/1");
    assert_eq!(v["input"]["rows"], 5);
    assert!(v.get("timings_ms").is_none());
    let with_t = tongxing()
        .args(["analyze", data("small_survey.csv").to_str().unwrap(), "--json", "--timings"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&with_t.stdout).unwrap();
    for k in [
        "decode",
        "parse",
        "survey",
        "capacity",
        "network",
        "pagerank",
        "betweenness",
        "communities",
        "total",
    ] {
        assert!(v["timings_ms"][k].is_number(), "timing {k}");
    }
}

#[test]
fn errors_are_messages_not_panics() {
    let out =
        tongxing().args(["analyze", data("bad_binary.csv").to_str().unwrap(), "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not a text table"), "{err}");
    assert!(!err.contains("panicked"));
    assert!(out.stdout.is_empty());
    let out = tongxing().args(["analyze", "/no/such/file.csv"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
    let out = tongxing()
        .args(["analyze", data("bad_binary.csv").to_str().unwrap(), "--lang", "zh"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("二进制"));
    let out = tongxing().arg("frobnicate").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn demo_then_analyze_with_codebook_and_aliases() {
    let dir = std::env::temp_dir().join(format!("tongxing-cli-{}", std::process::id()));
    let st = tongxing().args(["demo", dir.to_str().unwrap()]).status().unwrap();
    assert!(st.success());
    let p = |n: &str| dir.join(n).to_str().unwrap().to_string();
    let out = tongxing()
        .args([
            "analyze",
            &p("demo_responses.csv"),
            "--codebook",
            &p("demo_codebook.csv"),
            "--aliases",
            &p("demo_aliases.csv"),
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let cli: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lib = tongxing::pipeline::run(&tongxing::demo::files(), &Default::default(), &|| 0.0).unwrap();
    let lib = serde_json::to_value(&lib.report.capacity).unwrap();
    same_json(&cli["capacity"], &lib, "capacity");
    let charts = dir.join("charts");
    let out =
        tongxing().args(["analyze", &p("demo.xlsx"), "--charts", charts.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success());
    let svg = std::fs::read_to_string(charts.join("means.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("Knowledge sharing"));
    // One file per chart of the page's gallery, named by the chart's id.
    for id in [
        "box",
        "correlations",
        "network-knowledge_sharing",
        "degree-knowledge_sharing",
        "communities-combined",
    ] {
        assert!(charts.join(format!("{id}.svg")).exists(), "{id}.svg");
    }
    let html = std::fs::read_to_string(charts.join("report.html")).unwrap();
    assert!(html.matches("<figure>").count() >= 10);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Structural equality with a float tolerance (JSON text round trips can move the last bit).
fn same_json(a: &serde_json::Value, b: &serde_json::Value, path: &str) {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!((x - y).abs() <= 1e-12 * x.abs().max(1.0), "{path}: {x} vs {y}");
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{path}: length");
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                same_json(p, q, &format!("{path}[{i}]"));
            }
        }
        (Value::Object(x), Value::Object(y)) => {
            assert_eq!(x.keys().collect::<Vec<_>>(), y.keys().collect::<Vec<_>>(), "{path}: keys");
            for (k, v) in x {
                same_json(v, &y[k], &format!("{path}.{k}"));
            }
        }
        _ => assert_eq!(a, b, "{path}"),
    }
}

#[test]
fn settings_flags() {
    let f = data("small_survey.csv");
    let out = tongxing()
        .args([
            "analyze",
            f.to_str().unwrap(),
            "--json",
            "--min-answered",
            "1",
            "--group-by",
            "city",
            "--seed",
            "7",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["capacity"]["settings"]["min_answered_share"], 1.0);
    assert_eq!(v["capacity"]["settings"]["group_by"], "city");
    let bad = tongxing().args(["analyze", f.to_str().unwrap(), "--min-answered", "2"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("between 0 and 1"));
}

#[test]
fn network_flags() {
    let f = data("small_survey.csv");
    let out = tongxing()
        .args([
            "analyze",
            f.to_str().unwrap(),
            "--json",
            "--symmetrize",
            "reciprocal",
            "--drop-isolates",
            "--exclude-non-respondents",
            "--weighted",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rel = &v["network"]["relations"][0];
    assert_eq!(rel["settings"]["symmetrize"], "reciprocal");
    assert_eq!(rel["graph"]["nodes"], 3);
    let bad = tongxing().args(["analyze", f.to_str().unwrap(), "--symmetrize", "sideways"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn threads_flag_changes_no_number() {
    let dir = std::env::temp_dir().join(format!("tongxing-threads-{}", std::process::id()));
    let dir = dir.to_str().unwrap();
    assert!(tongxing().args(["synth", "300", "1500", dir]).status().unwrap().success());
    let files: Vec<String> =
        ["synthetic_responses.csv", "synthetic_ties.csv"].iter().map(|f| format!("{dir}/{f}")).collect();
    let json = |threads: &str| {
        let out = tongxing()
            .args(["analyze", &files[0], "--ties", &files[1], "--json", "--threads", threads])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let one = json("1");
    assert!(String::from_utf8_lossy(&one).contains("\"betweenness\""));
    assert!(json("3") == one);
    let out = tongxing().args(["analyze", &files[0], "--threads", "0"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("from 1 to 1024"));
    let _ = std::fs::remove_dir_all(dir);
}
