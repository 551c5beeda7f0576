"""SafeStr(x) becomes safe(x): SafeStr's import goes, safe joins the runtime's."""

from redactlint.redact import SafeStr, unsafe


def label(kind: str, text: str) -> tuple[str, str]:
    return SafeStr(kind), unsafe(text)
