//! A self-contained, printable HTML report in the reader's language (inline CSS and SVG, no
//! external assets) for a funder or a board: a one-page summary (the overview's headline
//! numbers and findings, `crate::findings`), then each organization's scores, index,
//! percentile, strengths, gaps and stage, the dimensions, group comparisons with their tests
//! in words, each network with its key players and suggestions, survey rounds compared
//! ([`super::html_change`]), the fitted models, the methods and the notes. Every user string goes through [`escape`]; the SVG comes from the
//! charts, which escape their text. On a phone, tables become one card per row.

use std::fmt::Write as _;

use crate::charts::gallery::ChartSpec;
use crate::i18n::{Lang, t, tf};
use crate::labels::{self, column_label, dimension_label, relation_label, variable_label};
use crate::markup::escape;
use crate::models::text::{
    caveat, mediation_reconcile, mediation_sentences, mediation_verdict, model_sentences, p_text,
    spec_in_words, strength_rule,
};
use crate::pipeline::Analysis;
use crate::report::format::{num, percent};
use crate::report::{CapacityReport, GroupComparison, RelationReport, Report};

/// Print-friendly styles for A4 (no web fonts: the reader's system fonts); below 600 px each
/// table row is a card with its headers as labels.
const CSS: &str = "body{font-family:system-ui,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;max-width:1100px;margin:0 auto;padding:12px;color:#1b1f24;line-height:1.5}\
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:1.6em;border-bottom:1px solid #ccc}h3{font-size:1.05rem}table{border-collapse:collapse;width:100%;font-size:.85rem;margin:8px 0}\
th,td{border-bottom:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}th{background:#f3f5f8}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.name{min-width:8em}td.t{min-width:5.5em}table.kv{width:auto;min-width:50%}table.kv th{background:none;font-weight:400}figure{margin:12px 0}svg{max-width:100%;height:auto}\
.muted{color:#555;font-size:.85rem}.verdict{font-weight:600}.summary{break-after:page}.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(10em,1fr));gap:8px;margin:0;padding:0}.facts div{border:1px solid #ddd;border-radius:6px;padding:6px 10px}\
.facts dt{font-size:.85rem;color:#444}.facts dd{margin:0;font-size:1.4rem;font-weight:600}.facts .detail{display:block;font-size:.8rem;font-weight:400;color:#555}.findings li{margin:.35em 0}ul.warn{border-left:4px solid #b35c00;background:#fff7ec;padding:4px 8px 4px 28px}\
@media print{body{max-width:none}h2{break-after:avoid}tr,figure{break-inside:avoid}}@page{size:A4;margin:15mm}\
@media (max-width:600px){table.cards thead{display:none}table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:auto}table.cards tr{border:1px solid #ddd;border-radius:6px;margin:8px 0;padding:4px 8px}\
table.cards td{border:0;display:flex;justify-content:space-between;gap:12px;text-align:right;white-space:normal}table.cards td::before{content:attr(data-label);font-weight:600;text-align:left;color:#333}table.cards td.name{font-weight:600;font-size:1rem}}";

/// A table: headers, which columns are numbers, and rows. Written with each cell labelled by
/// its header (the phone's card layout shows the label).
pub(super) struct Grid {
    headers: Vec<String>,
    pub(super) numeric: Vec<bool>,
    pub(super) rows: Vec<Vec<String>>,
}

/// Label–value pairs as a two-column table, labels as row headers (as narrow on a phone as
/// on paper, so never cards).
pub(super) fn pairs(s: &mut String, rows: &[(String, String)]) {
    s.push_str("<table class=\"kv\"><tbody>");
    for (k, v) in rows {
        let _ = write!(s, "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td></tr>", escape(k), escape(v));
    }
    s.push_str("</tbody></table>");
}

impl Grid {
    /// A table whose first `text` columns are text and the rest numbers.
    pub(super) fn new(headers: Vec<String>, text: usize) -> Grid {
        let numeric = (0..headers.len()).map(|i| i >= text).collect();
        Grid { headers, numeric, rows: Vec::new() }
    }

    pub(super) fn write(&self, s: &mut String) {
        s.push_str("<table class=\"cards\"><thead><tr>");
        for h in &self.headers {
            let _ = write!(s, "<th scope=\"col\">{}</th>", escape(h));
        }
        s.push_str("</tr></thead><tbody>");
        for row in &self.rows {
            s.push_str("<tr>");
            for (i, cell) in row.iter().enumerate() {
                let class = if i == 0 {
                    " class=\"name\""
                } else if self.numeric.get(i).copied().unwrap_or(false) {
                    " class=\"n\""
                } else {
                    " class=\"t\""
                };
                let label = self.headers.get(i).map(|h| escape(h)).unwrap_or_default();
                let _ = write!(s, "<td{class} data-label=\"{label}\">{}</td>", escape(cell));
            }
            s.push_str("</tr>");
        }
        s.push_str("</tbody></table>");
    }
}

pub(super) fn heading(s: &mut String, level: u8, text: &str) {
    let _ = write!(s, "<h{level}>{}</h{level}>", escape(text));
}

pub(super) fn para(s: &mut String, class: &str, text: &str) {
    if class.is_empty() {
        let _ = write!(s, "<p>{}</p>", escape(text));
    } else {
        let _ = write!(s, "<p class=\"{class}\">{}</p>", escape(text));
    }
}

/// One chart as a figure with its title and description (the SVG comes from the charts'
/// backend, which escapes text).
pub(super) fn figure(s: &mut String, c: &ChartSpec) {
    let _ = write!(
        s,
        "<figure><figcaption><strong>{}</strong> — {}</figcaption>{}</figure>",
        escape(&c.title),
        escape(&c.description),
        c.svg
    );
}

/// The report as one HTML document in `lang`, with every chart of `charts` (from
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
    summary(&mut s, r, l);
    organizations(&mut s, r, l);
    capacity(&mut s, r, charts, l);
    groups(&mut s, r, l);
    multi_select(&mut s, r, l);
    for rel in &r.network.relations {
        network(&mut s, r, rel, charts, l);
    }
    super::html_change::change(&mut s, r, charts, l);
    models(&mut s, r, l);
    closing(&mut s, r, l);
    s.push_str("</body></html>\n");
    s
}

/// The first page: title, what was read, the headline numbers and the key findings.
fn summary(s: &mut String, r: &Report, l: Lang) {
    let _ = write!(
        s,
        "<section class=\"summary\" data-section=\"summary\"><h1>{}</h1>",
        escape(&t(l, "report.title"))
    );
    let files = crate::labels::join_list(&r.input.files, l);
    // Several respondents per organization: the organizations, and the rows read when more.
    let orgs = r.capacity.organizations.len();
    let read = if orgs == r.input.rows {
        tf(l, "report.read", &[("files", files), ("n", orgs.to_string())])
    } else {
        let args = [("files", files), ("n", orgs.to_string()), ("rows", r.input.rows.to_string())];
        tf(l, "report.read_respondents", &args)
    };
    para(s, "muted", &read);
    heading(s, 2, &t(l, "report.summary"));
    s.push_str("<dl class=\"facts\">");
    let h = crate::findings::headline(r);
    for f in crate::findings::headline_facts(r, &h, l) {
        let detail = f
            .detail
            .as_ref()
            .map(|d| format!("<span class=\"detail\">{}</span>", escape(d)))
            .unwrap_or_default();
        let _ =
            write!(s, "<div><dt>{}</dt><dd>{}{detail}</dd></div>", escape(&f.titled(l)), escape(&f.value));
    }
    s.push_str("</dl>");
    let found = crate::findings::findings(r);
    if !found.is_empty() {
        heading(s, 3, &t(l, "overview.findings"));
        s.push_str("<ol class=\"findings\">");
        for f in found {
            let _ = write!(s, "<li>{}</li>", escape(&f.text(r, l)));
        }
        s.push_str("</ol>");
    }
    para(s, "muted", &t(l, "report.summary_note"));
    s.push_str("</section>");
}

/// Dimension labels joined as a list.
fn dimension_list(r: &Report, keys: &[crate::report::Key], l: Lang) -> String {
    let names: Vec<String> = keys.iter().map(|k| dimension_label(r, k, l)).collect();
    crate::labels::join_list(&names, l)
}

/// Each organization's index, percentile, dimension scores, strengths, gaps and stage.
fn organizations(s: &mut String, r: &Report, l: Lang) {
    let cap = &r.capacity;
    if cap.organizations.is_empty() || cap.dimensions.is_empty() {
        return;
    }
    let _ = write!(
        s,
        "<section data-section=\"organizations\"><h2>{}</h2>",
        escape(&t(l, "report.organizations"))
    );
    para(s, "muted", &t(l, "report.organizations_note"));
    let mut headers = vec![t(l, "capacity.org"), t(l, "capacity.index"), t(l, "capacity.percentile")];
    headers.extend(cap.dimensions.iter().map(|d| dimension_label(r, &d.key, l)));
    let text_from = headers.len();
    headers.extend([t(l, "capacity.strengths"), t(l, "capacity.gaps"), t(l, "capacity.stage")]);
    let mut grid = Grid::new(headers, 1);
    for i in text_from..grid.numeric.len() {
        grid.numeric[i] = false;
    }
    for o in &cap.organizations {
        let mut row = vec![o.name.clone(), num(o.index, 1, l), num(o.percentile, 0, l)];
        row.extend(cap.dimensions.iter().map(|d| num(o.scores.get(&d.key).copied().flatten(), 2, l)));
        row.extend([
            dimension_list(r, &o.strengths, l),
            dimension_list(r, &o.gaps, l),
            o.stage.as_deref().map(|k| labels::stage_label(k, l)).unwrap_or_default(),
        ]);
        grid.rows.push(row);
    }
    grid.write(s);
    s.push_str("</section>");
}

/// The dimensions' statistics and reliability, and the capacity charts.
fn capacity(s: &mut String, r: &Report, charts: &[ChartSpec], l: Lang) {
    let cap = &r.capacity;
    if cap.dimensions.is_empty() {
        return;
    }
    let _ = write!(s, "<section data-section=\"capacity\"><h2>{}</h2>", escape(&t(l, "capacity.title")));
    let mut grid = Grid::new(
        vec![
            t(l, "capacity.dimension"),
            t(l, "capacity.items"),
            t(l, "capacity.n"),
            t(l, "capacity.mean"),
            t(l, "capacity.sd"),
            t(l, "capacity.alpha"),
            t(l, "capacity.omega"),
        ],
        1,
    );
    for d in &cap.dimensions {
        grid.rows.push(vec![
            dimension_label(r, &d.key, l),
            d.items.len().to_string(),
            d.n_scored.to_string(),
            num(d.mean, 2, l),
            num(d.sd, 2, l),
            num(d.alpha, 3, l),
            num(d.omega, 3, l),
        ]);
    }
    grid.write(s);
    // The rounds' charts go to their own section.
    for c in charts.iter().filter(|c| c.relation.is_none() && !c.id.starts_with("change-")) {
        figure(s, c);
    }
    s.push_str("</section>");
}

/// A p-value as a sentence writes it (`p < 0.001`, `p = 0.034`).
fn p_words(p: f64) -> String {
    format!("p {}", p_text(Some(p)))
}

/// Group comparisons: for each attribute, whether the index differs between its groups (the
/// Kruskal–Wallis test in words), which dimensions differ too, and each group's mean index.
fn groups(s: &mut String, r: &Report, l: Lang) {
    let tested: Vec<&GroupComparison> =
        r.capacity.groups.iter().filter(|g| g.tests.iter().any(|t| t.kruskal.is_some())).collect();
    if tested.is_empty() {
        return;
    }
    let _ = write!(s, "<section data-section=\"groups\"><h2>{}</h2>", escape(&t(l, "groups.title")));
    para(s, "muted", &t(l, "report.groups_note"));
    for g in tested {
        heading(s, 3, &column_label(r, &g.attribute, l));
        if let Some(sentence) = group_sentence(r, g, l) {
            para(s, "", &sentence);
        }
        let mut grid = Grid::new(
            vec![t(l, "groups.level"), t(l, "groups.n"), t(l, "capacity.index"), t(l, "model.ci")],
            1,
        );
        for level in &g.levels {
            let m = level.means.get("index");
            let ci =
                m.map(|m| format!("{} – {}", num(m.ci_low, 1, l), num(m.ci_high, 1, l))).unwrap_or_default();
            grid.rows.push(vec![
                level.level.clone(),
                level.n.to_string(),
                num(m.and_then(|m| m.mean), 1, l),
                ci,
            ]);
        }
        grid.write(s);
    }
    s.push_str("</section>");
}

/// One attribute's comparison in words: the index test, the highest and lowest groups, and
/// the dimensions that differ as well.
fn group_sentence(r: &Report, g: &GroupComparison, l: Lang) -> Option<String> {
    let attribute = column_label(r, &g.attribute, l);
    let test = g.tests.iter().find(|t| t.outcome == "index")?;
    let k = test.kruskal?;
    let stats = tf(
        l,
        "report.kruskal",
        &[
            ("h", num(Some(k.h), 2, l)),
            ("df", k.df.to_string()),
            ("p", p_words(k.p)),
            ("e2", num(Some(k.epsilon2), 3, l)),
        ],
    );
    let means: Vec<(&str, f64)> =
        g.levels.iter().filter_map(|x| Some((x.level.as_str(), x.means.get("index")?.mean?))).collect();
    let high = means.iter().max_by(|a, b| a.1.total_cmp(&b.1));
    let low = means.iter().min_by(|a, b| a.1.total_cmp(&b.1));
    let mut out = match (k.p < crate::findings::SIGNIFICANT_P, high, low) {
        (true, Some(h), Some(lo)) => tf(
            l,
            "report.group_differs",
            &[
                ("attribute", attribute),
                ("stats", stats),
                ("high", h.0.to_string()),
                ("high_mean", num(Some(h.1), 1, l)),
                ("low", lo.0.to_string()),
                ("low_mean", num(Some(lo.1), 1, l)),
            ],
        ),
        _ => tf(l, "report.group_similar", &[("attribute", attribute), ("stats", stats)]),
    };
    let differing: Vec<String> = g
        .tests
        .iter()
        .filter(|t| t.outcome != "index" && t.kruskal.is_some_and(|k| k.p < crate::findings::SIGNIFICANT_P))
        .map(|t| dimension_label(r, &t.outcome, l))
        .collect();
    if !differing.is_empty() {
        out.push(' ');
        out.push_str(&tf(l, "report.group_dimensions", &[("dimensions", labels::join_names(&differing, l))]));
    }
    Some(out)
}

/// Select-multiple questions: each option's count and share.
fn multi_select(s: &mut String, r: &Report, l: Lang) {
    let multi = &r.capacity.multi_select;
    if multi.is_empty() {
        return;
    }
    let _ = write!(s, "<section data-section=\"multi\"><h2>{}</h2>", escape(&t(l, "multi.title")));
    for m in multi {
        heading(s, 3, &m.question);
        para(s, "muted", &tf(l, "multi.answered", &[("n", m.answered.to_string())]));
        let mut grid = Grid::new(vec![t(l, "multi.option"), t(l, "multi.count"), t(l, "multi.share")], 1);
        for o in &m.options {
            grid.rows.push(vec![o.option.clone(), o.count.to_string(), percent(o.share, l)]);
        }
        grid.write(s);
    }
    s.push_str("</section>");
}

/// One relation: its facts, charts, key players and suggestions.
fn network(s: &mut String, r: &Report, rel: &RelationReport, charts: &[ChartSpec], l: Lang) {
    let g = &rel.graph;
    let _ = write!(
        s,
        "<section data-section=\"network\"><h2>{}</h2>",
        escape(&tf(l, "report.network", &[("relation", relation_label(r, &rel.key, l))]))
    );
    pairs(
        s,
        &[
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
        ],
    );
    for c in charts.iter().filter(|c| c.relation.as_deref() == Some(rel.key.as_str())) {
        figure(s, c);
    }
    key_players(s, rel, l);
    if let Some(sug) = &rel.suggestions {
        suggestions(s, rel, sug, &r.capacity, l);
    }
    s.push_str("</section>");
}

/// The organizations most named and those bridging the most others (the five highest by
/// in-degree and by betweenness), with why each is key.
fn key_players(s: &mut String, rel: &RelationReport, l: Lang) {
    let named = crate::report::top_by_in_degree(&rel.nodes, 5);
    let mut bridges: Vec<&crate::report::NodeMetrics> =
        rel.nodes.iter().filter(|n| n.betweenness.is_some_and(|b| b > 0.0)).collect();
    bridges.sort_by(|a, b| b.betweenness.partial_cmp(&a.betweenness).unwrap_or(std::cmp::Ordering::Equal));
    bridges.truncate(5);
    let mut players: Vec<&crate::report::NodeMetrics> = named.clone();
    for b in &bridges {
        if !players.iter().any(|p| p.id == b.id) {
            players.push(b);
        }
    }
    if players.is_empty() {
        return;
    }
    heading(s, 3, &t(l, "report.key_players"));
    para(s, "muted", &t(l, "report.key_players_note"));
    let mut grid = Grid::new(
        vec![
            t(l, "capacity.org"),
            t(l, "network.in_degree"),
            t(l, "network.betweenness"),
            t(l, "metric.cut_vertex"),
            t(l, "report.why_key"),
        ],
        1,
    );
    grid.numeric[3] = false;
    grid.numeric[4] = false;
    for n in players {
        let mut why = Vec::new();
        if named.iter().any(|x| x.id == n.id) {
            why.push(t(l, "report.most_named"));
        }
        if bridges.iter().any(|x| x.id == n.id) {
            why.push(t(l, "report.bridge"));
        }
        grid.rows.push(vec![
            n.name.clone(),
            n.in_degree.to_string(),
            num(n.betweenness, 3, l),
            t(l, if n.cut_vertex { "common.yes" } else { "common.no" }),
            why.join(if l.is_zh() { "；" } else { "; " }),
        ]);
    }
    grid.write(s);
}

/// "Growing the community": introductions (the first 30), new ties and critical brokers.
fn suggestions(
    s: &mut String,
    rel: &RelationReport,
    sug: &crate::report::Suggestions,
    cap: &CapacityReport,
    l: Lang,
) {
    use super::text::{broker_reason, introduction_reason, new_tie_reason};
    heading(s, 3, &t(l, "cultivate.title"));
    para(s, "muted", &t(l, "cultivate.intro"));
    if let Some(said) = super::text::concentration(sug, rel, l) {
        para(s, "muted", &said);
    }
    let lists = [
        (
            t(l, "cultivate.introductions"),
            [t(l, "cultivate.org"), t(l, "cultivate.suggested"), t(l, "cultivate.reason")],
            sug.introductions
                .iter()
                .take(30)
                .map(|i| vec![i.name.clone(), i.to_name.clone(), introduction_reason(i, rel, cap, l)])
                .collect::<Vec<_>>(),
        ),
        (
            t(l, "cultivate.new_ties"),
            [t(l, "cultivate.tie_a"), t(l, "cultivate.tie_b"), t(l, "cultivate.reason")],
            sug.new_ties
                .iter()
                .map(|x| vec![x.a_name.clone(), x.b_name.clone(), new_tie_reason(x, l)])
                .collect(),
        ),
        (
            t(l, "cultivate.brokers"),
            [t(l, "cultivate.org"), t(l, "cultivate.cut_off"), t(l, "cultivate.reason")],
            sug.critical_brokers
                .iter()
                .map(|b| vec![b.name.clone(), b.cut_off.to_string(), broker_reason(b, rel, l)])
                .collect(),
        ),
    ];
    for (title, header, rows) in lists {
        heading(s, 4, &title);
        if rows.is_empty() {
            para(s, "muted", &t(l, "cultivate.none"));
            continue;
        }
        let mut grid = Grid::new(header.to_vec(), 3);
        grid.rows = rows;
        grid.write(s);
    }
}

/// The fitted models: sentences, coefficient tables, and each mediation chain's path diagram
/// and paths; what one survey round can and cannot show.
fn models(s: &mut String, r: &Report, l: Lang) {
    if r.models.is_empty() && r.mediation.is_empty() {
        return;
    }
    let label = |v: &str| variable_label(r, v, l);
    let _ = write!(s, "<section data-section=\"models\"><h2>{}</h2>", escape(&t(l, "report.models")));
    para(s, "muted", &caveat(l));
    if !r.mediation.is_empty() {
        para(s, "muted", &strength_rule(l));
    }
    for m in &r.mediation {
        heading(s, 3, &spec_in_words(&m.spec, &label));
        // The answer first, as on the page: does the chain hold? (and why beside shorter paths)
        for said in [mediation_verdict(m, l, &label), mediation_reconcile(m, l, &label)].into_iter().flatten()
        {
            para(s, "verdict", &said);
        }
        sentences(s, &mediation_sentences(m, l, &label));
        if let Some(svg) = crate::charts::paths::path_diagram(m, l, &label) {
            let _ = write!(
                s,
                "<figure><figcaption>{}</figcaption>{svg}</figure>",
                escape(&t(l, "model.diagram"))
            );
        }
        let mut grid = Grid::new(
            vec![
                t(l, "workbook.effect_title"),
                t(l, "model.estimate"),
                t(l, "workbook.se"),
                "p".into(),
                t(l, "model.std_estimate"),
            ],
            1,
        );
        for p in &m.paths {
            grid.rows.push(vec![
                format!("{} → {}", label(&p.from), label(&p.to)),
                num(Some(p.estimate), 3, l),
                num(p.se, 3, l),
                p_text(p.p),
                num(p.std_estimate, 2, l),
            ]);
        }
        if !grid.rows.is_empty() {
            grid.write(s);
        }
    }
    for m in &r.models {
        heading(s, 3, &spec_in_words(&m.formula, &label));
        sentences(s, &model_sentences(m, l, &label));
        if m.terms.is_empty() {
            continue;
        }
        let gaussian = m.family == "gaussian";
        let effect = if gaussian { t(l, "model.std_estimate") } else { t(l, "model.odds_ratio") };
        let mut grid = Grid::new(
            vec![t(l, "model.term"), t(l, "model.estimate"), t(l, "model.ci"), "p".into(), effect],
            1,
        );
        for x in &m.terms {
            let name = if x.term == "(Intercept)" { t(l, "model.intercept") } else { label(&x.term) };
            grid.rows.push(vec![
                name,
                num(Some(x.estimate), 3, l),
                format!("{} – {}", num(x.ci_low, 3, l), num(x.ci_high, 3, l)),
                p_text(x.p),
                num(if gaussian { x.std_estimate } else { x.odds_ratio }, 2, l),
            ]);
        }
        grid.write(s);
    }
    s.push_str("</section>");
}

fn sentences(s: &mut String, lines: &[String]) {
    s.push_str("<ul>");
    for line in lines {
        let _ = write!(s, "<li>{}</li>", escape(line));
    }
    s.push_str("</ul>");
}

/// Methods, why some numbers are "not defined" (only when some are) and the notes about the
/// data.
fn closing(s: &mut String, r: &Report, l: Lang) {
    heading(s, 2, &t(l, "report.methods"));
    para(s, "", &t(l, "report.methods_text"));
    let orgs = r.capacity.organizations.len();
    let mut read = vec![(t(l, "summary.orgs"), orgs.to_string())];
    if orgs != r.input.rows {
        read.push((t(l, "summary.rows"), r.input.rows.to_string()));
    }
    read.push((t(l, "summary.columns"), r.input.columns.to_string()));
    read.push((t(l, "summary.encoding"), r.input.encoding.clone()));
    pairs(s, &read);
    para(s, "muted", &r.generator);
    if s.contains(&escape(&t(l, "common.undefined"))) {
        heading(s, 2, &t(l, "report.undefined_title"));
        s.push_str("<ul>");
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
    heading(s, 2, &t(l, "summary.warnings"));
    s.push_str("<ul>");
    for w in r.input.warnings.iter().take(200) {
        let _ = write!(s, "<li>{}</li>", escape(&labels::warning(r, w, l)));
    }
    s.push_str("</ul>");
}
