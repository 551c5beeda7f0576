"""Cost of the runtime against the builtins it replaces, measured in one run.

Usage: python benchmarks/bench_redact.py [--repeat N]

Prints absolute times (the machine is shared and noisy, so read the ratios):
- ``redact.format`` / ``str.format`` and ``redact.sprintf`` / ``%`` on a template
  with three arguments (one safe, one unsafe, one number);
- ``.redact()`` and ``.strip_markers()`` on 1 KiB of text, without markers
  (against a plain ``str`` scan for the marker) and with 20 spans.
- linearity: ``.redact()`` on 1 MB against 100 kB of unclosed ``‹`` (a
  truncated or hostile text); a linear scan gives about 10x, a backtracking
  regex about 100x.
Targets: formatting at most 4x the builtin; a marker-free ``.redact()`` close
to the plain scan; linearity ratio near 10.
"""

from __future__ import annotations

import argparse
import timeit
from collections.abc import Callable

from redactlint import redact
from redactlint.redact import RedactableStr


def best(stmt: Callable[[], object], repeat: int) -> float:
    """Best time per call in seconds, over ``repeat`` runs sized to ~0.2 s each."""
    timer = timeit.Timer(stmt)
    number, _ = timer.autorange()
    number = max(1, number)
    return min(timer.repeat(repeat=repeat, number=number)) / number


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    repeat = parser.parse_args().repeat

    safe_value = redact.safe("structural")
    unsafe_value = "alice@example.com password reset"
    number = 42
    format_template = "search {} for {} returned {} results"
    printf_template = "search %s for %s returned %d results"

    plain_1k = ("lorem ipsum dolor sit amet " * 40)[:1024]
    spans_1k_text = redact.join(" ", [redact.unsafe(f"v{i:02d}" * 8) for i in range(20)])
    spans_1k_text = RedactableStr(spans_1k_text + " " + "x" * (1024 - len(spans_1k_text) - 1))
    marker_free = RedactableStr(plain_1k)
    assert len(marker_free) == 1024 and len(spans_1k_text) == 1024
    assert spans_1k_text.redact().count(redact.REDACTED) == 20

    rows: list[tuple[str, float, float]] = [
        (
            "redact.format vs str.format",
            best(lambda: redact.format(format_template, safe_value, unsafe_value, number), repeat),
            best(lambda: format_template.format(safe_value, unsafe_value, number), repeat),
        ),
        (
            "redact.sprintf vs %",
            best(lambda: redact.sprintf(printf_template, safe_value, unsafe_value, number), repeat),
            best(lambda: printf_template % (safe_value, unsafe_value, number), repeat),
        ),
        (
            ".redact() 1 KiB, no markers vs '‹' in str",
            best(marker_free.redact, repeat),
            best(lambda: "\u2039" in plain_1k, repeat),
        ),
        (
            ".strip_markers() 1 KiB, no markers vs '‹' in str",
            best(marker_free.strip_markers, repeat),
            best(lambda: "\u2039" in plain_1k, repeat),
        ),
        (
            ".redact() 1 KiB, 20 spans vs str.replace",
            best(spans_1k_text.redact, repeat),
            best(lambda: plain_1k.replace("o", "0"), repeat),
        ),
        (
            ".strip_markers() 1 KiB, 20 spans vs str.replace",
            best(spans_1k_text.strip_markers, repeat),
            best(lambda: plain_1k.replace("o", "0"), repeat),
        ),
    ]
    width = max(len(name) for name, _, _ in rows)
    print(f"{'measure':<{width}}  {'redactlint':>11}  {'baseline':>10}  ratio")
    for name, ours, baseline in rows:
        ratio = ours / baseline
        print(f"{name:<{width}}  {ours * 1e6:>9.3f}us  {baseline * 1e6:>8.3f}us  {ratio:5.2f}x")
    linearity()


def linearity() -> None:
    """Time ``.redact()`` on 100 kB and 1 MB of unclosed markers; print the ratio."""
    small = RedactableStr("\u2039" * 100_000)
    large = RedactableStr("\u2039" * 1_000_000)
    assert small.redact() == large.redact() == redact.REDACTED
    small_time = min(timeit.repeat(small.redact, number=1, repeat=5))
    large_time = min(timeit.repeat(large.redact, number=1, repeat=5))
    print(
        f".redact() unclosed markers: 100 kB {small_time * 1e3:.3f}ms, "
        f"1 MB {large_time * 1e3:.3f}ms, ratio {large_time / small_time:.1f}x (linear: ~10x)"
    )


if __name__ == "__main__":
    main()
