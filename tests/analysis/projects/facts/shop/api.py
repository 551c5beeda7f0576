from shop.telemetry import track


def public_report(count):
    """A public function of a library: any caller, so no call-site kinds."""
    track("public", {"count": count})  # expect: RL001
