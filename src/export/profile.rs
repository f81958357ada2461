//! Per-organization feedback profiles: one self-contained page per organization with its own
//! scores against the sample median and its group's median, its strengths and gaps, its
//! position in each network and the introductions suggested for it — so a coordinator can
//! hand each partner its own feedback.
//!
//! A profile shows no other organization's data: only this organization's answers, medians
//! of the sample and of its group (groups smaller than [`MIN_GROUP_FOR_MEDIAN`] are not shown,
//! so a median cannot reveal a few partners' scores) and rank-based network positions. The
//! organizations suggested for introductions are named (never with their scores) unless the
//! setting hides them or the analysis is anonymized.
//! Profiles are plain HTML with a hand-written inline SVG (no plotters), so thousands of them
//! can be produced quickly in the page.

use std::fmt::Write as _;

use crate::export::ExportError;
use crate::i18n::{Lang, t, tf};
use crate::markup::escape;
use crate::pipeline::Analysis;
use crate::report::format::num;
use crate::report::{CapacityReport, DimensionReport, Key, OrgCapacity};
use crate::stats::{PercentileRanks, median};

/// Whether a feedback profile names the other side of the introductions it suggests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PartnerNames {
    /// By name (the default; anonymized exports never name anyone).
    #[default]
    Named,
    /// Described without a name ("an organization that works with 2 of your partners").
    Hidden,
}

impl PartnerNames {
    /// Whether profiles may name partners in an analysis that is (or is not) anonymized.
    pub fn named(self, anonymized: bool) -> bool {
        self == PartnerNames::Named && !anonymized
    }
}

/// A group median is shown only when the group has at least this many scored organizations.
pub const MIN_GROUP_FOR_MEDIAN: usize = 3;

const CSS: &str = "body{font-family:system-ui,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;max-width:190mm;margin:0 auto;padding:12px;color:#1b1f24;line-height:1.45}\
h1{font-size:1.5rem;margin-bottom:.2em}h2{font-size:1.15rem;margin-top:1.4em;border-bottom:1px solid #ccc}table{border-collapse:collapse;width:100%;font-size:.9rem;margin:8px 0}\
th,td{border-bottom:1px solid #ddd;padding:3px 6px;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}svg{max-width:100%;height:auto}\
.muted{color:#555;font-size:.85rem}.intros li{margin:.4em 0}.profile{break-after:page}.profile:last-child{break-after:auto}@page{size:A4;margin:15mm}";

fn dim_label(d: &DimensionReport, l: Lang) -> String {
    crate::labels::dimension_name(d, l)
}

/// Medians shared by every profile, computed once.
struct Medians {
    /// Per dimension, then the index: the sample median.
    sample: Vec<Option<f64>>,
    /// Group value → per dimension, then the index (groups below the minimum are absent).
    groups: std::collections::HashMap<String, Vec<Option<f64>>>,
}

fn medians(cap: &CapacityReport) -> Medians {
    let dims = &cap.dimensions;
    let values = |orgs: &[&OrgCapacity]| -> Vec<Option<f64>> {
        let mut out: Vec<Option<f64>> = dims
            .iter()
            .map(|d| {
                let xs: Vec<f64> =
                    orgs.iter().filter_map(|o| o.scores.get(&d.key).copied().flatten()).collect();
                median(&xs)
            })
            .collect();
        let idx: Vec<f64> = orgs.iter().filter_map(|o| o.index).collect();
        out.push(median(&idx));
        out
    };
    let all: Vec<&OrgCapacity> = cap.organizations.iter().collect();
    let mut by_group: std::collections::HashMap<String, Vec<&OrgCapacity>> = std::collections::HashMap::new();
    for o in &cap.organizations {
        if let Some(g) = &o.group {
            by_group.entry(g.to_string()).or_default().push(o);
        }
    }
    let groups = by_group
        .into_iter()
        .filter(|(_, members)| members.iter().filter(|o| o.index.is_some()).count() >= MIN_GROUP_FOR_MEDIAN)
        .map(|(g, members)| (g, values(&members)))
        .collect();
    Medians { sample: values(&all), groups }
}

/// Rank-based network positions, computed once per relation.
struct Positions {
    key: String,
    in_degree: PercentileRanks,
    betweenness: PercentileRanks,
    community_sizes: Vec<usize>,
}

fn positions(a: &Analysis) -> Vec<Positions> {
    a.report
        .network
        .relations
        .iter()
        .map(|r| {
            let ind: Vec<f64> = r.nodes.iter().map(|n| n.in_degree as f64).collect();
            let btw: Vec<f64> = r.nodes.iter().filter_map(|n| n.betweenness).collect();
            let mut community_sizes = vec![0; r.nodes.iter().map(|n| n.community + 1).max().unwrap_or(0)];
            for n in &r.nodes {
                community_sizes[n.community] += 1;
            }
            Positions {
                key: r.key.clone(),
                in_degree: PercentileRanks::new(&ind),
                betweenness: PercentileRanks::new(&btw),
                community_sizes,
            }
        })
        .collect()
}

/// Everything needed to write many profiles.
pub struct Profiles<'a> {
    a: &'a Analysis,
    lang: Lang,
    /// Whether the other side of an introduction is named.
    named: bool,
    medians: Medians,
    positions: Vec<Positions>,
}

impl<'a> Profiles<'a> {
    /// Prepares profiles of an analysis in a language, naming introduced partners unless the
    /// analysis is anonymized (see [`Profiles::partner_names`]).
    pub fn new(a: &'a Analysis, lang: Lang) -> Self {
        let named = PartnerNames::default().named(!a.key.is_empty());
        Profiles { a, lang, named, medians: medians(&a.report.capacity), positions: positions(a) }
    }

    /// Number of profiles (one per responding organization).
    pub fn len(&self) -> usize {
        self.a.report.capacity.organizations.len()
    }

    /// True when there is no organization.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether profiles name the organizations they suggest introducing: as set (see
    /// [`PartnerNames`]), and never when the analysis is anonymized.
    pub fn partner_names(mut self, setting: PartnerNames) -> Self {
        self.named = setting.named(!self.a.key.is_empty());
        self
    }

    /// The body (`<section class="profile">…</section>`) of organization `i`'s profile.
    pub fn section(&self, i: usize) -> String {
        let l = self.lang;
        let cap = &self.a.report.capacity;
        let Some(o) = cap.organizations.get(i) else { return String::new() };
        let mut s = String::new();
        let _ = write!(s, "<section class=\"profile\" data-org=\"{}\">", escape(&o.id));
        let _ = write!(
            s,
            "<h1>{}</h1><p class=\"muted\">{} · {} {}</p>",
            escape(&o.name),
            escape(&t(l, "profile.title")),
            escape(&t(l, "profile.id")),
            escape(&o.id)
        );
        let n = cap.organizations.iter().filter(|o| o.index.is_some()).count();
        let group_medians = o.group.as_deref().and_then(|g| self.medians.groups.get(g));
        let group_text = match (&o.group, group_medians) {
            (Some(g), Some(_)) => tf(l, "profile.group_is", &[("group", g.to_string())]),
            (Some(_), None) => tf(l, "profile.group_small", &[("min", MIN_GROUP_FOR_MEDIAN.to_string())]),
            (None, _) => String::new(),
        };
        let _ = write!(
            s,
            "<p>{} {}</p>",
            escape(&tf(l, "profile.intro", &[("n", n.to_string())])),
            escape(&group_text)
        );
        self.scores(&mut s, o, group_medians);
        self.strengths_and_gaps(&mut s, o);
        self.network(&mut s, o);
        self.introductions(&mut s, o);
        let _ = write!(
            s,
            "<p class=\"muted\">{} · {}</p></section>",
            escape(&t(l, "profile.privacy")),
            escape(&self.a.report.generator)
        );
        s
    }

    /// The scores table and chart: this organization, the sample and its group.
    fn scores(&self, s: &mut String, o: &OrgCapacity, group_medians: Option<&Vec<Option<f64>>>) {
        let l = self.lang;
        let dims = &self.a.report.capacity.dimensions;
        let _ = write!(
            s,
            "<h2>{}</h2><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            escape(&t(l, "org.own_scores")),
            escape(&t(l, "capacity.dimension")),
            escape(&t(l, "profile.you")),
            escape(&t(l, "chart.sample_median")),
            escape(&t(l, "org.group_median")),
        );
        let mut bars: Vec<(String, [Option<f64>; 3])> = Vec::new();
        for (k, d) in dims.iter().enumerate() {
            let own = o.scores.get(&d.key).copied().flatten();
            let sample = self.medians.sample[k];
            let group = group_medians.and_then(|g| g[k]);
            let _ = write!(
                s,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(&dim_label(d, l)),
                escape(&num(own, 2, l)),
                escape(&num(sample, 2, l)),
                escape(&num(group, 2, l))
            );
            let r = |x: Option<f64>| x.and_then(|x| d.rescale(x));
            bars.push((dim_label(d, l), [r(own), r(sample), r(group)]));
        }
        let k = dims.len();
        let _ = write!(
            s,
            "<tr><th>{}</th><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr></tbody></table>",
            escape(&t(l, "capacity.index")),
            escape(&num(o.index, 1, l)),
            escape(&num(self.medians.sample[k], 1, l)),
            escape(&num(group_medians.and_then(|g| g[k]), 1, l))
        );
        bars.push((
            t(l, "capacity.index"),
            [o.index, self.medians.sample[k], group_medians.and_then(|g| g[k])],
        ));
        s.push_str(&bar_svg(&o.name, &bars, l));
        let (standing, _) = crate::organization::index_standing(&self.a.report, o, l);
        let _ = write!(s, "<p>{}</p>", escape(&tf(l, "profile.percentile", &[("standing", standing)])));
        s.push_str(&respondent_notes(&self.a.report, o, l));
    }

    /// Strengths, gaps and the community-of-practice stage.
    fn strengths_and_gaps(&self, s: &mut String, o: &OrgCapacity) {
        let l = self.lang;
        let dims = &self.a.report.capacity.dimensions;
        let names = |keys: &[Key]| -> String {
            let v: Vec<String> = keys
                .iter()
                .map(|k| {
                    dims.iter()
                        .find(|d| *k == d.key)
                        .map(|d| dim_label(d, l))
                        .unwrap_or_else(|| k.to_string())
                })
                .collect();
            if v.is_empty() { t(l, "common.undefined") } else { crate::labels::join_list(&v, l) }
        };
        let below = if crate::organization::strengths_below_median(&self.a.report, o) {
            t(l, "capacity.strengths_below_median")
        } else {
            String::new()
        };
        let _ = write!(
            s,
            "<h2>{}</h2><table><tbody><tr><th>{}</th><td>{}</td></tr><tr><th>{}</th><td>{}</td></tr>",
            escape(&t(l, "profile.strengths_gaps")),
            escape(&t(l, "capacity.strengths")),
            escape(&(names(&o.strengths) + &below)),
            escape(&t(l, "capacity.gaps")),
            escape(&names(&o.gaps))
        );
        if let Some(stage) = &o.stage {
            let _ = write!(
                s,
                "<tr><th>{}</th><td>{}</td></tr>",
                escape(&t(l, "capacity.stage")),
                escape(&tf(
                    l,
                    "profile.stage_value",
                    &[
                        ("stage", crate::labels::stage_label(stage, l)),
                        ("about", crate::labels::stage_about(stage, l))
                    ]
                ))
            );
        }
        s.push_str("</tbody></table>");
    }

    /// The organization's rank-based position in each network.
    fn network(&self, s: &mut String, o: &OrgCapacity) {
        let l = self.lang;
        if self.positions.is_empty() {
            return;
        }
        // Its own change between survey rounds (nothing without rounds).
        s.push_str(&super::rounds::profile_change(&self.a.report, &o.name, l));
        let _ = write!(
            s,
            "<h2>{}</h2><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            escape(&t(l, "profile.network")),
            escape(&t(l, "network.relation")),
            escape(&t(l, "profile.named_by")),
            escape(&t(l, "profile.names")),
            escape(&t(l, "profile.in_degree_rank")),
            escape(&t(l, "profile.broker_rank")),
            escape(&t(l, "profile.community_size")),
        );
        for (p, rel) in self.positions.iter().zip(&self.a.report.network.relations) {
            let relation = crate::labels::relation_label(&self.a.report, &p.key, l);
            match rel.nodes.iter().find(|n| n.id == o.id) {
                Some(node) => {
                    let rank = |r: Option<f64>| {
                        r.map(|x| format!("{x:.0}")).unwrap_or_else(|| t(l, "common.undefined"))
                    };
                    let _ = write!(
                        s,
                        "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                        escape(&relation),
                        node.in_degree,
                        node.out_degree,
                        escape(&rank(p.in_degree.rank(node.in_degree as f64))),
                        escape(&rank(node.betweenness.and_then(|b| p.betweenness.rank(b)))),
                        p.community_sizes.get(node.community).copied().unwrap_or(0)
                    );
                }
                None => {
                    let _ = write!(
                        s,
                        "<tr><td>{}</td><td colspan=\"5\">{}</td></tr>",
                        escape(&relation),
                        escape(&t(l, "org.not_in_network"))
                    );
                }
            }
        }
        let _ = write!(s, "</tbody></table><p class=\"muted\">{}</p>", escape(&t(l, "profile.rank_note")));
    }

    /// The introductions suggested for this organization, one per organization suggested
    /// (with the networks it is suggested in), the other side named only when
    /// [`Profiles::partner_names`] allows it. Another organization's scores are never shown:
    /// only that it is stronger where this one is weakest.
    fn introductions(&self, s: &mut String, o: &OrgCapacity) {
        let l = self.lang;
        let r = &self.a.report;
        // Suggested organization → (its name, the relations, the reason of the first).
        let mut rows: Vec<(String, String, Vec<String>, String)> = Vec::new();
        for rel in &r.network.relations {
            let Some(sug) = &rel.suggestions else { continue };
            for i in sug.introductions.iter().filter(|i| i.id == o.id) {
                let relation = crate::labels::relation_name(rel, l);
                if let Some(row) = rows.iter_mut().find(|row| row.0 == i.to_id) {
                    row.2.push(relation);
                    continue;
                }
                rows.push((i.to_id.clone(), i.to_name.clone(), vec![relation], self.reason(i, rel)));
            }
        }
        let _ = write!(s, "<h2>{}</h2>", escape(&t(l, "profile.introductions")));
        if rows.is_empty() {
            let _ = write!(s, "<p>{}</p>", escape(&t(l, "profile.no_introductions")));
            return;
        }
        let note = if self.named { "profile.introductions_note" } else { "profile.introductions_hidden" };
        let _ = write!(s, "<p class=\"muted\">{}</p><ul class=\"intros\">", escape(&t(l, note)));
        for (_, name, relations, reason) in rows {
            let networks =
                tf(l, "profile.intro_networks", &[("relations", crate::labels::join_names(&relations, l))]);
            s.push_str("<li>");
            if self.named {
                let _ = write!(s, "<strong>{}</strong> ", escape(&name));
            }
            let _ = write!(s, "{} <span class=\"muted\">{}</span></li>", escape(&reason), escape(&networks));
        }
        s.push_str("</ul>");
    }

    /// Why an introduction is suggested, in the profile's words (named or not).
    fn reason(&self, i: &crate::report::Introduction, rel: &crate::report::RelationReport) -> String {
        let l = self.lang;
        let size = match i.community_size {
            0 => rel.nodes.iter().filter(|n| n.community == i.community).count(),
            k => k,
        };
        let dimension = i.dimension.as_deref().map(|k| crate::labels::dimension_label(&self.a.report, k, l));
        let (key, args) = match (i.kind.as_str(), dimension) {
            ("capacity", Some(d)) => {
                ("capacity", vec![("shared", i.shared_partners.to_string()), ("dimension", d)])
            }
            _ => ("hole", vec![("size", size.to_string())]),
        };
        let mode = if self.named { "named" } else { "hidden" };
        let why = tf(l, &format!("profile.intro_{key}_{mode}"), &args);
        if i.also_structural_hole {
            let sep = crate::i18n::space(l);
            format!("{why}{sep}{}", tf(l, "profile.intro_also_hole", &[("size", size.to_string())]))
        } else {
            why
        }
    }

    /// A whole HTML document holding the given sections.
    fn document(&self, title: &str, body: &str) -> String {
        format!(
            "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{}</title><style>{CSS}</style></head><body>{body}</body></html>",
            self.lang.tag(),
            escape(title)
        )
    }

    /// Organization `i`'s profile as one HTML file.
    pub fn page(&self, i: usize) -> String {
        let name = self.a.report.capacity.organizations.get(i).map(|o| o.name.clone()).unwrap_or_default();
        self.document(&format!("{name} — {}", t(self.lang, "profile.title")), &self.section(i))
    }

    /// Every profile in one document, one per printed page.
    pub fn batch(&self) -> String {
        let body: String = (0..self.len()).map(|i| self.section(i)).collect();
        self.document(&t(self.lang, "profile.batch_title"), &body)
    }

    /// A zip of [`Profiles::files`].
    ///
    /// # Errors
    /// [`ExportError`] when the archive cannot be written.
    pub fn zip(&self) -> Result<Vec<u8>, ExportError> {
        crate::export::zip_bytes(&self.files())
    }

    /// One HTML file per organization (`001_<id>.html`), then an index page linking them.
    pub fn files(&self) -> Vec<(String, String)> {
        let mut files = Vec::with_capacity(self.len() + 1);
        let mut index = format!("<h1>{}</h1><ul>", escape(&t(self.lang, "profile.batch_title")));
        for (i, o) in self.a.report.capacity.organizations.iter().enumerate() {
            let file = format!("{:03}_{}.html", i + 1, crate::export::file_stem(&o.id));
            let _ = write!(index, "<li><a href=\"{}\">{}</a></li>", escape(&file), escape(&o.name));
            files.push((file, self.page(i)));
        }
        index.push_str("</ul>");
        files.push(("index.html".into(), self.document(&t(self.lang, "profile.batch_title"), &index)));
        files
    }
}

/// Horizontal bars (0–100) for each dimension: this organization, the sample median and the
/// group median, with a legend and an accessible name. Bars carry their value as text too, so
/// nothing depends on colour alone.
fn bar_svg(name: &str, rows: &[(String, [Option<f64>; 3])], l: Lang) -> String {
    const COLOURS: [&str; 3] = ["#0072B2", "#999999", "#E69F00"];
    let series = [t(l, "profile.you"), t(l, "chart.sample_median"), t(l, "org.group_median")];
    let label_w = 150.0;
    let bar_w = 300.0;
    let row_h = 42.0;
    let top = 28.0;
    let height = top + row_h * rows.len() as f64 + 8.0;
    let width = label_w + bar_w + 60.0;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\" font-family=\"system-ui, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif\" font-size=\"11\"><title>{}</title>",
        escape(&tf(l, "profile.chart_label", &[("organization", name.to_string())])),
        escape(&tf(l, "profile.chart_label", &[("organization", name.to_string())])),
    );
    let mut x = label_w;
    for (c, label) in COLOURS.iter().zip(&series) {
        let _ = write!(
            s,
            "<rect x=\"{x}\" y=\"6\" width=\"10\" height=\"10\" fill=\"{c}\"/><text x=\"{}\" y=\"15\">{}</text>",
            x + 14.0,
            escape(label)
        );
        x += 14.0 + crate::charts::text_width(label, 11) as f64 + 16.0;
    }
    for (r, (label, values)) in rows.iter().enumerate() {
        let y = top + row_h * r as f64;
        let short: String = label.chars().take(20).collect();
        let _ = write!(s, "<text x=\"0\" y=\"{}\">{}</text>", y + 20.0, escape(&short));
        for (k, v) in values.iter().enumerate() {
            let yy = y + 2.0 + 12.0 * k as f64;
            match v {
                Some(v) => {
                    let w = (v.clamp(0.0, 100.0) / 100.0 * bar_w).max(1.0);
                    let _ = write!(
                        s,
                        "<rect x=\"{label_w}\" y=\"{yy}\" width=\"{w:.1}\" height=\"10\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{}\" font-size=\"9\">{v:.0}</text>",
                        COLOURS[k],
                        label_w + w + 3.0,
                        yy + 9.0
                    );
                }
                None => {
                    let _ = write!(
                        s,
                        "<text x=\"{label_w}\" y=\"{}\" font-size=\"9\" fill=\"#555\">{}</text>",
                        yy + 9.0,
                        escape(&t(l, "common.undefined"))
                    );
                }
            }
        }
    }
    s.push_str("</svg>");
    s
}

/// Its respondents (when several answered) and the cautions about them: fewer than the
/// minimum, or disagreeing on some dimensions (rwg(j) below 0.70), in bold.
fn respondent_notes(report: &crate::report::Report, o: &crate::report::OrgCapacity, l: Lang) -> String {
    let notes = crate::organization::RespondentNotes::new(report, o, l);
    let plain = notes.respondents.map(|x| format!("<p>{}</p>", escape(&x)));
    let flags = [notes.few, notes.disagree]
        .into_iter()
        .flatten()
        .map(|x| format!("<p><strong>{}</strong></p>", escape(&x)));
    plain.into_iter().chain(flags).collect()
}
