"""What the navigation offers beyond the axis sections: the apps' entries of the main
navigation (NAVIGATION_LINKS hook) and the groups of links of the members' area
(MEMBER_AREA hook), each function deciding for whom its links are."""

from wagtail import hooks

from portal.hooks import MEMBER_AREA, NAVIGATION_LINKS


def _collected(name, request):
    entries = [entry for fn in hooks.get_hooks(name) if (entry := fn(request))]
    return sorted(entries, key=lambda entry: entry["order"])


def navigation_links(request):
    """[{order, title, url, current}] after the sections; `current` is "page" on the entry's
    own URL, "true" below it, "" elsewhere."""
    links = [{"order": 10, "title": "Territoires", "url": "/territoires/"}]
    links += _collected(NAVIGATION_LINKS, request)
    links.sort(key=lambda entry: entry["order"])
    path = request.path
    for link in links:
        url = link["url"]
        link["current"] = "page" if path == url else "true" if path.startswith(url) else ""
    return links


def member_area_groups(request):
    return _collected(MEMBER_AREA, request)
