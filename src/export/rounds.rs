//! The survey rounds' sheets of the results workbook (report `waves`): who took part in each
//! round, each dimension's change with its tests, each organization's change with its RCI, each
//! relation's change and each node's change. An undefined number is an empty cell.

use crate::ingest::Table;
use crate::report::Report;
use crate::report::rounds::{Comparison, WavesReport};

fn f(x: Option<f64>) -> String {
    x.filter(|v| v.is_finite()).map(|v| v.to_string()).unwrap_or_default()
}

/// `(sheet name, table)` for each table of the comparison; none without rounds.
pub fn waves_sheets(r: &Report) -> Vec<(String, Table)> {
    let Some(w) = r.waves.as_ref() else { return Vec::new() };
    let c = &w.comparison;
    let mut out = vec![
        ("rounds".to_string(), members(w)),
        ("round dimensions".to_string(), dimensions(w, c)),
        ("round organizations".to_string(), organizations(w, c)),
        ("round networks".to_string(), networks(w, c)),
    ];
    if !w.uncertain.is_empty() {
        let rows = w
            .uncertain
            .iter()
            .map(|u| {
                vec![
                    u.earlier.clone(),
                    u.rounds.0.clone(),
                    u.later.clone(),
                    u.rounds.1.clone(),
                    u.reason.clone(),
                ]
            })
            .collect();
        let headers = ["earlier_name", "earlier_round", "later_name", "later_round", "reason"];
        out.push((
            "round matches to check".to_string(),
            Table::new("round matches to check", &headers, rows),
        ));
    }
    out
}

fn members(w: &WavesReport) -> Table {
    let m = &w.comparison.organizations;
    let mut rows: Vec<Vec<String>> = w
        .labels
        .iter()
        .zip(&m.per_wave)
        .map(|(l, n)| vec![l.clone(), "organizations".into(), n.to_string()])
        .collect();
    for (what, names) in [("joined", &m.joined), ("left", &m.left), ("stayed", &m.stayed)] {
        rows.extend(names.iter().map(|n| {
            vec![
                format!("{}→{}", w.labels[w.comparison.from], w.labels[w.comparison.to]),
                what.into(),
                n.clone(),
            ]
        }));
    }
    Table::new("rounds", &["round", "what", "value"], rows)
}

fn dimensions(w: &WavesReport, c: &Comparison) -> Table {
    let mut headers: Vec<String> = vec!["dimension".into()];
    headers.extend(w.labels.iter().map(|l| format!("mean {l}")));
    headers.extend(
        ["n_paired", "change", "t", "t_p", "wilcoxon_p", "wilcoxon_method", "dz", "rci_se"].map(String::from),
    );
    let rows = c
        .capacity
        .dimensions
        .iter()
        .map(|d| {
            let mut row = vec![d.key.clone()];
            row.extend(d.means.iter().map(|m| f(*m)));
            row.extend([
                d.n_paired.to_string(),
                f(d.change),
                f(d.t),
                f(d.t_p),
                f(d.wilcoxon_p),
                d.wilcoxon_method.clone().unwrap_or_default(),
                f(d.dz),
                f(d.rci_se),
            ]);
            row
        })
        .collect();
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    Table::new("round dimensions", &headers, rows)
}

fn organizations(w: &WavesReport, c: &Comparison) -> Table {
    let keys: Vec<&String> = c.capacity.dimensions.iter().map(|d| &d.key).collect();
    let mut headers: Vec<String> = vec!["name".into()];
    headers.extend(w.labels.iter().map(|l| format!("index {l}")));
    headers.push("index_change".into());
    for k in &keys {
        headers.extend([format!("{k}_change"), format!("{k}_rci"), format!("{k}_reliable")]);
    }
    let rows = c
        .capacity
        .organizations
        .iter()
        .map(|o| {
            let mut row = vec![o.name.clone()];
            row.extend(o.index.iter().map(|x| f(*x)));
            row.push(f(o.change));
            for k in &keys {
                let d = o.dimensions.get(*k);
                row.extend([
                    f(d.and_then(|d| d.change)),
                    f(d.and_then(|d| d.rci)),
                    d.and_then(|d| d.reliable.clone()).unwrap_or_default(),
                ]);
            }
            row
        })
        .collect();
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    Table::new("round organizations", &headers, rows)
}

fn networks(w: &WavesReport, c: &Comparison) -> Table {
    let headers = [
        "relation",
        "round",
        "nodes",
        "edges",
        "density",
        "reciprocity",
        "transitivity",
        "modularity",
        "ties_added",
        "ties_dropped",
        "ties_kept",
        "jaccard",
        "community_ari",
    ];
    let mut rows = Vec::new();
    for r in &c.network {
        for (i, g) in r.per_wave.iter().enumerate() {
            let Some(g) = g else { continue };
            rows.push(vec![
                r.relation.clone(),
                w.labels.get(i).cloned().unwrap_or_default(),
                g.nodes.to_string(),
                g.edges.to_string(),
                f(g.density),
                f(g.reciprocity),
                f(Some(g.transitivity)),
                f(g.modularity),
                r.ties_added.to_string(),
                r.ties_dropped.to_string(),
                r.ties_kept.to_string(),
                f(r.jaccard),
                f(r.community_ari),
            ]);
        }
    }
    Table::new("round networks", &headers, rows)
}

/// An organization's own change for its feedback profile (HTML, every text escaped): its index
/// and each dimension's score change with the reliable-change verdict; empty without rounds or
/// when it took part in one round only. No other organization appears.
pub fn profile_change(r: &Report, name: &str, l: crate::i18n::Lang) -> String {
    use crate::i18n::{t, tf};
    use crate::markup::escape;
    use crate::report::format::num;
    use std::fmt::Write;
    let Some(w) = r.waves.as_ref() else { return String::new() };
    let c = &w.comparison;
    let Some(o) = c.capacity.organizations.iter().find(|o| o.name == name) else { return String::new() };
    let (from, to) = (w.labels[c.from].clone(), w.labels[c.to].clone());
    let mut s = String::new();
    let _ = write!(
        s,
        "<h2>{}</h2><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        escape(&tf(l, "profile.change_title", &[("from", from.clone()), ("to", to.clone())])),
        escape(&t(l, "capacity.dimension")),
        escape(&from),
        escape(&to),
        escape(&t(l, "change.change")),
        escape(&t(l, "change.reliable")),
    );
    let first = |v: &[Option<f64>]| v.first().copied().flatten();
    let last = |v: &[Option<f64>]| v.last().copied().flatten();
    let _ = write!(
        s,
        "<tr><th>{}</th><td>{}</td><td>{}</td><td>{}</td><td></td></tr>",
        escape(&t(l, "capacity.index")),
        num(first(&o.index), 1, l),
        num(last(&o.index), 1, l),
        num(o.change, 1, l)
    );
    for d in &c.capacity.dimensions {
        let Some(x) = o.dimensions.get(&d.key) else { continue };
        let verdict = t(l, &format!("change.reliable_{}", x.reliable.as_deref().unwrap_or("undefined")));
        let _ = write!(
            s,
            "<tr><th>{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&crate::charts::rounds::dimension_label(d, l)),
            num(first(&x.scores), 2, l),
            num(last(&x.scores), 2, l),
            num(x.change, 2, l),
            escape(&verdict)
        );
    }
    let _ = write!(s, "</tbody></table><p class=\"muted\">{}</p>", escape(&t(l, "profile.change_note")));
    s
}
