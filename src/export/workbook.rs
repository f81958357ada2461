//! The results workbook: every result table as a sheet of one XLSX file in the reader's
//! language — headers from the locale files, dimensions, relations, metrics and stages by
//! their labels (`labels`), numbers stored at full precision with a display format — plus the
//! fitted models, the applied codebook, the notes, and a last sheet mapping every header to
//! its machine key (the JSON report's name for the column). One function per sheet.

use std::collections::BTreeSet;

use super::xlsx::{Format, Sheet, workbook_bytes};
use super::{ExportError, number_cell as f};
use crate::i18n::{Lang, t, tf};
use crate::ingest::Table;
use crate::labels::{column_label, dimension_label, item_label, relation_label, stage_label, variable_label};
use crate::network::node_metric::NodeMetric;
use crate::pipeline::Analysis;
use crate::report::{RelationReport, Report};

/// Sheet names must be unique, at most 31 characters and free of `[]:*?/\`.
fn sheet_name(raw: &str, used: &mut BTreeSet<String>) -> String {
    let clean: String = raw.chars().map(|c| if "[]:*?/\\".contains(c) { '_' } else { c }).take(28).collect();
    let mut name = clean.clone();
    let mut k = 2;
    while used.contains(&name) {
        name = format!("{clean}~{k}");
        k += 1;
    }
    used.insert(name.clone());
    name
}

/// One relation's ties as `[source, target, weight]` rows (organization names).
fn edge_rows(
    report: &crate::report::RelationReport,
    graph: &crate::network::graph::Graph,
) -> Vec<Vec<String>> {
    let nodes = &report.nodes;
    (0..graph.node_count())
        .flat_map(|v| {
            graph.out(v).iter().zip(graph.out_weights(v)).map(move |(w, wt)| {
                vec![nodes[v].name.clone(), nodes[*w as usize].name.clone(), wt.to_string()]
            })
        })
        .collect()
}

/// Every relation's ties in one table (`relation`, `source`, `target`, `weight`), the edge list
/// CSV offered next to GEXF and GraphML.
pub fn edge_list(a: &Analysis) -> Table {
    let rows = a
        .relations()
        .flat_map(|(report, graph)| {
            let key = report.key.clone();
            edge_rows(report, graph).into_iter().map(move |mut r| {
                r.insert(0, key.clone());
                r
            })
        })
        .collect();
    Table::new("edges", &["relation", "source", "target", "weight"], rows)
}

/// The results workbook of an analysis in `lang` ([`results_sheets`]).
///
/// # Errors
/// [`ExportError`] when the workbook cannot be assembled.
pub fn results_workbook(a: &Analysis, lang: Lang) -> Result<Vec<u8>, ExportError> {
    workbook_bytes(&results_sheets(a, lang))
}

/// A sheet being built: its columns (machine key, header, format), then its rows.
pub(super) struct Builder {
    name: String,
    keys: Vec<String>,
    headers: Vec<String>,
    formats: Vec<Format>,
    rows: Vec<Vec<String>>,
}

impl Builder {
    pub(super) fn new(name: String) -> Builder {
        Builder { name, keys: Vec::new(), headers: Vec::new(), formats: Vec::new(), rows: Vec::new() }
    }

    /// Adds a column whose header is the locale text `header`.
    pub(super) fn col(self, key: &str, l: Lang, header: &str, format: Format) -> Builder {
        self.named(key, t(l, header), format)
    }

    /// Adds a column with a header already in words.
    pub(super) fn named(mut self, key: &str, header: String, format: Format) -> Builder {
        self.keys.push(key.to_string());
        self.headers.push(header);
        self.formats.push(format);
        self
    }

    pub(super) fn rows(mut self, rows: Vec<Vec<String>>) -> Builder {
        self.rows = rows;
        self
    }

    pub(super) fn build(self) -> Sheet {
        let headers: Vec<&str> = self.headers.iter().map(String::as_str).collect();
        Sheet {
            table: Table::new(&self.name, &headers, self.rows),
            name: self.name,
            keys: self.keys,
            formats: self.formats,
            frozen_columns: 1,
        }
    }
}

fn yes_no(x: bool, l: Lang) -> String {
    t(l, if x { "common.yes" } else { "common.no" })
}

fn int(x: usize) -> String {
    x.to_string()
}

pub(super) fn sheet_title(l: Lang, key: &str) -> String {
    t(l, &format!("workbook.sheet.{key}"))
}

/// A relation's sheet name: `<relation> · <what>`.
fn relation_sheet(r: &Report, rel: &RelationReport, l: Lang, key: &str) -> String {
    tf(l, &format!("workbook.sheet.{key}"), &[("relation", relation_label(r, &rel.key, l))])
}

/// All result tables of an analysis as the sheets of the results workbook, in `lang`: the
/// organizations, dimensions, items, select-multiple questions, group comparisons, each
/// relation's nodes, ties and suggestions, the models, the codebook, the notes, why some
/// cells are empty, and the key of every column.
pub fn results_sheets(a: &Analysis, lang: Lang) -> Vec<Sheet> {
    let r = &a.report;
    let l = lang;
    let mut sheets = vec![organizations(r, l), dimensions(r, l), items(r, l)];
    sheets.extend(multi_select(r, l));
    sheets.extend(groups(r, l));
    sheets.extend(group_means(r, l));
    for (rel, graph) in a.relations() {
        sheets.push(nodes(r, rel, l));
        let edges = Builder::new(relation_sheet(r, rel, l, "edges"))
            .col("source", l, "workbook.source", Format::Text)
            .col("target", l, "workbook.target", Format::Text)
            .col("weight", l, "workbook.weight", Format::General)
            .rows(edge_rows(rel, graph));
        sheets.push(edges.build());
        sheets.extend(suggestions(r, rel, l));
    }
    sheets.extend(super::ratings::ratings_sheets(r, l));
    sheets.extend(model_terms(r, l));
    sheets.extend(model_fit(r, l));
    sheets.extend(mediation(r, l));
    sheets.extend(super::rounds::waves_sheets(r, l));
    sheets.push(codebook(r, l));
    sheets.push(notes(r, l));
    sheets.push(not_defined(l));
    sheets.push(Builder::new(sheet_title(l, "keys")).build());
    let mut used = BTreeSet::new();
    for s in sheets.iter_mut() {
        s.name = sheet_name(&s.name, &mut used);
    }
    let last = sheets.len() - 1;
    sheets[last] = keys(&sheets[..last], &sheets[last].name, l);
    sheets
}

/// Every sheet's headers with their machine keys.
fn keys(sheets: &[Sheet], name: &str, l: Lang) -> Sheet {
    let rows = sheets
        .iter()
        .flat_map(|s| {
            s.table.headers.iter().zip(&s.keys).map(|(h, k)| vec![s.name.clone(), h.clone(), k.clone()])
        })
        .collect();
    Builder::new(name.to_string())
        .col("sheet", l, "workbook.sheet_column", Format::Text)
        .col("header", l, "workbook.header", Format::Text)
        .col("key", l, "workbook.key", Format::Text)
        .rows(rows)
        .build()
}

/// Dimension labels joined as a list.
fn dimension_list(r: &Report, keys: &[crate::report::Key], l: Lang) -> String {
    let names: Vec<String> = keys.iter().map(|k| dimension_label(r, k, l)).collect();
    crate::labels::join_list(&names, l)
}

fn organizations(r: &Report, l: Lang) -> Sheet {
    let cap = &r.capacity;
    let profile = |p: usize| {
        let described = cap.typology.as_ref().and_then(|ty| ty.profiles.get(p));
        let label = described.map(|d| crate::labels::profile_label(r, d, l)).unwrap_or_default();
        let n = tf(l, "workbook.profile_n", &[("n", (p + 1).to_string())]);
        if label.is_empty() { n } else { format!("{n}{}{label}", if l.is_zh() { "：" } else { ": " }) }
    };
    let rows = cap
        .organizations
        .iter()
        .map(|o| {
            let mut row = vec![
                o.name.clone(),
                o.id.clone(),
                f(o.index),
                f(o.percentile),
                o.group.as_deref().unwrap_or_default().to_string(),
                f(o.group_percentile),
                o.profile.map(profile).unwrap_or_default(),
                o.stage.as_deref().map(|s| stage_label(s, l)).unwrap_or_default(),
                dimension_list(r, &o.strengths, l),
                dimension_list(r, &o.gaps, l),
            ];
            row.extend(cap.dimensions.iter().map(|d| f(o.scores.get(&d.key).copied().flatten())));
            row
        })
        .collect();
    let mut b = Builder::new(sheet_title(l, "organizations"))
        .col("name", l, "capacity.org", Format::Text)
        .col("id", l, "profile.id", Format::Text)
        .col("index", l, "capacity.index", Format::Decimal(1))
        .col("percentile", l, "capacity.percentile", Format::Decimal(1))
        .col("group", l, "capacity.group", Format::Text)
        .col("group_percentile", l, "capacity.group_percentile", Format::Decimal(1))
        .col("profile", l, "capacity.profile", Format::Text)
        .col("stage", l, "capacity.stage", Format::Text)
        .col("strengths", l, "capacity.strengths", Format::Text)
        .col("gaps", l, "capacity.gaps", Format::Text);
    for d in &cap.dimensions {
        b = b.named(&d.key, dimension_label(r, &d.key, l), Format::Decimal(2));
    }
    b.rows(rows).build()
}

fn dimensions(r: &Report, l: Lang) -> Sheet {
    let rows = r
        .capacity
        .dimensions
        .iter()
        .map(|d| {
            let ci = |i: usize| f(d.alpha_ci.map(|c| c[i]));
            vec![
                dimension_label(r, &d.key, l),
                crate::labels::join_list(&d.items, l),
                int(d.n_complete),
                int(d.n_scored),
                f(d.mean),
                f(d.sd),
                f(d.median),
                f(d.alpha),
                ci(0),
                ci(1),
                f(d.alpha_pairwise),
                f(d.alpha_standardized),
                f(d.omega),
                f(d.cfa.as_ref().and_then(|c| c.omega)),
            ]
        })
        .collect();
    Builder::new(sheet_title(l, "dimensions"))
        .col("label", l, "capacity.dimension", Format::Text)
        .col("items", l, "workbook.items_list", Format::Text)
        .col("n_complete", l, "workbook.n_complete", Format::Integer)
        .col("n_scored", l, "capacity.n", Format::Integer)
        .col("mean", l, "capacity.mean", Format::Decimal(2))
        .col("sd", l, "capacity.sd", Format::Decimal(2))
        .col("median", l, "capacity.median", Format::Decimal(2))
        .col("alpha", l, "capacity.alpha", Format::Decimal(3))
        .col("alpha_ci[0]", l, "workbook.alpha_ci_low", Format::Decimal(3))
        .col("alpha_ci[1]", l, "workbook.alpha_ci_high", Format::Decimal(3))
        .col("alpha_pairwise", l, "capacity.alpha_pairwise", Format::Decimal(3))
        .col("alpha_standardized", l, "capacity.alpha_std", Format::Decimal(3))
        .col("omega", l, "capacity.omega", Format::Decimal(3))
        .col("cfa.omega", l, "workbook.cfa_omega", Format::Decimal(3))
        .rows(rows)
        .build()
}

fn items(r: &Report, l: Lang) -> Sheet {
    let rows = r
        .capacity
        .dimensions
        .iter()
        .flat_map(|d| {
            d.item_stats.iter().map(move |s| {
                vec![
                    item_label(s, l),
                    dimension_label(r, &d.key, l),
                    s.column.clone(),
                    int(s.n),
                    f(s.mean),
                    f(s.sd),
                    f(s.item_rest_r),
                    f(s.alpha_if_dropped),
                    f(Some(s.missing_share)),
                ]
            })
        })
        .collect();
    Builder::new(sheet_title(l, "items"))
        .col("label", l, "capacity.item", Format::Text)
        .col("dimension", l, "capacity.dimension", Format::Text)
        .col("column", l, "mapping.column", Format::Text)
        .col("n", l, "groups.n", Format::Integer)
        .col("mean", l, "capacity.mean", Format::Decimal(2))
        .col("sd", l, "capacity.sd", Format::Decimal(2))
        .col("item_rest_r", l, "capacity.item_rest", Format::Decimal(3))
        .col("alpha_if_dropped", l, "capacity.alpha_drop", Format::Decimal(3))
        .col("missing_share", l, "capacity.missing", Format::Percent(1))
        .rows(rows)
        .build()
}

fn multi_select(r: &Report, l: Lang) -> Option<Sheet> {
    let multi = &r.capacity.multi_select;
    if multi.is_empty() {
        return None;
    }
    let rows = multi
        .iter()
        .flat_map(|m| {
            m.options.iter().map(move |o| {
                vec![m.question.clone(), o.option.clone(), int(o.count), f(o.share), int(m.answered)]
            })
        })
        .collect();
    let b = Builder::new(sheet_title(l, "multi"))
        .col("question", l, "workbook.question", Format::Text)
        .col("option", l, "multi.option", Format::Text)
        .col("count", l, "multi.count", Format::Integer)
        .col("share", l, "multi.share", Format::Percent(1))
        .col("answered", l, "workbook.answered", Format::Integer);
    Some(b.rows(rows).build())
}

fn groups(r: &Report, l: Lang) -> Option<Sheet> {
    let groups = &r.capacity.groups;
    if groups.is_empty() {
        return None;
    }
    let rows = groups
        .iter()
        .flat_map(|g| {
            g.tests.iter().map(move |t| {
                vec![
                    column_label(r, &g.attribute, l),
                    dimension_label(r, &t.outcome, l),
                    f(t.kruskal.map(|k| k.h)),
                    t.kruskal.map(|k| k.df.to_string()).unwrap_or_default(),
                    f(t.kruskal.map(|k| k.p)),
                    f(t.kruskal.map(|k| k.epsilon2)),
                ]
            })
        })
        .collect();
    let b = Builder::new(sheet_title(l, "groups"))
        .col("attribute", l, "groups.attribute", Format::Text)
        .col("outcome", l, "groups.outcome", Format::Text)
        .col("kruskal.h", l, "workbook.kruskal_h", Format::Decimal(2))
        .col("kruskal.df", l, "groups.df", Format::Integer)
        .col("kruskal.p", l, "groups.p", Format::P)
        .col("kruskal.epsilon2", l, "groups.epsilon2", Format::Decimal(3));
    Some(b.rows(rows).build())
}

/// Each group's mean index and dimension scores with their 95% intervals.
fn group_means(r: &Report, l: Lang) -> Option<Sheet> {
    let groups = &r.capacity.groups;
    if groups.is_empty() {
        return None;
    }
    let rows = groups
        .iter()
        .flat_map(|g| {
            g.levels.iter().flat_map(move |level| {
                level.means.iter().map(move |(outcome, m)| {
                    vec![
                        column_label(r, &g.attribute, l),
                        level.level.clone(),
                        dimension_label(r, outcome, l),
                        int(m.n),
                        f(m.mean),
                        f(m.ci_low),
                        f(m.ci_high),
                    ]
                })
            })
        })
        .collect();
    let b = Builder::new(sheet_title(l, "group_means"))
        .col("attribute", l, "groups.attribute", Format::Text)
        .col("level", l, "groups.level", Format::Text)
        .col("outcome", l, "groups.outcome", Format::Text)
        .col("n", l, "groups.n", Format::Integer)
        .col("mean", l, "capacity.mean", Format::Decimal(2))
        .col("ci_low", l, "workbook.ci_low", Format::Decimal(2))
        .col("ci_high", l, "workbook.ci_high", Format::Decimal(2));
    Some(b.rows(rows).build())
}

/// The node metrics of a relation's sheet, in order.
const NODE_METRICS: [NodeMetric; 17] = {
    use NodeMetric::*;
    [
        InDegree,
        OutDegree,
        InStrength,
        OutStrength,
        Betweenness,
        Closeness,
        Harmonic,
        Eigenvector,
        PageRank,
        Hub,
        Authority,
        Coreness,
        Clustering,
        Constraint,
        EffectiveSize,
        CoreScore,
        WeightedClustering,
    ]
};

/// A relation's nodes with their metrics, community, and whether each is a cut vertex and in
/// the core.
fn nodes(r: &Report, rel: &RelationReport, l: Lang) -> Sheet {
    let rows = rel
        .nodes
        .iter()
        .map(|n| {
            let mut row = vec![n.name.clone(), n.id.clone(), yes_no(n.respondent, l)];
            row.extend(NODE_METRICS.iter().map(|m| f(m.get(n))));
            let community = crate::labels::community_name(rel, n.community, l);
            row.extend([int(n.community + 1), community, yes_no(n.cut_vertex, l), yes_no(n.in_core, l)]);
            row
        })
        .collect();
    let mut b = Builder::new(relation_sheet(r, rel, l, "nodes"))
        .col("name", l, "capacity.org", Format::Text)
        .col("id", l, "profile.id", Format::Text)
        .col("respondent", l, "network.respondent", Format::Text);
    for m in NODE_METRICS {
        let format = if m.is_count() { Format::Integer } else { Format::Decimal(3) };
        b = b.col(m.key(), l, m.label_key(), format);
    }
    b.col("community", l, "network.community", Format::Integer)
        .col("community_name", l, "network.community_name", Format::Text)
        .col("cut_vertex", l, "metric.cut_vertex", Format::Text)
        .col("in_core", l, "metric.in_core", Format::Text)
        .rows(rows)
        .build()
}

/// A relation's suggestions: introductions, new ties and critical brokers, with their reasons.
fn suggestions(r: &Report, rel: &RelationReport, l: Lang) -> Option<Sheet> {
    use super::text::{broker_reason, introduction_reason, new_tie_reason};
    let sug = rel.suggestions.as_ref()?;
    let mut rows: Vec<Vec<String>> = Vec::new();
    for i in &sug.introductions {
        let reason = introduction_reason(i, rel, &r.capacity, l);
        rows.push(vec![i.name.clone(), t(l, "cultivate.introductions"), i.to_name.clone(), reason]);
    }
    for x in &sug.new_ties {
        rows.push(vec![x.a_name.clone(), t(l, "cultivate.new_ties"), x.b_name.clone(), new_tie_reason(x, l)]);
    }
    for b in &sug.critical_brokers {
        rows.push(vec![b.name.clone(), t(l, "cultivate.brokers"), String::new(), broker_reason(b, rel, l)]);
    }
    let b = Builder::new(relation_sheet(r, rel, l, "suggestions"))
        .col("organization", l, "cultivate.org", Format::Text)
        .col("kind", l, "workbook.kind", Format::Text)
        .col("with", l, "cultivate.suggested", Format::Text)
        .col("reason", l, "cultivate.reason", Format::Text);
    Some(b.rows(rows).build())
}

/// A model term in words (the intercept by its locale name).
fn term_label(r: &Report, term: &str, l: Lang) -> String {
    if term == "(Intercept)" { t(l, "model.intercept") } else { variable_label(r, term, l) }
}

/// Every fitted model's coefficients, one row per term.
fn model_terms(r: &Report, l: Lang) -> Option<Sheet> {
    if r.models.is_empty() {
        return None;
    }
    let label = |v: &str| variable_label(r, v, l);
    let rows = r
        .models
        .iter()
        .flat_map(|m| {
            let formula = crate::models::text::spec_in_words(&m.formula, &label);
            m.terms.iter().map(move |x| {
                vec![
                    formula.clone(),
                    term_label(r, &x.term, l),
                    f(Some(x.estimate)),
                    f(x.se),
                    f(x.se_hc3),
                    f(x.statistic),
                    f(x.p),
                    f(x.ci_low),
                    f(x.ci_high),
                    f(x.std_estimate),
                    f(x.odds_ratio),
                ]
            })
        })
        .collect();
    let b = Builder::new(sheet_title(l, "models"))
        .col("formula", l, "workbook.model", Format::Text)
        .col("term", l, "model.term", Format::Text)
        .col("estimate", l, "model.estimate", Format::Decimal(3))
        .col("se", l, "workbook.se", Format::Decimal(3))
        .col("se_hc3", l, "workbook.se_hc3", Format::Decimal(3))
        .col("statistic", l, "workbook.statistic", Format::Decimal(2))
        .col("p", l, "groups.p", Format::P)
        .col("ci_low", l, "workbook.ci_low", Format::Decimal(3))
        .col("ci_high", l, "workbook.ci_high", Format::Decimal(3))
        .col("std_estimate", l, "model.std_estimate", Format::Decimal(3))
        .col("odds_ratio", l, "model.odds_ratio", Format::Decimal(3));
    Some(b.rows(rows).build())
}

/// Every fitted model's fit, cases and notes, one row per model.
fn model_fit(r: &Report, l: Lang) -> Option<Sheet> {
    if r.models.is_empty() {
        return None;
    }
    let label = |v: &str| variable_label(r, v, l);
    let rows = r
        .models
        .iter()
        .map(|m| {
            let notes: Vec<String> = m
                .not_defined
                .iter()
                .chain(&m.warnings)
                .map(|n| crate::models::text::note_text(n, l, &label))
                .collect();
            vec![
                crate::models::text::spec_in_words(&m.formula, &label),
                label(&m.outcome),
                t(l, &format!("workbook.family.{}", m.family)),
                int(m.n),
                f(m.r2),
                f(m.adj_r2),
                f(m.f),
                f(m.f_p),
                f(m.log_likelihood),
                f(m.pseudo_r2),
                f(m.aic),
                notes.join(" "),
            ]
        })
        .collect();
    let b = Builder::new(sheet_title(l, "model_fit"))
        .col("formula", l, "workbook.model", Format::Text)
        .col("outcome", l, "groups.outcome", Format::Text)
        .col("family", l, "workbook.family_title", Format::Text)
        .col("n", l, "groups.n", Format::Integer)
        .col("r2", l, "workbook.r2", Format::Decimal(3))
        .col("adj_r2", l, "workbook.adj_r2", Format::Decimal(3))
        .col("f", l, "workbook.f", Format::Decimal(2))
        .col("f_p", l, "workbook.f_p", Format::P)
        .col("log_likelihood", l, "workbook.log_likelihood", Format::Decimal(2))
        .col("pseudo_r2", l, "workbook.pseudo_r2", Format::Decimal(3))
        .col("aic", l, "workbook.aic", Format::Decimal(2))
        .col("warnings", l, "workbook.notes", Format::Text);
    Some(b.rows(rows).build())
}

/// Every mediation model's paths and effects with their bootstrap intervals.
fn mediation(r: &Report, l: Lang) -> Option<Sheet> {
    if r.mediation.is_empty() {
        return None;
    }
    let label = |v: &str| variable_label(r, v, l);
    let mut rows = Vec::new();
    for m in &r.mediation {
        let spec = crate::models::text::spec_in_words(&m.spec, &label);
        let tail = [int(m.n), int(m.bootstrap.n), m.bootstrap.seed.to_string()];
        let mut push = |kind: String,
                        effect: String,
                        est: Option<f64>,
                        se: Option<f64>,
                        p: Option<f64>,
                        ci: [Option<f64>; 2]| {
            let mut row = vec![spec.clone(), kind, effect, f(est), f(se), f(p), f(ci[0]), f(ci[1])];
            row.extend(tail.iter().cloned());
            rows.push(row);
        };
        for x in &m.paths {
            let path = format!("{} → {}", label(&x.from), label(&x.to));
            push(t(l, "workbook.effect.path"), path, Some(x.estimate), x.se, x.p, [None, None]);
        }
        for e in &m.indirect {
            let path = e.path.split("->").map(label).collect::<Vec<_>>().join(" → ");
            push(t(l, "workbook.effect.indirect"), path, Some(e.estimate), None, None, [e.ci_low, e.ci_high]);
        }
        for (key, e) in [("total_indirect", &m.total_indirect), ("direct", &m.direct), ("total", &m.total)] {
            if let Some(e) = e {
                let name = t(l, &format!("workbook.effect.{key}"));
                push(name.clone(), name, Some(e.estimate), None, None, [e.ci_low, e.ci_high]);
            }
        }
    }
    let b = Builder::new(sheet_title(l, "mediation"))
        .col("spec", l, "workbook.model", Format::Text)
        .col("kind", l, "workbook.kind", Format::Text)
        .col("path", l, "workbook.effect_title", Format::Text)
        .col("estimate", l, "model.estimate", Format::Decimal(3))
        .col("se", l, "workbook.se", Format::Decimal(3))
        .col("p", l, "groups.p", Format::P)
        .col("ci_low", l, "workbook.ci_low", Format::Decimal(3))
        .col("ci_high", l, "workbook.ci_high", Format::Decimal(3))
        .col("n", l, "groups.n", Format::Integer)
        .col("bootstrap.n", l, "workbook.bootstrap_n", Format::Integer)
        .col("bootstrap.seed", l, "workbook.seed", Format::Integer);
    Some(b.rows(rows).build())
}

/// The codebook as applied, in words.
fn codebook(r: &Report, l: Lang) -> Sheet {
    let rows = r
        .input
        .codebook
        .iter()
        .map(|c| {
            let role_key = format!("role.{}", c.role);
            let role = if crate::i18n::has(l, &role_key) { t(l, &role_key) } else { c.role.clone() };
            vec![
                c.column.clone(),
                Some(column_label(r, &c.column, l)).filter(|x| *x != c.column).unwrap_or_default(),
                role,
                c.dimension.as_deref().map(|d| dimension_label(r, d, l)).unwrap_or_default(),
                c.relation.as_deref().map(|k| relation_label(r, k, l)).unwrap_or_default(),
                yes_no(c.reverse, l),
                yes_no(c.inferred, l),
            ]
        })
        .collect();
    Builder::new(sheet_title(l, "codebook"))
        .col("column", l, "mapping.column", Format::Text)
        .col("label", l, "workbook.label", Format::Text)
        .col("role", l, "mapping.role", Format::Text)
        .col("dimension", l, "mapping.dimension", Format::Text)
        .col("relation", l, "mapping.relation", Format::Text)
        .col("reverse", l, "mapping.reverse", Format::Text)
        .col("inferred", l, "workbook.inferred", Format::Text)
        .rows(rows)
        .build()
}

/// The notes about the data (warnings), located and in words.
fn notes(r: &Report, l: Lang) -> Sheet {
    let rows = r
        .input
        .warnings
        .iter()
        .map(|w| {
            vec![
                w.file.clone().unwrap_or_default(),
                w.row.map(|x| x.to_string()).unwrap_or_default(),
                w.column.clone().unwrap_or_default(),
                w.text(l, &|a, l| crate::labels::arg_label(r, a, l)),
            ]
        })
        .collect();
    Builder::new(sheet_title(l, "notes"))
        .col("file", l, "workbook.file", Format::Text)
        .col("row", l, "workbook.row", Format::Integer)
        .col("column", l, "mapping.column", Format::Text)
        .col("message", l, "workbook.message", Format::Text)
        .rows(rows)
        .build()
}

/// Why some cells are empty: each metric that can be undefined, and when it is.
fn not_defined(l: Lang) -> Sheet {
    use crate::report::format::{EXPLAINED_METRICS, undefined_reason};
    let rows = EXPLAINED_METRICS.iter().map(|k| vec![t(l, k), undefined_reason(l, k)]).collect();
    Builder::new(sheet_title(l, "undefined"))
        .col("metric", l, "metric.metric", Format::Text)
        .col("why_empty", l, "workbook.why_empty", Format::Text)
        .rows(rows)
        .build()
}
