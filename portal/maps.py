"""The map of the network: the départements drawn by `portal.geo` and one marker per local
programme that has coordinates, each a link to its page, with the list equivalent.

`network_map(territories, current=None, heading_id=...)` builds the context of
`templates/components/map.html`; the `{% network_map %}` tag (portal_tags) renders it, so
any page (territories index, home page, flows) shows the same accessible map.
"""

from dataclasses import dataclass

from portal import geo


@dataclass(frozen=True)
class Marker:
    territory: object
    x: float
    y: float
    current: bool


def network_map(territories, current=None, map_id="carte-reseau"):
    """Context for the map component: départements, markers, and every territory listed."""
    territories = list(territories)
    markers = [
        Marker(
            territory,
            *geo.project(territory.latitude, territory.longitude),
            current=current is not None and territory.pk == current.pk,
        )
        for territory in territories
        if territory.has_position
    ]
    return {
        "map_id": map_id,
        "view_box": geo.projection().view_box,
        "departements": geo.departements(),
        "markers": markers,
        "territories": territories,
        "unplaced": [territory for territory in territories if not territory.has_position],
        "attribution": geo.ATTRIBUTION,
    }
