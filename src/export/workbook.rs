//! The results workbook: every result table as a sheet of one XLSX file, plus the applied
//! codebook and the notes. Built from the same report the JSON download holds.

use std::collections::BTreeSet;

use super::{ExportError, Sheets, number_cell as f, xlsx_of};
use crate::ingest::Table;
use crate::network::node_metric::NodeMetric;
use crate::pipeline::Analysis;
use crate::report::{NodeMetrics, RelationReport};

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

/// All result tables of an analysis as one workbook ([`results_sheets`]).
///
/// # Errors
/// [`ExportError`] when the workbook cannot be assembled.
pub fn results_workbook(a: &Analysis) -> Result<Vec<u8>, ExportError> {
    xlsx_of(&results_sheets(a))
}

/// All result tables of an analysis, as the sheets of the results workbook.
pub fn results_sheets(a: &Analysis) -> Sheets {
    let r = &a.report;
    let cap = &r.capacity;
    let keys: Vec<String> = cap.dimensions.iter().map(|d| d.key.clone()).collect();
    let mut sheets: Vec<(String, Table)> = Vec::new();
    let mut used = BTreeSet::new();
    let mut add = |name: &str, t: Table| sheets.push((sheet_name(name, &mut used), t));

    let mut org_headers =
        vec!["id", "name", "index", "percentile", "group", "group_percentile", "profile", "stage"];
    org_headers.extend(keys.iter().map(String::as_str));
    add(
        "organizations",
        Table::new(
            "organizations",
            &org_headers,
            cap.organizations
                .iter()
                .map(|o| {
                    let mut row = vec![
                        o.id.clone(),
                        o.name.clone(),
                        f(o.index),
                        f(o.percentile),
                        o.group.as_deref().unwrap_or_default().to_string(),
                        f(o.group_percentile),
                        o.profile.map(|p| (p + 1).to_string()).unwrap_or_default(),
                        o.stage.as_deref().unwrap_or_default().to_string(),
                    ];
                    row.extend(keys.iter().map(|k| f(o.scores.get(k).copied().flatten())));
                    row
                })
                .collect(),
        ),
    );
    add(
        "dimensions",
        Table::new(
            "dimensions",
            &[
                "key",
                "label",
                "label_zh",
                "items",
                "n_complete",
                "n_scored",
                "mean",
                "sd",
                "median",
                "alpha",
                "alpha_pairwise",
                "alpha_standardized",
                "omega",
            ],
            cap.dimensions
                .iter()
                .map(|d| {
                    vec![
                        d.key.clone(),
                        d.label.clone(),
                        d.label_zh.clone(),
                        d.items.join(";"),
                        d.n_complete.to_string(),
                        d.n_scored.to_string(),
                        f(d.mean),
                        f(d.sd),
                        f(d.median),
                        f(d.alpha),
                        f(d.alpha_pairwise),
                        f(d.alpha_standardized),
                        f(d.omega),
                    ]
                })
                .collect(),
        ),
    );
    if !cap.multi_select.is_empty() {
        let rows = cap
            .multi_select
            .iter()
            .flat_map(|m| {
                m.options.iter().map(move |o| {
                    vec![
                        m.question.clone(),
                        o.option.clone(),
                        o.count.to_string(),
                        f(o.share),
                        m.answered.to_string(),
                    ]
                })
            })
            .collect();
        add(
            "multi-select",
            Table::new("multi-select", &["question", "option", "count", "share", "answered"], rows),
        );
    }
    add(
        "items",
        Table::new(
            "items",
            &["dimension", "column", "n", "mean", "sd", "item_rest_r", "alpha_if_dropped", "missing_share"],
            cap.dimensions
                .iter()
                .flat_map(|d| {
                    d.item_stats.iter().map(move |s| {
                        vec![
                            d.key.clone(),
                            s.column.clone(),
                            s.n.to_string(),
                            f(s.mean),
                            f(s.sd),
                            f(s.item_rest_r),
                            f(s.alpha_if_dropped),
                            s.missing_share.to_string(),
                        ]
                    })
                })
                .collect(),
        ),
    );
    add(
        "groups",
        Table::new(
            "groups",
            &["attribute", "outcome", "kruskal_h", "df", "p", "epsilon2"],
            cap.groups
                .iter()
                .flat_map(|g| {
                    g.tests.iter().map(move |t| {
                        vec![
                            g.attribute.clone(),
                            t.outcome.clone(),
                            f(t.kruskal.map(|k| k.h)),
                            t.kruskal.map(|k| k.df.to_string()).unwrap_or_default(),
                            f(t.kruskal.map(|k| k.p)),
                            f(t.kruskal.map(|k| k.epsilon2)),
                        ]
                    })
                })
                .collect(),
        ),
    );
    for (rr, graph) in a.relations() {
        add(&format!("nodes {}", rr.key), node_sheet(rr));
        add(
            &format!("edges {}", rr.key),
            Table::new("edges", &["source", "target", "weight"], edge_rows(rr, graph)),
        );
        if let Some(sug) = &rr.suggestions {
            use crate::export::text::{broker_reason, introduction_reason, new_tie_reason};
            let mut rows: Vec<Vec<String>> = Vec::new();
            for i in &sug.introductions {
                let en = introduction_reason(i, rr, &r.capacity, crate::i18n::Lang::En);
                let zh = introduction_reason(i, rr, &r.capacity, crate::i18n::Lang::Zh);
                rows.push(vec![
                    format!("introduction:{}", i.kind),
                    i.name.clone(),
                    i.to_name.clone(),
                    en,
                    zh,
                ]);
            }
            for x in &sug.new_ties {
                let (en, zh) =
                    (new_tie_reason(x, crate::i18n::Lang::En), new_tie_reason(x, crate::i18n::Lang::Zh));
                rows.push(vec![format!("new_tie:{}", x.reason), x.a_name.clone(), x.b_name.clone(), en, zh]);
            }
            for b in &sug.critical_brokers {
                let (en, zh) =
                    (broker_reason(b, crate::i18n::Lang::En), broker_reason(b, crate::i18n::Lang::Zh));
                rows.push(vec!["critical_broker".into(), b.name.clone(), String::new(), en, zh]);
            }
            add(
                &format!("suggestions {}", rr.key),
                Table::new("suggestions", &["kind", "organization", "with", "reason", "reason_zh"], rows),
            );
        }
    }
    add(
        "codebook",
        Table::new(
            "codebook",
            &["column", "role", "dimension", "relation", "reverse", "inferred"],
            r.input
                .codebook
                .iter()
                .map(|c| {
                    vec![
                        c.column.clone(),
                        c.role.clone(),
                        c.dimension.clone().unwrap_or_default(),
                        c.relation.clone().unwrap_or_default(),
                        c.reverse.to_string(),
                        c.inferred.to_string(),
                    ]
                })
                .collect(),
        ),
    );
    add(
        "notes",
        Table::new(
            "notes",
            &["file", "row", "column", "message", "message_zh"],
            r.input
                .warnings
                .iter()
                .map(|w| {
                    vec![
                        w.file.clone().unwrap_or_default(),
                        w.row.map(|x| x.to_string()).unwrap_or_default(),
                        w.column.clone().unwrap_or_default(),
                        w.message.clone(),
                        w.message_zh.clone(),
                    ]
                })
                .collect(),
        ),
    );
    // Empty cells are numbers that are not defined; this sheet says why, in both languages.
    {
        use crate::i18n::{Lang, t};
        use crate::report::format::{EXPLAINED_METRICS, undefined_reason};
        let rows = EXPLAINED_METRICS
            .iter()
            .map(|k| {
                vec![
                    t(Lang::En, k),
                    undefined_reason(Lang::En, k),
                    t(Lang::Zh, k),
                    undefined_reason(Lang::Zh, k),
                ]
            })
            .collect();
        add("not defined", Table::new("not defined", &["metric", "why empty", "指标", "为何为空"], rows));
    }
    // Survey rounds compared (none without rounds).
    for (name, t) in super::rounds::waves_sheets(r) {
        add(&name, t);
    }
    sheets
}

/// A column of a relation's node sheet: a node metric, or another fact about the node.
#[derive(Debug, Clone, Copy)]
enum NodeColumn {
    Id,
    Name,
    Respondent,
    Metric(NodeMetric),
    Community,
    CutVertex,
    InCore,
}

/// The node sheet's columns, in order.
const NODE_COLUMNS: [NodeColumn; 23] = {
    use NodeColumn::{Community, CutVertex, Id, InCore, Metric, Name, Respondent};
    use NodeMetric::*;
    [
        Id,
        Name,
        Respondent,
        Metric(InDegree),
        Metric(OutDegree),
        Metric(InStrength),
        Metric(OutStrength),
        Metric(Betweenness),
        Metric(Closeness),
        Metric(Harmonic),
        Metric(Eigenvector),
        Metric(PageRank),
        Metric(Hub),
        Metric(Authority),
        Metric(Coreness),
        Metric(Clustering),
        Metric(Constraint),
        Metric(EffectiveSize),
        Community,
        CutVertex,
        Metric(CoreScore),
        InCore,
        Metric(WeightedClustering),
    ]
};

impl NodeColumn {
    fn key(self) -> &'static str {
        match self {
            NodeColumn::Id => "id",
            NodeColumn::Name => "name",
            NodeColumn::Respondent => "respondent",
            NodeColumn::Metric(m) => m.key(),
            NodeColumn::Community => "community",
            NodeColumn::CutVertex => "cut_vertex",
            NodeColumn::InCore => "in_core",
        }
    }

    fn cell(self, n: &NodeMetrics) -> String {
        match self {
            NodeColumn::Id => n.id.clone(),
            NodeColumn::Name => n.name.clone(),
            NodeColumn::Respondent => n.respondent.to_string(),
            // Counts print as whole numbers (3, not 3.0); undefined values as empty cells.
            NodeColumn::Metric(m) => f(m.get(n)),
            NodeColumn::Community => (n.community + 1).to_string(),
            NodeColumn::CutVertex => n.cut_vertex.to_string(),
            NodeColumn::InCore => n.in_core.to_string(),
        }
    }
}

/// The node sheet of one relation: every node with its metrics.
fn node_sheet(rr: &RelationReport) -> Table {
    let headers: Vec<&str> = NODE_COLUMNS.iter().map(|c| c.key()).collect();
    let rows = rr.nodes.iter().map(|n| NODE_COLUMNS.iter().map(|c| c.cell(n)).collect()).collect();
    Table::new("nodes", &headers, rows)
}
