#!/bin/sh
# The redactlint tour on the bundled example, from schemas to checked call sites.
#
# From the repository root, on a fresh machine (Python 3.10+):
#   python3 -m venv .venv && .venv/bin/pip install -q -e . && sh examples/app/tour.sh
#
# Every step must succeed, except `redactlint check`, which must exit 1 with the
# two deliberate findings of notebook_search/mistakes.py. The tour writes no files.
set -eu
cd "$(dirname "$0")"

# Use the repository's virtual environment when there is one, else whatever is on PATH.
if [ -x ../../.venv/bin/redactlint ]; then
    PATH="$(cd ../../.venv/bin && pwd):$PATH"
fi
export PYTHONDONTWRITEBYTECODE=1

step() {
    printf '\n$ %s\n' "$*"
    "$@"
}

# 1. The schemas are well-formed and every string property declares its sensitivity.
step redactlint schema lint schemas
# 2. The committed registry is what the schemas generate (CI fails when it is stale).
step redactlint generate --check --schemas schemas --out notebook_search/telemetry/events.py
# 3. No canary value put in any string field survives export, in any mode.
step redactlint verify --registry notebook_search.telemetry.events --path . --schemas schemas
# 4. The product runs; each JSON line is what would leave the machine.
step python3 -m notebook_search
# 5. Every call site is checked: exactly the two deliberate mistakes are found.
printf '\n$ redactlint check\n'
if redactlint check; then
    echo "tour: expected the two deliberate findings of notebook_search/mistakes.py" >&2
    exit 1
else
    status=$?
fi
if [ "$status" -ne 1 ]; then
    exit "$status"
fi
printf '\ntour: done. The 2 findings above are the deliberate mistakes in notebook_search/mistakes.py;\n'
printf 'read them with: redactlint explain RL001 (and RL002).\n'
