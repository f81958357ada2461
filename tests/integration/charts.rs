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

/// A text of a chart as drawn: its content, size and box (SVG pixels), and whether it is turned.
#[derive(Debug)]
struct Drawn {
    text: String,
    size: f64,
    turned: bool,
    bx: (f64, f64, f64, f64),
}

/// What the readability checks need from an SVG chart.
struct Parsed {
    width: f64,
    texts: Vec<Drawn>,
    legend: bool,
    tooltips: usize,
}

/// Reads a chart's width, its texts with their boxes (measured as the charts measure them,
/// placed by `x`, `y`, `dy`, `text-anchor` and `transform`), whether it has a legend group and
/// how many tooltips it carries.
fn parse(svg: &str) -> Parsed {
    use tongxing::charts::backend::text_extent;
    let mut reader = XmlReader::from_str(svg);
    let mut out = Parsed { width: 0.0, texts: Vec::new(), legend: false, tooltips: 0 };
    let mut open: Option<std::collections::HashMap<String, String>> = None;
    let mut content = String::new();
    loop {
        match reader.read_event().expect("well-formed SVG") {
            Event::Start(e) | Event::Empty(e) => {
                let attrs: std::collections::HashMap<String, String> = e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        let key: &str = a.key.as_ref();
                        (key.to_string(), a.value.to_string())
                    })
                    .collect();
                let local = e.local_name();
                let name: &str = local.as_ref();
                match name {
                    "svg" => out.width = attrs["width"].parse().unwrap(),
                    "text" => {
                        open = Some(attrs);
                        content.clear();
                    }
                    "title" => out.tooltips += 1,
                    "g" if attrs.get("class").is_some_and(|c| c == "legend") => out.legend = true,
                    _ => {}
                }
            }
            Event::Text(t) if open.is_some() => content.push_str(&t.into_inner()),
            Event::GeneralRef(r) if open.is_some() => {
                let name = r.into_inner().to_string();
                content.push(match name.as_str() {
                    "lt" => '<',
                    "gt" => '>',
                    "amp" => '&',
                    "quot" => '"',
                    _ => '\'',
                });
            }
            Event::End(e) if AsRef::<str>::as_ref(&e.local_name()) == "text" => {
                let a = open.take().unwrap();
                let num = |k: &str| a.get(k).map_or(0.0, |v| v.parse::<f64>().unwrap());
                let (x, y, size) = (num("x"), num("y"), num("font-size"));
                let w = text_extent(&content, size);
                let (l, r) = match a.get("text-anchor").map(String::as_str) {
                    Some("middle") => (-w / 2.0, w / 2.0),
                    Some("end") => (-w, 0.0),
                    _ => (0.0, w),
                };
                let (t, b) = match a.get("dy").map(String::as_str) {
                    Some("0.76em") => (0.0, size),
                    Some("0.35em") => (-size / 2.0, size / 2.0),
                    _ => (-0.8 * size, 0.2 * size),
                };
                let turn = a
                    .get("transform")
                    .map(|t| t.trim_start_matches("rotate(").split(' ').next().unwrap().to_string());
                let bx = match turn.as_deref() {
                    None => (x + l, y + t, x + r, y + b),
                    // rotate(270): (dx, dy) → (dy, −dx).
                    Some("270") => (x + t, y - r, x + b, y - l),
                    Some("90") => (x - b, y + l, x - t, y + r),
                    Some(other) => panic!("rotation {other}"),
                };
                out.texts.push(Drawn {
                    text: std::mem::take(&mut content),
                    size,
                    turned: turn.is_some(),
                    bx,
                });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Whether two texts overlap, with half a pixel of slack on each side for rounding.
fn overlap(a: &Drawn, b: &Drawn) -> bool {
    a.bx.0 + 0.5 < b.bx.2 - 0.5
        && b.bx.0 + 0.5 < a.bx.2 - 0.5
        && a.bx.1 + 0.5 < b.bx.3 - 0.5
        && b.bx.1 + 0.5 < a.bx.3 - 0.5
}

/// The checks see what the issue saw: tick labels run together ("8.09.010.0"), text too small.
#[test]
fn the_readability_checks_see_collisions_and_small_text() {
    let svg = r#"<svg width="720" height="100"><text x="300" y="50" dy="0.76em" text-anchor="middle" font-size="10.5">8.0</text>
<text x="315" y="50" dy="0.76em" text-anchor="middle" font-size="10.5">9.0</text><text x="340" y="50" dy="0.76em" text-anchor="middle" font-size="10.5">10.0</text>
<text x="10" y="80" transform="rotate(270 10 80)" font-size="10.5">&lt;b&gt;</text></svg>"#;
    let p = parse(svg);
    assert_eq!(p.texts.len(), 4);
    assert_eq!(p.texts[3].text, "<b>");
    assert!(overlap(&p.texts[0], &p.texts[1]) && !overlap(&p.texts[0], &p.texts[2]));
    let (desktop, phone) = tongxing::charts::GALLERY.scale(p.width);
    assert!(
        10.5 * desktop < tongxing::charts::MIN_TEXT_DESKTOP
            && 10.5 * phone < tongxing::charts::MIN_TEXT_PHONE
    );
    assert!(!p.legend && p.tooltips == 0);
}

/// Every chart of the demo, the organization radar and an ego diagram, by id.
fn every_chart(a: &tongxing::pipeline::Analysis, lang: Lang) -> Vec<(String, String)> {
    let mut charts: Vec<(String, String)> =
        all_charts(a, lang).unwrap().into_iter().map(|c| (c.id, c.svg.to_string())).collect();
    let radar = tongxing::charts::capacity::radar_organization(&a.report, 0, lang).unwrap().0;
    charts.push(("radar-organization".into(), radar));
    let rel = &a.report.network.relations[0];
    let hub = (0..rel.nodes.len()).max_by_key(|&v| rel.nodes[v].in_degree).unwrap();
    let ego = tongxing::network::ego::ego_network(&a.graphs[0], hub);
    charts.push(("ego".into(), tongxing::charts::network::ego_diagram(rel, &ego, lang).unwrap()));
    // The survey rounds' charts, on the three-round sample.
    let rounds = crate::rounds::long_sample();
    let change = tongxing::charts::gallery::change_charts(&rounds.report, lang).unwrap();
    assert_eq!(change.len(), 5, "slope, two dimensions, ties, flow");
    charts.extend(change.into_iter().map(|c| (c.id, c.svg.to_string())));
    charts
}

/// The display rule (`charts::Column`): at the width the page shows each chart on a desktop and
/// on a 390 px phone, its smallest text is at least 11 and 10 CSS pixels; no two texts overlap
/// (tick labels included: measured as the charts measure them), level text stays inside the
/// chart, marks carry tooltips, and charts of several series, colours or marks have a legend.
#[test]
fn chart_text_is_readable_where_shown_and_never_collides() {
    use tongxing::charts::{Column, MIN_TEXT_DESKTOP, MIN_TEXT_PHONE};
    let a = demo();
    let with_legend = [
        "means",
        "box",
        "likert-",
        "items",
        "correlations",
        "radar-",
        "scatter-",
        "network-",
        "mixing-",
        "ego",
        "change-",
    ];
    for lang in [Lang::Zh, Lang::En] {
        for (id, svg) in every_chart(&a, lang) {
            let p = parse(&svg);
            let (desktop, phone) = Column::of(&id).scale(p.width);
            let smallest = p.texts.iter().map(|t| t.size).fold(f64::INFINITY, f64::min);
            assert!(
                smallest * desktop >= MIN_TEXT_DESKTOP,
                "{lang:?} {id}: {smallest} px × {desktop:.2} on a desktop"
            );
            assert!(
                smallest * phone >= MIN_TEXT_PHONE,
                "{lang:?} {id}: {smallest} px × {phone:.2} on a phone"
            );
            assert!(p.texts.len() >= 3, "{lang:?} {id}: {} texts", p.texts.len());
            for (i, x) in p.texts.iter().enumerate() {
                for y in &p.texts[i + 1..] {
                    assert!(
                        !overlap(x, y),
                        "{lang:?} {id}: {:?} overlaps {:?} ({x:?}, {y:?})",
                        x.text,
                        y.text
                    );
                }
                if !x.turned {
                    assert!(
                        x.bx.0 >= -1.0 && x.bx.2 <= p.width + 1.0,
                        "{lang:?} {id}: {x:?} outside the chart"
                    );
                }
            }
            assert!(p.tooltips > 0, "{lang:?} {id}: no tooltips");
            if with_legend.iter().any(|w| id.starts_with(w)) {
                assert!(p.legend, "{lang:?} {id}: no legend");
            }
        }
    }
}

/// The display rule's desktop column is the gallery's smallest column in the page's CSS, and
/// the page never shows a chart wider than drawn.
#[test]
fn the_display_rule_matches_the_page_css() {
    let css = include_str!("../../style/main.css");
    let gallery = tongxing::charts::GALLERY.desktop;
    assert!(css.contains(&format!("minmax(min(100%, {gallery}px), 1fr)")), "gallery column");
    let rule = css.lines().find(|l| l.contains("img.svg {")).expect("the rule for chart images");
    assert!(
        rule.contains("max-width: 100%") && !rule.contains(" width:"),
        "charts are shown at most at their width: {rule}"
    );
}

/// Writes every chart of [`every_chart`] in zh and en as SVG to `$TONGXING_CHART_DIR` (to
/// look at them, or to redraw the reference screenshots in `tests/screenshots/charts/`):
/// `TONGXING_CHART_DIR=/tmp/c cargo test --test integration write_charts -- --ignored`.
#[test]
#[ignore]
fn write_charts() {
    let dir = std::path::PathBuf::from(std::env::var("TONGXING_CHART_DIR").expect("TONGXING_CHART_DIR"));
    let a = demo();
    for lang in [Lang::Zh, Lang::En] {
        let sub = dir.join(lang.tag());
        std::fs::create_dir_all(&sub).unwrap();
        for (id, svg) in every_chart(&a, lang) {
            std::fs::write(sub.join(format!("{id}.svg")), svg).unwrap();
        }
    }
}

#[test]
fn chart_files_are_named_from_their_labels() {
    use tongxing::export::label_file_stem;
    assert_eq!(label_file_stem("网络图: 知识分享", "network-knowledge_sharing"), "网络图-知识分享");
    assert_eq!(label_file_stem("“知识分享”得分分布", "hist-ks"), "知识分享得分分布");
    assert_eq!(label_file_stem("Means / SD: a*b?\"c\" <x> | y\\z", "m"), "Means-SD-a-b-c-x-y-z");
    assert_eq!(label_file_stem("度分布：全部关系合并", "d"), "度分布-全部关系合并");
    // Nothing left: the chart's id, made safe.
    assert_eq!(label_file_stem(" ／：", "degree-ks"), "degree-ks");
    // The demo's charts: every name different, none with a character a file system refuses.
    let a = tongxing::pipeline::run(&tongxing::demo::files(), &Default::default(), &|| 0.0).unwrap();
    for lang in [tongxing::i18n::Lang::Zh, tongxing::i18n::Lang::En] {
        let charts = all_charts(&a, lang).unwrap();
        let mut stems: Vec<String> = charts.iter().map(|c| label_file_stem(&c.title, &c.id)).collect();
        assert!(
            stems
                .iter()
                .all(|s| !s.is_empty()
                    && !s.contains(['/', '\\', ':', '*', '?', '"', '<', '>', '|', ' ', '：'])),
            "{stems:?}"
        );
        assert!(stems.iter().all(|s| !s.contains('_')), "no internal keys: {stems:?}");
        stems.sort();
        let n = stems.len();
        stems.dedup();
        assert_eq!(stems.len(), n, "{stems:?}");
    }
}

/// The means chart (as downloaded): each mean written after its interval stands clear of the
/// upper cap (at least 9 px between the cap's stroke and the number), not touching it, and is
/// still at least 11 px.
#[test]
fn means_stand_clear_of_the_interval_caps() {
    let a = demo();
    for lang in [Lang::En, Lang::Zh] {
        let (svg, _) = tongxing::charts::capacity::means_ci(&a.report.capacity.dimensions, lang).unwrap();
        // The caps: vertical strokes of width 2, as (x, y from, y to).
        let caps: Vec<(f64, f64, f64)> = svg
            .split("<polyline ")
            .skip(1)
            .filter(|p| p.contains("stroke-width=\"2\""))
            .filter_map(|p| {
                let points = p.split("points=\"").nth(1)?.split('"').next()?;
                let xy: Vec<f64> = points.split([' ', ',']).map(|v| v.parse().unwrap()).collect();
                (xy.len() == 4 && xy[0] == xy[2]).then(|| (xy[0], xy[1].min(xy[3]), xy[1].max(xy[3])))
            })
            .collect();
        let values: Vec<Drawn> = parse(&svg)
            .texts
            .into_iter()
            .filter(|t| t.text.len() == 4 && t.text.parse::<f64>().is_ok() && !t.turned)
            .filter(|t| caps.iter().any(|c| c.1 <= (t.bx.1 + t.bx.3) / 2.0 && (t.bx.1 + t.bx.3) / 2.0 <= c.2))
            .collect();
        assert_eq!(values.len(), a.report.capacity.dimensions.len(), "{svg}");
        for v in &values {
            let mid = (v.bx.1 + v.bx.3) / 2.0;
            let cap = caps.iter().filter(|c| c.1 <= mid && mid <= c.2).map(|c| c.0).fold(f64::MIN, f64::max);
            let gap = v.bx.0 - (cap + 1.0);
            assert!(gap >= 9.0, "{} is {gap} px from its cap", v.text);
            assert!(v.size >= 11.0);
        }
    }
}
