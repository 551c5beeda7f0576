#!/usr/bin/env python3
"""Count call shapes seen around the sinks that the sink grammar cannot express."""
import ast, json, os, sys, collections
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from extract import is_test_path, dotted

SHAPES = {
    # package: list of (kind, matcher description, predicate(node, parents) -> bool)
}
cfg = {c["name"]: c for c in json.load(open(os.path.join(HERE, "sinks.json")))}

DECORATORS = {
    "mlflow": ["record_usage_event", "_record_gateway_invocation"],
    "dagster": ["telemetry_wrapper"],
    "apache-superset": ["event_logger.log_this", "event_logger.log_this_with_context",
                         "event_logger.log_this_with_extra_payload"],
    "jupyter_server": ["emit_kernel_action_event"],
}
CALLABLE_PARAMS = {"apache-superset": ["add_extra_log_payload"]}
CALLBACK_REFS = {"dbt-core": ["track_behavior_change_warn"]}

def files(c):
    src = os.path.normpath(os.path.join(HERE, "sdists", c["root"], c.get("src", ".")))
    for top in c["packages"]:
        for dp, dn, fn in os.walk(os.path.join(src, top)):
            for f in sorted(fn):
                if f.endswith(".py"):
                    p = os.path.join(dp, f)
                    if not is_test_path(os.path.relpath(p, src).replace(os.sep, "/")):
                        yield p

out = collections.Counter()
for name, c in cfg.items():
    for p in files(c):
        try:
            tree = ast.parse(open(p, encoding="utf-8").read())
        except SyntaxError:
            continue
        for n in ast.walk(tree):
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                for d in n.decorator_list:
                    t = d.func if isinstance(d, ast.Call) else d
                    dd = dotted(t) or ""
                    for pat in DECORATORS.get(name, []):
                        if dd == pat or dd.endswith("." + pat):
                            out[(name, f"decorator @{pat}")] += 1
            if isinstance(n, ast.Call):
                dd = dotted(n.func) or ""
                for pat in CALLABLE_PARAMS.get(name, []):
                    if dd == pat:
                        out[(name, f"call through parameter {pat}(...)")] += 1
                for a in n.args:
                    if isinstance(a, ast.Name) and a.id in CALLBACK_REFS.get(name, []):
                        out[(name, f"sink passed as callback value ({a.id})")] += 1
            if isinstance(n, ast.With) or isinstance(n, ast.AsyncWith):
                for it in n.items:
                    e = it.context_expr
                    if isinstance(e, ast.Call) and (dotted(e.func) or "").endswith("log_context") and it.optional_vars is not None:
                        out[(name, "log_context(...) as <payload updater>")] += 1
            if name == "meltano" and isinstance(n, ast.ClassDef):
                if any((dotted(b) or "").endswith("SelfDescribingJson") for b in n.bases):
                    out[(name, "payload built in SelfDescribingJson subclass __init__ (super().__init__)")] += 1
rep = json.load(open(os.path.join(HERE, "extract_report.json")))
for r in rep:
    out[(r["package"], "receiver not resolvable: " + r["text"].split("(")[0].split(".")[-1] + "()")] += 1
for (p, k), v in sorted(out.items()):
    print(f"{p:<16} {v:4d}  {k}")
