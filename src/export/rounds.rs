//! The survey rounds' sheets of the results workbook (report `waves`), in the reader's
//! language: who took part in each round, each dimension's change with its tests, each
//! organization's change with its RCI, each relation's change, and the matches to check. Each
//! column's machine key is the report's name for it; an undefined number is an empty cell.

use super::number_cell as f;
use super::workbook::{Builder, sheet_title};
use super::xlsx::{Format, Sheet};
use crate::charts::rounds::dimension_label;
use crate::i18n::{Lang, t, tf};
use crate::labels::relation_label;
use crate::report::Report;
use crate::report::rounds::WavesReport;

/// The sheets of the rounds compared; none without rounds.
pub fn waves_sheets(r: &Report, l: Lang) -> Vec<Sheet> {
    let Some(w) = r.waves.as_ref() else { return Vec::new() };
    let mut out = vec![members(w, l), dimensions(w, l), organizations(w, l), networks(r, w, l)];
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
                    t(l, &format!("change.uncertain_{}", u.reason)),
                ]
            })
            .collect();
        let b = Builder::new(t(l, "change.uncertain_title"))
            .col("earlier", l, "change.earlier", Format::Text)
            .col("rounds.0", l, "workbook.earlier_round", Format::Text)
            .col("later", l, "change.later", Format::Text)
            .col("rounds.1", l, "workbook.later_round", Format::Text)
            .col("reason", l, "change.why", Format::Text);
        out.push(b.rows(rows).build());
    }
    out
}

/// Organizations per round, then who joined, left and stayed between the rounds compared.
fn members(w: &WavesReport, l: Lang) -> Sheet {
    let m = &w.comparison.organizations;
    let mut rows: Vec<Vec<String>> = w
        .labels
        .iter()
        .zip(&m.per_wave)
        .map(|(label, n)| vec![label.clone(), t(l, "change.organizations"), n.to_string()])
        .collect();
    let pair = format!("{}→{}", w.labels[w.comparison.from], w.labels[w.comparison.to]);
    for (what, names) in [("joined", &m.joined), ("left", &m.left), ("stayed", &m.stayed)] {
        let what = t(l, &format!("change.{what}"));
        rows.extend(names.iter().map(|n| vec![pair.clone(), what.clone(), n.clone()]));
    }
    Builder::new(sheet_title(l, "rounds"))
        .col("round", l, "change.round", Format::Text)
        .col("what", l, "workbook.kind", Format::Text)
        .col("value", l, "workbook.value", Format::Text)
        .rows(rows)
        .build()
}

fn dimensions(w: &WavesReport, l: Lang) -> Sheet {
    let mut b =
        Builder::new(sheet_title(l, "round_dimensions")).col("key", l, "capacity.dimension", Format::Text);
    for (i, label) in w.labels.iter().enumerate() {
        let header = tf(l, "workbook.round_mean", &[("round", label.clone())]);
        b = b.named(&format!("means.{i}"), header, Format::Decimal(2));
    }
    let b = b
        .col("n_paired", l, "change.n_paired", Format::Integer)
        .col("change", l, "change.mean_change", Format::Decimal(2))
        .col("t", l, "change.t", Format::Decimal(2))
        .col("t_p", l, "change.t_p", Format::P)
        .col("wilcoxon_p", l, "change.wilcoxon_p", Format::P)
        .col("wilcoxon_method", l, "change.method", Format::Text)
        .col("dz", l, "change.dz", Format::Decimal(2))
        .col("rci_se", l, "workbook.rci_se", Format::Decimal(3));
    let rows = w
        .comparison
        .capacity
        .dimensions
        .iter()
        .map(|d| {
            let mut row = vec![dimension_label(d, l)];
            row.extend(d.means.iter().map(|m| f(*m)));
            row.extend([
                d.n_paired.to_string(),
                f(d.change),
                f(d.t),
                f(d.t_p),
                f(d.wilcoxon_p),
                d.wilcoxon_method.as_ref().map(|m| t(l, &format!("change.method_{m}"))).unwrap_or_default(),
                f(d.dz),
                f(d.rci_se),
            ]);
            row
        })
        .collect();
    b.rows(rows).build()
}

fn organizations(w: &WavesReport, l: Lang) -> Sheet {
    let dims = &w.comparison.capacity.dimensions;
    let mut b =
        Builder::new(sheet_title(l, "round_organizations")).col("name", l, "capacity.org", Format::Text);
    for (i, label) in w.labels.iter().enumerate() {
        let header = tf(l, "workbook.round_index", &[("round", label.clone())]);
        b = b.named(&format!("index.{i}"), header, Format::Decimal(1));
    }
    b = b.col("change", l, "change.index_change", Format::Decimal(1));
    for d in dims {
        let name = || vec![("dimension", dimension_label(d, l))];
        let k = &d.key;
        b = b
            .named(
                &format!("dimensions.{k}.change"),
                tf(l, "workbook.dimension_change", &name()),
                Format::Decimal(2),
            )
            .named(
                &format!("dimensions.{k}.rci"),
                tf(l, "workbook.dimension_rci", &name()),
                Format::Decimal(2),
            )
            .named(
                &format!("dimensions.{k}.reliable"),
                tf(l, "workbook.dimension_reliable", &name()),
                Format::Text,
            );
    }
    let rows = w
        .comparison
        .capacity
        .organizations
        .iter()
        .map(|o| {
            let mut row = vec![o.name.clone()];
            row.extend(o.index.iter().map(|x| f(*x)));
            row.push(f(o.change));
            for d in dims {
                let x = o.dimensions.get(&d.key);
                let verdict = x.and_then(|x| x.reliable.as_deref()).unwrap_or("undefined");
                row.extend([
                    f(x.and_then(|x| x.change)),
                    f(x.and_then(|x| x.rci)),
                    if x.is_some() { t(l, &format!("change.reliable_{verdict}")) } else { String::new() },
                ]);
            }
            row
        })
        .collect();
    b.rows(rows).build()
}

fn networks(r: &Report, w: &WavesReport, l: Lang) -> Sheet {
    let mut rows = Vec::new();
    for rel in &w.comparison.network {
        let name = relation_label(r, &rel.relation, l);
        for (i, g) in rel.per_wave.iter().enumerate() {
            let Some(g) = g else { continue };
            rows.push(vec![
                name.clone(),
                w.labels.get(i).cloned().unwrap_or_default(),
                g.nodes.to_string(),
                g.edges.to_string(),
                f(g.density),
                f(g.reciprocity),
                f(Some(g.transitivity)),
                f(g.modularity),
                rel.ties_added.to_string(),
                rel.ties_dropped.to_string(),
                rel.ties_kept.to_string(),
                f(rel.jaccard),
                f(rel.community_ari),
            ]);
        }
    }
    Builder::new(sheet_title(l, "round_networks"))
        .col("relation", l, "network.relation", Format::Text)
        .col("round", l, "change.round", Format::Text)
        .col("nodes", l, "network.nodes", Format::Integer)
        .col("edges", l, "change.edges", Format::Integer)
        .col("density", l, "network.density", Format::Decimal(3))
        .col("reciprocity", l, "network.reciprocity", Format::Decimal(3))
        .col("transitivity", l, "change.transitivity", Format::Decimal(3))
        .col("modularity", l, "network.modularity", Format::Decimal(3))
        .col("ties_added", l, "change.ties_added", Format::Integer)
        .col("ties_dropped", l, "change.ties_dropped", Format::Integer)
        .col("ties_kept", l, "change.ties_kept", Format::Integer)
        .col("jaccard", l, "change.jaccard", Format::Decimal(2))
        .col("community_ari", l, "change.ari", Format::Decimal(2))
        .rows(rows)
        .build()
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
