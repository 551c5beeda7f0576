"""The reviewed safe-types allowlist: one ``module.Class  reason`` per line."""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError


def load_safe_types(path: Path | None) -> dict[str, str]:
    """Qualified class names and their reasons; an entry without a reason is an error."""
    if path is None:
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError("safe-types allowlist file not found", path) from None
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read safe-types allowlist: {error}", path) from None
    entries: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        name, _, reason = line.partition(" ")
        if not all(part.isidentifier() for part in name.split(".")):
            raise UsageError(f"{name!r} is not a qualified class name", f"{path}:{number}")
        if not reason.strip():
            raise UsageError(
                f"{name} has no reason: write why its instances are safe after the name",
                f"{path}:{number}",
            )
        entries[name] = reason.strip()
    return entries
