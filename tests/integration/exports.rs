//! Exports parse back with the same values: the results workbook (calamine), GEXF and GraphML
//! (an XML parser), with hostile names escaped.

use calamine::{Data, Reader, Xlsx};
use quick_xml::Reader as XmlReader;
use quick_xml::events::Event;

use crate::util::data;

fn analyze(name: &str) -> tongxing::pipeline::Analysis {
    let files = vec![tongxing::pipeline::InputFile {
        name: name.into(),
        bytes: std::fs::read(data(name)).unwrap(),
        kind: None,
    }];
    tongxing::pipeline::run(&files, &Default::default(), &|| 0.0).unwrap()
}

/// Counts elements by local name; panics on malformed XML.
fn count_elements(xml: &str, names: &[&str]) -> Vec<usize> {
    let mut reader = XmlReader::from_str(xml);
    let mut counts = vec![0; names.len()];
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                let local = e.local_name();
                let name: &str = local.as_ref();
                if let Some(i) = names.iter().position(|n| *n == name) {
                    counts[i] += 1;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    counts
}

fn xlsx_sheets(bytes: Vec<u8>) -> Vec<(String, calamine::Range<Data>)> {
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let names = wb.sheet_names().to_vec();
    names.iter().map(|n| (n.clone(), wb.worksheet_range(n).unwrap())).collect()
}

/// A file of an XLSX (a ZIP), as text.
fn xlsx_part(bytes: &[u8], name: &str) -> String {
    use std::io::Read as _;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("xlsx is a zip");
    let mut text = String::new();
    z.by_name(name).expect(name).read_to_string(&mut text).unwrap();
    text
}

fn demo_with_models() -> tongxing::pipeline::Analysis {
    let settings = tongxing::settings::Settings {
        models: vec!["professionalization ~ knowledge_sharing + in_degree@knowledge_sharing".into()],
        mediations: vec!["knowledge_sharing -> professionalization -> state_relations".into()],
        bootstrap: 200,
        ..Default::default()
    };
    let options = settings.options().unwrap();
    tongxing::pipeline::run(&tongxing::demo::files(), &options, &|| 0.0).unwrap()
}

#[test]
fn results_workbook_reads_back() {
    use tongxing::i18n::Lang;
    let a = tongxing::pipeline::run(&tongxing::demo::files(), &Default::default(), &|| 0.0).unwrap();
    // As the page asks for it: a recipe sent to the worker as JSON, written there.
    let recipe =
        tongxing::export::FileRecipe::Workbook(tongxing::export::workbook::results_sheets(&a, Lang::En));
    let sent: tongxing::export::FileRecipe =
        serde_json::from_slice(&serde_json::to_vec(&recipe).unwrap()).unwrap();
    assert_eq!(sent, recipe);
    let bytes = sent.make().unwrap();
    // The same sheets as written directly (compared as read back: the file's creation time,
    // to the second, changes the compressed bytes when the two writes straddle a second).
    let direct = tongxing::export::workbook::results_workbook(&a, Lang::En).unwrap();
    assert_eq!(xlsx_sheets(bytes.clone()), xlsx_sheets(direct));
    let sheets = xlsx_sheets(bytes);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    for s in [
        "Organizations",
        "Dimensions",
        "Items",
        "Group tests",
        "Group means",
        "Nodes · Knowledge sharing",
        "Ties · Knowledge sharing",
        "Codebook",
        "Data notes",
        "Not defined",
        "Keys",
    ] {
        assert!(names.contains(&s), "missing sheet {s}: {names:?}");
    }
    let orgs = &sheets[0].1;
    assert_eq!(orgs.height(), 121);
    assert_eq!(orgs.get((0, 2)), Some(&Data::String("Index (0–100)".into())));
    // Full precision in the cell, whatever the display format shows.
    let first_index = match orgs.get((1, 2)) {
        Some(Data::Float(v)) => *v,
        other => panic!("index cell: {other:?}"),
    };
    assert_eq!(first_index, a.report.capacity.organizations[0].index.unwrap());
    let edges = &sheets.iter().find(|(n, _)| n == "Ties · Knowledge sharing").unwrap().1;
    assert_eq!(edges.height() - 1, a.report.network.relations[0].graph.edges);
}

#[test]
fn the_workbook_reads_in_chinese_with_formats_frozen_panes_and_keys() {
    use tongxing::i18n::Lang;
    let a = demo_with_models();
    let bytes = tongxing::export::workbook::results_workbook(&a, Lang::Zh).unwrap();
    let sheets = xlsx_sheets(bytes.clone());
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    for s in ["机构", "维度", "节点 · 知识分享", "模型系数", "模型拟合", "中介效应", "字段"]
    {
        assert!(names.contains(&s), "missing sheet {s}: {names:?}");
    }
    // No header (nor sheet name) is a snake_case key; the keys sheet maps each to its key.
    let snake = |s: &str| {
        s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .any(|w| w.contains('_') && w.starts_with(|c: char| c.is_ascii_lowercase()))
    };
    let keys = &sheets.last().unwrap().1;
    let mut mapped = 0;
    for (name, range) in &sheets[..sheets.len() - 1] {
        assert!(!snake(name), "{name}");
        for c in 0..range.width() {
            let header = range.get((0, c)).map(|d| d.to_string()).unwrap_or_default();
            assert!(!header.is_empty() && !snake(&header), "{name}: header {header:?}");
            let row = (1..keys.height()).find(|&r| {
                keys.get((r, 0)).map(|d| d.to_string()).as_deref() == Some(name.as_str())
                    && keys.get((r, 1)).map(|d| d.to_string()) == Some(header.clone())
            });
            assert!(row.is_some(), "{name}: {header} is not in the keys sheet");
            mapped += 1;
        }
    }
    assert_eq!(mapped, keys.height() - 1);
    let text = |range: &calamine::Range<Data>, r: usize, c: usize| range.get((r, c)).map(|d| d.to_string());
    let key_of = |sheet: &str, header: &str| {
        (1..keys.height())
            .find(|&r| {
                text(keys, r, 0).as_deref() == Some(sheet) && text(keys, r, 1).as_deref() == Some(header)
            })
            .and_then(|r| text(keys, r, 2))
    };
    assert_eq!(key_of("机构", "指数（0–100）").as_deref(), Some("index"));
    assert_eq!(key_of("机构", "专业化").as_deref(), Some("professionalization"));
    assert_eq!(key_of("节点 · 知识分享", "桥梁作用").as_deref(), Some("betweenness"));
    // Stages and booleans in words; the models' terms named in words.
    let orgs = &sheets[0].1;
    let stage_col = (0..orgs.width()).find(|&c| text(orgs, 0, c).as_deref() == Some("阶段")).unwrap();
    let stages: Vec<String> =
        (1..orgs.height()).map(|r| orgs.get((r, stage_col)).unwrap().to_string()).collect();
    assert!(
        stages
            .iter()
            .all(|s| s.is_empty() || ["潜在", "凝聚", "成熟", "稳定维持", "转型"].contains(&s.as_str())),
        "{stages:?}"
    );
    let terms = &sheets.iter().find(|(n, _)| n == "模型系数").unwrap().1;
    assert_eq!(terms.get((1, 1)).unwrap().to_string(), "截距");
    assert_eq!(terms.get((3, 1)).unwrap().to_string(), "知识分享网络中的被提名次数");
    // Display formats: two and three decimals, percentages, p-values; frozen header and first
    // column on every sheet.
    let styles = xlsx_part(&bytes, "xl/styles.xml");
    for code in ["0.00", "0.000", "0.0%", "[&lt;0.001]&quot;&lt; 0.001&quot;;0.000"] {
        assert!(styles.contains(&format!("formatCode=\"{code}\"")), "format {code}: {styles}");
    }
    for i in 1..=sheets.len() {
        let xml = xlsx_part(&bytes, &format!("xl/worksheets/sheet{i}.xml"));
        assert!(
            xml.contains(
                r#"<pane xSplit="1" ySplit="1" topLeftCell="B2" activePane="bottomRight" state="frozen"/>"#
            ),
            "sheet {i} is not frozen: {}",
            &xml[..xml.len().min(600)]
        );
        assert!(xml.contains("customWidth=\"1\""), "sheet {i} has fitted widths");
    }
    // The organizations' index column (C) shows one decimal, its scores two.
    let sheet1 = xlsx_part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet1.contains("<c r=\"C2\" s="), "the index cell has a style");
}

#[test]
fn gexf_and_graphml_are_well_formed_and_complete() {
    let a = tongxing::pipeline::run(&tongxing::demo::files(), &Default::default(), &|| 0.0).unwrap();
    let ties: usize = a.report.network.relations.iter().map(|r| r.graph.edges).sum();
    let mut ids: Vec<&str> =
        a.report.network.relations.iter().flat_map(|r| r.nodes.iter().map(|n| n.id.as_str())).collect();
    ids.sort_unstable();
    ids.dedup();
    let gexf = tongxing::export::graph::gexf(&a, tongxing::i18n::Lang::Zh);
    assert_eq!(count_elements(&gexf, &["node", "edge"]), vec![ids.len(), ties]);
    let graphml = tongxing::export::graph::graphml(&a, tongxing::i18n::Lang::Zh);
    assert_eq!(count_elements(&graphml, &["node", "edge"]), vec![ids.len(), ties]);
    // Each node's community by number and by the name the page gives it, per relation.
    let rel = &a.report.network.relations[0];
    let (k, n) = (&rel.key, &rel.nodes[0]);
    let name = tongxing::labels::community_name(rel, n.community, tongxing::i18n::Lang::Zh);
    assert!(name.ends_with("所在的社群"), "{name}");
    assert!(gexf.contains(&format!(
        "<attribute id=\"community_name_{k}\" title=\"community_name ({k})\" type=\"string\"/>"
    )));
    let node = gexf.lines().find(|l| l.contains(&format!("<node id=\"{}\"", n.id))).unwrap();
    assert!(node.contains(&format!("<attvalue for=\"community_{k}\" value=\"{}\"/><attvalue for=\"community_name_{k}\" value=\"{name}\"/>", n.community)), "{node}");
    assert!(graphml.contains(&format!(
        "<key id=\"community_name_{k}\" for=\"node\" attr.name=\"community_name_{k}\" attr.type=\"string\"/>"
    )));
    let node = graphml.lines().find(|l| l.contains(&format!("<node id=\"{}\"", n.id))).unwrap();
    assert!(
        node.contains(&format!(
            "<data key=\"community_{k}\">{}</data><data key=\"community_name_{k}\">{name}</data>",
            n.community
        )),
        "{node}"
    );
    let en = tongxing::export::graph::gexf(&a, tongxing::i18n::Lang::En);
    assert!(en.contains(&format!(
        "value=\"{}\"",
        tongxing::labels::community_name(rel, n.community, tongxing::i18n::Lang::En).replace('\'', "&apos;")
    )));
}

#[test]
fn hostile_names_are_escaped_in_network_files() {
    let a = analyze("bad/html_injection.csv");
    for xml in [
        tongxing::export::graph::gexf(&a, tongxing::i18n::Lang::Zh),
        tongxing::export::graph::graphml(&a, tongxing::i18n::Lang::Zh),
    ] {
        assert!(!xml.contains("<script>") && !xml.contains("<svg"), "{xml}");
        assert!(xml.contains("&lt;script&gt;"));
        count_elements(&xml, &["node"]);
    }
    let wb = tongxing::export::workbook::results_workbook(
        &analyze("bad/formula_injection.csv"),
        tongxing::i18n::Lang::En,
    )
    .unwrap();
    let f = tongxing::ingest::load_file("r.xlsx", &wb, None).unwrap();
    let orgs = &f.tables[0].1;
    assert!(orgs.rows().iter().all(|r| !r[0].starts_with(['=', '+', '@'])), "{:?}", orgs.rows());
    assert!(orgs.rows().iter().any(|r| r[0].starts_with('\'')), "{:?}", orgs.rows());
}

#[test]
fn html_report_is_self_contained_and_escaped() {
    let a = analyze("bad/html_injection.csv");
    let gallery = tongxing::charts::gallery::all_charts(&a, tongxing::i18n::Lang::Zh).unwrap();
    let html = tongxing::export::html::render_gallery(&a, &gallery, tongxing::i18n::Lang::Zh);
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<svg"));
    assert!(!html.contains("<script") && !html.contains("<svg onload"));
    assert!(html.contains("&lt;script&gt;"));
    // No external assets: nothing is loaded from anywhere (SVG namespaces are identifiers).
    for attr in ["src=", "href=", "@import", "url("] {
        assert!(!html.contains(attr), "{attr}");
    }
    assert!(html.contains("同行分析报告"));
}

#[test]
fn bar_chart_has_one_bar_per_dimension_with_labels() {
    for (name, expected) in [("small_survey.csv", 1usize), ("wjx_coded.csv", 1)] {
        let a = analyze(name);
        let svg =
            tongxing::charts::capacity::means_ci(&a.report.capacity.dimensions, tongxing::i18n::Lang::En)
                .unwrap()
                .0;
        // The bars and the legend's swatch.
        let bars = svg.matches("fill=\"#0072b2\"").count();
        assert_eq!(bars, expected + 1, "{name}");
        // A two-letter column prefix (`ks1`, `ks2`) reads as a dimension, not as a word "Ks".
        assert!(svg.contains(">Dimension KS</text>"), "{name}: dimension label");
    }
    let a = tongxing::pipeline::run(&tongxing::demo::files(), &Default::default(), &|| 0.0).unwrap();
    let svg = tongxing::charts::capacity::means_ci(&a.report.capacity.dimensions, tongxing::i18n::Lang::Zh)
        .unwrap()
        .0;
    assert_eq!(svg.matches("fill=\"#0072b2\"").count(), 5 + 1);
    for label in ["知识分享", "专业化", "资金来源多样性"] {
        assert!(svg.contains(label), "{label}");
    }
}

#[test]
fn applied_codebook_round_trips() {
    // Inferred roles, written as a codebook and loaded again, give the same analysis.
    let first = analyze("wjx_coded.csv");
    let table = tongxing::export::applied_codebook(&first.report);
    let csv = tongxing::export::csv_bytes(&table, true);
    let files = vec![
        tongxing::pipeline::InputFile {
            name: "wjx_coded.csv".into(),
            bytes: std::fs::read(data("wjx_coded.csv")).unwrap(),
            kind: None,
        },
        tongxing::pipeline::InputFile { name: "codebook.csv".into(), bytes: csv, kind: None },
    ];
    let second = tongxing::pipeline::run(&files, &Default::default(), &|| 0.0).unwrap();
    let roles = |a: &tongxing::pipeline::Analysis| {
        a.report
            .input
            .codebook
            .iter()
            .map(|c| (c.column.clone(), c.role.clone(), c.dimension.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(roles(&first), roles(&second));
    assert!(second.report.input.codebook.iter().all(|c| !c.inferred));
    assert_eq!(first.report.capacity.organizations, second.report.capacity.organizations);
    assert_eq!(first.report.network.relations[0].graph, second.report.network.relations[0].graph);
}

#[test]
fn csv_downloads_in_gb18030_or_utf8_read_back_identically() {
    let t = tongxing::ingest::Table::new(
        "t",
        &["机构", "note"],
        vec![
            vec!["成都心桥空间为老服务中心".into(), "=cmd|' /C calc'!A0".into()],
            vec!["𠀀 rare, \"quoted\"".into(), "ok".into()],
        ],
    );
    let gb = tongxing::export::csv_download(&t, "gb18030");
    let utf = tongxing::export::csv_download(&t, "utf-8");
    assert!(utf.starts_with(b"\xEF\xBB\xBF") && !gb.starts_with(b"\xEF\xBB\xBF"));
    assert!(std::str::from_utf8(&gb).is_err(), "GB18030 bytes are not UTF-8");
    // Both decode (as tongxing reads files) to the same table, formula still neutralized.
    let a = tongxing::ingest::load_file("gb.csv", &gb, None).expect("gb18030 csv").tables.remove(0).1;
    let b = tongxing::ingest::load_file("utf.csv", &utf, None).expect("utf-8 csv").tables.remove(0).1;
    assert_eq!(a.headers, b.headers);
    assert_eq!(a.rows(), b.rows());
    assert_eq!(a.rows()[0][1], "'=cmd|' /C calc'!A0");
    assert_eq!(a.rows()[1][0], "𠀀 rare, \"quoted\"");
}

#[test]
fn undefined_values_are_explained_in_the_report() {
    // One organization in its own group and a constant item: several values are undefined.
    let csv = "org_id,org_name,city,ks1,ks2,ks3\n1,A,x,4,5,3\n2,B,y,4,2,4\n3,C,y,4,4,4\n";
    let files = vec![tongxing::pipeline::InputFile {
        name: "x.csv".into(),
        bytes: csv.as_bytes().to_vec(),
        kind: None,
    }];
    let a = tongxing::pipeline::run(&files, &tongxing::pipeline::Options::default(), &|| 0.0).unwrap();
    for lang in [tongxing::i18n::Lang::En, tongxing::i18n::Lang::Zh] {
        let html = tongxing::export::html::render_gallery(&a, &[], lang);
        assert!(
            html.contains(&tongxing::i18n::t(lang, "report.undefined_title")),
            "reason section in {lang:?}"
        );
        let why =
            tongxing::markup::escape(&tongxing::report::format::undefined_reason(lang, "capacity.alpha"));
        assert!(html.contains(&why), "{why}");
        assert!(!html.contains("NaN") && !html.contains("inf"));
    }
}

/// The text a reader sees in an HTML document: tags and the style sheet left out.
fn visible(html: &str) -> String {
    let body = html.split("</style>").nth(1).unwrap_or(html);
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn the_html_report_opens_with_the_summary_then_each_section_in_the_language() {
    use tongxing::i18n::{Lang, t};
    let a = demo_with_models();
    let r = &a.report;
    let zh = tongxing::export::html::render_gallery(&a, &[], Lang::Zh);
    let at = |html: &str, section: &str| {
        html.find(&format!("data-section=\"{section}\"")).unwrap_or_else(|| panic!("no {section} section"))
    };
    let order: Vec<usize> = ["summary", "organizations", "capacity", "groups", "network", "models"]
        .iter()
        .map(|s| at(&zh, s))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "sections out of order: {order:?}");
    // The summary holds the overview's findings, the first of them first.
    let findings = tongxing::findings::findings(r);
    let summary = &zh[order[0]..order[1]];
    for f in &findings {
        assert!(summary.contains(&tongxing::markup::escape(&f.text(r, Lang::Zh))), "{:?}", f.kind);
    }
    assert!(summary.contains("摘要") && summary.contains("主要发现"));
    // Every organization in the table, with its stage and strengths in words.
    let orgs = &zh[order[1]..order[2]];
    for o in &r.capacity.organizations {
        assert!(orgs.contains(&tongxing::markup::escape(&o.name)), "{}", o.name);
    }
    assert!(orgs.contains("各机构结果") && orgs.contains("相对较强") && orgs.contains("阶段"));
    // Group tests in words; key players; suggestions; models with the diagram.
    let groups = &zh[order[3]..order[4]];
    assert!(groups.contains("能力指数存在明显差异") && groups.contains("Kruskal–Wallis H ="), "{groups}");
    let network = &zh[order[4]..order[5]];
    assert!(network.contains("关键机构") && network.contains(&t(Lang::Zh, "cultivate.introductions")));
    let models = &zh[order[5]..];
    assert!(
        models.contains("<svg") && models.contains("截距") && models.contains(&t(Lang::Zh, "model.caveat"))
    );
    // Each chain opens with the page's verdict (the same function), before its sentences.
    let label = |v: &str| tongxing::labels::variable_label(r, v, Lang::Zh);
    for m in &r.mediation {
        let verdict = tongxing::models::text::mediation_verdict(m, Lang::Zh, &label).expect("a verdict");
        let at = models.find(&format!("<p class=\"verdict\">{}</p>", tongxing::markup::escape(&verdict)));
        let first = tongxing::models::text::mediation_sentences(m, Lang::Zh, &label).remove(0);
        let sentence = models.find(&tongxing::markup::escape(&first));
        assert!(
            matches!((at, sentence), (Some(a), Some(b)) if a < b),
            "verdict {verdict:?} before {first:?}"
        );
    }
    assert!(!r.mediation.is_empty() && models.contains(&t(Lang::Zh, "model.strength_rule")));
    assert!(models.contains("专业化 ~ 知识分享 + 知识分享网络中的被提名次数"), "formula in words");
    // No key in what a Chinese reader sees.
    let text = visible(&zh);
    let snake: Vec<&str> = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.contains('_') && w.starts_with(|c: char| c.is_ascii_lowercase()))
        .filter(|w| !r.input.files.iter().any(|f| f.contains(w)))
        .collect();
    assert!(snake.is_empty(), "keys in the zh report: {snake:?}");
    // English: the same sections in English.
    let en = tongxing::export::html::render_gallery(&a, &[], Lang::En);
    assert!(en.starts_with("<!DOCTYPE html><html lang=\"en\""));
    for words in ["Summary", "Results by organization", "Key players", "Models", "Intercept"] {
        assert!(en.contains(words), "{words}");
    }
    assert!(!visible(&en).contains("摘要"));
    // Without models there is no Models section.
    let plain = tongxing::pipeline::run(&tongxing::demo::files(), &Default::default(), &|| 0.0).unwrap();
    assert!(
        !tongxing::export::html::render_gallery(&plain, &[], Lang::Zh).contains("data-section=\"models\"")
    );
}
