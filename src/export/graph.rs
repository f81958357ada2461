//! Network exports for Gephi and other tools: one multiplex file with every relation, nodes
//! carrying their metrics per relation and ties carrying their relation, weight and mean rating
//! per tie dimension (`tie_trust`, …; see [`crate::network::ratings`]).
//! GEXF 1.3 and GraphML; every user string is XML-escaped.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::number_cell as num;
use crate::i18n::Lang;
use crate::markup::escape;
use crate::network::node_metric::NodeMetric;
use crate::pipeline::Analysis;

/// The node metrics exported per relation (with the community).
const METRICS: [NodeMetric; 3] = [NodeMetric::InDegree, NodeMetric::Betweenness, NodeMetric::PageRank];

/// A node's community (its number and its name, `labels::community_name`) and [`METRICS`] in
/// one relation.
type RelationMetrics = (usize, usize, [Option<f64>; METRICS.len()]);
/// A tie of the union: source and target (union node indices), relation key, weight, and its
/// mean rating per tie dimension (in the order of [`tie_keys`]).
type UnionEdge = (usize, usize, String, f64, Vec<Option<f64>>);

/// Every tie dimension rated in some relation, in order of first appearance.
fn tie_keys(a: &Analysis) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for d in a.report.network.relations.iter().flat_map(|r| &r.tie_dimensions) {
        if !keys.contains(&d.key) {
            keys.push(d.key.clone());
        }
    }
    keys
}

/// A node of the union of all relations.
struct UnionNode {
    id: String,
    name: String,
    respondent: bool,
    /// Per relation: the community and [`METRICS`].
    metrics: Vec<Option<RelationMetrics>>,
}

/// Nodes of all relations, keyed by node id, and the ties as (source, target, relation, weight).
fn union(a: &Analysis) -> (Vec<UnionNode>, Vec<UnionEdge>) {
    let k = a.graphs.len();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut nodes: Vec<UnionNode> = Vec::new();
    let mut edges = Vec::new();
    let dims = tie_keys(a);
    for (r, (report, graph)) in a.relations().enumerate() {
        let rated: HashMap<(usize, usize), &std::collections::BTreeMap<String, f64>> =
            report.rated_ties.iter().map(|t| ((t.source, t.target), &t.ratings)).collect();
        let mut local = Vec::with_capacity(report.nodes.len());
        for n in &report.nodes {
            let i = *index.entry(n.id.clone()).or_insert_with(|| {
                nodes.push(UnionNode {
                    id: n.id.clone(),
                    name: n.name.clone(),
                    respondent: n.respondent,
                    metrics: vec![None; k],
                });
                nodes.len() - 1
            });
            nodes[i].metrics[r] = Some((n.community, r, METRICS.map(|m| m.get(n))));
            local.push(i);
        }
        for v in 0..graph.node_count() {
            for (j, &w) in graph.out(v).iter().enumerate() {
                let ratings = rated.get(&(v, w as usize));
                let values = dims.iter().map(|k| ratings.and_then(|m| m.get(k).copied())).collect();
                edges.push((
                    local[v],
                    local[w as usize],
                    report.key.clone(),
                    graph.out_weights(v)[j],
                    values,
                ));
            }
        }
    }
    (nodes, edges)
}

/// The per-relation node attributes, with their types named as the format names an integer
/// and a double: the community (its number, and its name as the page gives it), then
/// [`METRICS`].
fn attributes(integer: &'static str, double: &'static str) -> Vec<(&'static str, &'static str)> {
    let metrics = METRICS.iter().map(|m| (m.key(), if m.is_count() { integer } else { double }));
    [("community", integer), ("community_name", "string")].into_iter().chain(metrics).collect()
}

/// Each relation's community names in `lang` (by relation, then community number), made once.
fn community_names(a: &Analysis, lang: Lang) -> Vec<Vec<String>> {
    a.report
        .network
        .relations
        .iter()
        .map(|rel| {
            (0..rel.communities.len()).map(|c| escape(&crate::labels::community_name(rel, c, lang))).collect()
        })
        .collect()
}

/// GEXF 1.3 of every relation (node attributes: respondent and, per relation, community and its
/// name in `lang`, in-degree, betweenness, PageRank; edge attributes: relation; weights as edge
/// weights).
pub fn gexf(a: &Analysis, lang: Lang) -> String {
    let (nodes, edges) = union(a);
    let names = community_names(a, lang);
    let keys: Vec<String> = a.report.network.relations.iter().map(|r| escape(&r.key)).collect();
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n",
    );
    let _ = writeln!(
        s,
        "  <meta><creator>tongxing {}</creator><description>NGO partnership networks</description></meta>",
        crate::VERSION
    );
    s.push_str("  <graph defaultedgetype=\"directed\" mode=\"static\">\n    <attributes class=\"node\">\n      <attribute id=\"respondent\" title=\"respondent\" type=\"boolean\"/>\n");
    for k in &keys {
        for (m, ty) in attributes("integer", "double") {
            let _ = writeln!(s, "      <attribute id=\"{m}_{k}\" title=\"{m} ({k})\" type=\"{ty}\"/>");
        }
    }
    s.push_str("    </attributes>\n    <attributes class=\"edge\">\n      <attribute id=\"relation\" title=\"relation\" type=\"string\"/>\n");
    let dims: Vec<String> = tie_keys(a).iter().map(|k| escape(k)).collect();
    for k in &dims {
        let _ = writeln!(s, "      <attribute id=\"tie_{k}\" title=\"{k}\" type=\"double\"/>");
    }
    s.push_str("    </attributes>\n    <nodes>\n");
    for n in &nodes {
        let _ = write!(
            s,
            "      <node id=\"{}\" label=\"{}\"><attvalues><attvalue for=\"respondent\" value=\"{}\"/>",
            escape(&n.id),
            escape(&n.name),
            n.respondent
        );
        for (r, k) in keys.iter().enumerate() {
            if let Some((c, rel, values)) = n.metrics[r] {
                let _ = write!(s, "<attvalue for=\"community_{k}\" value=\"{c}\"/>");
                if let Some(name) = names[rel].get(c) {
                    let _ = write!(s, "<attvalue for=\"community_name_{k}\" value=\"{name}\"/>");
                }
                for (m, v) in METRICS.iter().zip(values) {
                    // Undefined values are left out.
                    let v = num(v);
                    if !v.is_empty() {
                        let _ = write!(s, "<attvalue for=\"{}_{k}\" value=\"{v}\"/>", m.key());
                    }
                }
            }
        }
        s.push_str("</attvalues></node>\n");
    }
    s.push_str("    </nodes>\n    <edges>\n");
    for (i, (u, v, rel, w, values)) in edges.iter().enumerate() {
        let _ = write!(
            s,
            "      <edge id=\"{i}\" source=\"{}\" target=\"{}\" weight=\"{w}\"><attvalues><attvalue for=\"relation\" value=\"{}\"/>",
            escape(&nodes[*u].id),
            escape(&nodes[*v].id),
            escape(rel)
        );
        for (k, x) in dims.iter().zip(values) {
            if let Some(x) = x {
                let _ = write!(s, "<attvalue for=\"tie_{k}\" value=\"{x}\"/>");
            }
        }
        s.push_str("</attvalues></edge>\n");
    }
    s.push_str("    </edges>\n  </graph>\n</gexf>\n");
    s
}

/// GraphML of every relation, with the same attributes as [`gexf`].
pub fn graphml(a: &Analysis, lang: Lang) -> String {
    let (nodes, edges) = union(a);
    let names = community_names(a, lang);
    let keys: Vec<String> = a.report.network.relations.iter().map(|r| escape(&r.key)).collect();
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n",
    );
    s.push_str("  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n  <key id=\"respondent\" for=\"node\" attr.name=\"respondent\" attr.type=\"boolean\"/>\n");
    for k in &keys {
        for (m, ty) in attributes("int", "double") {
            let _ =
                writeln!(s, "  <key id=\"{m}_{k}\" for=\"node\" attr.name=\"{m}_{k}\" attr.type=\"{ty}\"/>");
        }
    }
    s.push_str("  <key id=\"relation\" for=\"edge\" attr.name=\"relation\" attr.type=\"string\"/>\n  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n");
    let dims: Vec<String> = tie_keys(a).iter().map(|k| escape(k)).collect();
    for k in &dims {
        let _ = writeln!(s, "  <key id=\"tie_{k}\" for=\"edge\" attr.name=\"{k}\" attr.type=\"double\"/>");
    }
    s.push_str("  <graph id=\"tongxing\" edgedefault=\"directed\">\n");
    for n in &nodes {
        let _ = write!(
            s,
            "    <node id=\"{}\"><data key=\"label\">{}</data><data key=\"respondent\">{}</data>",
            escape(&n.id),
            escape(&n.name),
            n.respondent
        );
        for (r, k) in keys.iter().enumerate() {
            if let Some((c, rel, values)) = n.metrics[r] {
                let _ = write!(s, "<data key=\"community_{k}\">{c}</data>");
                if let Some(name) = names[rel].get(c) {
                    let _ = write!(s, "<data key=\"community_name_{k}\">{name}</data>");
                }
                for (m, v) in METRICS.iter().zip(values) {
                    let v = num(v);
                    if !v.is_empty() {
                        let _ = write!(s, "<data key=\"{}_{k}\">{v}</data>", m.key());
                    }
                }
            }
        }
        s.push_str("</node>\n");
    }
    for (u, v, rel, w, values) in &edges {
        let _ = write!(
            s,
            "    <edge source=\"{}\" target=\"{}\"><data key=\"relation\">{}</data><data key=\"weight\">{w}</data>",
            escape(&nodes[*u].id),
            escape(&nodes[*v].id),
            escape(rel)
        );
        for (k, x) in dims.iter().zip(values) {
            if let Some(x) = x {
                let _ = write!(s, "<data key=\"tie_{k}\">{x}</data>");
            }
        }
        s.push_str("</edge>\n");
    }
    s.push_str("  </graph>\n</graphml>\n");
    s
}
