"""Writes the survey-rounds fixtures and their reference values.

Run with the project's Python (numpy, scipy, pandas, networkx, pingouin, scikit-learn):
    /tmp/venv/bin/python tests/data/rounds/make_rounds.py
It writes, next to itself:
  responses-long.csv   three rounds (2022, 2023, 2024) in one file with a 轮次 column
  responses-2023.csv, responses-2024.csv   two rounds as separate files (a demo a
                       coordinator can upload, one file per round)
  codebook.csv, aliases.csv   shared by every round (codebook-no-zh.csv: the same codebook
                       without Chinese labels, for the note that says so)
  expected.json        reference values: scipy ttest_rel / wilcoxon, Cohen's d_z, the
                       Jacobson-Truax RCI (pingouin alpha), tie sets counted by hand in
                       Python sets, networkx density / reciprocity / transitivity /
                       in-degree / betweenness, and scikit-learn adjusted_rand_score on
                       test vectors.
The data are seeded and synthetic.
"""
import csv
import json
import os
import random

import networkx as nx
import numpy as np
import pingouin as pg
from scipy import stats
from sklearn.metrics import adjusted_rand_score

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(32)

NAMES = ["绿色未来中心", "阳光助学社", "河畔社区服务站", "星火公益", "山野环保协会", "同心家园",
         "晨曦助残中心", "蓝天救援队", "春苗儿童发展中心", "乐龄长者服务社", "启明读书会",
         "青禾农业合作社", "微光志愿者协会", "远山支教团", "和光社工事务所", "南岭生态研究所",
         "北辰妇女发展中心", "东湖水资源保护会"]
# Round membership: the first 14 in 2022; 2023 drops two and adds two; 2024 drops one, adds two.
ROUNDS = {
    "2022": NAMES[:14],
    "2023": NAMES[:12] + NAMES[14:16],
    "2024": [n for n in NAMES[:12] + NAMES[14:18] if n != "远山支教团"],
}
# Spellings used in a round (normalization and aliases must match them).
SPELLING = {("2024", "阳光助学社"): "阳光助学社（总部）", ("2023", "星火公益"): "星火 公益"}
ALIASES = [("阳光助学社（总部）", "阳光助学社")]
DIMS = {"knowledge": ["k1", "k2"], "governance": ["g1", "g2"]}
NONRESPONDENT = "社区基金会"


def answers(name, wave, level):
    """Item answers 1..5 around an organization's level, drifting upward with the rounds."""
    drift = {"2022": 0, "2023": 0.4, "2024": 0.8}[wave]
    out = {}
    for dim, items in DIMS.items():
        for it in items:
            v = round(level[name] + drift + rng.uniform(-1.2, 1.2))
            out[it] = min(5, max(1, v))
    return out


def partners(name, wave, members):
    others = [m for m in members if m != name]
    k = rng.randint(1, 4)
    chosen = rng.sample(others, k)
    if rng.random() < 0.2:
        chosen.append(NONRESPONDENT)
    return "、".join(SPELLING.get((wave, c), c) for c in chosen)


level = {n: rng.uniform(1.5, 4.0) for n in NAMES}
rows = {}
for wave, members in ROUNDS.items():
    rows[wave] = []
    for i, name in enumerate(members):
        a = answers(name, wave, level)
        rows[wave].append({"机构名称": SPELLING.get((wave, name), name), **a,
                           "partners": partners(name, wave, members)})

header = ["机构名称", "k1", "k2", "g1", "g2", "partners"]
with open(os.path.join(HERE, "responses-long.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["轮次"] + header)
    for wave in ["2023", "2022", "2024"]:  # not in order: the labels are numbers and sort
        for r in rows[wave]:
            w.writerow([wave] + [r[h] for h in header])
for wave in ["2023", "2024"]:
    with open(os.path.join(HERE, f"responses-{wave}.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in rows[wave]:
            w.writerow([r[h] for h in header])
with open(os.path.join(HERE, "codebook.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["column", "role", "dimension", "dimension_label", "dimension_label_zh", "label", "label_zh",
                "scale_min", "scale_max", "relation"])
    w.writerow(["机构名称", "name", "", "", "", "Organization", "机构名称", "", "", ""])
    for dim, items in DIMS.items():
        en, zh = {"knowledge": ("Knowledge sharing", "知识分享"), "governance": ("Governance", "治理")}[dim]
        for i, it in enumerate(items, 1):
            w.writerow([it, "item", dim, en, zh, f"{en} {i}", f"{zh} {i}", 1, 5, ""])
    w.writerow(["partners", "roster", "", "", "", "Partners", "合作伙伴", "", "", "knowledge_sharing"])
with open(os.path.join(HERE, "codebook-no-zh.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["column", "role", "dimension", "label", "label_zh", "scale_min", "scale_max", "relation"])
    w.writerow(["机构名称", "name", "", "Organization", "机构名称", "", "", ""])
    for dim, items in DIMS.items():
        for it in items:
            w.writerow([it, "item", dim, it, it, 1, 5, ""])
    w.writerow(["partners", "roster", "", "Partners", "合作伙伴", "", "", "knowledge_sharing"])
with open(os.path.join(HERE, "aliases.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["alias", "name"])
    w.writerows(ALIASES)


def canon(name):
    for a, n in ALIASES:
        if name == a:
            return n
    return name.replace(" ", "")


def scores(wave):
    out = {}
    for r in rows[wave]:
        out[canon(r["机构名称"])] = {d: float(np.mean([r[i] for i in items])) for d, items in DIMS.items()}
    return out


def alpha(wave, dim):
    import pandas as pd
    df = pd.DataFrame([{i: r[i] for i in DIMS[dim]} for r in rows[wave]])
    return pg.cronbach_alpha(data=df)[0]


def graph(wave):
    g = nx.DiGraph()
    for r in rows[wave]:
        g.add_node(canon(r["机构名称"]))
    for r in rows[wave]:
        for p in r["partners"].split("、"):
            g.add_edge(canon(r["机构名称"]), canon(p))
    return g


def compare(a, b):
    sa, sb = scores(a), scores(b)
    stayed = [n for n in sb if n in sa]
    out = {"joined": sorted(n for n in sb if n not in sa), "left": sorted(n for n in sa if n not in sb),
           "stayed": sorted(stayed), "dimensions": {}, "organizations": {}}
    for dim in DIMS:
        d = np.array([sb[n][dim] - sa[n][dim] for n in stayed])
        t = stats.ttest_rel([sb[n][dim] for n in stayed], [sa[n][dim] for n in stayed])
        wx = stats.wilcoxon([sb[n][dim] for n in stayed], [sa[n][dim] for n in stayed])
        sd1 = float(np.std([v[dim] for v in sa.values()], ddof=1))
        a1 = float(alpha(a, dim))
        se = np.sqrt(2) * sd1 * np.sqrt(1 - a1)
        out["dimensions"][dim] = {
            "means": [float(np.mean([v[dim] for v in sa.values()])), float(np.mean([v[dim] for v in sb.values()]))],
            "n_paired": len(stayed), "change": float(d.mean()), "t": float(t.statistic), "t_p": float(t.pvalue),
            "wilcoxon_p": float(wx.pvalue), "dz": float(d.mean() / d.std(ddof=1)), "rci_se": float(se)}
        for n in stayed:
            out["organizations"].setdefault(n, {})[dim] = float((sb[n][dim] - sa[n][dim]) / se)
    ga, gb = graph(a), graph(b)
    st = set(stayed)
    ta = {(u, v) for u, v in ga.edges if u in st and v in st}
    tb = {(u, v) for u, v in gb.edges if u in st and v in st}
    kept = len(ta & tb)
    net = {"added": len(tb - ta), "dropped": len(ta - tb), "kept": kept,
           "jaccard": kept / len(ta | tb) if ta | tb else None}
    for name, g in (("earlier", ga), ("later", gb)):
        net[name] = {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "density": nx.density(g),
                     "reciprocity": nx.reciprocity(g), "transitivity": nx.transitivity(g.to_undirected())}
    ba, bb = nx.betweenness_centrality(ga), nx.betweenness_centrality(gb)
    net["nodes"] = {n: {"in_degree": gb.in_degree(n) - ga.in_degree(n), "betweenness": bb[n] - ba[n]}
                    for n in gb.nodes if n in ga.nodes}
    out["network"] = net
    return out


def wilcoxon_case(d):
    r = stats.wilcoxon(d)
    return {"d": [float(x) for x in d], "p": float(r.pvalue)}


vec = np.random.default_rng(7)
expected = {
    "long_first_last": compare("2022", "2024"),
    "long_pairs": [compare("2022", "2023"), compare("2023", "2024")],
    "files": compare("2023", "2024"),
    "wilcoxon": {
        "exact": wilcoxon_case([1.5, -0.3, 2.2, 0.7, -1.1, 3.4, 0.2, 1.9, -0.6, 2.8]),
        "permutation": wilcoxon_case([1.0, -0.5, 2.0, 0.5, 0.0, 1.0, 1.5, -1.0, 2.5]),
        "normal_ties": wilcoxon_case([0.5, 1.0, -0.5, 1.5, 0.0, 1.0, 2.0, -1.0, 0.5, 1.5, 0.5, 1.0, -0.5, 2.0, 1.0, 0.5]),
        "normal_large": wilcoxon_case(list(np.round(vec.normal(0.3, 1, 60), 3))),
        "exact_50": wilcoxon_case(list(np.round(vec.normal(0.2, 1, 50), 4))),
    },
    "ttest": (lambda d: {"d": d, "t": float(stats.ttest_rel(d, [0.0] * len(d)).statistic),
                         "p": float(stats.ttest_rel(d, [0.0] * len(d)).pvalue)})([1.5, -0.3, 2.2, 0.7, -1.1, 3.4]),
    "ari": [{"a": a, "b": b, "ari": float(adjusted_rand_score(a, b))} for a, b in [
        ([0, 0, 1, 1], [1, 1, 0, 0]), ([0, 0, 1, 2], [0, 0, 1, 1]), ([0, 0, 0, 1, 1, 2, 2, 2], [1, 1, 0, 0, 2, 2, 2, 0]),
        ([0, 0, 0], [0, 0, 0]), ([0, 1, 2], [0, 0, 0]), ([3, 3, 1, 1, 2, 2, 0, 5], [0, 0, 0, 1, 1, 1, 2, 2])]],
}
with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
    json.dump(expected, f, ensure_ascii=False, indent=1)
