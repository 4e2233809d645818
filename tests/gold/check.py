#!/usr/bin/env python3
"""Consistency checks for the hand-coded attribution gold set (stdlib only).

Usage:  python3 tests/gold/check.py [--show]

--show prints every attribution with its claim [C ...], source {S ...} and
cue <Q ...> marked inside the "within" text, for manual review.
Exit status is 1 if any error was found.
"""
import json
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))

STANCES = {"neutral", "endorsing", "distancing", "concessive",
           "tentative", "emotive", "directive"}
SOURCE_TYPES = {"named person", "named organisation", "role only",
                "anonymous", "document", "vague collective"}
REQUIRED = ["id", "within", "claim", "source", "cue", "cue_stance", "source_type"]

errors = []
warnings = []


def err(msg):
    errors.append(msg)


def warn(msg):
    warnings.append(msg)


def nth_find(hay, needle, n):
    """Start index of the n-th (1-based) occurrence of needle in hay, or -1."""
    pos = -1
    for _ in range(n):
        pos = hay.find(needle, pos + 1)
        if pos < 0:
            return -1
    return pos


def overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


def contains(outer, inner):
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def is_word_char(ch):
    return ch.isalnum() or ch == "_"


def boundary_ok(text, span):
    s, e = span
    if s > 0 and is_word_char(text[s - 1]) and is_word_char(text[s]):
        return False
    if e < len(text) and is_word_char(text[e - 1]) and is_word_char(text[e]):
        return False
    return True


def event_of(path):
    return os.path.basename(path).split("-", 1)[0]


def main():
    show = "--show" in sys.argv[1:]
    with open(os.path.join(HERE, "gold.json"), encoding="utf-8") as f:
        gold = json.load(f)

    by_id = {}            # id -> (article file, outlet)
    stance_c = Counter()
    stype_c = Counter()
    cue_c = Counter()
    agentless = 0
    nested = []
    n_attr = 0
    outlets_per_event = defaultdict(set)

    for art in gold["articles"]:
        for k in ("file", "outlet", "title", "date", "attributions"):
            if k not in art:
                err(f"article {art.get('file')}: missing key {k}")
        path = os.path.join(HERE, art["file"])
        if not os.path.isfile(path):
            err(f"{art['file']}: file does not exist")
            continue
        with open(path, encoding="utf-8") as f:
            text = f.read()
        ev = event_of(art["file"])
        outlets_per_event[ev].add(art["outlet"])

        # article shape
        if not text.endswith("\n") or text.endswith("\n\n"):
            err(f"{art['file']}: must end with exactly one newline")
        lines = text.split("\n")
        if lines[0] != art["title"]:
            err(f"{art['file']}: title does not match first line")
        if len(lines) < 3 or lines[1] != "":
            err(f"{art['file']}: headline must be followed by a blank line")
        if "\r" in text:
            err(f"{art['file']}: contains CR characters")
        nwords = len(text.split())
        if not 250 <= nwords <= 450:
            err(f"{art['file']}: {nwords} words (want 250-450)")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", art["date"]):
            err(f"{art['file']}: bad date {art['date']!r}")

        spans = []   # (id, claim_span, source_span or None, cue_span)
        for a in art["attributions"]:
            n_attr += 1
            aid = a.get("id", "?")
            missing = [k for k in REQUIRED if k not in a]
            if missing:
                err(f"{aid}: missing keys {missing}")
                continue
            if aid in by_id:
                err(f"{aid}: duplicate id")
            by_id[aid] = (art["file"], art["outlet"])

            within = a["within"]
            cnt = text.count(within)
            if cnt != 1:
                err(f"{aid}: 'within' occurs {cnt} times in {art['file']}")
                continue
            w0 = text.find(within)

            def locate(field):
                val = a[field]
                occ = a.get(field + "_occurrence", 1)
                if not isinstance(val, str) or not val:
                    err(f"{aid}: {field} must be a non-empty string")
                    return None
                p = nth_find(within, val, occ)
                if p < 0:
                    err(f"{aid}: {field} {val!r} (occurrence {occ}) not in within")
                    return None
                span = (w0 + p, w0 + p + len(val))
                if not boundary_ok(text, span):
                    warn(f"{aid}: {field} {val!r} does not start/end at a word boundary")
                return span

            c_span = locate("claim")
            q_span = locate("cue")
            s_span = None
            if a["source"] is None:
                if a["source_type"] is not None:
                    err(f"{aid}: source is null but source_type is not")
                agentless += 1
            else:
                s_span = locate("source")
                if a["source_type"] is None:
                    err(f"{aid}: source given but source_type is null")
            if a["cue_stance"] not in STANCES:
                err(f"{aid}: bad cue_stance {a['cue_stance']!r}")
            if a["source_type"] is not None and a["source_type"] not in SOURCE_TYPES:
                err(f"{aid}: bad source_type {a['source_type']!r}")
            stance_c[a["cue_stance"]] += 1
            stype_c[a["source_type"] or "(none)"] += 1
            cue_c[a["cue"].lower()] += 1

            claim = a["claim"]
            if claim.startswith("that "):
                err(f"{aid}: claim starts with complementizer 'that'")
            if claim[-1] in ",;:" or (claim[-1] == "." and not re.search(r"\b[a-z]\.[a-z]\.$", claim)):
                err(f"{aid}: claim ends with punctuation: {claim[-5:]!r}")
            if claim[0] in "\"“«„" and claim[-1] in "\"”»“":
                warn(f"{aid}: claim seems to keep enclosing quotation marks")
            if a["source"] is not None and a["source"].endswith(","):
                err(f"{aid}: source ends with a comma")

            parts = [("claim", c_span), ("source", s_span), ("cue", q_span)]
            parts = [(n, s) for n, s in parts if s is not None]
            for i in range(len(parts)):
                for j in range(i + 1, len(parts)):
                    if overlaps(parts[i][1], parts[j][1]):
                        err(f"{aid}: {parts[i][0]} and {parts[j][0]} overlap")
            if c_span and q_span:
                spans.append((aid, c_span, s_span, q_span))

            if show:
                marks = []
                for name, sp in parts:
                    o, c = {"claim": ("[C ", "]"), "source": ("{S ", "}"),
                            "cue": ("<Q ", ">")}[name]
                    marks.append((sp[0] - w0, 0, o))
                    marks.append((sp[1] - w0, 1, c))
                out = within
                for pos, _, m in sorted(marks, key=lambda x: (x[0], -x[1]), reverse=True):
                    out = out[:pos] + m + out[pos:]
                print(f"{aid:11} {a['cue_stance']:10} {str(a['source_type']):18} {out}")

        # cross-attribution consistency inside one article
        for i in range(len(spans)):
            for j in range(len(spans)):
                if i == j:
                    continue
                ai, ci, si, qi = spans[i]
                aj, cj, sj, qj = spans[j]
                if i < j and overlaps(qi, qj):
                    err(f"{ai}/{aj}: cues overlap")
                if i < j and si and sj and overlaps(si, sj) and si != sj:
                    err(f"{ai}/{aj}: sources partly overlap")
                if i < j and overlaps(ci, cj) and not (contains(ci, cj) or contains(cj, ci)):
                    err(f"{ai}/{aj}: claims partly overlap")
                if si and overlaps(si, qj):
                    err(f"{ai}/{aj}: source of one overlaps cue of the other")
                # claim of i touching source/cue of j is only allowed for nesting
                touched = [sp for sp in (sj, qj) if sp and overlaps(ci, sp)]
                if touched:
                    if all(contains(ci, sp) for sp in touched) and contains(ci, qj) \
                            and (sj is None or contains(ci, sj)) and contains(ci, cj):
                        nested.append((ai, aj))
                    else:
                        err(f"{ai}/{aj}: claim of {ai} overlaps source/cue of {aj} without nesting it")

    # facts
    facts = gold.get("facts", [])
    fact_sizes = Counter()
    facts_per_event = defaultdict(Counter)
    for k, fact in enumerate(facts):
        label = fact.get("label") or f"fact #{k}"
        mem = fact.get("members", [])
        if len(mem) < 2:
            err(f"fact {label!r}: fewer than 2 members")
        outs, evs = [], set()
        for m in mem:
            if m not in by_id:
                err(f"fact {label!r}: unknown member {m}")
                continue
            outs.append(by_id[m][1])
            evs.add(event_of(by_id[m][0]))
        if len(outs) != len(set(outs)):
            err(f"fact {label!r}: two members from the same outlet")
        if len(evs) > 1:
            err(f"fact {label!r}: members from different events {sorted(evs)}")
        fact_sizes[len(mem)] += 1
        for ev in evs:
            facts_per_event[ev][len(mem)] += 1
    for ev in outlets_per_event:
        if sum(facts_per_event[ev].values()) < 4:
            err(f"event {ev}: fewer than 4 facts")

    # report
    print(f"articles:      {len(gold['articles'])}")
    print(f"attributions:  {n_attr}")
    print(f"agentless:     {agentless}")
    print(f"nested pairs:  {len(nested)}  " + ", ".join(f"{o}>{i}" for o, i in nested))
    print(f"facts:         {len(facts)}  (by number of outlets: "
          + ", ".join(f"{k}: {v}" for k, v in sorted(fact_sizes.items())) + ")")
    for ev in sorted(facts_per_event):
        print(f"  {ev:10} " + ", ".join(f"{k} outlets: {v}" for k, v in sorted(facts_per_event[ev].items())))
    print("by stance:")
    for k, v in stance_c.most_common():
        print(f"  {k:18} {v}")
    print("by source_type:")
    for k, v in stype_c.most_common():
        print(f"  {k:18} {v}")
    print("distinct cues:  " + ", ".join(f"{k} ({v})" for k, v in sorted(cue_c.items())))
    for w in warnings:
        print("WARNING:", w)
    for e in errors:
        print("ERROR:", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
