"""The Grand Est départements drawn as SVG, and positions on that drawing.

Server-rendered maps (no tile server, no CDN): the boundaries shipped in
`data/reference/grand-est-departements.geojson` are projected once per process with a local
equirectangular projection (longitudes scaled by the cosine of the region's mean latitude),
which is faithful enough at the scale of one region. Templates draw the paths and place
markers with `project()`; every map must also offer a list or table equivalent.
"""

import json
import math
from dataclasses import dataclass
from functools import cache

from django.conf import settings

BOUNDARIES_FILE = "grand-est-departements.geojson"
ATTRIBUTION = "Source : IGN – Admin Express"
WIDTH = 600  # SVG user units; the height follows the region's proportions
MARGIN = 8


@dataclass(frozen=True)
class Departement:
    code: str
    name: str
    path: str  # the SVG path data of its boundary


@dataclass(frozen=True)
class Projection:
    min_lon: float
    max_lat: float
    scale: float
    lon_factor: float
    width: float
    height: float

    def __call__(self, latitude: float, longitude: float) -> tuple[float, float]:
        x = MARGIN + (longitude - self.min_lon) * self.lon_factor * self.scale
        y = MARGIN + (self.max_lat - latitude) * self.scale
        return round(x, 1), round(y, 1)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:.0f} {self.height:.0f}"


def _rings(geometry):
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


@cache
def _features():
    path = settings.REFERENCE_DATA_DIR / BOUNDARIES_FILE
    return json.loads(path.read_text(encoding="utf-8"))["features"]


@cache
def projection() -> Projection:
    points = [
        point for feature in _features() for ring in _rings(feature["geometry"]) for point in ring
    ]
    lons = [lon for lon, _ in points]
    lats = [lat for _, lat in points]
    lon_factor = math.cos(math.radians((min(lats) + max(lats)) / 2))
    scale = (WIDTH - 2 * MARGIN) / ((max(lons) - min(lons)) * lon_factor)
    height = (max(lats) - min(lats)) * scale + 2 * MARGIN
    return Projection(min(lons), max(lats), scale, lon_factor, WIDTH, height)


def project(latitude: float, longitude: float) -> tuple[float, float]:
    """SVG coordinates of a WGS84 position on the map of the départements."""
    return projection()(float(latitude), float(longitude))


@cache
def departements() -> tuple[Departement, ...]:
    project_point = projection()
    result = []
    for feature in _features():
        parts = []
        for ring in _rings(feature["geometry"]):
            xy = [project_point(lat, lon) for lon, lat in ring]
            parts.append("M" + " L".join(f"{x},{y}" for x, y in xy) + " Z")
        properties = feature["properties"]
        result.append(Departement(properties["code"], properties["nom"], " ".join(parts)))
    return tuple(sorted(result, key=lambda departement: departement.code))


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) between two WGS84 positions."""
    lat1, lon1, lat2, lon2 = map(math.radians, (float(lat1), float(lon1), float(lat2), float(lon2)))
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0088 * 2 * math.asin(math.sqrt(a))
