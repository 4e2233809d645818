"""What spaCy makes of an exported spaCy JSONL file, with a blank
multi-language pipeline (no model to download).

Usage: python3 spacy_check.py FILE
Prints one JSON object: per span, its text, whether doc.char_span(start,
end) finds it (token boundaries), and what char_span(..., alignment_mode=
"expand") gives.
"""
import json, sys

import spacy

nlp = spacy.blank("xx")
out = []
for line in open(sys.argv[1], encoding="utf-8"):
    row = json.loads(line)
    doc = nlp(row["text"])
    for s in row["spans"]:
        exact = doc.char_span(s["start"], s["end"], label=s["label"])
        expand = doc.char_span(s["start"], s["end"], label=s["label"], alignment_mode="expand")
        out.append({
            "text": row["text"][s["start"]:s["end"]],
            "exact": exact is not None,
            "expand": None if expand is None else expand.text,
        })
print(json.dumps(out))
