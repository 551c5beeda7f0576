from shop.telemetry import track


def public_report(count):
    """A public function of a library: any caller, so no call-site kinds."""
    track("public", {"count": count})  # expect: RL001


def public_flags(count, verbose=False, retries=-1, label="default"):
    """A default of True, False or a number gives the parameter its kind; one of text
    leaves it text of unknown safety."""
    track("flags", {"verbose": verbose, "retries": retries, "count": count})  # expect: RL001
    track("flags", {"label": label})  # expect: RL001
