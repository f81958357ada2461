"""Writes leiden_reference.json: igraph's best Leiden modularity over ten seeded runs for the
real networks in this folder, the bar tongxing's default communities must reach (within 0.002).

Run with python-igraph 1.0 and networkx 3 (pip install igraph networkx):
    python3 tests/data/leiden_reference.py > tests/data/leiden_reference.json
It also writes lesmis.txt (Knuth's Les Misérables co-appearances, as networkx ships them,
unweighted) the first time. tests/integration/reference.rs reads both.
"""
import json
import pathlib
import random

import igraph as ig
import networkx as nx

HERE = pathlib.Path(__file__).resolve().parent


def read_pairs(name, sep=None):
    pairs = []
    for line in (HERE / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        a, b = line.split(sep)[:2]
        pairs.append((a.strip(), b.strip()))
    return pairs


def best_of_ten(pairs):
    names = sorted({x for p in pairs for x in p})
    index = {n: i for i, n in enumerate(names)}
    g = ig.Graph(n=len(names), edges=[(index[a], index[b]) for a, b in pairs], directed=False)
    g.simplify()
    best = -1.0
    for seed in range(10):
        random.seed(seed)
        ig.set_random_number_generator(random)
        part = g.community_leiden(objective_function="modularity", n_iterations=-1)
        best = max(best, g.modularity(part.membership))
    return {"nodes": g.vcount(), "edges": g.ecount(), "best_modularity": best}


lesmis = HERE / "lesmis.txt"
if not lesmis.exists():
    g = nx.les_miserables_graph()
    lines = ["# Les Misérables co-appearances (Knuth 1993), as networkx les_miserables_graph(); weights dropped"]
    lines += [f"{a}\t{b}" for a, b in sorted(g.edges())]
    lesmis.write_text("\n".join(lines) + "\n", encoding="utf-8")

out = {
    "igraph": ig.__version__,
    "karate": best_of_ten(read_pairs("karate.txt")),
    "florentine": best_of_ten(read_pairs("florentine.txt", "\t")),
    "lesmis": best_of_ten(read_pairs("lesmis.txt", "\t")),
}
print(json.dumps(out, indent=1))
