import contextlib

from .engines import cluster
from .models import PendingClusterUpdate


def search_health() -> dict:
    """Which engine answers searches and whether it is well; no secrets, quick timeout."""
    if not cluster.is_configured():
        return {
            "engine": "database",
            "status": "ok",
            "detail": "No search cluster is configured; the database engine answers.",
        }
    try:
        name = cluster.engine_name()
    except cluster.ClusterUnavailable as error:
        return {"engine": "database", "status": "disabled", "detail": str(error)}
    pending = PendingClusterUpdate.objects.count()
    try:
        state = cluster.health()["status"]
    except cluster.ClusterUnavailable:
        return {
            "engine": name,
            "status": "degraded",
            "detail": f"The {name} cluster is unreachable; the database engine answers. "
            f"{pending} index updates are waiting.",
        }
    status = "ok" if state in ("green", "yellow") else "degraded"
    detail = f"Cluster health {state}; {pending} index updates are waiting."
    if status == "ok" and _outdated():
        # Searches still work, without what the new definition brings (e.g. folded accents).
        status = "degraded"
        detail += (
            " The index was built for an older index definition: run "
            "manage.py search_index --rebuild."
        )
    result = {"engine": name, "status": status, "detail": detail}
    # Unreadable: the colour above already says how the cluster is.
    with contextlib.suppress(cluster.ClusterUnavailable):
        result["nodes"] = cluster.nodes()
    return result


def _outdated() -> bool:
    try:
        return bool(cluster.outdated_indices())
    except cluster.ClusterUnavailable:
        return False  # answered a moment ago; the next check will tell
