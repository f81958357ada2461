//! Every setting round-trips through the page's state (its serde value), the share link, the
//! CLI flags and the reproducibility record; the CLI's flags are the settings table's.

use std::process::Command;

use clap::CommandFactory;
use tongxing::i18n::Lang;
use tongxing::network::Symmetrize;
use tongxing::network::community::Method;
use tongxing::settings::{CsvEncoding, PartnerNames, Setting, Settings, TABLE};

/// A valid value other than the default for every setting.
fn changed() -> Settings {
    Settings {
        min_answered_share: 2.0 / 3.0,
        group_by: Some("城市 & field=x".into()),
        symmetrize: Symmetrize::Reciprocal,
        exclude_non_respondents: true,
        drop_isolates: true,
        weighted: true,
        encoding: Some("GB18030".into()),
        community: Method::Louvain,
        resolution: 0.35,
        exact_betweenness_max: 0,
        betweenness_samples: 64,
        anonymize: true,
        min_group_size: 3,
        seed: u64::MAX,
        csv_encoding: CsvEncoding::Gb18030,
        profile_partner_names: PartnerNames::Hidden,
        ..Settings::default()
    }
}

/// Models are lists, outside the settings table: they round-trip through the page's state, the
/// CLI flags and the record (the share link holds settings only).
#[test]
fn models_round_trip_through_state_flags_and_record() {
    let s = Settings {
        models: vec![
            "state_relations ~ knowledge_sharing + in_degree@knowledge_sharing".into(),
            "funding ~ 城市".into(),
        ],
        mediations: vec!["knowledge_sharing -> professionalization -> state_relations | 城市".into()],
        bootstrap: 2000,
        ..Settings::default()
    };
    let state: Settings = serde_json::from_value(serde_json::to_value(&s).unwrap()).unwrap();
    assert_eq!(state, s);
    let args: Vec<String> = std::iter::once("responses.csv".to_string()).chain(s.cli_flags()).collect();
    assert_eq!(tongxing::cli::analyze_settings(&args).unwrap(), s);
    let record = s.record(&report());
    assert_eq!(Settings::from_record(&record).unwrap(), s);
    let words = shell_words(&record.command);
    assert_eq!(tongxing::cli::analyze_settings(&words[2..]).unwrap(), s, "{}", record.command);
    let o = s.options().unwrap();
    assert_eq!((o.models.formulas.len(), o.models.mediations.len(), o.models.bootstrap), (2, 1, 2000));
    // Out of range.
    let bad: Vec<String> = ["r.csv", "--bootstrap", "5"].iter().map(|x| x.to_string()).collect();
    assert!(tongxing::cli::analyze_settings(&bad).is_err());
}

/// The demo's report, for records.
fn report() -> tongxing::report::Report {
    tongxing::pipeline::run(&tongxing::demo::files(), &Default::default(), &|| 0.0).unwrap().report
}

fn round_trips(s: &Settings, report: &tongxing::report::Report) {
    // Page state: what the page keeps, remembers and sends to the worker.
    let state: Settings = serde_json::from_value(serde_json::to_value(s).unwrap()).unwrap();
    assert_eq!(&state, s, "page state");
    // Share link.
    let (linked, lang, skipped) = Settings::from_fragment(&s.to_fragment(Lang::ZhHant)).unwrap();
    assert_eq!((&linked, lang, skipped), (s, Some(Lang::ZhHant), Vec::new()), "share link");
    // CLI flags, read by the CLI's own parser.
    let flags = s.cli_flags();
    let args: Vec<String> =
        std::iter::once("responses.csv".to_string()).chain(flags.iter().cloned()).collect();
    assert_eq!(&tongxing::cli::analyze_settings(&args).unwrap(), s, "CLI flags {flags:?}");
    // Reproducibility record: its settings, and its command as the shell would pass it.
    let record = s.record(report);
    assert_eq!(&Settings::from_record(&record).unwrap(), s, "record");
    let words = shell_words(&record.command);
    assert_eq!(words[..2], ["tongxing", "analyze"]);
    assert_eq!(&tongxing::cli::analyze_settings(&words[2..]).unwrap(), s, "{}", record.command);
    let text = serde_json::to_string(&record).unwrap();
    let back: tongxing::report::record::Record = serde_json::from_str(&text).unwrap();
    assert_eq!(&Settings::from_record(&back).unwrap(), s, "record as JSON text");
    assert!(record.command.ends_with(" --json"), "{}", record.command);
}

/// Words of a command line quoted as the record quotes it (POSIX single quotes, `\'`).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let (mut quoted, mut escaped) = (false, false);
    for c in line.chars() {
        if escaped || (quoted && c != '\'') {
            word.get_or_insert_default().push(c);
            escaped = false;
        } else if c == '\'' {
            quoted = !quoted;
            word.get_or_insert_default();
        } else if c == '\\' {
            escaped = true;
        } else if c == ' ' {
            words.extend(word.take());
        } else {
            word.get_or_insert_default().push(c);
        }
    }
    words.extend(word);
    words
}

#[test]
fn every_setting_round_trips_through_state_link_flags_and_record() {
    let report = report();
    let all = changed();
    round_trips(&Settings::default(), &report);
    round_trips(&all, &report);
    for d in &TABLE {
        // One setting changed at a time (with the switch it needs).
        let mut one = Settings::default();
        let value = d.setting.write(&all).unwrap();
        d.setting.read(&mut one, &value).unwrap();
        if let Some(switch) = d.requires {
            switch.read(&mut one, "1").unwrap();
        }
        assert_ne!(one, Settings::default(), "{:?}", d.setting);
        round_trips(&one, &report);
        let flags = one.cli_flags();
        assert!(flags.contains(&format!("--{}", d.flag)), "{:?}: {flags:?}", d.setting);
        assert!(one.to_fragment(Lang::En).contains(&format!("&{}=", d.fragment)), "{:?}", d.setting);
        let record = serde_json::to_value(one.record(&report)).unwrap();
        assert!(record["settings"].get(d.record).is_some(), "{:?}", d.setting);
    }
}

/// The flags of `analyze` that are not settings of the table: its inputs and outputs, the
/// models (lists, tested by `models_round_trip_through_state_flags_and_record`) and how the job
/// runs (`--threads`: the report does not depend on it, tested in `threads`).
const INPUTS_AND_OUTPUTS: [&str; 14] = [
    "codebook",
    "ties",
    "aliases",
    "json",
    "timings",
    "charts",
    "lang",
    "key",
    "record",
    "help",
    "model",
    "mediation",
    "bootstrap",
    "threads",
];

#[test]
fn every_setting_has_a_cli_flag_and_every_flag_is_a_setting_or_an_input_or_output() {
    let mut cli = tongxing::cli::Cli::command();
    cli.build();
    let analyze = cli.find_subcommand("analyze").unwrap();
    let flags: Vec<&str> = analyze.get_arguments().filter_map(|a| a.get_long()).collect();
    for d in &TABLE {
        assert!(flags.contains(&d.flag), "no flag --{} for {:?}", d.flag, d.setting);
    }
    for f in &flags {
        assert!(
            TABLE.iter().any(|d| d.flag == *f) || INPUTS_AND_OUTPUTS.contains(f),
            "--{f} is neither a setting of the table nor an input or output"
        );
    }
    assert_eq!(flags.len(), TABLE.len() + INPUTS_AND_OUTPUTS.len());
}

fn tongxing(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tongxing")).args(args).output().unwrap()
}

#[test]
fn help_and_version() {
    let out = tongxing(&["--version"]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), format!("tongxing {}", tongxing::VERSION));
    let out = tongxing(&["analyze", "--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for d in &TABLE {
        assert!(help.contains(&format!("--{}", d.flag)), "--{} missing from analyze --help", d.flag);
    }
    assert!(help.contains("--codebook") && help.contains("between 0 and 1"), "{help}");
    for sub in ["demo", "synth"] {
        let out = tongxing(&[sub, "--help"]);
        assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("DIR"), "{sub}");
    }
    // Usage errors exit with 2, as every CLI error does; the message names the setting's range.
    let out = tongxing(&["analyze", "x.csv", "--resolution", "20"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("above 0 and at most 10"));
    let out = tongxing(&["analyze", "x.csv", "--key", "k.csv"]);
    assert_eq!(out.status.code(), Some(2), "--key needs --anonymize");
    let out = tongxing(&["analyze"]);
    assert_eq!(out.status.code(), Some(2), "no responses file");
}

#[test]
fn an_invalid_setting_is_named_with_its_range() {
    let e = Setting::MinGroupSize.read(&mut Settings::default(), "0").unwrap_err();
    assert_eq!(e.to_string(), "--min-group-size needs a whole number of at least 1, got 0");
    assert_eq!(e.message(Lang::Zh), "请输入不小于 1 的整数。");
}
