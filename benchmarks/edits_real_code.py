"""Does checking again after an edit give what a whole check gives, on real code?

Usage:
    python benchmarks/edits_real_code.py --download DIR [--environments DIR] [--per-file N]

The language server checks an edit inside one function by walking that function alone
(``redactlint.analysis.incremental``). This takes the four products of
``real_code.py`` (jupyter_server, dbt-core, mlflow, apache-superset) with their sinks
declared, and in every file that holds a sink call edits up to ``--per-file`` functions
four ways (a character typed into a string, a line inserted, a line removed, a leak
added), each from the file as it was. For each edit it runs ``check_again`` and a whole
``check_module`` of the edited text and compares the findings. It prints per product the
edits made, how many took the short way, how many disagreed (must be 0: the run exits 1
otherwise), and the median time of each way.
"""

from __future__ import annotations

import argparse
import ast
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from redactlint.analysis import Finding, check_again, check_module, prepare
from redactlint.analysis.config import Config
from redactlint.analysis.engine import display_path, iter_python_files

sys.path.insert(0, str(Path(__file__).parent))
from real_code import PRODUCTS, download, product_environment

EDITS = ("string", "insert", "remove", "leak")


def edit(lines: list[str], index: int, kind: str) -> list[str]:
    line = lines[index]
    indent = line[: len(line) - len(line.lstrip())]
    new = list(lines)
    if kind == "string":
        quote = line.find('"')
        new[index] = line[: quote + 1] + "x" + line[quote + 1:] if quote >= 0 else line + " "
    elif kind == "insert":
        new.insert(index + 1, f'{indent}edited_here = "literal"')
    elif kind == "remove":
        del new[index]
    else:
        new.insert(index + 1, f"{indent}leaked_here = str(object())")
    return new


def functions(tree: ast.Module) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """Module-level functions and methods of module-level classes."""
    found: list[ast.FunctionDef | ast.AsyncFunctionDef] = []
    for statement in tree.body:
        members = statement.body if isinstance(statement, ast.ClassDef) else [statement]
        found += [m for m in members if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))]
    return found


def shown(findings: list[Finding]) -> list[tuple[object, ...]]:
    return sorted((f.span, f.code, f.message, f.statement) for f in findings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--download", type=Path, required=True)
    parser.add_argument("--environments", type=Path)
    parser.add_argument("--per-file", type=int, default=3)
    options = parser.parse_args()
    roots = download(options.download)
    randomness = random.Random(7)
    disagreed = 0
    print(f"{'product':<28} {'files':>6} {'edits':>6} {'short':>6} {'differ':>7} "
          f"{'again ms':>9} {'whole ms':>9}")
    for product in PRODUCTS:
        root = roots[product.requirement]
        environment = product_environment(options.environments, product)
        config = Config(root=root, sinks=product.sinks, environment=environment)
        settings = prepare(config)
        words = {spec.call.rsplit(".", 1)[-1].encode() for spec in product.sinks}
        counts: Counter[str] = Counter()
        again_ms: list[float] = []
        whole_ms: list[float] = []
        for path in iter_python_files([root / product.package], config):
            data = path.read_bytes()
            if not any(word in data for word in words):
                continue
            module, display = settings.module_name(str(path)), display_path(path)
            before = check_module(display, data, settings, module)
            if before.tree is None:
                continue
            counts["files"] += 1
            lines = before.source.split("\n")
            chosen = functions(before.tree)
            for function in randomness.sample(chosen, min(options.per_file, len(chosen))):
                inside = range(function.body[0].lineno - 1, function.end_lineno or 0)
                index = randomness.choice(inside)
                for kind in EDITS:
                    text = "\n".join(edit(lines, index, kind)).encode()
                    started = time.perf_counter()
                    again = check_again(before, text, settings)
                    middle = time.perf_counter()
                    whole = check_module(display, text, settings, module)
                    ended = time.perf_counter()
                    counts["edits"] += 1
                    whole_ms.append((ended - middle) * 1000)
                    if again is None:
                        continue
                    counts["short"] += 1
                    again_ms.append((middle - started) * 1000)
                    if shown(again.findings) != shown(whole.findings):
                        counts["differ"] += 1
                        print(f"  differs: {display}:{index + 1} ({kind})")
        disagreed += counts["differ"]
        print(f"{product.requirement:<28} {counts['files']:>6} {counts['edits']:>6} "
              f"{counts['short']:>6} {counts['differ']:>7} "
              f"{statistics.median(again_ms or [0]):>9.1f} "
              f"{statistics.median(whole_ms or [0]):>9.1f}")
    return 1 if disagreed else 0


if __name__ == "__main__":
    sys.exit(main())
