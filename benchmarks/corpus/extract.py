#!/usr/bin/env python3
"""Independent extraction of telemetry sink call sites (stdlib ``ast`` only).

Usage:
    python3 extract.py [--sinks sinks.json] [--sdists sdists] [--out extracted.json]
                       [--report extract_report.json]

For every package in sinks.json this walks the product's own modules (tests are
skipped), finds the call sites of the configured sinks and lists every sink
argument (see README.md for the exact rules).  It also writes a report of call
shapes that the sink grammar cannot express (decorators, callables passed as a
parameter, receivers that cannot be resolved).

Resolution rules (deliberately simple, documented so the labels can be audited):
  * ``import a.b``, ``import a.b as x``, ``from a import b [as c]`` and relative
    imports anywhere in the file bind names (module-level bindings in source
    order, function-local imports in that function).
  * Top-level ``def``/``class`` of a module bind ``module.name``.
  * A parameter of an enclosing function shadows any import (so calls through a
    callable passed in as a parameter never resolve to a sink).
  * Re-exports are followed: ``pkg.Name`` where ``pkg/__init__.py`` imports
    ``Name`` from elsewhere resolves to the defining module too.
  * A method call ``recv.m(...)`` matches ``pkg.mod.Class.m`` when the receiver's
    class is known: ``self``/``cls`` inside the class (or a subclass, MRO over
    classes of the package), a parameter or local annotated with the class
    (``X``, ``Optional[X]``, ``X | None``, string annotations), a local or
    ``self.attr`` assigned from ``X(...)`` or from a parameter annotated ``X``,
    a class-level ``attr: X`` annotation, or ``X(...).m(...)``.
  * A dotted name ``mod.obj.m`` (module-level object) matches literally.
  * ``*.m`` matches any ``<expr>.m(...)`` not matched by a named sink.
"""
from __future__ import annotations

import argparse
import ast
import json
import os
import sys
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))

# Test suites and test-support packages are not product runtime code.  Files
# named test_*.py are NOT skipped: several are product modules
# (superset/commands/database/test_connection.py, dbt/parser/generic_test.py).
TEST_DIRS = {"tests", "test", "testing", "dagster_tests", "_tests"}


def is_test_path(rel: str) -> bool:
    parts = rel.split("/")
    if any(p in TEST_DIRS for p in parts[:-1]):
        return True
    return parts[-1] == "conftest.py"


@dataclass
class ClassInfo:
    qual: str
    bases: list  # qualified names (may be external)
    attr_types: dict = field(default_factory=dict)  # attr -> set(qual)
    methods: set = field(default_factory=set)


@dataclass
class ModuleInfo:
    name: str
    rel: str
    path: str
    tree: ast.Module
    source: str
    is_pkg: bool
    bindings: dict = field(default_factory=dict)  # module-level name -> qualname


def module_name(relsrc: str) -> tuple[str, bool]:
    mod = relsrc[:-3].replace("/", ".")
    if mod.endswith(".__init__"):
        return mod[: -len(".__init__")], True
    return mod, False


def resolve_relative(mod: ModuleInfo, level: int, module: str | None) -> str:
    if level == 0:
        return module or ""
    pkg = mod.name.split(".") if mod.is_pkg else mod.name.split(".")[:-1]
    if level > 1:
        pkg = pkg[: len(pkg) - (level - 1)]
    base = ".".join(pkg)
    if module:
        return f"{base}.{module}" if base else module
    return base


def import_bindings(mod: ModuleInfo, node) -> dict:
    out = {}
    if isinstance(node, ast.Import):
        for a in node.names:
            if a.asname:
                out[a.asname] = a.name
            else:
                top = a.name.split(".")[0]
                out[top] = top
    elif isinstance(node, ast.ImportFrom):
        base = resolve_relative(mod, node.level, node.module)
        for a in node.names:
            if a.name == "*":
                continue
            out[a.asname or a.name] = f"{base}.{a.name}" if base else a.name
    return out


def annotation_names(ann) -> list:
    """Return candidate dotted names from an annotation expression."""
    if ann is None:
        return []
    if isinstance(ann, ast.Constant) and isinstance(ann.value, str):
        try:
            ann = ast.parse(ann.value, mode="eval").body
        except SyntaxError:
            return []
    if isinstance(ann, ast.BinOp) and isinstance(ann.op, ast.BitOr):
        return annotation_names(ann.left) + annotation_names(ann.right)
    if isinstance(ann, ast.Subscript):
        head = dotted(ann.value)
        if head and head.split(".")[-1] in {"Optional", "Union", "Annotated"}:
            sl = ann.slice
            elts = sl.elts if isinstance(sl, ast.Tuple) else [sl]
            if head.split(".")[-1] == "Annotated":
                elts = elts[:1]
            res = []
            for e in elts:
                res += annotation_names(e)
            return res
        return []
    d = dotted(ann)
    return [d] if d else []


def dotted(node) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        v = dotted(node.value)
        return f"{v}.{node.attr}" if v else None
    return None


class Package:
    def __init__(self, cfg: dict, sdists: str):
        self.cfg = cfg
        self.root = os.path.join(sdists, cfg["root"])
        self.src = os.path.normpath(os.path.join(self.root, cfg.get("src", ".")))
        self.modules: dict[str, ModuleInfo] = {}
        self.classes: dict[str, ClassInfo] = {}
        self.sinks = {s["call"]: s for s in cfg["sinks"]}
        self.wild = {s["call"][2:]: s for s in cfg["sinks"] if s["call"].startswith("*.")}
        self.load()
        # method names of sinks that are methods of a class (for the report of
        # method calls whose receiver could not be resolved)
        self.method_names = set()
        for s in cfg["sinks"]:
            if s["call"].startswith("*."):
                continue
            owner, meth = s["call"].rsplit(".", 1)
            if self.canon(owner) in self.classes or owner.split(".")[-1][:1].isupper():
                self.method_names.add(meth)

    # ---------------------------------------------------------------- loading
    def load(self):
        for top in self.cfg["packages"]:
            base = os.path.join(self.src, top)
            for dirpath, dirnames, filenames in os.walk(base):
                dirnames.sort()
                for fn in sorted(filenames):
                    if not fn.endswith(".py"):
                        continue
                    path = os.path.join(dirpath, fn)
                    relsrc = os.path.relpath(path, self.src).replace(os.sep, "/")
                    rel = os.path.relpath(path, self.root).replace(os.sep, "/")
                    if is_test_path(relsrc):
                        continue
                    with open(path, encoding="utf-8") as fh:
                        source = fh.read()
                    try:
                        tree = ast.parse(source, filename=path)
                    except SyntaxError as e:
                        print(f"skip {rel}: {e}", file=sys.stderr)
                        continue
                    name, is_pkg = module_name(relsrc)
                    self.modules[name] = ModuleInfo(name, rel, path, tree, source, is_pkg)
        for m in self.modules.values():
            for node in m.tree.body:
                self._bind_top(m, node)
        for m in self.modules.values():
            for node in m.tree.body:
                if isinstance(node, ast.ClassDef):
                    self._index_class(m, node, f"{m.name}.{node.name}")

    def _bind_top(self, m: ModuleInfo, node):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            m.bindings.update(import_bindings(m, node))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            m.bindings[node.name] = f"{m.name}.{node.name}"
        elif isinstance(node, (ast.If, ast.Try)):
            for sub in ast.iter_child_nodes(node):
                if isinstance(sub, ast.stmt):
                    self._bind_top(m, sub)
            for h in getattr(node, "handlers", []):
                for sub in h.body:
                    self._bind_top(m, sub)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                if isinstance(t, ast.Name):
                    m.bindings[t.id] = f"{m.name}.{t.id}"

    def canon(self, qual: str, depth: int = 0) -> str:
        """Follow re-exports: pkg.X where pkg imports X from elsewhere."""
        if depth > 10 or not qual:
            return qual
        parts = qual.split(".")
        for i in range(len(parts) - 1, 0, -1):
            modname = ".".join(parts[:i])
            m = self.modules.get(modname)
            if m is not None:
                b = m.bindings.get(parts[i])
                if b and b != f"{modname}.{parts[i]}":
                    return self.canon(".".join([b] + parts[i + 1 :]), depth + 1)
                return qual
        return qual

    def _index_class(self, m: ModuleInfo, node: ast.ClassDef, qual: str):
        bases = []
        for b in node.bases:
            d = dotted(b)
            if d:
                bases.append(self.canon(self.resolve_dotted(m, {}, d) or d))
        ci = ClassInfo(qual, bases)
        for st in node.body:
            if isinstance(st, ast.AnnAssign) and isinstance(st.target, ast.Name):
                for a in annotation_names(st.annotation):
                    r = self.resolve_dotted(m, {}, a)
                    if r:
                        ci.attr_types.setdefault(st.target.id, set()).add(self.canon(r))
            if isinstance(st, (ast.Assign, ast.AnnAssign)) and isinstance(st.value, ast.Call):
                # traitlets style: attr = Instance(Klass)
                fn = dotted(st.value.func)
                if fn and fn.split(".")[-1] == "Instance" and st.value.args:
                    d = dotted(st.value.args[0])
                    r = d and self.resolve_dotted(m, {}, d)
                    tg = st.targets if isinstance(st, ast.Assign) else [st.target]
                    for t in tg:
                        if isinstance(t, ast.Name) and r:
                            ci.attr_types.setdefault(t.id, set()).add(self.canon(r))
            if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef)):
                ci.methods.add(st.name)
                params = {}
                for a in st.args.args + st.args.kwonlyargs + st.args.posonlyargs:
                    for n in annotation_names(a.annotation):
                        r = self.resolve_dotted(m, {}, n)
                        if r:
                            params.setdefault(a.arg, set()).add(self.canon(r))
                for sub in ast.walk(st):
                    if isinstance(sub, (ast.Assign, ast.AnnAssign)):
                        tg = sub.targets if isinstance(sub, ast.Assign) else [sub.target]
                        for t in tg:
                            if (
                                isinstance(t, ast.Attribute)
                                and isinstance(t.value, ast.Name)
                                and t.value.id == "self"
                            ):
                                types = set()
                                if isinstance(sub, ast.AnnAssign):
                                    for n in annotation_names(sub.annotation):
                                        r = self.resolve_dotted(m, {}, n)
                                        if r:
                                            types.add(self.canon(r))
                                v = sub.value
                                if isinstance(v, ast.Name) and v.id in params:
                                    types |= params[v.id]
                                if isinstance(v, ast.Call):
                                    d = dotted(v.func)
                                    r = d and self.resolve_dotted(m, {}, d)
                                    if r and self.canon(r) in self.classes_or_external(r):
                                        types.add(self.canon(r))
                                if types:
                                    ci.attr_types.setdefault(t.attr, set()).update(types)
        self.classes[qual] = ci

    def classes_or_external(self, r):
        # any capitalised last component is accepted as a class name
        c = self.canon(r)
        last = c.split(".")[-1]
        return {c} if last[:1].isupper() else set()

    # ------------------------------------------------------------- resolving
    def resolve_dotted(self, m: ModuleInfo, local: dict, d: str) -> str | None:
        head, _, rest = d.partition(".")
        if head in local:
            q = local[head]
            if q is None:  # shadowed by a parameter / local
                return None
        elif head in m.bindings:
            q = m.bindings[head]
        else:
            return None
        return f"{q}.{rest}" if rest else q

    def mro(self, qual: str, seen=None) -> list:
        seen = seen or set()
        if qual in seen:
            return []
        seen.add(qual)
        out = [qual]
        ci = self.classes.get(qual)
        if ci:
            for b in ci.bases:
                out += self.mro(b, seen)
        return out

    def attr_type(self, cls: str, attr: str) -> set:
        for c in self.mro(cls):
            ci = self.classes.get(c)
            if ci and attr in ci.attr_types:
                return ci.attr_types[attr]
        return set()


@dataclass
class Scope:
    module: ModuleInfo
    cls: str | None = None  # qualname of enclosing class (for self)
    local: dict = field(default_factory=dict)  # name -> qual or None (shadowed)
    types: dict = field(default_factory=dict)  # name -> set of class quals
    params: set = field(default_factory=set)


class Extractor:
    def __init__(self, pkg: Package):
        self.pkg = pkg
        self.sites = []
        self.shapes = []

    def run(self):
        for m in sorted(self.pkg.modules.values(), key=lambda m: m.rel):
            self.visit_body(m.tree.body, Scope(m))
        return self.sites

    # scopes ---------------------------------------------------------------
    def visit_body(self, body, scope: Scope):
        for st in body:
            self.visit_stmt(st, scope)

    def func_scope(self, fn, scope: Scope, cls: str | None) -> Scope:
        m = scope.module
        s = Scope(m, cls=cls, local=dict(scope.local), types=dict(scope.types))
        args = fn.args
        allargs = args.posonlyargs + args.args + args.kwonlyargs
        if args.vararg:
            allargs.append(args.vararg)
        if args.kwarg:
            allargs.append(args.kwarg)
        for i, a in enumerate(allargs):
            s.local[a.arg] = None
            s.params.add(a.arg)
            types = set()
            for n in annotation_names(a.annotation):
                r = self.pkg.resolve_dotted(m, scope.local, n)
                if r:
                    types.add(self.pkg.canon(r))
            if types:
                s.types[a.arg] = types
        if cls and allargs and allargs[0].arg in ("self", "cls") and not any(
            isinstance(d, ast.Name) and d.id == "staticmethod" for d in fn.decorator_list
        ):
            s.types[allargs[0].arg] = {cls}
        # function-local imports and simple local typing (flow-insensitive)
        for sub in ast.walk(fn):
            if sub is fn:
                continue
            if isinstance(sub, (ast.Import, ast.ImportFrom)):
                s.local.update(import_bindings(m, sub))
        for sub in ast.walk(fn):
            if isinstance(sub, (ast.Assign, ast.AnnAssign)):
                tg = sub.targets if isinstance(sub, ast.Assign) else [sub.target]
                types = set()
                if isinstance(sub, ast.AnnAssign):
                    for n in annotation_names(sub.annotation):
                        r = self.pkg.resolve_dotted(m, s.local, n)
                        if r:
                            types.add(self.pkg.canon(r))
                v = sub.value
                if isinstance(v, ast.Call):
                    d = dotted(v.func)
                    r = d and self.pkg.resolve_dotted(m, s.local, d)
                    if r:
                        types |= self.pkg.classes_or_external(r)
                for t in tg:
                    if isinstance(t, ast.Name) and types:
                        s.types.setdefault(t.id, set()).update(types)
        return s

    def visit_stmt(self, st, scope: Scope):
        if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for d in st.decorator_list:
                self.note_decorator(d, scope)
            for d in st.args.defaults + [x for x in st.args.kw_defaults if x is not None]:
                self.visit_expr(d, scope)
            inner = self.func_scope(st, scope, scope.cls if scope.cls else None)
            # nested functions inside methods keep the class for `self` closures
            self.visit_body(st.body, inner)
            return
        if isinstance(st, ast.ClassDef):
            for d in st.decorator_list:
                self.note_decorator(d, scope)
            for b in st.bases + [k.value for k in st.keywords]:
                self.visit_expr(b, scope)
            qual = f"{scope.module.name}.{st.name}" if scope.cls is None else f"{scope.cls}.{st.name}"
            inner = Scope(scope.module, cls=qual, local=dict(scope.local), types=dict(scope.types))
            self.visit_body(st.body, inner)
            return
        for child in ast.iter_child_nodes(st):
            if isinstance(child, ast.stmt):
                self.visit_stmt(child, scope)
            elif isinstance(child, ast.expr):
                self.visit_expr(child, scope)
            else:
                for sub in ast.iter_child_nodes(child):
                    if isinstance(sub, ast.stmt):
                        self.visit_stmt(sub, scope)
                    elif isinstance(sub, ast.expr):
                        self.visit_expr(sub, scope)

    def visit_expr(self, e, scope: Scope):
        for node in ast.walk(e):
            if isinstance(node, ast.Call):
                self.check_call(node, scope)
            elif isinstance(node, ast.Lambda):
                pass

    # matching -------------------------------------------------------------
    def receiver_types(self, recv, scope: Scope) -> set:
        if isinstance(recv, ast.Name):
            return set(scope.types.get(recv.id, set()))
        if isinstance(recv, ast.Attribute):
            base = self.receiver_types(recv.value, scope)
            out = set()
            for b in base:
                out |= self.pkg.attr_type(b, recv.attr)
            return out
        if isinstance(recv, ast.Call):
            d = dotted(recv.func)
            r = d and self.pkg.resolve_dotted(scope.module, scope.local, d)
            if r:
                return self.pkg.classes_or_external(r)
        return set()

    def match(self, call: ast.Call, scope: Scope):
        f = call.func
        d = dotted(f)
        if d:
            r = self.pkg.resolve_dotted(scope.module, scope.local, d)
            if r:
                for cand in (r, self.pkg.canon(r)):
                    if cand in self.pkg.sinks:
                        return self.pkg.sinks[cand]
                    for name, s in self.pkg.sinks.items():
                        if not name.startswith("*.") and self.pkg.canon(name) == cand:
                            return s
        if isinstance(f, ast.Attribute):
            for t in self.receiver_types(f.value, scope):
                for c in self.pkg.mro(t):
                    name = f"{c}.{f.attr}"
                    for sname, s in self.pkg.sinks.items():
                        if sname.startswith("*."):
                            continue
                        if sname == name or self.pkg.canon(sname.rsplit(".", 1)[0]) == c and sname.rsplit(".", 1)[1] == f.attr:
                            return s
            if f.attr in self.pkg.wild:
                return self.pkg.wild[f.attr]
            if f.attr in self.pkg.method_names:
                self.shape(call, scope, "receiver-unresolved",
                           f"method .{f.attr}() on a receiver whose class could not be resolved")
        elif isinstance(f, ast.Name) and f.id in scope.params:
            pass
        return None

    def shape(self, node, scope, kind, note):
        m = scope.module
        self.shapes.append({
            "package": self.pkg.cfg["name"], "file": m.rel, "line": node.lineno,
            "col": node.col_offset, "kind": kind, "note": note,
            "text": (ast.get_source_segment(m.source, node) or "")[:160],
        })

    def note_decorator(self, d, scope):
        target = d.func if isinstance(d, ast.Call) else d
        dd = dotted(target)
        if not dd:
            return
        r = self.pkg.resolve_dotted(scope.module, scope.local, dd) or dd
        for pat in self.pkg.cfg.get("decorators", []):
            if r == pat or self.pkg.canon(r) == pat or dd.endswith(pat.lstrip("*")):
                self.shape(d, scope, "decorator", f"decorator {dd}")
                return

    def check_call(self, call: ast.Call, scope: Scope):
        f = call.func
        if isinstance(f, ast.Name) and f.id in scope.params and f.id in self.pkg.cfg.get("callable_params", []):
            self.shape(call, scope, "callable-parameter", f"call through parameter `{f.id}`")
        sink = self.match(call, scope)
        if sink is None:
            return
        self.emit_site(call, sink, scope)

    # arguments -------------------------------------------------------------
    def emit_site(self, call: ast.Call, sink: dict, scope: Scope):
        ev = sink.get("event") or {}
        props = sink.get("properties") or {}
        params = {}
        if "position" in ev:
            params[ev["position"]] = ev["name"]
        if "position" in props:
            params[props["position"]] = props["name"]
        self._event_text = None
        for i, a in enumerate(call.args):
            if "position" in ev and i == ev["position"] and not any(
                isinstance(x, ast.Starred) for x in call.args[:i]
            ):
                self._event_text = ast.get_source_segment(scope.module.source, a)
        for k in call.keywords:
            if ev and k.arg == ev.get("name"):
                self._event_text = ast.get_source_segment(scope.module.source, k.value)
        seen_star = False
        for i, a in enumerate(call.args):
            if isinstance(a, ast.Starred):
                seen_star = True
                self.leaf(call, sink, scope, a.value, None, None, "starred")
                continue
            if not seen_star and "position" in ev and i == ev["position"]:
                continue
            pname = params.get(i) if not seen_star else None
            self.value(call, sink, scope, a, None, pname)
        for k in call.keywords:
            if k.arg is None:
                self.leaf(call, sink, scope, k.value, None, None, "double-starred")
                continue
            if ev and k.arg == ev.get("name"):
                continue
            self.value(call, sink, scope, k.value, k.arg, k.arg)

    def value(self, call, sink, scope, node, key, param):
        if isinstance(node, ast.Dict):
            for k, v in zip(node.keys, node.values):
                if k is None:
                    self.leaf(call, sink, scope, v, None, param, "dict-spread")
                else:
                    kk = k.value if isinstance(k, ast.Constant) else ast.get_source_segment(scope.module.source, k)
                    self.value(call, sink, scope, v, kk, param)
            return
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "dict"
            and node.keywords
            and not node.args
            and scope.local.get("dict", "builtins") is not None
        ):
            for k in node.keywords:
                if k.arg is None:
                    self.leaf(call, sink, scope, k.value, None, param, "double-starred")
                else:
                    self.value(call, sink, scope, k.value, k.arg, param)
            return
        if isinstance(node, (ast.List, ast.Tuple)):
            for e in node.elts:
                if isinstance(e, ast.Starred):
                    self.leaf(call, sink, scope, e.value, key, param, "starred")
                else:
                    self.value(call, sink, scope, e, key, param)
            return
        self.leaf(call, sink, scope, node, key, param, None)

    def leaf(self, call, sink, scope, node, key, param, unpack):
        m = scope.module
        self.sites.append({
            "package": self.pkg.cfg["name"],
            "file": m.rel,
            "line": node.lineno,
            "col": node.col_offset,
            "end_line": node.end_lineno,
            "end_col": node.end_col_offset,
            "call": sink["call"],
            "call_line": call.lineno,
            "event": self._event_text,
            "key": key,
            "param": param,
            "unpack": unpack,
            "text": ast.get_source_segment(m.source, node),
        })


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--sinks", default=os.path.join(HERE, "sinks.json"))
    ap.add_argument("--sdists", default=os.path.join(HERE, "sdists"))
    ap.add_argument("--out", default=os.path.join(HERE, "extracted.json"))
    ap.add_argument("--report", default=os.path.join(HERE, "extract_report.json"))
    ns = ap.parse_args(argv)
    with open(ns.sinks) as fh:
        cfgs = json.load(fh)
    all_sites, all_shapes = [], []
    for cfg in cfgs:
        pkg = Package(cfg, ns.sdists)
        ex = Extractor(pkg)
        sites = ex.run()
        calls = {(s["file"], s["call_line"]) for s in sites}
        print(f"{cfg['name']:>16}: {len(pkg.modules):5d} modules, {len(calls):4d} calls, "
              f"{len(sites):4d} sink args, {len(ex.shapes):4d} other shapes")
        all_sites += sites
        all_shapes += ex.shapes
    all_sites.sort(key=lambda s: (s["package"], s["file"], s["line"], s["col"]))
    with open(ns.out, "w") as fh:
        json.dump(all_sites, fh, indent=1)
    with open(ns.report, "w") as fh:
        json.dump(all_shapes, fh, indent=1)


if __name__ == "__main__":
    main()
