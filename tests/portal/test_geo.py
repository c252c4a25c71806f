"""The map of the départements: ten paths from the shipped boundaries, positions inside."""

import pytest

from portal import geo


def test_the_ten_departements_of_grand_est_are_drawn():
    departements = geo.departements()
    assert [d.code for d in departements] == [
        "08", "10", "51", "52", "54", "55", "57", "67", "68", "88",
    ]  # fmt: skip
    assert all(d.path.startswith("M") and d.path.endswith("Z") for d in departements)


def test_positions_fall_inside_the_drawing_and_keep_their_orientation():
    width, height = geo.projection().width, geo.projection().height
    strasbourg = geo.project(48.5734, 7.7521)
    reims = geo.project(49.2583, 4.0317)
    for x, y in (strasbourg, reims):
        assert 0 < x < width and 0 < y < height
    assert strasbourg[0] > reims[0]  # east is right
    assert strasbourg[1] > reims[1]  # south is down


def test_distance_between_two_cities_is_the_great_circle_distance():
    # Strasbourg – Metz is about 130 km as the crow flies.
    assert geo.distance_km(48.5734, 7.7521, 49.1193, 6.1757) == pytest.approx(130, abs=5)
    assert geo.distance_km(48.0, 7.0, 48.0, 7.0) == 0
