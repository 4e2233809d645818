"""Independent agreement figures for `parallax agree`, from plain spans.

Usage: python3 agreement_check.py SPANS.json
SPANS.json: {"articles": [{"id", "length"}], "coders": [[{"article", "start",
"end", "tag", "attributes": {...}}]]}. Prints JSON: nominal alpha per tag
with each code point a unit (the `krippendorff` package), nominal alpha per
attribute over spans placed alike (same package), and Cohen's kappa on the
tags of positions two coders marked (nltk's AnnotationTask).
"""
import json, sys

import krippendorff
import numpy as np
from nltk.metrics.agreement import AnnotationTask

data = json.load(open(sys.argv[1]))
coders = data["coders"]
offset, start_of = 0, {}
for a in data["articles"]:
    start_of[a["id"]] = offset
    offset += a["length"]
total = offset
tags = sorted({s["tag"] for c in coders for s in c})

out = {"alpha_cp": {}, "attributes": {}, "kappa": None}
for tag in tags:
    rows = []
    for c in coders:
        row = np.zeros(total)
        for s in c:
            if s["tag"] == tag:
                o = start_of[s["article"]]
                row[o + s["start"]:o + s["end"]] = 1
        rows.append(row)
    rows = np.array(rows)
    if len(np.unique(rows)) < 2:
        out["alpha_cp"][tag] = None
    else:
        out["alpha_cp"][tag] = krippendorff.alpha(reliability_data=rows, level_of_measurement="nominal")

# Positions marked alike (same offsets and tag) by two or more coders.
at = {}
for i, c in enumerate(coders):
    for s in c:
        at.setdefault((s["article"], s["start"], s["end"], s["tag"]), {})[i] = s
matched = [v for v in at.values() if len(v) >= 2]
names = sorted({k for v in matched for s in v.values() for k in s["attributes"]})
for name in names:
    values = sorted({s["attributes"][name] for v in matched for s in v.values() if name in s["attributes"]})
    code = {x: i for i, x in enumerate(values)}
    units = []
    for v in matched:
        row = [code[v[i]["attributes"][name]] if i in v and name in v[i]["attributes"] else np.nan
               for i in range(len(coders))]
        if sum(not np.isnan(x) for x in row) >= 2:
            units.append(row)
    if not units or len(values) < 2:
        out["attributes"][name] = {"alpha": None, "units": len(units)}
        continue
    alpha = krippendorff.alpha(reliability_data=np.array(units).T, level_of_measurement="nominal")
    out["attributes"][name] = {"alpha": alpha, "units": len(units)}

# Kappa on the tag of positions two or more coders marked (any tag).
pos = {}
for i, c in enumerate(coders):
    for s in c:
        pos.setdefault((s["article"], s["start"], s["end"]), {})[i] = s["tag"]
triples = []
units = 0
for k, v in pos.items():
    if len(v) < 2:
        continue
    units += 1
    for i in range(len(coders)):
        triples.append((str(i), str(k), v.get(i, "(none)")))
if len(coders) == 2 and units:
    out["kappa"] = AnnotationTask(data=triples).kappa()
out["kappa_units"] = units
print(json.dumps(out))
