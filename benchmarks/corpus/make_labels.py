#!/usr/bin/env python3
"""Join the sampled sink arguments (selected.json) with the hand labels
(label_data.py) and write labels.json."""
import json, os, sys, collections
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from label_data import BY_PACKAGE

DESCRIPTION = (
    "Independent ground-truth labels for redactlint, made by a labeller who has not worked on "
    "the checker and did not read its code or run it. Corpus: real sdists downloaded from PyPI "
    "with pinned versions (pip download --no-binary :all: --no-deps), extracted under sdists/. "
    "For each package the usage-event sink functions/methods were chosen by reading its telemetry "
    "code and written in the checker's sink grammar (packages[].sinks). extract.py (stdlib ast "
    "only) lists every sink argument of every call site in the product code (test directories "
    "skipped): every argument except the event-name argument, with dict/list/tuple literals and "
    "dict(k=...) calls expanded recursively into their leaves; *args/**kwargs and dict **spread "
    "entries are one argument each (coordinates are those of the unpacked expression, without "
    "the star). select.py then sampled whole call sites per package (seeded, stratified by sink "
    "and event name, largest call site first, budget 38 arguments per package); all arguments "
    "of a chosen call site are kept. Every sampled argument was labelled by reading the code "
    "around it (function, callers, annotations, constants, what the sink does with the value). "
    "Labels: TRUE = the value is or may at run time be text that can carry user or customer data "
    "(paths, user-chosen names, queries, URLs, hostnames, exception messages, request bodies, "
    "user-supplied ids, arbitrary config values, containers/objects whose text content from the "
    "user ends up in the payload); when it plausibly could, TRUE. SAFE = cannot carry user data "
    "as text: numbers, bools, None, durations, counts, string literals, product constants/enum "
    "members, product class names, closed sets chosen by product code, product versions, type "
    "names, and one-way hash digests (md5/sha256 hex) of names; objects passed to a sink that "
    "only reads safe fields from them are SAFE. DEBATABLE = genuinely unclear, mostly random "
    "uuids the product generated (invocation/event/session/instance ids, follows-event ids) and "
    "objects whose serialization is decided by third-party code. `why` cites the evidence. "
    "Coordinates are Python ast lineno/col_offset/end_lineno/end_col_offset of the argument "
    "value; file is relative to the extracted sdist root."
)

def main():
    sinks = json.load(open(os.path.join(HERE, "sinks.json")))
    sel = json.load(open(os.path.join(HERE, "selected.json")))
    out_sites, missing = [], []
    used = collections.defaultdict(set)
    for s in sel:
        lab = BY_PACKAGE[s["package"]].get((s["file"], s["line"], s["col"]))
        if lab is None:
            missing.append(s); continue
        used[s["package"]].add((s["file"], s["line"], s["col"]))
        out_sites.append({
            "package": s["package"], "file": s["file"], "line": s["line"], "col": s["col"],
            "end_line": s["end_line"], "end_col": s["end_col"], "call": s["call"],
            "key": s["key"], "text": s["text"], "label": lab[0], "why": lab[1],
        })
    extra = [(p, k) for p, d in BY_PACKAGE.items() for k in d if k not in used[p]]
    if missing or extra:
        for m in missing: print("unlabelled:", m["package"], m["file"], m["line"], m["col"], m["text"][:60])
        for e in extra: print("label without site:", e)
        sys.exit(1)
    out_sites.sort(key=lambda s: (s["package"], s["file"], s["line"], s["col"]))
    packages = [{"name": c["name"], "version": c["version"], "root": c["root"], "sinks": c["sinks"]}
                for c in sorted(sinks, key=lambda c: c["name"])]
    doc = {"description": DESCRIPTION, "packages": packages, "sites": out_sites}
    with open(os.path.join(HERE, "labels.json"), "w") as fh:
        json.dump(doc, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    print(f"wrote labels.json with {len(out_sites)} sites")

if __name__ == "__main__":
    main()
