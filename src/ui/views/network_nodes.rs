//! The node table of one relation: a column per node metric, formatted a page at a time (a
//! relation may have 100,000 nodes and twenty columns). The first columns (name, in- and
//! out-degree, betweenness, PageRank, coreness, community) show at first; the column chooser
//! shows the others.

use crate::i18n::{Lang, t};
use crate::network::node_metric::NodeMetric;
use crate::report::NodeMetrics;
use crate::report::format::num;
use crate::ui::state::SharedRelation;
use crate::ui::views::table::{Cell, Column, RowSource};

/// How one column of the node table is shown.
#[derive(Clone, Copy)]
enum NodeColumn {
    /// Text, never "not defined".
    Text(&'static str, fn(&NodeMetrics, Lang) -> String),
    /// A node metric with its digits; "not defined" when missing.
    Metric(NodeMetric, usize),
    /// The community, by its name (`labels::community_name`).
    Community,
}

impl NodeColumn {
    /// The column's number for a node (`None` for text, and where the metric is not defined).
    fn value(self, n: &NodeMetrics) -> Option<f64> {
        match self {
            NodeColumn::Text(..) | NodeColumn::Community => None,
            NodeColumn::Metric(m, _) => m.get(n),
        }
    }
}

/// The brokerage roles an organization plays, each named with its count ("守门人 88、代表 28"),
/// roles it never plays left out: a phone card cannot show which number is which role.
fn brokerage_roles(b: &crate::report::Brokerage, l: Lang) -> String {
    let roles = [
        ("coordinator", b.coordinator),
        ("itinerant", b.itinerant),
        ("gatekeeper", b.gatekeeper),
        ("representative", b.representative),
        ("liaison", b.liaison),
    ];
    let named: Vec<String> = roles
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{} {n}", t(l, &format!("brokerage.{k}"))))
        .collect();
    if named.is_empty() { t(l, "brokerage.none") } else { crate::labels::join_list(&named, l) }
}

fn yes_no(b: bool, l: Lang) -> String {
    t(l, if b { "common.yes" } else { "common.no" })
}

/// The node table's columns, in order (the weighted clustering is added for weighted ties).
const NODE_COLUMNS: &[NodeColumn] = &[
    NodeColumn::Text("capacity.org", |n, _| n.name.clone()),
    NodeColumn::Text("network.respondent", |n, l| yes_no(n.respondent, l)),
    NodeColumn::Metric(NodeMetric::InDegree, 0),
    NodeColumn::Metric(NodeMetric::OutDegree, 0),
    NodeColumn::Metric(NodeMetric::InStrength, 1),
    NodeColumn::Metric(NodeMetric::Betweenness, 3),
    NodeColumn::Metric(NodeMetric::Closeness, 3),
    NodeColumn::Metric(NodeMetric::Harmonic, 2),
    NodeColumn::Metric(NodeMetric::Eigenvector, 3),
    NodeColumn::Metric(NodeMetric::PageRank, 3),
    NodeColumn::Metric(NodeMetric::Hub, 3),
    NodeColumn::Metric(NodeMetric::Authority, 3),
    NodeColumn::Metric(NodeMetric::Coreness, 0),
    NodeColumn::Metric(NodeMetric::Clustering, 3),
    NodeColumn::Metric(NodeMetric::Constraint, 3),
    NodeColumn::Metric(NodeMetric::EffectiveSize, 2),
    NodeColumn::Community,
    NodeColumn::Text("metric.cut_vertex", |n, l| yes_no(n.cut_vertex, l)),
    NodeColumn::Text("metric.brokerage", |n, l| {
        n.brokerage.map(|b| brokerage_roles(&b, l)).unwrap_or_default()
    }),
    NodeColumn::Metric(NodeMetric::CoreScore, 3),
    NodeColumn::Text("metric.in_core", |n, l| yes_no(n.in_core, l)),
];

/// The metrics shown at first, besides the name and the community.
const SHOWN_FIRST: [NodeMetric; 5] = [
    NodeMetric::InDegree,
    NodeMetric::OutDegree,
    NodeMetric::Betweenness,
    NodeMetric::PageRank,
    NodeMetric::Coreness,
];

/// The node table of one relation, formatted a page at a time (a relation may have 100,000
/// nodes and twenty columns).
pub struct NodeRows {
    rel: SharedRelation,
    lang: Lang,
    columns: Vec<NodeColumn>,
}

impl NodeRows {
    /// The node table of `rel`, in language `lang`.
    pub fn new(rel: SharedRelation, lang: Lang) -> Self {
        let mut columns = NODE_COLUMNS.to_vec();
        if rel.weighted {
            columns.push(NodeColumn::Metric(NodeMetric::WeightedClustering, 3));
        }
        NodeRows { rel, lang, columns }
    }

    /// The table's columns; all but those in [`SHOWN_FIRST`] are hidden at first.
    pub fn columns(&self) -> Vec<Column> {
        let brokered = self.rel.nodes.iter().any(|n| n.brokerage.is_some());
        self.columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let column = match c {
                    NodeColumn::Text(key, _) => Column::text(t(self.lang, key)),
                    NodeColumn::Metric(m, _) => Column::metric(self.lang, m.label_key()),
                    NodeColumn::Community => Column::text(t(self.lang, "network.community")),
                };
                // The brokerage roles, when a group attribute gives them, are what a coordinator
                // looks for (the view's heading names them): shown in place of the coreness.
                let first = i == 0
                    || matches!(c, NodeColumn::Community)
                    || matches!(c, NodeColumn::Text("metric.brokerage", _) if brokered)
                    || matches!(c, NodeColumn::Metric(m, _)
                        if SHOWN_FIRST.contains(m) && !(brokered && *m == NodeMetric::Coreness));
                if first { column } else { column.extra() }
            })
            .collect()
    }

    fn nodes(&self) -> &[NodeMetrics] {
        &self.rel.nodes
    }
}

impl RowSource for NodeRows {
    fn len(&self) -> usize {
        self.nodes().len()
    }

    fn cell(&self, row: usize, col: usize) -> Cell {
        let (Some(n), Some(c)) = (self.nodes().get(row), self.columns.get(col)) else {
            return Cell::text("");
        };
        match c {
            // The name opens the organization's page.
            NodeColumn::Text(_, _) if col == 0 => Cell::org(n.name.clone(), n.id.clone()),
            NodeColumn::Text(_, text) => Cell::text(text(n, self.lang)),
            NodeColumn::Metric(_, digits) => {
                let v = c.value(n);
                Cell::num(num(v, *digits, self.lang), v)
            }
            NodeColumn::Community => {
                Cell::text(crate::labels::community_name(&self.rel, n.community, self.lang))
            }
        }
    }

    fn sort_key(&self, row: usize, col: usize) -> Option<f64> {
        match (self.nodes().get(row), self.columns.get(col)) {
            (Some(n), Some(c)) => c.value(n),
            _ => None,
        }
    }

    /// A number column reads "not defined" where its value is missing; text never does.
    ///
    /// One pass over the nodes for all columns, stopping once every number column has a
    /// missing value: a node's metrics are one struct of a few hundred bytes, and a pass per
    /// column read a 100,000-node relation's 30 MB seventeen times in the node table's first
    /// mount.
    fn undefined_columns(&self, columns: usize, _undefined: &[String]) -> Vec<bool> {
        let mut found = vec![false; columns];
        let mut open: Vec<(usize, NodeColumn)> = (0..columns)
            .filter_map(|c| match self.columns.get(c) {
                Some(column @ NodeColumn::Metric(..)) => Some((c, *column)),
                _ => None,
            })
            .collect();
        for n in self.nodes() {
            if open.is_empty() {
                break;
            }
            open.retain(|&(c, column)| {
                let missing = column.value(n).is_none_or(|v| !v.is_finite());
                found[c] |= missing;
                !missing
            });
        }
        found
    }
}
