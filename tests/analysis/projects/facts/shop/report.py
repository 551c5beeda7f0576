from shop.telemetry import track


def report_run(index, total, label):
    """Its callers decide what the parameters are (see runs.py)."""
    track("run", {"index": index, "total": total, "label": label})  # expect: RL001
