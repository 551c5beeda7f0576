"""Call sites as legacy code writes them: unannotated parameters of every kind."""

from legacy import vendor
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
