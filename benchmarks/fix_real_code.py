"""Run ``redactlint fix`` over copies of real packages and prove it harmless.

Usage:
    python benchmarks/fix_real_code.py [--download DIR] [--logging] [--show N] [PACKAGE_DIR ...]

The packages (or, with ``--download DIR``, the sources ``real_code.py`` fetches with
``pip download``) are copied to a temporary directory and fixed in place, in
process, with the same sinks as ``real_code.py`` (dbt-core's tracking, jupyter_server's
event emits, any ``*.track``/``*.capture``/``*.emit``/``*.log_event`` call). Then:

- every file ``fix`` changed still compiles;
- every file it did not change is byte-identical to the original;
- a second run changes nothing;
- the fixable findings left in a changed file are exactly the fixes it skipped.

With ``--logging`` the loggers' methods (``*.debug`` ... ``*.exception``) count as
sinks too: not a realistic configuration, but thousands of real f-strings,
%-formats, ``.format()`` calls and concatenations for the rewrites to get right.

It prints the counts (files, files changed, fixes applied per rule, fixes skipped
with their reasons, time) and a few diffs, and exits 1 if any check fails.
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from real_code import PRODUCTS, download

from redactlint.analysis.config import Config, SinkSpec
from redactlint.analysis.engine import check_file, iter_python_files, prepare
from redactlint.codemod.fix import FileFix, fix_files

SINKS = tuple(sink for product in PRODUCTS for sink in product.sinks)
LOGGING = tuple(
    SinkSpec(f"*.{method}")
    for method in ("debug", "info", "warning", "error", "exception", "critical")
)


def _reason(text: str) -> str:
    """A skip reason without the file-specific detail (for counting)."""
    return text.split(" (", 1)[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("roots", nargs="*", type=Path)
    parser.add_argument("--download", type=Path)
    parser.add_argument("--show", type=int, default=3, help="diffs to print")
    parser.add_argument("--logging", action="store_true", help="loggers are sinks too")
    options = parser.parse_args()
    roots = list(options.roots)
    if options.download:
        roots += list(download(options.download).values())
    if not roots:
        parser.error("give package directories or --download DIR")

    failures: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        for root in roots:
            shutil.copytree(root, work / root.name, symlinks=True)
        sinks = SINKS + LOGGING if options.logging else SINKS
        settings = prepare(Config(root=work, sinks=sinks))
        files = [
            path
            for root in roots
            for path in iter_python_files([work / root.name], settings.config)
        ]
        original = {path: path.read_bytes() for path in files}
        lines = sum(data.count(b"\n") for data in original.values())

        started = time.perf_counter()
        results = fix_files(files, settings)
        first_run = time.perf_counter() - started

        changed = {result.path: result for result in results if result.changed}
        for result in results:
            if result.error is not None:
                failures.append(f"{result.path}: {result.error}")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escapes in the packages' own code
            for path in files:
                data = path.read_bytes()
                if path in changed:
                    try:
                        compile(data, str(path), "exec", dont_inherit=True)
                    except (SyntaxError, ValueError) as error:
                        failures.append(f"{path}: does not compile after fix: {error}")
                elif data != original[path]:
                    failures.append(f"{path}: changed but not reported as fixed")

        after_first = {path: path.read_bytes() for path in files}
        started = time.perf_counter()
        again = fix_files(files, settings)
        second_run = time.perf_counter() - started
        for result in again:
            if result.changed:
                failures.append(f"{result.path}: the second run changed it again")
        for path in files:
            if path.read_bytes() != after_first[path]:
                failures.append(f"{path}: bytes differ after the second run")

        # The fixable findings left are exactly the fixes skipped, rule for rule.
        for path, result in changed.items():
            left = Counter(f.code for f in check_file(path, settings) if f.fix is not None)
            refused = Counter(f.code for f, _ in result.skipped)
            if left != refused:
                failures.append(
                    f"{path}: fixable findings left {dict(left)}, skipped {dict(refused)}"
                )

        applied = Counter(f.code for r in results for f in r.applied if r.changed)
        skipped = Counter((f.code, _reason(reason)) for r in results for f, reason in r.skipped)
        print(f"packages: {', '.join(root.name for root in roots)}")
        print(f"{len(files)} files, {lines} lines")
        print(f"files with fixable findings: {len(results)}")
        print(
            f"files changed: {len(changed)}; untouched files byte-identical: "
            f"{len(files) - len(changed) - sum(1 for f in failures if 'not reported' in f)}"
        )
        print(
            f"fixes applied: {sum(applied.values())} "
            f"({', '.join(f'{c}: {n}' for c, n in sorted(applied.items()))})"
        )
        print(f"fixes skipped: {sum(skipped.values())}")
        for (code, reason), count in sorted(skipped.items()):
            print(f"  {code} {reason}: {count}")
        print(f"files not fixed (errors): {sum(1 for r in results if r.error)}")
        print(f"time: first run {first_run:.1f} s, second run {second_run:.1f} s")
        print(f"second run: {sum(1 for r in again if r.changed)} files changed")
        _show(list(changed.values())[: options.show], work)
    for failure in failures:
        print(f"FAIL {failure}")
    print("OK" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


def _show(results: list[FileFix], work: Path) -> None:
    for result in results:
        shown = result.path.relative_to(work)
        diff = difflib.unified_diff(
            result.original.splitlines(keepends=True),
            result.fixed.splitlines(keepends=True),
            f"a/{shown}",
            f"b/{shown}",
            n=1,
        )
        print("".join(diff), end="")


if __name__ == "__main__":
    sys.exit(main())
