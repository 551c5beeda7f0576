from thirdparty import LocalProxy

from shop.permissions import Permissions, permissions, unannotated
from shop.telemetry import track


def dashboard_opened(dashboard):
    track("dashboard.opened", {
        "can_edit": permissions.is_owner(dashboard) and permissions.is_owner(None),
        "owner": permissions.owner_name(dashboard),  # expect: RL001
        "guess": unannotated.is_owner(dashboard),  # expect: RL001
    })


def local_proxy(dashboard):
    local: Permissions = LocalProxy(lambda: Permissions())
    track("dashboard.opened", {
        "can_edit": local.is_owner(dashboard),
        "owner": local.owner_name(dashboard),  # expect: RL001
    })
