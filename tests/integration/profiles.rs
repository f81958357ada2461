//! Per-organization feedback profiles: one page each, own data only, escaped, zipped.

use std::io::Read as _;

use tongxing::export::profile::Profiles;
use tongxing::i18n::Lang;
use tongxing::pipeline::{Options, run};
use tongxing::settings::PartnerNames;

/// The introductions suggested for organization `id`, over every relation.
fn introductions<'a>(
    a: &'a tongxing::pipeline::Analysis,
    id: &str,
) -> Vec<&'a tongxing::report::Introduction> {
    a.report
        .network
        .relations
        .iter()
        .filter_map(|r| r.suggestions.as_ref())
        .flat_map(|s| s.introductions.iter().filter(|i| i.id == id))
        .collect()
}

#[test]
fn profiles_add_the_introductions_named_only_as_set() {
    let a = run(&tongxing::demo::files(), &Options::default(), &|| 0.0).expect("demo");
    let orgs = &a.report.capacity.organizations;
    // An organization with introductions.
    let (i, o) = orgs.iter().enumerate().find(|(_, o)| !introductions(&a, &o.id).is_empty()).expect("some");
    let intros = introductions(&a, &o.id);
    let named = Profiles::new(&a, Lang::Zh).page(i);
    assert!(named.contains("建议结识的机构"), "the section is there");
    for x in &intros {
        assert!(named.contains(&tongxing::markup::escape(&x.to_name)), "{} named", x.to_name);
        // Never the other side's score.
        if let Some(theirs) = x.their_score {
            assert!(!named.contains(&format!("{theirs:.2}")) || named.contains("贵机构"), "{theirs}");
        }
    }
    // Named only those suggested: no other organization.
    for other in orgs.iter().filter(|x| x.id != o.id && !intros.iter().any(|i| i.to_id == x.id)) {
        assert!(!named.contains(&format!(">{}<", tongxing::markup::escape(&other.name))), "{}", other.name);
    }
    let hidden = Profiles::new(&a, Lang::Zh).partner_names(PartnerNames::Hidden).page(i);
    assert!(hidden.contains("建议结识的机构") && hidden.contains("不显示这些机构的名称"));
    for x in &intros {
        assert!(!hidden.contains(&tongxing::markup::escape(&x.to_name)), "{} hidden", x.to_name);
    }
    // The same suggestions, one per organization suggested, unnamed.
    let mut suggested: Vec<&str> = intros.iter().map(|x| x.to_id.as_str()).collect();
    suggested.sort_unstable();
    suggested.dedup();
    let items = |page: &str| {
        page.split("<ul class=\"intros\">")
            .nth(1)
            .map_or(0, |l| l.split("</ul>").next().unwrap_or("").matches("<li>").count())
    };
    assert_eq!(items(&named), suggested.len());
    assert_eq!(items(&hidden), suggested.len());
    // An organization without introductions says so.
    if let Some((j, _)) = orgs.iter().enumerate().find(|(_, o)| introductions(&a, &o.id).is_empty()) {
        assert!(Profiles::new(&a, Lang::En).page(j).contains("suggests no introductions"));
    }
}

#[test]
fn anonymized_profiles_name_no_one_whatever_the_setting() {
    let plain = run(&tongxing::demo::files(), &Options::default(), &|| 0.0).expect("demo");
    let options = Options { anonymize: Some(5), ..Options::default() };
    let anon = run(&tongxing::demo::files(), &options, &|| 0.0).expect("anonymized demo");
    let mut secrets: Vec<String> =
        plain.report.capacity.organizations.iter().map(|o| o.name.clone()).collect();
    secrets
        .extend(plain.report.network.relations.iter().flat_map(|r| r.nodes.iter().map(|n| n.name.clone())));
    secrets.sort();
    secrets.dedup();
    let batch = Profiles::new(&anon, Lang::Zh).partner_names(PartnerNames::Named).batch();
    for s in secrets.iter().filter(|s| s.chars().count() >= 4) {
        assert!(!batch.contains(s.as_str()), "an anonymized profile names {s}");
    }
    // Nor another organization's code: each page names only itself.
    let p = Profiles::new(&anon, Lang::Zh).partner_names(PartnerNames::Named);
    let orgs = &anon.report.capacity.organizations;
    let (i, o) =
        orgs.iter().enumerate().find(|(_, o)| !introductions(&anon, &o.id).is_empty()).expect("some");
    let page = p.page(i);
    assert!(page.contains("建议结识的机构") && page.contains("不显示这些机构的名称"));
    for x in introductions(&anon, &o.id) {
        assert!(!page.contains(&x.to_name), "{} named when anonymized", x.to_name);
    }
}

#[test]
fn each_profile_shows_its_own_organization_and_no_other() {
    let a = run(&tongxing::demo::files(), &Options::default(), &|| 0.0).expect("demo");
    let p = Profiles::new(&a, Lang::Zh).partner_names(PartnerNames::Hidden);
    assert_eq!(p.len(), 120);
    let orgs = &a.report.capacity.organizations;
    // With partners not named, other respondents' and partners' names must not appear in
    // organization 0's page.
    let page = p.page(0);
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains(&orgs[0].name));
    for o in &orgs[1..] {
        assert!(!page.contains(&o.name), "profile 0 mentions {}", o.name);
    }
    for rel in &a.report.network.relations {
        for n in rel.nodes.iter().filter(|n| n.id != orgs[0].id) {
            assert!(!page.contains(&n.name), "profile 0 mentions partner {}", n.name);
        }
    }
    // Own numbers: the index as shown in the table, and the sample median.
    let idx = format!("{:.1}", orgs[0].index.expect("scored"));
    assert!(page.contains(&idx), "index {idx} shown");
    let mut all: Vec<f64> = orgs.iter().filter_map(|o| o.index).collect();
    all.sort_by(f64::total_cmp);
    let m = tongxing::stats::median(&all).unwrap();
    assert!(page.contains(&format!("{m:.1}")), "sample median {m:.1} shown");
    assert!(page.contains("贵机构") && page.contains("<svg") && page.contains("role=\"img\""));
}

#[test]
fn the_zip_holds_one_page_per_organization_and_an_index() {
    let a = run(&tongxing::demo::files(), &Options::default(), &|| 0.0).expect("demo");
    let p = Profiles::new(&a, Lang::En);
    // As the page asks for it: the files sent to the worker as a JSON recipe, zipped there.
    let recipe = tongxing::export::FileRecipe::Zip(p.files());
    let sent: tongxing::export::FileRecipe =
        serde_json::from_slice(&serde_json::to_vec(&recipe).unwrap()).unwrap();
    let bytes = sent.make().expect("zip");
    assert_eq!(bytes.len(), p.zip().unwrap().len());
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("valid zip");
    assert_eq!(z.len(), 121);
    let mut first = String::new();
    z.by_name("001_ORG001.html").expect("first profile").read_to_string(&mut first).unwrap();
    assert_eq!(first, p.page(0));
    let mut index = String::new();
    z.by_name("index.html").expect("index").read_to_string(&mut index).unwrap();
    assert_eq!(index.matches("<li>").count(), 120);
    let batch = p.batch();
    assert_eq!(batch.matches("<section class=\"profile\"").count(), 120);
}

#[test]
fn hostile_names_are_escaped_in_profiles() {
    let csv = "org_id,org_name,ks1,ks2\n1,\"<script>alert(1)</script>\",4,5\n2,\"\"\"><svg onload=alert(2)>\",3,2\n3,A&B,5,5\n";
    let files = vec![tongxing::pipeline::InputFile {
        name: "x.csv".into(),
        bytes: csv.as_bytes().to_vec(),
        kind: None,
    }];
    let a = run(&files, &Options::default(), &|| 0.0).expect("runs");
    let p = Profiles::new(&a, Lang::En);
    let all = p.batch();
    assert!(!all.contains("<script>alert") && !all.contains("<svg onload"), "raw markup leaked");
    assert!(all.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(all.contains("A&amp;B"));
}
