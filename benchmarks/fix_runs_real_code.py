"""Run two real products before and after ``redactlint fix`` and compare what leaves them.

Usage:
    python benchmarks/fix_runs_real_code.py --download DIR --environments DIR
                                            [--json FILE] [--hide VERDICT,...]

``fix_real_code.py`` proves the rewrite compiles; this proves it runs and protects. For
dbt-core and jupyter_server (sources fetched as ``real_code.py`` fetches them, each with
a virtual environment of its dependencies made by ``environments.py``, this repository
installed into it without dependencies so the fixed code can import the runtime), the
package is copied twice; ``fix`` rewrites one copy in this process with the product's
sinks from ``real_code.PRODUCTS``, as ``fix_real_code.py`` runs it. A driver
(``fix_drivers/``) then runs in the product's environment with one copy first on the
path, calls the product's event functions with canaries in every text a user controls,
and records what would leave the process: Snowplow's POST bodies for dbt, the JSON lines
jupyter_events writes for jupyter_server. The untouched copy is run twice, so values
that differ from run to run (clocks, random ids) are compared by type only.

Each field of each event gets a verdict:

- ``kept``: not text, same type and value after;
- ``redacted``: text that carried a canary carries none after;
- ``LEAK``: a canary is in the text after, bare or between markers;
- ``CHANGED``: a value that was not text changed type or value (text became a number or
  a container became text, too), or a field vanished or appeared, or an event appeared;
- ``LOST``: an event emitted before is not emitted after;
- ``RAISES``: a call raised after (or an error the product hides lost its event) that
  did not before;
- ``text kept``: text without a canary, unchanged; ``literal lost``: such text, written
  as a constant in the product's source, now redacted; ``text lost``: other such text now
  redacted (the boundary fails closed on text nobody marked); ``text changed``: any other
  change to such text.

It prints the table, the totals per verdict and the edits ``fix`` made per file, and
exits 1 on any ``LEAK``, ``CHANGED``, ``LOST`` or ``RAISES``, or when a driver or the
fix itself fails.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent / "fix_drivers"))

from canaries import carries_canary
from real_code import PRODUCTS, Product, download, product_environment

from redactlint.analysis.config import Config
from redactlint.analysis.engine import iter_python_files, prepare
from redactlint.codemod.fix import fix_files
from redactlint.redact import REDACTED

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
DRIVERS = {"dbt-core==1.12.3": "dbt_driver.py", "jupyter_server==2.21.1": "jupyter_driver.py"}
FAILING = ("LEAK", "CHANGED", "LOST", "RAISES")
VERDICTS = ("kept", "redacted", "text kept", "literal lost", "text lost", "text changed",
            *FAILING)
WIDTH = 40  # characters of a value shown in the table


@dataclass(frozen=True)
class Row:
    """One field of one event, before and after the fix."""

    product: str
    scenario: str
    event: str
    field: str
    before: str
    after: str
    verdict: str


class DriverFailed(Exception):
    """A driver crashed or printed no document: nothing about that run can be compared."""


def install_runtime(environment: Path) -> None:
    """This repository in the product's environment, without its dependencies: the fixed
    code imports only ``redactlint.redact``, which needs the standard library alone."""
    python = environment / "bin" / "python"
    # Probed from the environment's own directory: from this repository's, ``-c`` would
    # import the package from the working directory whether it is installed or not.
    probe = subprocess.run(
        [str(python), "-c", "import redactlint.redact, sys; print(redactlint.redact.__file__)"],
        capture_output=True, text=True, check=False, cwd=environment,
    )
    if probe.returncode == 0 and Path(probe.stdout.strip()).is_relative_to(REPOSITORY):
        return
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "-e", str(REPOSITORY)],
        check=True,
    )


def apply_fix(product: Product, root: Path, environment: Path) -> tuple[dict[str, int], list[str]]:
    """Run ``fix`` over the copy under ``root`` in place: edits per changed file, errors."""
    settings = prepare(Config(root=root, sinks=product.sinks, environment=environment))
    files = list(iter_python_files([root / product.package], settings.config))
    edits: dict[str, int] = {}
    errors: list[str] = []
    for result in fix_files(files, settings):
        name = str(result.path.relative_to(root))
        if result.error is not None:
            errors.append(f"{name}: {result.error}")
        if result.changed:
            edits[name] = len(result.applied)
    return edits, errors


def run_driver(driver: Path, environment: Path, copy: Path, log: Path) -> list[dict[str, Any]]:
    """The events the driver recorded with ``copy`` first on the path (checked: the
    product's modules must come from the copy, not from the installed package)."""
    with log.open("w", encoding="utf-8") as stderr:
        completed = subprocess.run(
            [str(environment / "bin" / "python"), str(driver)],
            env={**os.environ, "PYTHONPATH": str(copy)}, stdout=subprocess.PIPE,
            stderr=stderr, text=True, timeout=900, check=False,
        )
    try:
        document = json.loads(completed.stdout)
    except json.JSONDecodeError:
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-5:]
        raise DriverFailed(f"exit {completed.returncode}: " + " | ".join(tail)) from None
    for module, path in document["modules"].items():
        if not Path(path).resolve().is_relative_to(copy.resolve()):
            raise DriverFailed(f"{module} was imported from {path}, not from {copy}")
    events: list[dict[str, Any]] = document["events"]
    return events


def source_literals(package: Path) -> frozenset[str]:
    """Every string constant written in the product's source."""
    found: set[str] = set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid escapes in the packages' own code
        for path in package.rglob("*.py"):
            try:
                tree = ast.parse(path.read_bytes())
            except (SyntaxError, ValueError):
                continue
            found.update(
                node.value for node in ast.walk(tree)
                if isinstance(node, ast.Constant) and isinstance(node.value, str)
            )
    return frozenset(found)


def leaves(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    """``value`` flattened to its scalars (and empty containers), by path."""
    if isinstance(value, dict) and value:
        for key, item in value.items():
            yield from leaves(item, f"{path}.{key}")
    elif isinstance(value, list) and value:
        for index, item in enumerate(value):
            yield from leaves(item, f"{path}[{index}]")
    else:
        yield path, value


def event_leaves(entry: dict[str, Any]) -> dict[str, Any]:
    """An event's fields flattened to their scalars."""
    return {
        path: value
        for name, field in entry["fields"].items()
        for path, value in leaves(field["value"], name)
    }


def by_scenario(entries: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The entries of each scenario in order (a scenario with no event has none)."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        events = grouped.setdefault(entry["scenario"], [])
        if entry["event"] is not None:
            events.append(entry)
    return grouped


def raised_by(entries: list[dict[str, Any]], scenario: str) -> str | None:
    """What the scenario raised, or the error the product hid, if anything."""
    for entry in entries:
        if entry["scenario"] == scenario:
            raised: str | None = entry["raised"]
            return raised
    return None


def volatile_paths(first: list[dict[str, Any]], second: list[dict[str, Any]]) -> set[str]:
    """``scenario#index path`` of every value that differs between two runs of one copy."""
    found: set[str] = set()
    one, two = by_scenario(first), by_scenario(second)
    for scenario, events in one.items():
        for index, (a, b) in enumerate(zip(events, two.get(scenario, []), strict=False)):
            left, right = event_leaves(a), event_leaves(b)
            for path in left.keys() | right.keys():
                if left.get(path, ...) != right.get(path, ...):
                    found.add(f"{scenario}#{index} {path}")
    return found


def shown(value: Any) -> str:
    """``type: value``, cut to the table's width."""
    kind = "None" if value is None else type(value).__name__
    text = f"{kind}: {json.dumps(value, ensure_ascii=False)}"
    return text if len(text) <= WIDTH else text[: WIDTH - 1] + "…"


def verdict(before: Any, after: Any, volatile: bool, literals: frozenset[str]) -> str:
    """The verdict on one scalar field (see the module's docstring)."""
    if isinstance(after, str) and carries_canary(after):
        return "LEAK"
    if isinstance(before, str):
        if not isinstance(after, str):
            return "CHANGED"
        if carries_canary(before):
            return "redacted"
        if after == before or (volatile and REDACTED not in after):
            return "text kept"
        if REDACTED in after and REDACTED not in before:
            return "literal lost" if before in literals else "text lost"
        return "text changed"
    if type(after) is not type(before):
        return "CHANGED"
    return "kept" if volatile or after == before else "CHANGED"


def compare(
    product: str,
    before: list[dict[str, Any]],
    again: list[dict[str, Any]],
    after: list[dict[str, Any]],
    literals: frozenset[str],
) -> list[Row]:
    """A row per field of every event, and one per lost, new or failing call."""
    rows: list[Row] = []
    volatile = volatile_paths(before, again)
    old, new = by_scenario(before), by_scenario(after)
    for scenario in old.keys() | new.keys():
        raised_before, raised_after = raised_by(before, scenario), raised_by(after, scenario)
        if raised_after is not None and (
            raised_before is None or raised_before.split("(")[0] != raised_after.split("(")[0]
        ):
            rows.append(Row(product, scenario, "", "(call)", str(raised_before)[:WIDTH],
                            raised_after[:WIDTH], "RAISES"))
        events_before, events_after = old.get(scenario, []), new.get(scenario, [])
        for index in range(max(len(events_before), len(events_after))):
            if index >= len(events_after):
                rows.append(Row(product, scenario, events_before[index]["event"], "(event)",
                                "emitted", "not emitted", "LOST"))
                continue
            if index >= len(events_before):
                rows.append(Row(product, scenario, events_after[index]["event"], "(event)",
                                "not emitted", "emitted", "CHANGED"))
                continue
            rows.extend(_field_rows(product, scenario, index, events_before[index],
                                    events_after[index], volatile, literals))
    order = {name: position for position, name in enumerate(old)}
    rows.sort(key=lambda row: order.get(row.scenario, len(order)))
    return rows


def _field_rows(
    product: str, scenario: str, index: int, first: dict[str, Any], second: dict[str, Any],
    volatile: set[str], literals: frozenset[str],
) -> Iterator[Row]:
    left, right = event_leaves(first), event_leaves(second)
    event = f"{first['event']} #{index}"
    reported: set[str] = set()
    for path, value in left.items():
        if path in right:
            key = f"{scenario}#{index} {path}"
            yield Row(product, scenario, event, path, shown(value), shown(right[path]),
                      verdict(value, right[path], key in volatile, literals))
            continue
        # A container that became a scalar, or a field that is gone.
        collapsed = next((p for p in right if path.startswith(p + ".") or
                          path.startswith(p + "[")), None)
        if collapsed is None:
            yield Row(product, scenario, event, path, shown(value), "(missing)", "CHANGED")
        elif collapsed not in reported:
            reported.add(collapsed)
            after = right[collapsed]
            leaked = isinstance(after, str) and carries_canary(after)
            yield Row(product, scenario, event, collapsed, "(a container)", shown(after),
                      "LEAK" if leaked else "CHANGED")
    for path, value in right.items():
        if path not in left and path not in reported:
            leaked = isinstance(value, str) and carries_canary(value)
            yield Row(product, scenario, event, path, "(missing)", shown(value),
                      "LEAK" if leaked else "CHANGED")


def print_table(rows: list[Row], hidden: set[str]) -> None:
    """The rows as aligned columns, without those whose verdict is hidden."""
    shown_rows = [row for row in rows if row.verdict not in hidden]
    headings = ("product", "scenario", "event", "field", "before", "after", "verdict")
    table = [headings] + [
        (row.product.split("==")[0], row.scenario, row.event, row.field, row.before,
         row.after, row.verdict) for row in shown_rows
    ]
    limits = (14, 44, 26, 48, WIDTH, WIDTH, 12)
    widths = [min(max(len(line[i]) for line in table), limit) for i, limit in enumerate(limits)]
    for line in table:
        print("  ".join(
            (cell if len(cell) <= width else cell[: width - 1] + "…").ljust(width)
            for cell, width in zip(line, widths, strict=True)
        ).rstrip())


def run_product(
    product: Product, root: Path, environment: Path, scratch: Path
) -> tuple[list[Row], dict[str, int], list[str], dict[str, float]]:
    """Copy, fix, drive both copies, compare: the rows, the edits, the failures, timings."""
    failures: list[str] = []
    timings: dict[str, float] = {}
    before, after = scratch / "before", scratch / "after"
    for copy in (before, after):
        shutil.copytree(root / product.package, copy / product.package, symlinks=True)
    started = time.perf_counter()
    try:
        edits, errors = apply_fix(product, after, environment)
    except Exception as error:  # the fix itself crashed: the after copy is the original
        edits, errors = {}, [f"fix raised {error!r}"]
    timings["fix"] = time.perf_counter() - started
    failures += [f"{product.requirement}: fix: {error}" for error in errors]
    driver = HERE / "fix_drivers" / DRIVERS[product.requirement]
    runs: dict[str, list[dict[str, Any]]] = {}
    for label, copy in (("before", before), ("again", before), ("after", after)):
        started = time.perf_counter()
        try:
            runs[label] = run_driver(driver, environment, copy, scratch / f"{label}.log")
        except (DriverFailed, subprocess.TimeoutExpired) as error:
            failures.append(f"{product.requirement}: driver on the {label} copy: {error}")
            runs[label] = []
        timings[label] = time.perf_counter() - started
    if not runs["before"]:
        return [], edits, failures, timings
    literals = source_literals(before / product.package)
    rows = compare(product.requirement, runs["before"], runs["again"], runs["after"], literals)
    return rows, edits, failures, timings


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--download", type=Path, required=True, help="where the sdists go")
    parser.add_argument("--environments", type=Path, required=True,
                        help="one virtual environment a product")
    parser.add_argument("--json", type=Path, help="write the rows, totals and edits here")
    parser.add_argument("--hide", default="",
                        help="comma-separated verdicts whose rows are not printed")
    options = parser.parse_args()
    started = time.perf_counter()
    products = [product for product in PRODUCTS if product.requirement in DRIVERS]
    roots = download(options.download, products)
    rows: list[Row] = []
    failures: list[str] = []
    edits: dict[str, dict[str, int]] = {}
    for product in products:
        environment = product_environment(options.environments, product)
        if environment is None:
            failures.append(f"{product.requirement}: pip could not make its environment")
            continue
        install_runtime(environment)
        with tempfile.TemporaryDirectory(prefix="fix-runs-") as scratch:
            product_rows, edits[product.requirement], product_failures, timings = run_product(
                product, roots[product.requirement], environment, Path(scratch))
        rows += product_rows
        failures += product_failures
        print(f"== {product.requirement}: fix {timings['fix']:.1f} s, driver "
              + ", ".join(f"{label} {timings[label]:.1f} s"
                          for label in ("before", "again", "after")))
    print_table(rows, {v.strip() for v in options.hide.split(",") if v.strip()})
    totals = Counter(row.verdict for row in rows)
    print("== totals: " + ", ".join(f"{v}: {totals[v]}" for v in VERDICTS))
    for product_name, product_edits in edits.items():
        print(f"== edits by fix in {product_name}: {sum(product_edits.values())} in "
              f"{len(product_edits)} files")
        for path, count in sorted(product_edits.items()):
            print(f"   {count:4d}  {path}")
    for failure in failures:
        print(f"FAIL {failure}")
    print(f"== {time.perf_counter() - started:.0f} s")
    if options.json:
        options.json.write_text(json.dumps(
            {"rows": [asdict(row) for row in rows], "totals": dict(totals), "edits": edits,
             "failures": failures}, indent=1, ensure_ascii=False), encoding="utf-8")
    return 1 if failures or any(totals[v] for v in FAILING) else 0


if __name__ == "__main__":
    sys.exit(main())
