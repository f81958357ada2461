//! How a relation's network changed between two rounds: ties added, dropped and kept among
//! organizations that responded in both, Jaccard similarity, whole-graph changes, per-node
//! changes, community movement (contingency table, adjusted Rand index), and a drawing of
//! both rounds on the earlier round's layout.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::network::graph::Graph;
use crate::network::layout::force_layout;
use crate::pipeline::Analysis;
use crate::report::RelationReport;
use crate::report::rounds::{ChangeDiagram, Contingency, NodeChange, RelationChange, WaveGraph};
use crate::rounds::matching::{Identities, NodeKey};
use crate::stats::finite;
use crate::stats::paired::adjusted_rand;

/// Directed ties by the identities of their ends.
type TieSet = BTreeSet<(NodeKey, NodeKey)>;

/// Largest union of nodes drawn in the change diagram.
pub const MAX_DIAGRAM_NODES: usize = 400;

/// One round's relation: its report, graph and each node's identity.
struct Side<'a> {
    report: &'a RelationReport,
    graph: &'a Graph,
    keys: Vec<Option<NodeKey>>,
    at: HashMap<NodeKey, usize>,
}

impl<'a> Side<'a> {
    fn new(ids: &Identities, analysis: &'a Analysis, w: usize, key: &str) -> Option<Side<'a>> {
        let (report, graph) = analysis.relations().find(|(r, _)| r.key == key)?;
        let keys: Vec<Option<NodeKey>> =
            report.nodes.iter().map(|n| ids.node(w, &n.id, &n.name, n.respondent)).collect();
        let at = keys.iter().enumerate().filter_map(|(i, k)| k.clone().map(|k| (k, i))).collect();
        Some(Side { report, graph, keys, at })
    }

    /// Directed ties between nodes in `among`, by identity.
    fn ties(&self, among: &HashSet<NodeKey>) -> TieSet {
        let mut out = BTreeSet::new();
        for u in 0..self.graph.node_count() {
            let Some(ku) = self.keys[u].as_ref().filter(|k| among.contains(*k)) else { continue };
            for v in self.graph.out(u) {
                if let Some(kv) = self.keys[*v as usize].as_ref().filter(|k| among.contains(*k)) {
                    out.insert((ku.clone(), kv.clone()));
                }
            }
        }
        out
    }
}

fn wave_graph(r: &RelationReport) -> WaveGraph {
    let g = &r.graph;
    WaveGraph {
        nodes: g.nodes,
        edges: g.edges,
        density: g.density,
        reciprocity: g.reciprocity,
        transitivity: g.transitivity,
        modularity: g.modularity,
    }
}

fn change(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    finite(b? - a?)
}

/// Every relation of the later round that the earlier round has too, compared.
pub fn compare(ids: &Identities, analyses: &[&Analysis], ws: &[usize], seed: u64) -> Vec<RelationChange> {
    let (a, b) = (ws[0], ws[ws.len() - 1]);
    let stayed: HashSet<NodeKey> =
        ids.orgs[b].iter().filter(|i| ids.orgs[a].contains(i)).map(|i| NodeKey::Org(*i)).collect();
    analyses[b]
        .report
        .network
        .relations
        .iter()
        .filter_map(|rel| {
            let earlier = Side::new(ids, analyses[a], a, &rel.key)?;
            let later = Side::new(ids, analyses[b], b, &rel.key)?;
            let per_wave = ws
                .iter()
                .map(|w| {
                    analyses[*w].report.network.relations.iter().find(|r| r.key == rel.key).map(wave_graph)
                })
                .collect();
            Some(relation(&rel.key, per_wave, &earlier, &later, &stayed, seed))
        })
        .collect()
}

fn relation(
    key: &str,
    per_wave: Vec<Option<WaveGraph>>,
    earlier: &Side,
    later: &Side,
    stayed: &HashSet<NodeKey>,
    seed: u64,
) -> RelationChange {
    let (ta, tb) = (earlier.ties(stayed), later.ties(stayed));
    let kept = ta.intersection(&tb).count();
    let (added, dropped) = (tb.len() - kept, ta.len() - kept);
    let union = added + dropped + kept;
    let (ga, gb) = (&earlier.report.graph, &later.report.graph);
    let (communities, community_ari) = communities(earlier, later);
    let diagram = diagram(earlier, later, stayed, (&ta, &tb), seed);
    RelationChange {
        relation: key.to_string(),
        per_wave,
        ties_added: added,
        ties_dropped: dropped,
        ties_kept: kept,
        jaccard: (union > 0).then(|| kept as f64 / union as f64),
        density_change: change(ga.density, gb.density),
        reciprocity_change: change(ga.reciprocity, gb.reciprocity),
        transitivity_change: change(Some(ga.transitivity), Some(gb.transitivity)),
        modularity_change: change(ga.modularity, gb.modularity),
        community_ari,
        communities,
        nodes: nodes(earlier, later),
        diagram,
    }
}

/// Community contingency table and adjusted Rand index over nodes in both rounds.
fn communities(earlier: &Side, later: &Side) -> (Contingency, Option<f64>) {
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (k, i) in &earlier.at {
        if let Some(j) = later.at.get(k) {
            pairs.push((earlier.report.nodes[*i].community, later.report.nodes[*j].community));
        }
    }
    let from: Vec<usize> = pairs.iter().map(|p| p.0).collect::<BTreeSet<_>>().into_iter().collect();
    let to: Vec<usize> = pairs.iter().map(|p| p.1).collect::<BTreeSet<_>>().into_iter().collect();
    let mut counts = vec![vec![0; to.len()]; from.len()];
    for (x, y) in &pairs {
        let (r, c) = (from.binary_search(x).unwrap_or(0), to.binary_search(y).unwrap_or(0));
        counts[r][c] += 1;
    }
    let (xs, ys): (Vec<usize>, Vec<usize>) = pairs.into_iter().unzip();
    (Contingency { from, to, counts }, adjusted_rand(&xs, &ys))
}

/// Per node of either round: in-degree and betweenness in each, and their changes.
fn nodes(earlier: &Side, later: &Side) -> Vec<NodeChange> {
    let mut order: Vec<(&NodeKey, Option<usize>, Option<usize>)> = Vec::new();
    for (i, k) in later.keys.iter().enumerate() {
        if let Some(k) = k {
            order.push((k, earlier.at.get(k).copied(), Some(i)));
        }
    }
    for (i, k) in earlier.keys.iter().enumerate() {
        if let Some(k) = k.as_ref().filter(|k| !later.at.contains_key(*k)) {
            order.push((k, Some(i), None));
        }
    }
    order
        .into_iter()
        .map(|(_, ea, la)| {
            let e = ea.map(|i| &earlier.report.nodes[i]);
            let l = la.map(|i| &later.report.nodes[i]);
            let name = l.or(e).map(|n| n.name.clone()).unwrap_or_default();
            let deg = [e.map(|n| n.in_degree), l.map(|n| n.in_degree)];
            let btw = [e.and_then(|n| n.betweenness), l.and_then(|n| n.betweenness)];
            NodeChange {
                name,
                in_degree: deg[0].zip(deg[1]).map(|(x, y)| y as i64 - x as i64),
                betweenness: change(btw[0], btw[1]),
                in_degree_per_wave: deg.to_vec(),
                betweenness_per_wave: btw.to_vec(),
                community_per_wave: vec![e.map(|n| n.community), l.map(|n| n.community)],
            }
        })
        .collect()
}

/// Both rounds on the earlier round's layout; nodes new in the later round sit beside their
/// placed partners, or on an outer ring when they have none. `None` above the size limit.
fn diagram(
    earlier: &Side,
    later: &Side,
    stayed: &HashSet<NodeKey>,
    (ta, tb): (&TieSet, &TieSet),
    seed: u64,
) -> Option<ChangeDiagram> {
    let mut keys: Vec<NodeKey> = earlier.keys.iter().flatten().cloned().collect();
    keys.extend(later.keys.iter().flatten().filter(|k| !earlier.at.contains_key(*k)).cloned());
    if keys.len() > MAX_DIAGRAM_NODES || keys.is_empty() {
        return None;
    }
    let index: HashMap<&NodeKey, u32> = keys.iter().enumerate().map(|(i, k)| (k, i as u32)).collect();
    let first = force_layout(earlier.graph, seed);
    let mut pos: Vec<Option<(f64, f64)>> =
        keys.iter().map(|k| earlier.at.get(k).and_then(|i| first.get(*i).copied())).collect();
    place_new(&mut pos, &keys, later);
    let name = |k: &NodeKey| {
        let l = later.at.get(k).map(|i| &later.report.nodes[*i].name);
        l.or_else(|| earlier.at.get(k).map(|i| &earlier.report.nodes[*i].name)).cloned().unwrap_or_default()
    };
    let presence = keys
        .iter()
        .map(|k| match (earlier.at.contains_key(k), later.at.contains_key(k)) {
            (true, true) => "both",
            (true, false) => "earlier",
            _ => "later",
        })
        .map(str::to_string)
        .collect();
    let mut ties: BTreeMap<(u32, u32), &str> = BTreeMap::new();
    for (u, v) in ta.union(tb) {
        let status = match (ta.contains(&(u.clone(), v.clone())), tb.contains(&(u.clone(), v.clone()))) {
            (true, true) => "kept",
            (false, true) => "added",
            _ => "dropped",
        };
        ties.insert((index[u], index[v]), status);
    }
    for u in 0..later.graph.node_count() {
        let Some(ku) = &later.keys[u] else { continue };
        for v in later.graph.out(u) {
            let Some(kv) = &later.keys[*v as usize] else { continue };
            if !(stayed.contains(ku) && stayed.contains(kv)) {
                ties.insert((index[ku], index[kv]), "other");
            }
        }
    }
    Some(ChangeDiagram {
        names: keys.iter().map(name).collect(),
        positions: pos.into_iter().map(|p| p.unwrap_or((0.5, 0.5))).collect(),
        presence,
        ties: ties.into_iter().map(|((u, v), s)| (u, v, s.to_string())).collect(),
    })
}

/// Places nodes without a position: at the mean of their placed later-round partners, nudged
/// by a golden-angle step, in a few passes; the rest on a ring near the edge.
fn place_new(pos: &mut [Option<(f64, f64)>], keys: &[NodeKey], later: &Side) {
    let golden = std::f64::consts::PI * (3.0 - 5f64.sqrt());
    for _ in 0..3 {
        for (i, k) in keys.iter().enumerate() {
            if pos[i].is_some() {
                continue;
            }
            let Some(&u) = later.at.get(k) else { continue };
            let near: Vec<(f64, f64)> = later
                .graph
                .und(u)
                .iter()
                .filter_map(|v| later.keys[*v as usize].as_ref())
                .filter_map(|kv| keys.iter().position(|x| x == kv).and_then(|j| pos[j]))
                .collect();
            if near.is_empty() {
                continue;
            }
            let n = near.len() as f64;
            let (x, y) = near.iter().fold((0.0, 0.0), |s, p| (s.0 + p.0 / n, s.1 + p.1 / n));
            let angle = golden * i as f64;
            pos[i] =
                Some(((x + 0.04 * angle.cos()).clamp(0.0, 1.0), (y + 0.04 * angle.sin()).clamp(0.0, 1.0)));
        }
    }
    let rest: Vec<usize> = (0..pos.len()).filter(|i| pos[*i].is_none()).collect();
    for (j, i) in rest.iter().enumerate() {
        let angle = std::f64::consts::TAU * j as f64 / rest.len() as f64;
        pos[*i] = Some((0.5 + 0.48 * angle.cos(), 0.5 + 0.48 * angle.sin()));
    }
}
