"""The API object; routers are added in their own modules."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="resonanz API",
    version="1",
    description="Find, vet, pay and plan micro-influencers. Errors are RFC 9457 problem details.",
    urls_namespace="api",
)


@api.get("/health", auth=None, tags=["meta"])
def health(request: object) -> dict[str, str]:
    """Liveness check (no authentication)."""
    return {"status": "ok"}
