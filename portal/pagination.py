"""The links of a paginated listing, from Django's elided page range: one pagination for
section pages, the search page and collections."""

from django.core.paginator import Paginator


def page_links(number, num_pages, url_for, on_each_side=2, on_ends=1) -> dict:
    """`{"links": [...], "previous_url", "next_url"}` for page `number` of `num_pages`;
    each link is `{"number", "url", "current"}` or `{"ellipsis": True}`; `url_for(n)` gives
    the address of page n. Empty when everything fits on one page."""
    if num_pages <= 1:
        return {}
    number = max(1, min(number, num_pages))
    paginator = Paginator(range(num_pages), 1)
    links = [
        {"ellipsis": True}
        if n == paginator.ELLIPSIS
        else {"number": n, "url": url_for(n), "current": n == number}
        for n in paginator.get_elided_page_range(number, on_each_side=on_each_side, on_ends=on_ends)
    ]
    return {
        "links": links,
        "previous_url": url_for(number - 1) if number > 1 else None,
        "next_url": url_for(number + 1) if number < num_pages else None,
    }


def request_page_links(request, page_obj) -> dict:
    """`page_links` of a Django paginator page; each link keeps the request's other
    parameters (filters) and changes `page` only."""

    def url_for(number):
        params = request.GET.copy()
        params["page"] = number
        return "?" + params.urlencode()

    return page_links(page_obj.number, page_obj.paginator.num_pages, url_for)
