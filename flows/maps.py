"""Markers of the flows maps, placed on `portal.geo`'s drawing of the départements.

Site positions are drawn only for establishments whose identity the user may see;
everything else is drawn at the territory's own position, as an aggregate."""

import math
from collections import defaultdict

from portal.geo import project

MIN_RADIUS, MAX_RADIUS = 4, 22


def _radius(value, largest):
    if not largest:
        return MIN_RADIUS
    return round(MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(value / largest), 1)


def territory_markers(rows):
    """One circle per territory from `pooling.territory_totals` rows, sized by flow count."""
    by_territory = defaultdict(lambda: {"flows": 0, "establishments": 0})
    names = {}
    for row in rows:
        if row["latitude"] is None or row["longitude"] is None:
            continue
        cell = by_territory[row["slug"]]
        cell["flows"] += row["flows"]
        cell["establishments"] += row["establishments"]
        names[row["slug"]] = (row["name"], row["latitude"], row["longitude"])
    largest = max((cell["flows"] for cell in by_territory.values()), default=0)
    markers = []
    for slug, cell in sorted(by_territory.items()):
        name, latitude, longitude = names[slug]
        x, y = project(latitude, longitude)
        markers.append(
            {"x": x, "y": y, "r": _radius(cell["flows"], largest), "label": name, **cell}
        )
    return markers


def site_markers(flows):
    """One marker per establishment (offers, needs) for flows whose identity is visible."""
    sites = {}
    for flow in flows:
        site = flow.establishment
        if site.latitude is None or site.longitude is None:
            continue
        marker = sites.get(site.pk)
        if marker is None:
            x, y = project(site.latitude, site.longitude)
            marker = sites[site.pk] = {
                "x": x,
                "y": y,
                "label": site.name,
                "territory": flow.territory.name,
                "offers": 0,
                "needs": 0,
            }
        marker["offers" if flow.direction == "offre" else "needs"] += 1
    for marker in sites.values():
        marker["kind"] = (
            "both"
            if marker["offers"] and marker["needs"]
            else ("offer" if marker["offers"] else "need")
        )
    return sorted(sites.values(), key=lambda m: (m["territory"], m["label"]))
