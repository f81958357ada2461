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
        if let Some(share) = rel.kept_share() {
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

/// The main relation's network in the first and the last round compared: (organizations,
/// ties) in each.
fn sizes(report: &Report, w: &WavesReport) -> Option<(&'static str, [usize; 4], String)> {
    let c = &w.comparison;
    let main = main_relation(report).map(|r| r.key.as_str());
    let rel = c.network.iter().find(|r| Some(r.relation.as_str()) == main).or(c.network.first())?;
    let (a, b) = (rel.per_wave.first()?.as_ref()?, rel.per_wave.last()?.as_ref()?);
    let [n0, e0, n1, e1] = [a.nodes, a.edges, b.nodes, b.edges];
    let key = if (n0, e0) == (n1, e1) {
        "change.growth_same"
    } else if n1 >= n0 && e1 >= e0 {
        "change.growth_up"
    } else if n1 <= n0 && e1 <= e0 {
        "change.growth_down"
    } else {
        "change.growth_mixed"
    };
    Some((key, [n0, e0, n1, e1], rel.relation.clone()))
}

/// Does the community grow? One plain sentence on the main relation's network, first round to
/// last: its organizations (respondents and the partners they name) and its ties, e.g. "The
/// community grew: the “Partners” network went from 15 to 17 organizations and from 30 to 47
/// ties."
pub fn growth(report: &Report, w: &WavesReport, l: Lang) -> Option<String> {
    let (key, [n0, e0, n1, e1], relation) = sizes(report, w)?;
    let args = [
        ("relation", relation_label(report, &relation, l)),
        ("nodes_from", n0.to_string()),
        ("edges_from", e0.to_string()),
        ("nodes_to", n1.to_string()),
        ("edges_to", e1.to_string()),
    ];
    Some(tf(l, key, &args))
}

/// Which ties the kept, added and dropped counts cover, against the round's total: e.g. "Added,
/// dropped and kept count ties between organizations in both rounds: 28 of 2023's 30 ties."
pub fn ties_scope(rel: &crate::report::rounds::RelationChange, w: &WavesReport, l: Lang) -> Option<String> {
    let total = rel.per_wave.first()?.as_ref()?.edges;
    let among = rel.ties_kept + rel.ties_dropped;
    if among > total {
        // Counted over different ties (an undirected relation's both directions): no fraction.
        return None;
    }
    let args = [
        ("among", among.to_string()),
        ("total", total.to_string()),
        ("from", w.labels[w.comparison.from].clone()),
    ];
    Some(tf(l, if among == total { "change.ties_scope_all" } else { "change.ties_scope" }, &args))
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
