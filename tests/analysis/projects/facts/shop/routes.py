"""A Starlette or FastAPI route's path is the template the product declared
(``/datasets/{dataset_id}``), never the URL a request asked for."""

from fastapi import Request
from fastapi.routing import APIRoute
from starlette.routing import Route

from shop.telemetry import track


def requested(request: Request, route: APIRoute, mounted: Route) -> None:
    track("api.request", {
        "endpoint": route.path,
        "method": f"{request.method} {route.path}",  # expect: RL002
        "route": route.name,
        "mounted": mounted.path,
        "url": str(request.url),  # expect: RL001
        "query": request.url.query,  # expect: RL001
    })
