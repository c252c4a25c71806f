"""page_links: the one pagination, Django's elided page range with addresses."""

from django.core.paginator import Paginator

from portal.pagination import page_links, request_page_links


def url_for(number):
    return f"?page={number}"


def numbers(pagination):
    return [link.get("number", "…") for link in pagination["links"]]


def test_one_page_needs_no_links():
    assert page_links(1, 1, url_for) == {}
    assert page_links(1, 0, url_for) == {}


def test_few_pages_are_all_linked_with_the_current_one_marked():
    pagination = page_links(2, 3, url_for)
    assert numbers(pagination) == [1, 2, 3]
    assert [link["current"] for link in pagination["links"]] == [False, True, False]
    assert pagination["previous_url"] == "?page=1"
    assert pagination["next_url"] == "?page=3"


def test_many_pages_are_elided_around_the_current_one():
    pagination = page_links(10, 20, url_for)
    assert numbers(pagination) == [1, "…", 8, 9, 10, 11, 12, "…", 20]
    assert pagination["links"][2]["url"] == "?page=8"


def test_ends_have_no_previous_or_next():
    assert page_links(1, 5, url_for)["previous_url"] is None
    assert page_links(5, 5, url_for)["next_url"] is None
    assert page_links(99, 5, url_for)["next_url"] is None


def test_request_page_links_keep_the_filters(rf):
    request = rf.get("/veille/archives/", {"theme": "eau", "page": "2"})
    page_obj = Paginator(range(30), 12).get_page(2)
    pagination = request_page_links(request, page_obj)
    assert pagination["previous_url"] == "?theme=eau&page=1"
    assert pagination["next_url"] == "?theme=eau&page=3"
    assert [link["current"] for link in pagination["links"]] == [False, True, False]
