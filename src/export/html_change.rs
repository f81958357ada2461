//! The HTML report's section on survey rounds compared (report `waves`), in words and tables:
//! the Change view's one-sentence answer and low-α warnings first (`change_text`); who joined,
//! left and stayed; each dimension's means per round and paired change with its tests; the
//! organizations with a reliable change; each relation's ties added, dropped and kept, the
//! share kept and the communities' change in words (the Jaccard similarity and the ARI as
//! numbers beside); with more than two rounds which rounds the main comparison skips and each
//! consecutive pair; the matches to check; the rounds' charts.
//! Every user string goes through [`escape`] (also in [`Grid`], [`para`], [`heading`]).

use std::fmt::Write as _;

use super::change_tables::{self as ct, TextTable};
use super::change_text;
use super::html::{Grid, figure, heading, para};
use crate::charts::gallery::ChartSpec;
use crate::i18n::{Lang, t, tf};
use crate::labels::join_names;
use crate::markup::escape;
use crate::report::Report;
use crate::report::rounds::WavesReport;

/// A shared text table as a report table; the columns in `text` hold words, the others (after
/// the first) numbers.
fn grid(s: &mut String, x: TextTable, text: &[usize]) {
    let mut g = Grid::new(x.headers, 1);
    for &i in text {
        if let Some(n) = g.numeric.get_mut(i) {
            *n = false;
        }
    }
    g.rows = x.rows;
    g.write(s);
}

/// The charts whose id starts with `prefix`.
fn figures(s: &mut String, charts: &[ChartSpec], prefix: &str) {
    for c in charts.iter().filter(|c| c.id.starts_with(prefix)) {
        figure(s, c);
    }
}

/// The rounds compared; nothing without rounds.
pub fn change(s: &mut String, r: &Report, charts: &[ChartSpec], l: Lang) {
    let Some(w) = r.waves.as_ref() else { return };
    let _ = write!(s, "<section data-section=\"change\"><h2>{}</h2>", escape(&t(l, "change.title")));
    // The answer first, as the page's Change view leads with it (one sentence, one definition).
    if let Some(lead) = change_text::lead(r, w, l) {
        let _ = write!(s, "<p class=\"lead\"><strong>{}</strong></p>", escape(&lead));
    }
    let said: Vec<String> = crate::findings::change(r).iter().map(|f| f.text(r, l)).collect();
    para(s, "", &said.join(crate::i18n::space(l)));
    if let Some(note) = ct::skipped_note(w, l) {
        para(s, "", &note);
    }
    para(s, "muted", &t(l, "change.help"));
    members(s, w, l);
    heading(s, 3, &t(l, "change.dimensions_title"));
    low_alpha(s, w, l);
    grid(s, ct::dimensions(w, l), &[w.labels.len() + 3]);
    heading(s, 4, &t(l, "change.tests_title"));
    grid(s, ct::dimension_tests(w, l), &[4]);
    figures(s, charts, "change-means");
    reliable(s, w, charts, l);
    network(s, r, w, charts, l);
    pairs(s, r, w, l);
    uncertain(s, w, l);
    s.push_str("</section>");
}

/// A warning per dimension whose items hang together poorly in a compared round (its change
/// only indicative), as the page's Change view gives them; nothing when every α is high enough.
fn low_alpha(s: &mut String, w: &WavesReport, l: Lang) {
    let said = change_text::low_reliability(w, l);
    if said.is_empty() {
        return;
    }
    s.push_str("<ul class=\"warn\">");
    for x in said {
        let _ = write!(s, "<li>{}</li>", escape(&x));
    }
    s.push_str("</ul>");
}

/// Organizations per round, and the names of those who joined, left and stayed.
fn members(s: &mut String, w: &WavesReport, l: Lang) {
    heading(s, 3, &t(l, "change.members_title"));
    grid(s, ct::members(w, l), &[]);
    let c = &w.comparison;
    para(
        s,
        "muted",
        &tf(l, "change.compared", &[("from", w.labels[c.from].clone()), ("to", w.labels[c.to].clone())]),
    );
    let m = &c.organizations;
    for (key, names) in [("change.joined", &m.joined), ("change.left", &m.left), ("change.stayed", &m.stayed)]
    {
        if names.is_empty() {
            continue;
        }
        let args = [("what", t(l, key)), ("n", names.len().to_string()), ("names", join_names(names, l))];
        para(s, "", &tf(l, "change.names_list", &args));
    }
}

/// The organizations with a reliable improvement or decline, and the per-organization charts.
fn reliable(s: &mut String, w: &WavesReport, charts: &[ChartSpec], l: Lang) {
    heading(s, 3, &t(l, "change.reliable_title"));
    let (improved, declined, n) = ct::reliable_counts(w);
    let x = ct::reliable(w, l);
    if x.rows.is_empty() {
        para(s, "", &t(l, "change.reliable_none"));
    } else {
        let args =
            [("n", n.to_string()), ("improved", improved.to_string()), ("declined", declined.to_string())];
        para(s, "", &tf(l, "change.reliable_counts", &args));
        grid(s, x, &[2, 3]);
    }
    figures(s, charts, "change-orgs-");
}

/// Every relation's tie change, then each relation's numbers per round and its charts.
fn network(s: &mut String, r: &Report, w: &WavesReport, charts: &[ChartSpec], l: Lang) {
    if w.comparison.network.is_empty() {
        return;
    }
    heading(s, 3, &t(l, "change.network_title"));
    let ties = ct::ties(r, w, l);
    let words = ties.headers.len() - 1;
    grid(s, ties, &[words]);
    heading(s, 4, &t(l, "change.ties_details"));
    grid(s, ct::ties_details(r, w, l), &[]);
    for rel in &w.comparison.network {
        heading(s, 4, &crate::labels::relation_label(r, &rel.relation, l));
        grid(s, ct::relation_rounds(w, rel, l), &[]);
        for prefix in [format!("change-ties-{}", rel.relation), format!("change-flow-{}", rel.relation)] {
            for c in charts.iter().filter(|c| c.id == prefix) {
                figure(s, c);
            }
        }
    }
}

/// Each consecutive pair of rounds (more than two rounds).
fn pairs(s: &mut String, r: &Report, w: &WavesReport, l: Lang) {
    if w.pairs.is_empty() {
        return;
    }
    heading(s, 3, &t(l, "change.pairs_title"));
    para(s, "muted", &t(l, "change.pairs_note"));
    let x = ct::pairs_capacity(w, l);
    let text: Vec<usize> = (4..x.headers.len()).collect();
    grid(s, x, &text);
    for (name, x) in ct::pairs_ties(r, w, l) {
        heading(s, 4, &tf(l, "change.pairs_ties", &[("relation", name)]));
        let words = x.headers.len() - 1;
        grid(s, x, &[words]);
    }
}

/// Matches to check, when there are any.
fn uncertain(s: &mut String, w: &WavesReport, l: Lang) {
    let Some(x) = ct::uncertain(w, l) else { return };
    heading(s, 3, &t(l, "change.uncertain_title"));
    para(s, "muted", &t(l, "change.uncertain_note"));
    grid(s, x, &[1, 2]);
}
