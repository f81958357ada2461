"""Reference values for tests/data/multi_respondent.csv (several respondents per organization).

Computed independently of tongxing with pandas, numpy and statsmodels:
- organization of a row: its org_id, or (empty id) the organization whose name matches after
  removing whitespace;
- items after value labels and reverse-keying (ks_3: 6 - x), combined per organization by the
  mean of the answered values; dimension score = mean of the answered combined items (at least
  half of them);
- each respondent's own dimension score (same rule), a one-way ANOVA of those scores on the
  organization with statsmodels (ols + anova_lm): MSB, MSW; k0 = (N - sum n_i^2 / N)/(g - 1);
  ICC(1) = (MSB - MSW)/(MSB + (k0 - 1) MSW), ICC(2) = (MSB - MSW)/MSB;
- each respondent's own scores, listed per organization with its 职务 (job title);
- rwg(j) (James, Demaree & Wolf 1984): J(1 - s2/s) / (J(1 - s2/s) + s2/s), s = (5^2 - 1)/12,
  s2 = mean of the items' sample variances over items answered by two or more respondents;
  outside [0, 1] -> 0.

Run: /tmp/venv/bin/python tests/data/multi_respondent.py  (writes multi_respondent_reference.json)
"""
import json
import math
import pathlib

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
from statsmodels.stats.anova import anova_lm

HERE = pathlib.Path(__file__).resolve().parent
df = pd.read_csv(HERE / "multi_respondent.csv", dtype=str, keep_default_na=False)
levels = {"从不": 1, "很少": 2, "有时": 3, "经常": 4, "总是": 5}
dims = {"ks": ["ks_1", "ks_2", "ks_3"], "gov": ["gov_1", "gov_2"]}


def value(col, text):
    text = text.strip()
    if text == "":
        return np.nan
    x = float(levels.get(text, text))
    return 6 - x if col == "ks_3" else x


names = {}
orgs = []
for _, row in df.iterrows():
    key = "".join(row["org_name"].split())
    org = row["org_id"] or names[key]
    names.setdefault(key, org)
    orgs.append(org)
df["org"] = orgs
for cols in dims.values():
    for c in cols:
        df[c] = [value(c, t) for t in df[c]]


def score(values):
    answered = [v for v in values if not math.isnan(v)]
    return float(np.mean(answered)) if len(answered) >= math.ceil(len(values) / 2) else None


out = {"organizations": {}, "dimensions": {}}
order = list(dict.fromkeys(df["org"]))
for org in order:
    rows = df[df["org"] == org]
    entry = {"respondents": len(rows), "scores": {}, "rwg_j": {}, "by_respondent": []}
    if len(rows) > 1:
        # Each respondent's own dimension scores, in the order of the rows, labelled by 职务
        # (the attribute that differs among one organization's respondents).
        for _, row in rows.iterrows():
            own = {d: score([row[c] for c in cols]) for d, cols in dims.items()}
            entry["by_respondent"].append({"label": row["职务"], "scores": own})
    for d, cols in dims.items():
        combined = [rows[c].mean() for c in cols]  # pandas skips missing values
        entry["scores"][d] = score(combined)
        if len(rows) > 1:
            variances = [rows[c].dropna().var(ddof=1) for c in cols if rows[c].notna().sum() >= 2]
            s2, null, j = np.mean(variances), (5**2 - 1) / 12, len(variances)
            r = j * (1 - s2 / null) / (j * (1 - s2 / null) + s2 / null)
            entry["rwg_j"][d] = float(r) if 0 <= r <= 1 else 0.0
    out["organizations"][org] = entry
for d, cols in dims.items():
    own = pd.DataFrame({"org": df["org"], "y": [score(list(r)) for r in df[cols].itertuples(index=False)]})
    own = own.dropna()
    table = anova_lm(smf.ols("y ~ C(org)", data=own).fit())
    msb, msw = table.loc["C(org)", "mean_sq"], table.loc["Residual", "mean_sq"]
    sizes = own.groupby("org").size().to_numpy()
    n, g = sizes.sum(), len(sizes)
    k0 = (n - (sizes**2).sum() / n) / (g - 1)
    out["dimensions"][d] = {
        "ms_between": msb,
        "ms_within": msw,
        "k0": k0,
        "icc1": (msb - msw) / (msb + (k0 - 1) * msw),
        "icc2": (msb - msw) / msb,
    }
(HERE / "multi_respondent_reference.json").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
print(json.dumps(out["dimensions"], indent=1))
