//! The rounds' plain answer, said the same on the Change view and in the HTML report: one
//! sentence of what changed between the compared rounds (the dimension that changed most, the
//! share of the main relation's ties kept), and a warning for each dimension whose items hang
//! together poorly in either round (Cronbach's α below [`LOW_ALPHA`]), whose change is only
//! indicative.

use crate::charts::rounds::dimension_label;
use crate::findings::main_relation;
use crate::i18n::{Lang, t, tf};
use crate::labels::relation_label;
use crate::report::Report;
use crate::report::format::{num, percent};
use crate::report::rounds::WavesReport;

/// Below this α a dimension's change is said to be only indicative (0.6, the usual lowest
/// acceptable internal consistency of a short scale in exploratory work).
pub const LOW_ALPHA: f64 = 0.6;

/// The one-sentence answer, e.g. "2023 → 2024: “Knowledge” changed most, up 0.75 on average;
/// “Knowledge sharing”: 13 of the earlier round's 21 ties kept (61.9%)." `None` when there is
/// neither a capacity change nor a tie to speak of.
pub fn lead(report: &Report, w: &WavesReport, l: Lang) -> Option<String> {
    let c = &w.comparison;
    let mut parts = Vec::new();
    // The dimension with the largest paired change, as the findings choose it.
    let biggest = c.capacity.dimensions.iter().filter(|d| d.change.is_some()).max_by(|a, b| {
        a.change.map(f64::abs).partial_cmp(&b.change.map(f64::abs)).unwrap_or(std::cmp::Ordering::Equal)
    });
    if let Some(d) = biggest
        && let Some(change) = d.change
    {
        let size = num(Some(change.abs()), 2, l);
        let key = match change {
            _ if size == num(Some(0.0), 2, l) => "change.lead_flat",
            x if x > 0.0 => "change.lead_up",
            _ => "change.lead_down",
        };
        parts.push(tf(l, key, &[("dimension", dimension_label(d, l)), ("change", size)]));
    }
    let main = main_relation(report).map(|r| r.key.as_str());
    let rel = c.network.iter().find(|r| Some(r.relation.as_str()) == main).or(c.network.first());
    if let Some(rel) = rel {
        let before = rel.ties_kept + rel.ties_dropped;
        if before > 0 {
            let share = rel.ties_kept as f64 / before as f64;
            parts.push(tf(
                l,
                "change.lead_kept",
                &[
                    ("relation", relation_label(report, &rel.relation, l)),
                    ("kept", rel.ties_kept.to_string()),
                    ("before", before.to_string()),
                    ("share", percent(Some(share), l)),
                ],
            ));
        }
    }
    (!parts.is_empty()).then(|| {
        let args = [
            ("from", w.labels[c.from].clone()),
            ("to", w.labels[c.to].clone()),
            ("parts", parts.join(&t(l, "change.lead_sep"))),
        ];
        tf(l, "change.lead", &args)
    })
}

/// A warning per dimension whose α is below [`LOW_ALPHA`] in the earlier or the later round
/// compared, naming the α of each round (in the compared rounds' order).
pub fn low_reliability(w: &WavesReport, l: Lang) -> Vec<String> {
    let c = &w.comparison;
    let rounds = [&w.labels[c.from], &w.labels[c.to]];
    c.capacity
        .dimensions
        .iter()
        .filter_map(|d| {
            let alphas = [d.alphas.first().copied().flatten(), d.alphas.last().copied().flatten()];
            if !alphas.iter().flatten().any(|a| *a < LOW_ALPHA) {
                return None;
            }
            let each: Vec<String> = rounds
                .iter()
                .zip(alphas)
                .map(|(r, a)| {
                    tf(l, "change.alpha_round", &[("round", (*r).clone()), ("alpha", num(a, 2, l))])
                })
                .collect();
            let args =
                [("dimension", dimension_label(d, l)), ("alphas", each.join(&t(l, "change.lead_list_sep")))];
            Some(tf(l, "change.low_alpha", &args))
        })
        .collect()
}
