"""Call sites as legacy code writes them: unannotated parameters of every kind."""

from legacy import snowplow, vendor
from legacy.snowplow import SelfDescribingJson
from legacy.telemetry import track

STATUS = "ok"


def on_search(query, count, ratio, done, extra, user, when, missing=None):
    track(
        "search",
        {
            "query": query,
            "count": count,
            "ratio": ratio,
            "done": done,
            "extra": extra,
            "user": user,
            "when": when,
            "missing": missing,
            "status": STATUS,
            "source": "toolbar",
        },
    )


def on_save(path, code):
    vendor.emit("files", {"action": "save", "path": path, "code": code})


def on_failure(message):
    track("failure", {"message": f"failed: {message}"})


def on_delete(path, code):
    data = {"action": "delete", "code": code}
    data["path"] = path
    data["status"] = STATUS
    data["origin"] = on_delete.__name__
    vendor.emit("files", data)


class Message:
    """What a logging framework hands to a callback: an object, not text."""

    def __init__(self, code, text):
        self.code = code
        self.text = text


def message_to_dict(message):
    return {"code": message.code, "text": message.text}


def track_warning(message):
    """Registered as a callback: its callers are out of view."""
    context = [SelfDescribingJson("warning/1", message_to_dict(message))]
    snowplow.track_struct("warning", context)


def track_run(options):
    context = [SelfDescribingJson("run/1", options)]
    snowplow.track_struct("run", context)


def on_run(path, seconds):
    track_run({"path": path, "seconds": seconds, "kind": "model"})


def base_context():
    return {"version": "1.0", "user_id": "7f3c"}


def on_invocation(command):
    data = base_context()
    data["command"] = command
    snowplow.track_struct("invocation", [SelfDescribingJson("invocation/1", data)])
