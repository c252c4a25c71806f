"""A section page costs the same number of queries with 3 or 15 children."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.axes import Axis
from portal.factories import ExperienceFeedbackPageFactory, MethodologySheetPageFactory

pytestmark = pytest.mark.django_db


def section_queries(client, section):
    client.get(section.url)  # warm caches (site root paths, content types)
    with CaptureQueriesContext(connection) as context:
        response = client.get(section.url)
    assert response.status_code == 200
    return len(context.captured_queries)


def add_children(section, number, taxonomy):
    for index in range(number):
        factory_class = ExperienceFeedbackPageFactory if index % 2 else MethodologySheetPageFactory
        factory_class(
            parent=section,
            themes=[taxonomy["theme"]],
            territories=[taxonomy["territory"]],
            tags=["bois", f"étiquette {index}"],
        )


def test_listing_query_count_does_not_grow_with_children(client, site_tree, taxonomy):
    section = site_tree.section(Axis.KNOWLEDGE)
    add_children(section, 3, taxonomy)
    with_three = section_queries(client, section)
    add_children(section, 12, taxonomy)
    with_fifteen = section_queries(client, section)
    assert with_fifteen == with_three
