#!/usr/bin/env python3
"""Check labels.json against the extracted sdists and print counts."""
import ast, json, os, sys, collections
HERE = os.path.dirname(os.path.abspath(__file__))

class Pos:
    def __init__(self, s):
        self.lineno, self.col_offset = s["line"], s["col"]
        self.end_lineno, self.end_col_offset = s["end_line"], s["end_col"]

def main():
    doc = json.load(open(os.path.join(HERE, "labels.json")))
    roots = {p["name"]: p["root"] for p in doc["packages"]}
    cache, bad = {}, 0
    for s in doc["sites"]:
        path = os.path.join(HERE, "sdists", roots[s["package"]], s["file"])
        if path not in cache:
            src = open(path, encoding="utf-8").read()
            tree = ast.parse(src)
            nodes = {(n.lineno, n.col_offset, n.end_lineno, n.end_col_offset)
                     for n in ast.walk(tree) if isinstance(n, ast.expr)}
            cache[path] = (src, nodes)
        src, nodes = cache[path]
        seg = ast.get_source_segment(src, Pos(s))
        coords = (s["line"], s["col"], s["end_line"], s["end_col"])
        if seg != s["text"] or coords not in nodes:
            bad += 1
            print("MISMATCH", s["package"], s["file"], coords, repr(s["text"][:50]), repr((seg or "")[:50]))
        if s["label"] not in ("TRUE", "SAFE", "DEBATABLE") or not s.get("why"):
            bad += 1; print("BAD LABEL", s)
    order = [(s["package"], s["file"], s["line"], s["col"]) for s in doc["sites"]]
    if order != sorted(order):
        bad += 1; print("sites not sorted")
    c = collections.Counter((s["package"], s["label"]) for s in doc["sites"])
    tot = collections.Counter(s["label"] for s in doc["sites"])
    print(f"{'package':<16} {'TRUE':>5} {'SAFE':>5} {'DEBAT':>5} {'total':>6}")
    for p in sorted(roots):
        row = [c[(p, l)] for l in ("TRUE", "SAFE", "DEBATABLE")]
        print(f"{p:<16} {row[0]:>5} {row[1]:>5} {row[2]:>5} {sum(row):>6}")
    print(f"{'total':<16} {tot['TRUE']:>5} {tot['SAFE']:>5} {tot['DEBATABLE']:>5} {sum(tot.values()):>6}")
    print("OK" if not bad else f"{bad} problems")
    sys.exit(1 if bad else 0)

if __name__ == "__main__":
    main()
