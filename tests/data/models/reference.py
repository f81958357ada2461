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

# One-factor CFA of Holzinger & Swineford's (1939) six tests x1–x6 (semopy's bundled copy), as
# lavaan fits cfa("f =~ x1 + … + x6", std.lv = TRUE): F_ML minimized with scipy (an independent
# optimizer), S with divisor N, lavaan's fit measures; semopy's standardized loadings as a check.
import numpy.linalg as la  # noqa: E402
import semopy  # noqa: E402
from scipy.optimize import brentq, minimize  # noqa: E402
from scipy.stats import chi2 as chi2dist, ncx2  # noqa: E402
from semopy.examples import holzinger39  # noqa: E402

hs = holzinger39.get_data()[["x1", "x2", "x3", "x4", "x5", "x6"]]
hs.to_csv(HERE / "holzinger.csv", index=False, float_format="%.10g")
hs = pd.read_csv(HERE / "holzinger.csv")
X = hs.to_numpy()
N, p = X.shape
S = np.cov(X, rowvar=False, ddof=0)


def fml(theta):
    lam, psi = theta[:p], np.exp(theta[p:])
    sigma = np.outer(lam, lam) + np.diag(psi)
    return la.slogdet(sigma)[1] + np.trace(S @ la.inv(sigma)) - la.slogdet(S)[1] - p


start = np.concatenate([np.sqrt(np.diag(S) / 2), np.log(np.diag(S) / 2)])
res = minimize(fml, start, method="BFGS", options={"gtol": 1e-12, "maxiter": 10000})
lam, psi = res.x[:p] * np.sign(res.x[:p].sum()), np.exp(res.x[p:])
std = lam / np.sqrt(lam**2 + psi)
chi2 = N * res.fun
df = p * (p + 1) / 2 - 2 * p
chi2_null = N * (np.log(np.diag(S)).sum() - la.slogdet(S)[1])
df_null = p * (p - 1) / 2
cfi = 1 - max(chi2 - df, 0) / max(chi2 - df, chi2_null - df_null, 0)
tli = (chi2_null / df_null - chi2 / df) / (chi2_null / df_null - 1)
rmsea = np.sqrt(max(chi2 - df, 0) / (df * N))


def ncp(target):
    if ncx2.cdf(chi2, df, 1e-12) < target:
        return 0.0
    return brentq(lambda l: ncx2.cdf(chi2, df, l) - target, 1e-12, 10 * chi2 + 100)


sigma = np.outer(lam, lam) + np.diag(psi)
d = 1 / np.sqrt(np.diag(S))
resid = (S - sigma) * np.outer(d, d)
srmr = np.sqrt((resid[np.tril_indices(p)] ** 2).mean())
m = semopy.Model("f =~ x1 + x2 + x3 + x4 + x5 + x6")
m.fit(hs)
semopy_std = m.inspect(std_est=True).query("op == '~' and rval == 'f'")["Est. Std"].tolist()
out["cfa_holzinger"] = {
    "n": int(N),
    "loadings": std.tolist(),
    "semopy_loadings": semopy_std,
    "omega": float(std.sum() ** 2 / (std.sum() ** 2 + (1 - std**2).sum())),
    "chi2": float(chi2),
    "df": int(df),
    "p": float(chi2dist.sf(chi2, df)),
    "cfi": float(cfi),
    "tli": float(tli),
    "rmsea": float(rmsea),
    "rmsea_ci": [float(np.sqrt(ncp(0.95) / (N * df))), float(np.sqrt(ncp(0.05) / (N * df)))],
    "srmr": float(srmr),
}
print(json.dumps(out, indent=1))
