"""doccano's own import rules (its data_import pipeline) on an exported
JSONL file, for a Sequence Labeling project with relations.

Usage: python3 doccano_check.py DOCCANO_DIR FILE
Prints one JSON object: per line, the entities doccano accepts, how many
it keeps with and without "Allow overlapping spans", the relations left
pointing at a dropped span either way, and each kept span's text as
doccano's front end slices it (UTF-16 units); and whether the file is
plain ASCII (doccano guesses the encoding of a "JSONL(Relation)" file).
"""
import json, sys, types, uuid, warnings

warnings.simplefilter("ignore")
src, path = sys.argv[1], sys.argv[2]


class _Model:  # stands in for Django models, which are only built when saving
    def __init__(self, *a, **k):
        pass


for mod, names in {
    "examples.models": ["Example"],
    "label_types.models": ["CategoryType", "LabelType", "RelationType", "SpanType"],
    "labels.models": ["Category", "Label", "Relation", "Span", "TextLabel"],
    "projects.models": ["Project"],
}.items():
    pkg = mod.split(".")[0]
    sys.modules.setdefault(pkg, types.ModuleType(pkg))
    m = types.ModuleType(mod)
    for n in names:
        setattr(m, n, type(n, (_Model,), {}))
    sys.modules[mod] = m
sys.path.insert(0, src)
from data_import.pipeline.label import RelationLabel, SpanLabel  # noqa: E402
from data_import.pipeline.labels import Spans  # noqa: E402

raw = open(path, "rb").read()
out = {"ascii": all(b < 128 for b in raw), "lines": []}
for line in raw.decode("utf-8").splitlines():
    row = json.loads(line)
    ex = uuid.uuid4()
    spans, rejected = [], 0
    for e in row.get("entities", []):
        try:
            spans.append(SpanLabel.parse(ex, e))
        except ValueError:
            rejected += 1
    rels = [RelationLabel.parse(ex, r) for r in row.get("relations", [])]
    result = {"entities": len(row.get("entities", [])), "rejected": rejected}
    for name, allow in [("overlap_on", True), ("overlap_off", False)]:
        s = Spans(list(spans), None)
        s.clean(types.SimpleNamespace(allow_overlapping=allow))
        kept = {sp.id for sp in s.labels}
        result[name] = {
            "kept": len(kept),
            "dangling": sum(1 for r in rels if r.from_id not in kept or r.to_id not in kept),
        }
    units = row["text"].encode("utf-16-le")
    result["texts"] = sorted(
        units[2 * sp.start_offset : 2 * sp.end_offset].decode("utf-16-le") for sp in spans
    )
    out["lines"].append(result)
print(json.dumps(out))
