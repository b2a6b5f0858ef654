#!/usr/bin/env python3
"""Validate the framing-lint evaluation set and print its counts.

Usage: python3 benchmarks/eval/validate.py [--corpus /work/shared/corpus] [--markdown]

Checks: required fields, unique ids, valid categories, every flag span is a
substring of its text (and occurs exactly once, so a span locates one place),
no duplicate texts, and - when the corpus folder is available - that every
sentence whose source is a corpus path occurs verbatim in that file
(whitespace-normalised, because hard-wrapped lines are joined with one space).
Exit status 1 on any error.
"""
import argparse, os, re, sys
from collections import Counter
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CATS = ["targets", "paperwork", "suspicion", "procedure", "numbers", "aspirations"]
FIELDS = {"id", "text", "flag", "category", "source"}

def norm(s):
    return re.sub(r"\s+", " ", s).strip()

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="/work/shared/corpus")
    ap.add_argument("--markdown", action="store_true", help="print tables as Markdown")
    a = ap.parse_args()
    errors, rows, ids, texts, cache = [], [], set(), {}, {}
    for lang in ("en", "fr"):
        path = os.path.join(HERE, f"{lang}.yaml")
        data = yaml.safe_load(open(path, encoding="utf-8"))
        for i, e in enumerate(data):
            where = f"{lang}.yaml[{i}] {e.get('id')}"
            if set(e) != FIELDS:
                errors.append(f"{where}: fields {sorted(e)}")
                continue
            if e["id"] in ids: errors.append(f"{where}: duplicate id")
            ids.add(e["id"])
            if not e["id"].startswith(lang + "-"): errors.append(f"{where}: id prefix")
            t = e["text"]
            if not isinstance(t, str) or not t.strip(): errors.append(f"{where}: empty text")
            if e["category"] not in CATS: errors.append(f"{where}: category {e['category']!r}")
            if not isinstance(e["flag"], list): errors.append(f"{where}: flag not a list")
            for s in e["flag"]:
                n = t.count(s)
                if not s or n == 0: errors.append(f"{where}: span {s!r} not in text")
                elif n > 1: errors.append(f"{where}: span {s!r} occurs {n} times")
            k = norm(t).lower()
            if k in texts: errors.append(f"{where}: duplicate text of {texts[k]}")
            texts[k] = where
            src = e["source"]
            if src != "written":
                p = os.path.join(a.corpus, src)
                if os.path.isdir(a.corpus):
                    if not os.path.isfile(p): errors.append(f"{where}: source file missing {src}")
                    else:
                        if p not in cache: cache[p] = norm(open(p, encoding="utf-8").read())
                        if norm(t) not in cache[p]: errors.append(f"{where}: text not verbatim in {src}")
            rows.append((lang, "real" if src != "written" else "written",
                         "flagged" if e["flag"] else "innocent", e["category"]))
    for m in errors: print("ERROR", m)

    def table(title, keyf, cols):
        c = Counter((keyf(r), r[2]) for r in rows)
        keys = sorted({keyf(r) for r in rows}, key=lambda k: (cols.index(k) if k in cols else 99, k))
        print(f"\n{title}")
        hdr = ["", "flagged", "innocent", "total"]
        line = lambda xs: ("| " + " | ".join(str(x) for x in xs) + " |") if a.markdown else "  ".join(f"{str(x):>12}" for x in xs)
        print(line(hdr))
        if a.markdown: print("|" + "---|" * len(hdr))
        tf = ti = 0
        for k in keys:
            f, i = c[(k, "flagged")], c[(k, "innocent")]
            tf += f; ti += i
            print(line([k, f, i, f + i]))
        print(line(["total", tf, ti, tf + ti]))

    for lang in ("en", "fr"):
        sub = [r for r in rows if r[0] == lang]
        saved = rows[:]
        rows[:] = sub
        table(f"{lang}: by category", lambda r: r[3], CATS)
        table(f"{lang}: real vs written", lambda r: r[1], ["real", "written"])
        rows[:] = saved
    table("all: by language", lambda r: r[0], ["en", "fr"])
    table("all: real vs written", lambda r: r[1], ["real", "written"])
    print(f"\n{len(rows)} entries, {len(errors)} errors")
    return 1 if errors else 0

if __name__ == "__main__":
    sys.exit(main())
