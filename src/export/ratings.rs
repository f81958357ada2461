//! The tie ratings' sheets of the results workbook, in the reader's language: every rated tie
//! (who rated whom, in which relation, its mean score per tie dimension) and each
//! organization's mean rating received and given per tie dimension with the number of ratings.
//! None without tie ratings. Each column's machine key is the report's name for it.

use super::number_cell as f;
use super::workbook::{Builder, sheet_title};
use super::xlsx::{Format, Sheet};
use crate::i18n::{Lang, tf};
use crate::labels::{relation_label, tie_dimension_label};
use crate::report::{MeanN, Report, TieDimensionSummary};

/// The tie dimensions of every relation, each once, in the order they first appear.
fn dimensions(r: &Report) -> Vec<&TieDimensionSummary> {
    let mut out: Vec<&TieDimensionSummary> = Vec::new();
    for d in r.network.relations.iter().flat_map(|rel| &rel.tie_dimensions) {
        if !out.iter().any(|x| x.key == d.key) {
            out.push(d);
        }
    }
    out
}

/// The sheets of tie ratings: the rated ties, then the organizations' means.
pub fn ratings_sheets(r: &Report, l: Lang) -> Vec<Sheet> {
    let dims = dimensions(r);
    if dims.is_empty() {
        return Vec::new();
    }
    vec![ties(r, &dims, l), organizations(r, &dims, l)]
}

/// One row per rated tie: relation, rater, rated, the score on each tie dimension.
fn ties(r: &Report, dims: &[&TieDimensionSummary], l: Lang) -> Sheet {
    let mut rows = Vec::new();
    for rel in &r.network.relations {
        let relation = relation_label(r, &rel.key, l);
        for tie in &rel.rated_ties {
            let (Some(s), Some(t)) = (rel.nodes.get(tie.source), rel.nodes.get(tie.target)) else { continue };
            let mut row = vec![relation.clone(), s.name.clone(), t.name.clone()];
            row.extend(dims.iter().map(|d| f(tie.ratings.get(&d.key).copied())));
            rows.push(row);
        }
    }
    let mut b = Builder::new(sheet_title(l, "tie_ratings"))
        .col("relation", l, "network.relation", Format::Text)
        .col("source", l, "explorer.rater", Format::Text)
        .col("target", l, "explorer.rated", Format::Text);
    for d in dims {
        b = b.named(&format!("ratings.{}", d.key), tie_dimension_label(d, l), Format::Decimal(2));
    }
    b.rows(rows).build()
}

/// One row per organization with ratings in a relation: the mean rating received and given
/// per tie dimension, each with its number of ratings.
fn organizations(r: &Report, dims: &[&TieDimensionSummary], l: Lang) -> Sheet {
    let mut rows = Vec::new();
    let cells = |m: Option<&MeanN>| [f(m.and_then(|x| x.mean)), m.map(|x| x.n).unwrap_or(0).to_string()];
    for rel in &r.network.relations {
        let relation = relation_label(r, &rel.key, l);
        for n in rel.nodes.iter().filter(|n| !n.received.is_empty() || !n.given.is_empty()) {
            let mut row = vec![relation.clone(), n.name.clone(), n.id.clone()];
            for d in dims {
                row.extend(cells(n.received.get(&d.key)));
                row.extend(cells(n.given.get(&d.key)));
            }
            rows.push(row);
        }
    }
    let mut b = Builder::new(sheet_title(l, "tie_ratings_orgs"))
        .col("relation", l, "network.relation", Format::Text)
        .col("name", l, "capacity.org", Format::Text)
        .col("id", l, "profile.id", Format::Text);
    for d in dims {
        let label = || vec![("dimension", tie_dimension_label(d, l))];
        for side in ["received", "given"] {
            b = b
                .named(
                    &format!("{side}.{}.mean", d.key),
                    tf(l, &format!("workbook.{side}_mean"), &label()),
                    Format::Decimal(2),
                )
                .named(
                    &format!("{side}.{}.n", d.key),
                    tf(l, &format!("workbook.{side}_n"), &label()),
                    Format::Integer,
                );
        }
    }
    b.rows(rows).build()
}
