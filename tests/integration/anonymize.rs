//! Anonymization: no organization name or id survives in the report, the charts or any text
//! export; codes are stable; small groups are merged; the key maps codes back.

use tongxing::i18n::Lang;
use tongxing::pipeline::{Analysis, Options, run};

fn demo(anonymize: Option<usize>) -> Analysis {
    let options = Options { layout: true, anonymize, ..Options::default() };
    run(&tongxing::demo::files(), &options, &|| 0.0).expect("demo runs")
}

/// Every organization name and id of the plain run (respondents and partners), normalized
/// spellings included via the unmatched list and the aliases applied.
fn identities(a: &Analysis) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for o in &a.report.capacity.organizations {
        out.push(o.name.clone());
        out.push(o.id.clone());
    }
    for r in &a.report.network.relations {
        for n in &r.nodes {
            out.push(n.name.clone());
        }
    }
    for u in &a.report.network.unmatched {
        out.push(u.name.clone());
    }
    for e in &a.report.network.aliases {
        out.push(e.alias.clone());
        out.push(e.name.clone());
    }
    out.sort();
    out.dedup();
    // Ids such as "ORG001" are not codes ("ORG-001") but check they are gone as well.
    out.retain(|s| s.chars().count() >= 4);
    out
}

#[test]
fn no_name_or_id_survives_anywhere() {
    let plain = demo(None);
    let anon = demo(Some(5));
    let secrets = identities(&plain);
    assert!(secrets.len() > 200, "demo has respondents, partners and ids: {}", secrets.len());
    let charts = tongxing::charts::gallery::all_charts(&anon, Lang::Zh).expect("charts");
    let mut texts = vec![
        ("report.json", serde_json::to_string(&anon.report).unwrap()),
        ("gexf", tongxing::export::graph::gexf(&anon, tongxing::i18n::Lang::Zh)),
        ("graphml", tongxing::export::graph::graphml(&anon, tongxing::i18n::Lang::Zh)),
        ("report.html", tongxing::export::html::render_gallery(&anon, &charts, Lang::En)),
    ];
    for c in &charts {
        texts.push(("chart", c.svg.to_string()));
        texts.push(("chart table", c.rows.iter().flatten().cloned().collect::<Vec<_>>().join("|")));
    }
    for (what, text) in &texts {
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "{what} still contains “{s}”");
        }
    }
    assert!(texts[0].1.contains("ORG-001"));
}

#[test]
fn codes_are_stable_and_the_key_maps_them_back() {
    let plain = demo(None);
    let a = demo(Some(5));
    let b = demo(Some(5));
    assert_eq!(a.report, b.report, "same files, same codes");
    assert!(plain.key.is_empty());
    // Respondents keep their row order: code i+1 is the i-th organization.
    for (i, (p, o)) in
        plain.report.capacity.organizations.iter().zip(&a.report.capacity.organizations).enumerate()
    {
        assert_eq!(o.name, format!("ORG-{:03}", i + 1));
        assert_eq!(o.id, o.name);
        let k = &a.key[i];
        assert_eq!(
            (k.code.as_str(), k.id.as_str(), k.name.as_str()),
            (o.name.as_str(), p.id.as_str(), p.name.as_str())
        );
        assert!(k.respondent);
        assert_eq!(p.index, o.index, "scores are unchanged");
    }
    // Partners who did not respond get codes after the respondents, and the key has them.
    let n = plain.report.capacity.organizations.len();
    assert!(a.key.len() > n && a.key[n..].iter().all(|k| !k.respondent));
    for (rp, ra) in plain.report.network.relations.iter().zip(&a.report.network.relations) {
        assert_eq!(rp.graph, ra.graph, "network metrics are unchanged");
        for (np, na) in rp.nodes.iter().zip(&ra.nodes) {
            let k = a.key.iter().find(|k| k.code == na.id).expect("every node is in the key");
            assert_eq!(k.id, np.id);
        }
    }
    let csv =
        String::from_utf8(tongxing::export::csv_bytes(&tongxing::report::anonymize::key_table(&a.key), true))
            .unwrap();
    assert!(
        csv.starts_with("\u{feff}code,id,name,respondent\n")
            || csv.starts_with("\u{feff}code,id,name,respondent\r\n")
    );
}

#[test]
fn small_groups_become_other_with_a_note() {
    let a = demo(Some(15));
    let city = a.report.capacity.groups.iter().find(|g| g.attribute == "city").expect("city groups");
    assert!(city.levels.iter().any(|l| l.level == tongxing::survey::OTHER));
    assert!(
        city.levels.iter().all(|l| l.n >= 15),
        "{:?}",
        city.levels.iter().map(|l| (&l.level, l.n)).collect::<Vec<_>>()
    );
    // The column is named by its codebook label (“City”), its header kept in the arguments.
    assert!(a.report.input.warnings.iter().any(|w| w.message.starts_with("Anonymized: in “City”")
        && w.args.get("column") == Some(&tongxing::diag::Arg::Column("city".into()))));
    // With a minimum no group reaches once merged, rare values are left out, not shown small.
    let strict = demo(Some(200));
    for g in &strict.report.capacity.groups {
        assert!(g.levels.iter().all(|l| l.level != tongxing::survey::OTHER || l.n >= 200), "{}", g.attribute);
    }
    // Without anonymization the small cities are compared on their own.
    let plain = demo(None);
    let city = plain.report.capacity.groups.iter().find(|g| g.attribute == "city").unwrap();
    assert!(city.levels.iter().any(|l| l.n < 15));
}

#[test]
fn the_record_names_files_by_hash_and_reproduces_with_the_cli_flags() {
    let a = demo(None);
    let settings = tongxing::settings::Settings {
        symmetrize: tongxing::network::Symmetrize::Union,
        ..Default::default()
    };
    let rec = settings.record(&a.report);
    assert_eq!(rec.files.len(), tongxing::demo::files().len());
    for (f, input) in rec.files.iter().zip(tongxing::demo::files()) {
        assert_eq!(f.name, input.name);
        assert_eq!(f.sha256, tongxing::ingest::sha256_hex(&input.bytes));
        assert_eq!(f.sha256.len(), 64);
    }
    assert!(rec.command.starts_with("tongxing analyze demo_responses.csv "), "{}", rec.command);
    assert!(rec.command.ends_with("--symmetrize union --json"), "{}", rec.command);
    assert_eq!(rec.check.organizations, 120);
    // SHA-256 of "abc" (FIPS 180-2, appendix B.1).
    assert_eq!(
        tongxing::ingest::sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}
