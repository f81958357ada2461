//! The survey rounds compared (report `waves`) as tables of text in the reader's language,
//! shared by the Change view and the HTML report: each a header row and rows whose first cell
//! names the row. Changes are later − earlier; numbers as [`num`] writes them.

use crate::charts::rounds::dimension_label;
use crate::findings::SIGNIFICANT_P;
use crate::i18n::{Lang, t, tf};
use crate::labels::{community_change_key, join_names, relation_label};
use crate::report::Report;
use crate::report::format::{num, percent};
use crate::report::rounds::{Comparison, DimensionChange, OrgChange, RelationChange, WavesReport};

/// A table: headers and rows of text.
pub struct TextTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// "2023 → 2024" for a comparison.
pub fn pair_label(w: &WavesReport, c: &Comparison) -> String {
    format!("{} → {}", w.labels[c.from], w.labels[c.to])
}

/// With more than two rounds, which rounds the main comparison sets side by side and which it
/// skips (every round between the first and the last); `None` with two rounds.
pub fn skipped_note(w: &WavesReport, l: Lang) -> Option<String> {
    skipped_note_parts(w, l).map(|n| format!("{}{}{}", n.before, n.section, n.after))
}

/// The note on the skipped rounds in three parts: the text before the name of the round-by-round
/// section, the name (which the page links to the section), and the text after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedNote {
    /// Text before the section's name.
    pub before: String,
    /// The round-by-round section's name (`change.pairs_title`).
    pub section: String,
    /// Text after the section's name.
    pub after: String,
}

/// [`skipped_note`] split around the section's name; `None` with two rounds.
pub fn skipped_note_parts(w: &WavesReport, l: Lang) -> Option<SkippedNote> {
    const MARK: &str = "\u{1}";
    let c = &w.comparison;
    let skipped: Vec<String> = w.labels.get(c.from + 1..c.to)?.to_vec();
    if skipped.is_empty() {
        return None;
    }
    // The section's mark first, so that a round named `{section}` stays as named.
    let args = [
        ("section", MARK.to_string()),
        ("from", w.labels[c.from].clone()),
        ("to", w.labels[c.to].clone()),
        ("skipped", join_names(&skipped, l)),
        ("n", skipped.len().to_string()),
    ];
    let text = tf(l, "change.skipped", &args);
    let (before, after) = text.split_once(MARK).unwrap_or((&text, ""));
    let after = after.replace(MARK, &t(l, "change.pairs_title"));
    Some(SkippedNote { before: before.to_string(), section: t(l, "change.pairs_title"), after })
}

/// Organizations per round.
pub fn members(w: &WavesReport, l: Lang) -> TextTable {
    let m = &w.comparison.organizations;
    TextTable {
        headers: vec![t(l, "change.round"), t(l, "change.organizations")],
        rows: w.labels.iter().zip(&m.per_wave).map(|(label, n)| vec![label.clone(), n.to_string()]).collect(),
    }
}

/// Each dimension in plain words: its mean in each round over every organization of that
/// round, then the mean change over the organizations in both rounds and whether it is clear
/// (paired t test's p below [`SIGNIFICANT_P`]). The tests behind the verdict are in
/// [`dimension_tests`].
pub fn dimensions(w: &WavesReport, l: Lang) -> TextTable {
    let mut headers = vec![t(l, "capacity.dimension")];
    headers.extend(w.labels.iter().map(|r| tf(l, "change.round_mean", &[("round", r.clone())])));
    headers.extend(["change.n_both", "change.paired_change", "change.clear"].map(|k| t(l, k)));
    let rows = w
        .comparison
        .capacity
        .dimensions
        .iter()
        .map(|d| {
            let mut row = vec![dimension_label(d, l)];
            row.extend(d.means.iter().map(|m| num(*m, 2, l)));
            row.extend([d.n_paired.to_string(), signed(d.change, 2, l), t(l, clear_key(d.t_p))]);
            row
        })
        .collect();
    TextTable { headers, rows }
}

/// The verdict on a paired change from its t test's p: clear below [`SIGNIFICANT_P`].
fn clear_key(p: Option<f64>) -> &'static str {
    match p {
        Some(p) if p < SIGNIFICANT_P => "change.clear_yes",
        Some(_) => "change.clear_no",
        None => "change.clear_undefined",
    }
}

/// Each dimension's paired tests, for the reader who wants them (the help fold): paired t, its
/// p, the Wilcoxon signed-rank p and how it was computed, Cohen's d_z.
pub fn dimension_tests(w: &WavesReport, l: Lang) -> TextTable {
    let mut headers = vec![t(l, "capacity.dimension")];
    headers.extend(
        ["change.t", "change.t_p", "change.wilcoxon_p", "change.method", "change.dz"].map(|k| t(l, k)),
    );
    let rows = w.comparison.capacity.dimensions.iter().map(|d| dimension_test_row(d, l)).collect();
    TextTable { headers, rows }
}

fn dimension_test_row(d: &DimensionChange, l: Lang) -> Vec<String> {
    let method = d.wilcoxon_method.as_ref().map(|m| t(l, &format!("change.method_{m}"))).unwrap_or_default();
    vec![
        dimension_label(d, l),
        num(d.t, 2, l),
        num(d.t_p, 3, l),
        num(d.wilcoxon_p, 3, l),
        method,
        num(d.dz, 2, l),
    ]
}

/// A change with its sign (`+0.25`, `−0.10`).
pub fn signed(x: Option<f64>, digits: usize, l: Lang) -> String {
    match x {
        Some(v) if v > 0.0 => format!("+{}", num(Some(v), digits, l)),
        _ => num(x, digits, l),
    }
}

/// The dimensions of one organization with this reliable-change verdict, each with its change
/// in score (the RCI behind the verdict is explained in the help, not shown to a coordinator).
fn verdict_list(o: &OrgChange, dims: &[DimensionChange], verdict: &str, l: Lang) -> String {
    let items: Vec<String> = dims
        .iter()
        .filter_map(|d| {
            let x = o.dimensions.get(&d.key)?;
            (x.reliable.as_deref() == Some(verdict)).then(|| {
                let (name, change) = (dimension_label(d, l), signed(x.change, 2, l));
                if l.is_zh() { format!("{name}（{change}）") } else { format!("{name} ({change})") }
            })
        })
        .collect();
    join_names(&items, l)
}

/// Organizations with a reliable improvement or decline in at least one dimension (RCI beyond
/// ±1.96): the index change and the dimensions either way, largest index change first.
pub fn reliable(w: &WavesReport, l: Lang) -> TextTable {
    let dims = &w.comparison.capacity.dimensions;
    let mut orgs: Vec<&OrgChange> = w
        .comparison
        .capacity
        .organizations
        .iter()
        .filter(|o| {
            o.dimensions.values().any(|x| matches!(x.reliable.as_deref(), Some("improved" | "declined")))
        })
        .collect();
    orgs.sort_by(|a, b| {
        let size = |o: &OrgChange| o.change.map_or(0.0, f64::abs);
        size(b).total_cmp(&size(a)).then(a.name.cmp(&b.name))
    });
    TextTable {
        headers: vec![
            t(l, "capacity.org"),
            t(l, "change.index_change"),
            t(l, "change.reliable_improved"),
            t(l, "change.reliable_declined"),
        ],
        rows: orgs
            .iter()
            .map(|o| {
                vec![
                    o.name.clone(),
                    signed(o.change, 1, l),
                    verdict_list(o, dims, "improved", l),
                    verdict_list(o, dims, "declined", l),
                ]
            })
            .collect(),
    }
}

/// Counts of organizations that improved and that declined reliably in at least one dimension,
/// of those scored in both rounds.
pub fn reliable_counts(w: &WavesReport) -> (usize, usize, usize) {
    let orgs = &w.comparison.capacity.organizations;
    let any = |v: &str| {
        orgs.iter().filter(|o| o.dimensions.values().any(|x| x.reliable.as_deref() == Some(v))).count()
    };
    (any("improved"), any("declined"), orgs.len())
}

/// Each relation's ties between the rounds of `c` in plain words: added, dropped, kept, the
/// share of ties present in both rounds (the Jaccard similarity as a percentage) and whether
/// the communities stayed together (from the ARI, [`community_change_key`]); the first column `first`
/// (the relation, or the pair of rounds).
fn ties_row(first: String, rel: &RelationChange, l: Lang) -> Vec<String> {
    vec![
        first,
        rel.ties_added.to_string(),
        rel.ties_dropped.to_string(),
        rel.ties_kept.to_string(),
        percent(rel.kept_share(), l),
        t(l, community_change_key(rel.community_ari)),
    ]
}

fn ties_headers(first: String, l: Lang) -> Vec<String> {
    let mut h = vec![first];
    h.extend(
        [
            "change.ties_added",
            "change.ties_dropped",
            "change.ties_kept",
            "change.kept_share",
            "change.groups",
        ]
        .map(|k| t(l, k)),
    );
    h
}

/// Each relation's Jaccard similarity and adjusted Rand index as numbers, for the help fold.
pub fn ties_details(r: &Report, w: &WavesReport, l: Lang) -> TextTable {
    TextTable {
        headers: vec![t(l, "network.relation"), t(l, "change.jaccard"), t(l, "change.ari")],
        rows: w
            .comparison
            .network
            .iter()
            .map(|rel| {
                vec![
                    relation_label(r, &rel.relation, l),
                    num(rel.jaccard, 2, l),
                    num(rel.community_ari, 2, l),
                ]
            })
            .collect(),
    }
}

/// The tie change of every relation between the first and the last round.
pub fn ties(r: &Report, w: &WavesReport, l: Lang) -> TextTable {
    TextTable {
        headers: ties_headers(t(l, "network.relation"), l),
        rows: w
            .comparison
            .network
            .iter()
            .map(|rel| ties_row(relation_label(r, &rel.relation, l), rel, l))
            .collect(),
    }
}

/// One relation's whole-graph numbers in each round.
pub fn relation_rounds(w: &WavesReport, rel: &RelationChange, l: Lang) -> TextTable {
    let mut headers = vec![t(l, "change.round")];
    for k in [
        "network.nodes",
        "change.edges",
        "network.density",
        "network.reciprocity",
        "change.transitivity",
        "network.modularity",
    ] {
        headers.push(t(l, k));
    }
    let rows = rel
        .per_wave
        .iter()
        .enumerate()
        .filter_map(|(i, g)| {
            let g = g.as_ref()?;
            Some(vec![
                w.labels.get(i).cloned().unwrap_or_default(),
                g.nodes.to_string(),
                g.edges.to_string(),
                num(g.density, 3, l),
                num(g.reciprocity, 3, l),
                num(Some(g.transitivity), 3, l),
                num(g.modularity, 3, l),
            ])
        })
        .collect();
    TextTable { headers, rows }
}

/// Each consecutive pair: who joined, left and stayed, and each dimension's mean paired change
/// with the paired t test's p.
pub fn pairs_capacity(w: &WavesReport, l: Lang) -> TextTable {
    let mut headers =
        vec![t(l, "change.pair"), t(l, "change.joined"), t(l, "change.left"), t(l, "change.stayed")];
    let dims = &w.comparison.capacity.dimensions;
    headers
        .extend(dims.iter().map(|d| tf(l, "change.pair_dimension", &[("dimension", dimension_label(d, l))])));
    let rows = w
        .pairs
        .iter()
        .map(|p| {
            let mut row = vec![
                pair_label(w, p),
                p.organizations.joined.len().to_string(),
                p.organizations.left.len().to_string(),
                p.organizations.stayed.len().to_string(),
            ];
            row.extend(dims.iter().map(|d| {
                let x = p.capacity.dimensions.iter().find(|x| x.key == d.key);
                match x {
                    Some(x) if x.change.is_some() => {
                        let p = format!("p {}", crate::models::text::p_text(x.t_p));
                        tf(l, "change.pair_cell", &[("change", signed(x.change, 2, l)), ("p", p)])
                    }
                    _ => num(None, 2, l),
                }
            }));
            row
        })
        .collect();
    TextTable { headers, rows }
}

/// Each consecutive pair's tie change, per relation (one table per relation).
pub fn pairs_ties(r: &Report, w: &WavesReport, l: Lang) -> Vec<(String, TextTable)> {
    w.comparison
        .network
        .iter()
        .map(|main| {
            let name = relation_label(r, &main.relation, l);
            let rows = w
                .pairs
                .iter()
                .filter_map(|p| {
                    let rel = p.network.iter().find(|x| x.relation == main.relation)?;
                    Some(ties_row(pair_label(w, p), rel, l))
                })
                .collect();
            (name, TextTable { headers: ties_headers(t(l, "change.pair"), l), rows })
        })
        .collect()
}

/// The matches across rounds to check (earlier name, later name, why), when there are any.
pub fn uncertain(w: &WavesReport, l: Lang) -> Option<TextTable> {
    if w.uncertain.is_empty() {
        return None;
    }
    let rows = w
        .uncertain
        .iter()
        .map(|u| {
            vec![
                crate::i18n::aside(l, &u.earlier, &u.rounds.0),
                crate::i18n::aside(l, &u.later, &u.rounds.1),
                t(l, &format!("change.uncertain_{}", u.reason)),
            ]
        })
        .collect();
    let headers = vec![t(l, "change.earlier"), t(l, "change.later"), t(l, "change.why")];
    Some(TextTable { headers, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The communities' words at Steinley's bounds: 0.8 and above mostly unchanged, from 0.65
    /// partly changed, below (chance agreement is 0) largely regrouped.
    #[test]
    fn the_communities_change_in_words_follows_the_ari() {
        let said = |a: Option<f64>| t(Lang::Zh, community_change_key(a));
        assert_eq!(said(Some(1.0)), "分组基本不变");
        assert_eq!(said(Some(0.8)), "分组基本不变");
        assert_eq!(said(Some(0.79)), "分组部分改变");
        assert_eq!(said(Some(0.65)), "分组部分改变");
        assert_eq!(said(Some(0.64)), "分组变化很大");
        assert_eq!(said(Some(-0.01)), "分组变化很大");
        assert_eq!(said(None), "无法判断");
    }
}
