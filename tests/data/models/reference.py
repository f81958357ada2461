"""Writes the model fixtures and statsmodels' values for them (tests/integration/models.rs).

Data: statsmodels' bundled datasets — Fair's affairs survey (Fair 1978, Redbook magazine;
every 16th of 6,366 respondents) and Spector & Mazzeo's (1980) teaching-method data — written
as survey responses (one row per "organization"), so the models run through the whole pipeline.
Run with statsmodels 0.15 and pingouin 0.5+ (pip install statsmodels pingouin):
    python3 tests/data/models/reference.py
"""
import json
import pathlib

import numpy as np
import pandas as pd
import pingouin as pg
import statsmodels.api as sm
import statsmodels.formula.api as smf

HERE = pathlib.Path(__file__).resolve().parent

fair = sm.datasets.fair.load_pandas().data.iloc[::16].reset_index(drop=True)
fair["org_name"] = [f"F{i + 1:04d}" for i in range(len(fair))]
fair["occupation"] = fair["occupation"].map(lambda v: f"occ{int(v)}")
fair["had_affair"] = np.where(fair["affairs"] > 0, "yes", "no")
fair.loc[fair.index % 37 == 5, "educ"] = np.nan  # some missing answers: complete cases
cols = ["org_name", "rate_marriage", "age", "yrs_married", "children", "religious", "educ", "occupation", "affairs", "had_affair"]
fair[cols].to_csv(HERE / "fair.csv", index=False, float_format="%.10g")

spector = sm.datasets.spector.load_pandas().data
spector["org_name"] = [f"S{i + 1:02d}" for i in range(len(spector))]
spector[["org_name", "GPA", "TUCE", "PSI", "GRADE"]].to_csv(HERE / "spector.csv", index=False, float_format="%.10g")
# The values as written are the values tested.
fair = pd.read_csv(HERE / "fair.csv")
spector = pd.read_csv(HERE / "spector.csv")


def ols(formula, data):
    fit = smf.ols(formula, data=data, missing="drop").fit()
    hc3 = fit.get_robustcov_results(cov_type="HC3")
    frame = fit.model.data.frame
    x = pd.DataFrame(fit.model.exog, columns=fit.model.exog_names)
    sd_y = np.std(fit.model.endog, ddof=1)
    ci = fit.conf_int()
    return {
        "n": int(fit.nobs),
        "terms": fit.model.exog_names,
        "estimate": list(fit.params),
        "se": list(fit.bse),
        "se_hc3": list(hc3.bse),
        "t": list(fit.tvalues),
        "p": list(fit.pvalues),
        "ci_low": list(ci[0]),
        "ci_high": list(ci[1]),
        "std_estimate": [None] + [float(b * np.std(x[c], ddof=1) / sd_y) for c, b in list(fit.params.items())[1:]],
        "r2": fit.rsquared,
        "adj_r2": fit.rsquared_adj,
        "f": float(fit.fvalue),
        "f_p": float(fit.f_pvalue),
    }


def logit(formula, data):
    fit = smf.logit(formula, data=data, missing="drop").fit(disp=0, tol=1e-12)
    ci = fit.conf_int()
    return {
        "n": int(fit.nobs),
        "terms": fit.model.exog_names,
        "estimate": list(fit.params),
        "se": list(fit.bse),
        "z": list(fit.tvalues),
        "p": list(fit.pvalues),
        "ci_low": list(ci[0]),
        "ci_high": list(ci[1]),
        "llf": fit.llf,
        "pseudo_r2": fit.prsquared,
        "aic": fit.aic,
    }


fair_rows = fair.copy()
fair_rows["event"] = (fair_rows["had_affair"] == "yes").astype(float)
out = {
    "statsmodels": sm.__version__,
    "ols_fair": ols("rate_marriage ~ age + yrs_married + religious + educ + C(occupation)", fair),
    "logit_fair": logit("event ~ rate_marriage + age + religious", fair_rows),
    "logit_spector": logit("GRADE ~ GPA + TUCE + PSI", spector),
}
# Mediation religious -> rate_marriage -> affairs | age: every path by OLS (PROCESS model 4).
complete = fair.dropna(subset=["religious", "rate_marriage", "affairs", "age"])
a = smf.ols("rate_marriage ~ religious + age", complete).fit()
b = smf.ols("affairs ~ religious + rate_marriage + age", complete).fit()
c = smf.ols("affairs ~ religious + age", complete).fit()
out["mediation_fair"] = {
    "n": len(complete),
    "a": a.params["religious"], "a_se": a.bse["religious"], "a_p": a.pvalues["religious"],
    "b": b.params["rate_marriage"], "b_se": b.bse["rate_marriage"],
    "direct": b.params["religious"],
    "total": c.params["religious"],
    "indirect": a.params["religious"] * b.params["rate_marriage"],
}

# Reliability: pingouin's bundled "cronbach_alpha" data (wide) and "cronbach_wide_missing"
# (listwise deletion), as surveys with one dimension each. pingouin rounds its interval to
# three decimals, so the full-precision interval of the same formula is recorded too.
from scipy.stats import f as fdist  # noqa: E402

alpha_ref = {}
for name, wide in [
    ("alpha", pg.read_dataset("cronbach_alpha").pivot(index="Subj", columns="Items", values="Scores")),
    ("alpha_missing", pg.read_dataset("cronbach_wide_missing")),
]:
    wide = wide.reset_index(drop=True)
    wide.columns = [f"q_{i + 1}" for i in range(wide.shape[1])]
    wide.insert(0, "org_name", [f"R{i + 1:02d}" for i in range(len(wide))])
    wide.to_csv(HERE / f"{name}.csv", index=False, float_format="%.10g")
    items = pd.read_csv(HERE / f"{name}.csv").drop(columns="org_name")
    a, ci = pg.cronbach_alpha(items, nan_policy="listwise")
    n, k = len(items.dropna()), items.shape[1]
    df1, df2 = n - 1, (n - 1) * (k - 1)
    exact = [1 - (1 - a) * fdist.isf(0.025, df1, df2), 1 - (1 - a) * fdist.isf(0.975, df1, df2)]
    alpha_ref[name] = {"alpha": a, "ci_pingouin": list(ci), "ci": exact, "n": n, "k": k}
out["reliability"] = alpha_ref
print(json.dumps(out, indent=1))
