"""Writes reference.json: networkx values for the fixture graphs used by tests/integration.

Run with networkx 3.x (pure Python is enough; no numpy needed):
    python3 tests/data/reference.py > tests/data/reference.json
The Rust tests read the edge lists from this folder and compare every value within 1e-9.
"""
import json
import random
import networkx as nx
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

KITE = ["Andre", "Beverly", "Carol", "Diane", "Ed", "Fernando", "Garth", "Heather", "Ike", "Jane"]


def assortativity(g):
    """Pearson correlation of degrees over both directions of every edge, which is what
    networkx degree_assortativity_coefficient computes (it needs numpy, so done by hand)."""
    xs, ys = [], []
    for u, v in g.edges():
        xs += [g.degree(u), g.degree(v)]
        ys += [g.degree(v), g.degree(u)]
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(xs, ys))
    vx = sum((a - mx) ** 2 for a in xs)
    vy = sum((b - my) ** 2 for b in ys)
    return cov / (vx * vy) ** 0.5


def undirected(g, order):
    r = lambda d: [d[k] for k in order]
    return {
        "nodes": [str(k) for k in order],
        "betweenness": r(nx.betweenness_centrality(g)),
        "closeness": r(nx.closeness_centrality(g)),
        "harmonic": r(nx.harmonic_centrality(g)),
        "eigenvector": r(nx.eigenvector_centrality(g, max_iter=1000, tol=1e-12)),
        "pagerank": r(_pagerank_python(g, weight=None, tol=1e-13)),
        "clustering": r(nx.clustering(g)),
        "coreness": r(nx.core_number(g)),
        "constraint": r(nx.constraint(g)),
        "effective_size": r(nx.effective_size(g)),
        "cut_vertices": sorted(order.index(x) for x in nx.articulation_points(g)),
        "transitivity": nx.transitivity(g),
        "average_clustering": nx.average_clustering(g),
        "degree_assortativity": assortativity(g),
        "diameter": nx.diameter(g),
        "average_path_length": nx.average_shortest_path_length(g),
    }


def weighted_directed():
    """A seeded random directed graph with integer weights 1..5 (tests/data/weighted.txt)."""
    rng = random.Random(7)
    g = nx.DiGraph()
    g.add_nodes_from(range(12))
    lines = []
    for u in range(12):
        for v in range(12):
            if u != v and rng.random() < 0.25:
                w = rng.randint(1, 5)
                g.add_edge(u, v, weight=w, distance=1.0 / w)
                lines.append(f"{u} {v} {w}")
    with open("tests/data/weighted.txt", "w") as f:
        f.write("# source target weight; seeded random directed graph written by reference.py\n")
        f.write("\n".join(lines) + "\n")
    order = list(range(12))
    r = lambda d: [d[k] for k in order]
    und = nx.Graph()
    und.add_nodes_from(order)
    for u, v, d in g.edges(data=True):
        w = max(d["weight"], g[v][u]["weight"] if g.has_edge(v, u) else 0)
        und.add_edge(u, v, weight=w)
    return {
        "betweenness": r(nx.betweenness_centrality(g)),
        "closeness": r(nx.closeness_centrality(g)),
        "harmonic": r(nx.harmonic_centrality(g)),
        "pagerank": r(_pagerank_python(g, weight=None, tol=1e-13)),
        "pagerank_weighted": r(_pagerank_python(g, weight="weight", tol=1e-13)),
        "betweenness_weighted": r(nx.betweenness_centrality(g, weight="distance")),
        "closeness_weighted": r(nx.closeness_centrality(g, distance="distance")),
        "harmonic_weighted": r(nx.harmonic_centrality(g, distance="distance")),
        "clustering_weighted": r(nx.clustering(und, weight="weight")),
        "strong_components": nx.number_strongly_connected_components(g),
        "largest_strong_component": max(len(c) for c in nx.strongly_connected_components(g)),
    }


kite = nx.krackhardt_kite_graph()
flor = nx.florentine_families_graph()
flor_order = sorted(flor.nodes())
out = {
    "networkx": nx.__version__,
    "kite": undirected(kite, list(range(10))),
    "florentine": undirected(flor, flor_order),
    "weighted": weighted_directed(),
}
out["kite"]["names"] = KITE
print(json.dumps(out, indent=1))
