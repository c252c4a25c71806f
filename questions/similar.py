"""Questions and pages like the one being asked, found by the portal's search service
(so each member sees only what they may)."""

from questions.search_source import SOURCE
from search import service
from search.service import SearchQuery

LIMIT = 5
KEYWORDS = 3  # when the whole title matches nothing, its longest words one by one


def similar_content(title: str, user) -> dict:
    """{"questions": [{title, url}], "pages": [{title, url, content_type_label}]}."""
    q = " ".join((title or "").split())[:200]
    if len(q) < 4:
        return {"questions": [], "pages": []}
    found = {"questions": {}, "pages": {}}
    for query in [q, *_keywords(q)]:
        response = service.search(SearchQuery(q=query, page_size=2 * LIMIT), user)
        for result in response.results:
            key = "questions" if result.content_type == SOURCE.key else "pages"
            found[key].setdefault(
                result.url,
                {"title": result.title, "url": result.url}
                if key == "questions"
                else {
                    "title": result.title,
                    "url": result.url,
                    "content_type_label": result.content_type_label,
                },
            )
        if len(found["questions"]) + len(found["pages"]) >= LIMIT:
            break
    return {key: list(values.values())[:LIMIT] for key, values in found.items()}


def _keywords(q: str) -> list[str]:
    """The title's longest words: the engines match every word of a query, and a question
    is similar when it shares its main words, not all of them."""
    words = {word.strip("?!.,;:«»()\"'’").lower() for word in q.split()}
    words = sorted((w for w in words if len(w) >= 5), key=lambda w: (-len(w), w))
    return words[:KEYWORDS]
