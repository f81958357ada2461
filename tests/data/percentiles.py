"""Reference percentiles for tied capacity indices (tests/integration/percentiles.rs).

An index is a mean of dimension scores; the same exact value summed in a different order can
differ in its last binary digit (23.333333333333332 and 23.333333333333336 are both 70/3).
The values here are such float sums; the reference percentiles are scipy's
percentileofscore(kind="mean") over the exact values (fractions), so that
ties in exact arithmetic are ties. Regenerate:

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install scipy
    /tmp/venv/bin/python tests/data/percentiles.py
"""

import json
import random
from fractions import Fraction
from pathlib import Path

from scipy.stats import percentileofscore

rng = random.Random(20261205)
floats, exact = [], []
while len(floats) < 60:
    # Six dimensions, each the mean of 3 Likert items (1-5) rescaled to 0-100.
    dims = [Fraction(sum(rng.randint(1, 5) for _ in range(3)), 3) for _ in range(6)]
    scores = [(d - 1) / 4 * 100 for d in dims]
    order = scores[:]
    rng.shuffle(order)
    # The float index: float scores summed in a shuffled order, as a program may.
    floats.append(sum(float(s) for s in order) / 6)
    exact.append(sum(scores) / 6)
exact_f = [float(x) for x in exact]
out = {
    "values": floats,
    "mean": [percentileofscore(exact_f, x, kind="mean") for x in exact_f],
}
noisy = sum(1 for i in range(60) for j in range(60) if exact[i] == exact[j] and floats[i] != floats[j])
assert noisy > 0, "no float-noise tie: the test would prove nothing"
Path(__file__).with_suffix(".json").write_text(json.dumps(out, indent=1) + "\n")
print(f"{len(floats)} values, {len(set(exact))} distinct, {noisy // 2} tied pairs apart in the last bit")
