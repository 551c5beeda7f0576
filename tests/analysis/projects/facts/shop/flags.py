"""Module lists and sets of names: what their displays say while nothing changes them."""

REPORTED = ["platform", "use_relative_path"]
PROFILING = {"profile_table_level_only", "include_field_min"}
GROWN = ["platform"]
PASSED = ["platform"]
RENAMED = ["platform"]


def count() -> int:
    return len(REPORTED) + sum(1 for flag in PROFILING if flag in REPORTED)
