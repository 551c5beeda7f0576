"""``redactlint catalog``: what telemetry collects, where, and what leaves in each mode.

The catalog is generated from the schemas, the checker's view of the code and
the runtime's own export, so it is always true:

- :mod:`.model`: the frozen records every rendering reads, and pure builders;
- :mod:`.call_sites`: the call sites, found by the checker's walker;
- :mod:`.samples`: events built from canary values and exported in each mode;
- :mod:`.collect`: gathers all of it for a configured project;
- :mod:`.html`, :mod:`.markdown`, :mod:`.json`: the renderings; :mod:`.output` writes them.
"""

from __future__ import annotations

from .collect import collect_catalog
from .model import Catalog, build_catalog
from .output import write_catalog

__all__ = ["Catalog", "build_catalog", "collect_catalog", "write_catalog"]
