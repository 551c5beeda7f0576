from shop.orm import Chart, Dashboard
from shop.telemetry import track


def opened(dashboard: Dashboard, chart: Chart):
    track("dashboard.opened", {
        "dashboard_id": dashboard.id,
        "owner_id": dashboard.owner_id,
        "published": dashboard.published,
        "changed_on": dashboard.changed_on,
        "visibility": dashboard.visibility,
        "version": dashboard.version,
        "chart_id": chart.id,
    })


def described(dashboard: Dashboard, chart: Chart):
    track("dashboard.described", {
        "title": dashboard.title,  # expect: RL001
        "description": dashboard.description,  # expect: RL001
        "position": dashboard.position,  # expect: RL001
        "slug": dashboard.slug,  # expect: RL001
        "chart_name": chart.name,  # expect: RL001
    })


def column_itself():
    # On the class, the attribute is the column: an object, never text of the row.
    track("dashboard.column", {"column": Dashboard.title})  # expect: RL001
