//! Chart snapshots: every chart of the gallery is well-formed SVG with its labels in the UI
//! language, carries its data table, and escapes organization names.

use quick_xml::Reader as XmlReader;
use quick_xml::events::Event;
use tongxing::charts::gallery::{all_charts, capacity_charts};
use tongxing::i18n::Lang;

use crate::util::analyze_text;

/// The text content of an SVG, and whether it parsed as XML.
fn svg_text(svg: &str) -> String {
    let mut reader = XmlReader::from_str(svg);
    let mut text = String::new();
    loop {
        match reader.read_event().expect("well-formed SVG") {
            Event::Text(t) => {
                let raw = t.into_inner();
                text.push_str(&raw);
                text.push('\n');
            }
            Event::GeneralRef(r) => {
                // Entities (&lt; …) arrive separately; keep them visible for the checks.
                text.push('&');
                let raw = r.into_inner();
                text.push_str(&raw);
                text.push(';');
            }
            Event::Eof => break,
            _ => {}
        }
    }
    text
}

fn demo() -> tongxing::pipeline::Analysis {
    let opts = tongxing::pipeline::Options { layout: true, ..Default::default() };
    tongxing::pipeline::run(&tongxing::demo::files(), &opts, &|| 0.0).unwrap()
}

#[test]
fn demo_gallery_is_complete_bilingual_and_well_formed() {
    let a = demo();
    for lang in [Lang::En, Lang::Zh] {
        let gallery = all_charts(&a, lang).unwrap();
        let ids: Vec<&str> = gallery.iter().map(|c| c.id.as_str()).collect();
        for id in [
            "means",
            "box",
            "hist-knowledge_sharing",
            "likert-knowledge_sharing",
            "mixing-knowledge_sharing-city",
            "items",
            "correlations",
            "radar-groups",
            "network-knowledge_sharing",
            "degree-knowledge_sharing",
            "betweenness-knowledge_sharing",
            "pagerank-knowledge_sharing",
            "closeness-knowledge_sharing",
            "communities-knowledge_sharing",
            "scatter-knowledge_sharing",
            "network-combined",
        ] {
            assert!(ids.contains(&id), "{lang:?}: missing {id} in {ids:?}");
        }
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "chart ids are unique");
        for c in &gallery {
            let text = svg_text(&c.svg);
            assert!(!c.rows.is_empty() && !c.headers.is_empty(), "{}: data table", c.id);
            assert!(c.rows.iter().all(|r| r.len() == c.headers.len()), "{}: ragged table", c.id);
            assert!(!c.title.is_empty() && !c.description.is_empty());
            if lang == Lang::Zh {
                assert!(
                    text.chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)),
                    "{}: no Chinese text",
                    c.id
                );
                assert!(c.description.chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)));
            }
        }
        let means = &gallery[0];
        let expect = if lang == Lang::Zh { "知识分享" } else { "Knowledge sharing" };
        assert!(svg_text(&means.svg).contains(expect));
    }
}

#[test]
fn chart_numbers_match_the_report() {
    let a = demo();
    let gallery = capacity_charts(&a.report, Lang::En).unwrap();
    // The means table repeats the report's means (2 decimals) and a CI around them.
    let means = gallery.iter().find(|c| c.id == "means").unwrap();
    for (row, d) in means.rows.iter().zip(&a.report.capacity.dimensions) {
        assert_eq!(row[2], format!("{:.2}", d.mean.unwrap()));
        let (lo, hi): (f64, f64) = (row[3].parse().unwrap(), row[4].parse().unwrap());
        assert!(lo < d.mean.unwrap() && d.mean.unwrap() < hi);
    }
    // The histogram table is the report's distribution.
    let d = &a.report.capacity.dimensions[0];
    let hist = gallery.iter().find(|c| c.id == format!("hist-{}", d.key)).unwrap();
    let counts: Vec<usize> = hist.rows.iter().map(|r| r[2].parse().unwrap()).collect();
    assert_eq!(counts, d.distribution.iter().map(|b| b.count).collect::<Vec<_>>());
    // Likert shares of each item add up to 100%.
    let likert = gallery.iter().find(|c| c.id == format!("likert-{}", d.key)).unwrap();
    for row in likert.rows.iter() {
        let total: f64 = row[1..].iter().map(|c| c.trim_end_matches('%').parse::<f64>().unwrap()).sum();
        assert!((total - 100.0).abs() < 0.5, "{row:?}");
    }
}

#[test]
fn item_heat_map_rows_follow_the_index() {
    let a = demo();
    let m = a.report.capacity.item_matrix.as_ref().expect("answers for the heat map");
    assert_eq!(m.values.len(), 120);
    assert_eq!(m.columns.len(), a.report.capacity.dimensions.iter().map(|d| d.items.len()).sum::<usize>());
    let gallery = capacity_charts(&a.report, Lang::En).unwrap();
    let heat = gallery.iter().find(|c| c.id == "items").unwrap();
    let index: Vec<f64> = heat.rows.iter().filter_map(|r| r[1].parse().ok()).collect();
    assert!(index.windows(2).all(|w| w[0] >= w[1]), "highest index first");
    assert_eq!(heat.rows.len(), 120);
}

#[test]
fn item_answer_counts_by_hand() {
    let a = analyze_text("s.csv", "org_name,ks_1,ks_2\nA,4,5\nB,3,3\nC,4,5\nD,2,\n");
    let item = &a.report.capacity.dimensions[0].item_stats[0];
    let counts: Vec<(f64, usize)> = item.counts.iter().map(|c| (c.value, c.count)).collect();
    assert_eq!(counts, vec![(2.0, 1), (3.0, 1), (4.0, 2)]);
}

#[test]
fn organization_names_are_escaped_in_every_chart() {
    let csv = "org_name,city,ks_1,ks_2,pro_1,pro_2,fund_1,fund_2,partners\n\
               \"<b>A&B \"\"co\"\"</b>\",x,4,5,3,3,2,2,C;D\n\
               C,y,3,3,4,4,5,5,\"<b>A&B \"\"co\"\"</b>\";D\n\
               D,x,2,2,2,3,3,4,C\n\
               E,y,5,4,4,5,1,2,C;D\n";
    let mut a = analyze_text("x.csv", csv);
    a.layouts = a.graphs.iter().map(|g| tongxing::network::layout::force_layout(g, 1)).collect();
    let mut svgs: Vec<String> =
        all_charts(&a, Lang::En).unwrap().into_iter().map(|c| c.svg.to_string()).collect();
    svgs.push(tongxing::charts::capacity::radar_organization(&a.report, 0, Lang::En).unwrap().0);
    let mut seen = false;
    for svg in &svgs {
        assert!(!svg.contains("<b>"), "raw markup in {svg}");
        seen |= svg.contains("&lt;b&gt;");
    }
    assert!(seen, "the name appears (escaped) somewhere");
}
