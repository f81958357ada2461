//! A self-contained, printable HTML report (inline CSS and SVG, no external assets), bilingual.
//! Every user string goes through [`escape`]; the SVG comes from the charts' backend, which escapes text.

use std::fmt::Write as _;

use crate::charts::gallery::ChartSpec;
use crate::i18n::{Lang, t};
use crate::labels;
use crate::markup::escape;
use crate::pipeline::Analysis;
use crate::report::format::{num, percent};

/// Print-friendly styles for A4 (no web fonts: the reader's system fonts).
const CSS: &str = "body{font-family:system-ui,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;max-width:190mm;margin:0 auto;padding:12px;color:#1b1f24;line-height:1.45}\
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:1.6em;border-bottom:1px solid #ccc}table{border-collapse:collapse;width:100%;font-size:.85rem;margin:8px 0}\
th,td{border-bottom:1px solid #ddd;padding:3px 6px;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}svg{max-width:100%;height:auto}\
.muted{color:#555;font-size:.85rem}@media print{h2{break-after:avoid}table,figure{break-inside:avoid}}@page{size:A4;margin:15mm}";

fn row(cells: &[String], numeric_from: usize) -> String {
    let mut s = String::from("<tr>");
    for (i, c) in cells.iter().enumerate() {
        if i >= numeric_from {
            let _ = write!(s, "<td class=\"n\">{}</td>", escape(c));
        } else {
            let _ = write!(s, "<td>{}</td>", escape(c));
        }
    }
    s.push_str("</tr>");
    s
}

fn head(cells: &[String]) -> String {
    let mut s = String::from("<tr>");
    for c in cells {
        let _ = write!(s, "<th>{}</th>", escape(c));
    }
    s.push_str("</tr>");
    s
}

/// "Growing the community": introductions (the first 30), new ties and critical brokers.
fn suggestions(
    s: &mut String,
    rel: &crate::report::RelationReport,
    sug: &crate::report::Suggestions,
    cap: &crate::report::CapacityReport,
    l: Lang,
) {
    use super::text::{broker_reason, introduction_reason, new_tie_reason};
    let _ = write!(
        s,
        "<h3>{}</h3><p class=\"muted\">{}</p>",
        escape(&t(l, "cultivate.title")),
        escape(&t(l, "cultivate.intro"))
    );
    let lists = [
        (
            t(l, "cultivate.new_ties"),
            [t(l, "cultivate.tie_a"), t(l, "cultivate.tie_b"), t(l, "cultivate.reason")],
            sug.new_ties
                .iter()
                .map(|x| [x.a_name.clone(), x.b_name.clone(), new_tie_reason(x, l)])
                .collect::<Vec<_>>(),
        ),
        (
            t(l, "cultivate.brokers"),
            [t(l, "cultivate.org"), t(l, "cultivate.cut_off"), t(l, "cultivate.reason")],
            sug.critical_brokers
                .iter()
                .map(|b| [b.name.clone(), b.cut_off.to_string(), broker_reason(b, l)])
                .collect(),
        ),
        (
            t(l, "cultivate.introductions"),
            [t(l, "cultivate.org"), t(l, "cultivate.suggested"), t(l, "cultivate.reason")],
            sug.introductions
                .iter()
                .take(30)
                .map(|i| [i.name.clone(), i.to_name.clone(), introduction_reason(i, rel, cap, l)])
                .collect(),
        ),
    ];
    for (title, header, rows) in lists {
        let _ = write!(s, "<h4>{}</h4>", escape(&title));
        if rows.is_empty() {
            let _ = write!(s, "<p class=\"muted\">{}</p>", escape(&t(l, "cultivate.none")));
            continue;
        }
        s.push_str("<table>");
        s.push_str(&head(&header));
        for r in rows {
            s.push_str(&row(&r, 3));
        }
        s.push_str("</table>");
    }
}

/// One chart as a figure with its title and description (the SVG comes from the charts'
/// backend, which escapes text).
fn figure(s: &mut String, c: &ChartSpec) {
    let _ = write!(
        s,
        "<figure><figcaption><strong>{}</strong> — {}</figcaption>{}</figure>",
        escape(&c.title),
        escape(&c.description),
        c.svg
    );
}

/// The report as one HTML document, with every chart of `charts` (from
/// [`crate::charts::gallery::all_charts`]) in its section.
pub fn render_gallery(a: &Analysis, charts: &[ChartSpec], lang: Lang) -> String {
    let r = &a.report;
    let l = lang;
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{}</title><style>{CSS}</style></head><body>",
        l.tag(),
        escape(&t(l, "report.title"))
    );
    let _ = write!(
        s,
        "<h1>{}</h1><p class=\"muted\">{} · {}</p>",
        escape(&t(l, "report.title")),
        escape(&r.generator),
        escape(&r.input.files.join(", "))
    );
    // Sample.
    let _ = write!(s, "<h2>{}</h2>", escape(&t(l, "summary.title")));
    s.push_str("<table>");
    for (k, v) in [
        (t(l, "summary.orgs"), r.input.rows.to_string()),
        (t(l, "summary.columns"), r.input.columns.to_string()),
        (t(l, "summary.encoding"), r.input.encoding.clone()),
    ] {
        s.push_str(&row(&[k, v], 1));
    }
    s.push_str("</table>");
    // Methods.
    let _ = write!(
        s,
        "<h2>{}</h2><p>{}</p>",
        escape(&t(l, "report.methods")),
        escape(&t(l, "report.methods_text"))
    );
    // Capacity.
    let cap = &r.capacity;
    if !cap.dimensions.is_empty() {
        let _ = write!(s, "<h2>{}</h2><table>", escape(&t(l, "capacity.title")));
        s.push_str(&head(&[
            t(l, "capacity.dimension"),
            t(l, "capacity.items"),
            t(l, "capacity.n"),
            t(l, "capacity.mean"),
            t(l, "capacity.sd"),
            t(l, "capacity.alpha"),
            t(l, "capacity.omega"),
        ]));
        for d in &cap.dimensions {
            s.push_str(&row(
                &[
                    labels::dimension_label(r, &d.key, l),
                    d.items.len().to_string(),
                    d.n_scored.to_string(),
                    num(d.mean, 2, l),
                    num(d.sd, 2, l),
                    num(d.alpha, 3, l),
                    num(d.omega, 3, l),
                ],
                1,
            ));
        }
        s.push_str("</table>");
        for c in charts.iter().filter(|c| c.relation.is_none()) {
            figure(&mut s, c);
        }
        for g in cap.groups.iter().take(4) {
            if let Some(k) = g.tests.first().and_then(|t| t.kruskal) {
                let _ = write!(
                    s,
                    "<p>{}: H = {:.2}, df = {}, p = {:.4}, ε² = {:.3}</p>",
                    escape(&format!(
                        "{} — {}",
                        t(l, "groups.kruskal"),
                        labels::column_label(r, &g.attribute, l)
                    )),
                    k.h,
                    k.df,
                    k.p,
                    k.epsilon2
                );
            }
        }
    }
    // Select-multiple questions.
    if !cap.multi_select.is_empty() {
        let _ = write!(s, "<h2>{}</h2>", escape(&t(l, "multi.title")));
        for m in &cap.multi_select {
            let _ = write!(
                s,
                "<h3>{}</h3><p class=\"muted\">{}</p><table>",
                escape(&m.question),
                escape(&crate::i18n::tf(l, "multi.answered", &[("n", m.answered.to_string())]))
            );
            s.push_str(&head(&[t(l, "multi.option"), t(l, "multi.count"), t(l, "multi.share")]));
            for o in &m.options {
                s.push_str(&row(&[o.option.clone(), o.count.to_string(), percent(o.share, l)], 1));
            }
            s.push_str("</table>");
        }
    }
    // Network.
    for rel in &r.network.relations {
        let g = &rel.graph;
        let _ = write!(
            s,
            "<h2>{}: {}</h2><table>",
            escape(&t(l, "network.relation")),
            escape(&labels::relation_label(r, &rel.key, l))
        );
        for (k, v) in [
            (t(l, "network.nodes"), g.nodes.to_string()),
            (t(l, "network.ties"), g.edges.to_string()),
            (t(l, "network.density"), num(g.density, 4, l)),
            (t(l, "network.reciprocity"), percent(g.reciprocity, l)),
            (t(l, "network.non_respondents"), g.non_respondents.to_string()),
            (t(l, "network.modularity"), num(g.modularity, 3, l)),
            (t(l, "metric.cut_vertices"), g.cut_vertices.to_string()),
            (t(l, "metric.community_method"), labels::community_method(&rel.settings.community_method, l)),
            (t(l, "metric.core_size"), rel.core_periphery.as_ref().map_or(0, |c| c.core_size).to_string()),
            (t(l, "metric.core_fit"), num(rel.core_periphery.as_ref().and_then(|c| c.fit), 3, l)),
        ] {
            s.push_str(&row(&[k, v], 1));
        }
        s.push_str("</table>");
        for c in charts.iter().filter(|c| c.relation.as_deref() == Some(rel.key.as_str())) {
            figure(&mut s, c);
        }
        let mut top: Vec<_> = rel.nodes.iter().collect();
        top.sort_by(|a, b| b.in_degree.cmp(&a.in_degree).then(a.name.cmp(&b.name)));
        let _ = write!(s, "<h3>{}</h3><table>", escape(&t(l, "network.top")));
        s.push_str(&head(&[
            t(l, "capacity.org"),
            t(l, "network.in_degree"),
            t(l, "network.betweenness"),
            t(l, "metric.constraint"),
        ]));
        for n in top.iter().take(10) {
            s.push_str(&row(
                &[n.name.clone(), n.in_degree.to_string(), num(n.betweenness, 4, l), num(n.constraint, 3, l)],
                1,
            ));
        }
        s.push_str("</table>");
        if let Some(sug) = &rel.suggestions {
            suggestions(&mut s, rel, sug, cap, l);
        }
    }
    // Why some numbers are "not defined" (only when some are).
    if s.contains(&escape(&t(l, "common.undefined"))) {
        let _ = write!(s, "<h2>{}</h2><ul>", escape(&t(l, "report.undefined_title")));
        for key in crate::report::format::EXPLAINED_METRICS {
            let _ = write!(
                s,
                "<li><strong>{}</strong>: {}</li>",
                escape(&t(l, key)),
                escape(&crate::report::format::undefined_reason(l, key))
            );
        }
        s.push_str("</ul>");
    }
    // Data quality.
    let _ = write!(s, "<h2>{}</h2><ul>", escape(&t(l, "summary.warnings")));
    for w in r.input.warnings.iter().take(200) {
        let _ = write!(s, "<li>{}</li>", escape(&labels::warning(r, w, l)));
    }
    s.push_str("</ul></body></html>\n");
    s
}
