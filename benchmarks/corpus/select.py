#!/usr/bin/env python3
"""Choose whole call sites per package so each package contributes at most BUDGET
sink arguments.  Sampling is stratified and seeded: call sites are grouped by
(sink, event-name text).  The package's largest call site (most arguments) is
taken first; then groups are visited round-robin in seeded order and from each
group the next call site (seeded order) is taken while it fits the budget.
Packages under the budget are taken whole.  Every argument of a chosen call is kept."""
import json, random, os, collections
HERE = os.path.dirname(os.path.abspath(__file__))
BUDGET = 38
sites = json.load(open(os.path.join(HERE, "extracted.json")))
calls = collections.OrderedDict()
for s in sites:
    calls.setdefault((s["package"], s["file"], s["call_line"]), []).append(s)
bypkg = collections.defaultdict(list)
for k, v in calls.items():
    bypkg[k[0]].append((k, v))
chosen, summary = [], {}
for pkg in sorted(bypkg):
    items = sorted(bypkg[pkg], key=lambda kv: kv[0])
    rng = random.Random(f"redact-corpus-{pkg}")
    groups = collections.OrderedDict()
    for k, v in items:
        groups.setdefault((v[0]["call"], v[0]["event"]), []).append((k, v))
    glist = list(groups.values())
    rng.shuffle(glist)
    for g in glist:
        rng.shuffle(g)
    # the package's largest call site (richest payload) is taken first; every
    # other pick is round-robin over the groups in seeded order
    gi = max(range(len(glist)), key=lambda i: max(len(v) for _, v in glist[i]))
    glist.insert(0, glist.pop(gi))
    g = glist[0]
    big = max(range(len(g)), key=lambda i: len(g[i][1]))
    g.insert(0, g.pop(big))
    total, take, progress = 0, [], True
    while progress:
        progress = False
        for g in glist:
            while g:
                k, v = g.pop(0)
                if total + len(v) <= BUDGET:
                    take.append((k, v)); total += len(v); progress = True
                    break
    for k, v in sorted(take, key=lambda kv: kv[0]):
        chosen += v
    summary[pkg] = (len(take), len(items), total)
    print(f"{pkg:>16}: {len(take)}/{len(items)} calls, {total} args")
chosen.sort(key=lambda s: (s["package"], s["file"], s["line"], s["col"]))
json.dump(chosen, open(os.path.join(HERE, "selected.json"), "w"), indent=1)
print("total", len(chosen))
