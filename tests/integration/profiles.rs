//! Per-organization feedback profiles: one page each, own data only, escaped, zipped.

use std::io::Read as _;

use tongxing::export::profile::Profiles;
use tongxing::i18n::Lang;
use tongxing::pipeline::{Options, run};

#[test]
fn each_profile_shows_its_own_organization_and_no_other() {
    let a = run(&tongxing::demo::files(), &Options::default(), &|| 0.0).expect("demo");
    let p = Profiles::new(&a, Lang::Zh);
    assert_eq!(p.len(), 120);
    let orgs = &a.report.capacity.organizations;
    // Other respondents' and partners' names must not appear in organization 0's page.
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
