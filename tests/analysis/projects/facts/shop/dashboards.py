from sqlalchemy import select

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


def from_queries(session, slug: str):
    """A query of a mapped model gives its instances, whatever the session is."""
    dashboard = session.query(Dashboard).filter_by(slug=slug).one()
    chart = Chart.query.filter(Chart.id == 1).first()
    latest = session.scalars(select(Dashboard).where(Dashboard.slug == slug)).first()
    loaded = session.exec(select(Dashboard)).one()
    fetched = session.get(Dashboard, 3)
    track("dashboard.queried", {
        "id": dashboard.id,
        "chart": chart.id,
        "latest": latest.id,
        "loaded": loaded.id,
        "fetched": fetched.id,
        "count": session.query(Dashboard).count(),
        "title": dashboard.title,  # expect: RL001
    })
    for each in session.query(Dashboard).all():
        track("dashboard.each", {"id": each.id})
    for row in session.query(Dashboard):
        track("dashboard.row", {"id": row.id, "slug": row.slug})  # expect: RL001


class NotAModel:
    """Not mapped to a table: a method called ``query`` may give anything."""

    id = 3


def not_a_model(api):
    thing = api.query(NotAModel).one()
    track("thing.found", {"id": thing.id})  # expect: RL001
