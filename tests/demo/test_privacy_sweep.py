"""Privacy sweep: on the seeded demo plus our own restricted content, an anonymous visitor
never meets a members-only page or document, in any output the portal produces.

Every restricted object carries a marker word starting with "zorblax", written "ZorblaxXxx"
in the content; the sweep fails as soon as "zorblax" shows up where it should not. The search
part runs here on the database engine; test_privacy_sweep_es.py runs it on the real
Elasticsearch. Both add their content on the package's seeded demo (tests/demo/conftest.py).
"""

import json
import re
import time
from collections import Counter, deque
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urldefrag, urlencode, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from portal import factories
from portal.axes import Axis
from portal.models import SectionPage, StandardPage, Theme
from portal.roles import MEMBERS_GROUP
from portal.search_protocol import knowledge_page_models
from tests.support.pdf import minimal_pdf
from veille.models import SavedSearch

LEAK = "zorblax"
SUGGEST_PREFIXES = ["zorb", "Zorblax", "zorblaxr", "ZORBLAX"]
# Markers of pages a network member may see (group restrictions).
MEMBER_MARKERS = {
    "capitalisation.ExperienceFeedbackPage": "ZorblaxRex",
    "capitalisation.MethodologySheetPage": "ZorblaxFiche",
    "capitalisation.IndicatorGuidePage": "ZorblaxGuide",
    "veille.MonitoringDigestPage": "ZorblaxVeille",
    "training.TrainingNeedsSurveyPage": "ZorblaxEnquete",
    "communication_kits.CommunicationTemplatePage": "ZorblaxModele",
}
INHERITED_MARKER = "ZorblaxHeritage"  # a knowledge page under a members-only parent
# Markers nobody sees through the search: a password, a draft, a newer unpublished revision.
HIDDEN_MARKERS = {"password": "ZorblaxSecret", "draft": "ZorblaxBrouillon"}
DRAFT_REVISION_MARKER = "ZorblaxRevision"
DOCUMENT_MARKER = "ZorblaxDocument"
ITEM_MARKER = "ZorblaxBreve"
YEAR_IN_PATH = re.compile(r"/(?:19|20)\d\d/")
FACETS_CHECKED = ("axis", "content_type", "territory", "theme", "tag", "audience", "year")


def restricted_fields(marker):
    return {
        "title": f"{marker} réservé aux membres",
        "slug": f"{marker.lower()}-reserve",
        "summary": f"Résumé confidentiel {marker}.",
        "body": [("markdown", f"Le contenu **{marker}** ne doit jamais sortir du réseau.")],
        "tags": [marker, "balayage"],
    }


def restrict_to_members(page, members):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(members)


def build_restricted_content():
    """Our own restricted content, on top of the seeded demo (whatever the demo holds)."""
    members = Group.objects.get(name=MEMBERS_GROUP)
    sections = {section.axis: section for section in SectionPage.objects.all()}
    theme = Theme.objects.create(name="Thème réservé au balayage", slug="theme-balayage")
    pages = {}
    for type_name, marker in MEMBER_MARKERS.items():
        factory = factories.KNOWLEDGE_PAGE_FACTORIES[type_name]
        model = factory._meta.model
        extra = {"items": [{"title": f"Brève {ITEM_MARKER}", "status": "published"}]}
        page = factory(
            parent=sections[model.axis],
            themes=[theme],
            **restricted_fields(marker),
            **(extra if type_name == "veille.MonitoringDigestPage" else {}),
        )
        restrict_to_members(page, members)
        pages[marker] = page

    knowledge = sections[Axis.KNOWLEDGE]
    secret = factories.MethodologySheetPageFactory(
        parent=knowledge, themes=[theme], **restricted_fields(HIDDEN_MARKERS["password"])
    )
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="sesame-zorblax"
    )
    pages[HIDDEN_MARKERS["password"]] = secret
    pages[HIDDEN_MARKERS["draft"]] = factories.MethodologySheetPageFactory(
        parent=knowledge, themes=[theme], live=False, **restricted_fields(HIDDEN_MARKERS["draft"])
    )

    # Wagtail's tree API does not enforce subpage_types: what matters here is that the
    # restriction of an ancestor reaches the page, in the views and in the index.
    space = StandardPage(
        title="Espace ZorblaxParent des membres", slug="zorblaxparent-espace", body=[]
    )
    sections[Axis.TRANSVERSAL].add_child(instance=space)
    space.save_revision().publish()
    restrict_to_members(space, members)
    pages["ZorblaxParent"] = space
    pages[INHERITED_MARKER] = factories.MethodologySheetPageFactory(
        parent=space, themes=[theme], **restricted_fields(INHERITED_MARKER)
    )

    # A members-only document (collection restriction) attached to a public page, and a
    # public page whose newer, unpublished revision must stay unseen.
    collection = Collection.get_first_root_node().add_child(name="Documents des membres")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(members)
    document = get_document_model()(title=f"Compte rendu {DOCUMENT_MARKER}", collection=collection)
    document.file.save(
        f"{DOCUMENT_MARKER.lower()}.pdf",
        ContentFile(minimal_pdf([f"Texte confidentiel {DOCUMENT_MARKER}"])),
        save=False,
    )
    document.save()
    public_page = factories.MethodologySheetPageFactory(
        parent=knowledge,
        title="Fiche publique avec une pièce jointe réservée",
        slug="fiche-publique-piece-jointe",
        themes=[theme],  # shares theme and tag with the restricted pages: "Voir aussi" bait
        tags=["balayage"],
        attachments=[document],
        body=[{"type": "document", "value": {"document": document.pk, "title": ""}}],
    )
    revision_page = factories.ExperienceFeedbackPageFactory(
        parent=knowledge,
        title="Retour d'expérience public",
        slug="rex-public-brouillon",
        themes=[theme],
    )
    revision_page.title = f"{DRAFT_REVISION_MARKER} titre en cours de rédaction"
    revision_page.summary = f"Résumé en cours {DRAFT_REVISION_MARKER}."
    revision_page.save_revision()  # not published
    return {
        "pages": pages,
        "document": document,
        "public_page": public_page,
        "revision_page": revision_page,
        "theme": theme,
        "members": members,
    }


# --- the module's data: seeded once, rolled back at the end ---------------------------------


def add_restricted_content(media_root):
    """Our restricted content and a member, on the seeded demo, in the module's savepoint
    (`module_transaction`), its files in `media_root`; the database engine's index rebuilt."""
    started = time.monotonic()
    with override_settings(MEDIA_ROOT=media_root):
        content = build_restricted_content()
        member = factories.UserFactory(username="membre-zorblax")
        member.groups.add(content["members"])
        content["member"] = member
        # what waits for a commit that never comes here (questions index on commit)
        call_command("search_index", "rebuild", stdout=StringIO())
    print(  # noqa: T201 - the figures this test reports
        f"\n[privacy] own restricted content {time.monotonic() - started:.1f} s"
    )
    return content


@pytest.fixture(scope="module")
def seeded(seeded_demo, module_transaction, demo_media):
    return add_restricted_content(demo_media)


@pytest.fixture
def data(seeded, demo_media, settings):
    settings.MEDIA_ROOT = demo_media
    settings.ELASTICSEARCH_URL = ""
    return seeded


# --- helpers shared with the Elasticsearch variant ------------------------------------------


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action") and value:
                self.hrefs.append(value)


def internal_links(html):
    parser = Links()
    parser.feed(html)
    links = []
    for href in parser.hrefs:
        href, _ = urldefrag(href.strip())
        parts = urlsplit(href)
        if parts.scheme in ("", "http", "https") and parts.netloc in ("", "testserver"):
            if parts.path.startswith("/"):
                links.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


def text_of(response):
    content = getattr(response, "content", None)
    if content is None:
        content = b"".join(response.streaming_content)
    return content.decode("utf-8", errors="replace")


def assert_no_leak(label, text):
    position = text.lower().find(LEAK)
    assert position == -1, (
        f"{label} leaks restricted content: …{text[position - 80 : position + 80]}…"
    )


def restricted_urls(data):
    return {page.url for page in data["pages"].values() if page.url} | {
        f"/{page.slug}/" for page in data["pages"].values()
    }


def is_html(response):
    return response.get("Content-Type", "").startswith("text/html")


def variant_key(link):
    """Links that only differ by their query string or by a year in their path (each yearly
    report links the three years before it, down to 1990) are variants of one page."""
    path = urlsplit(link).path
    key = YEAR_IN_PATH.sub("/<année>/", path)
    return key if "?" in link or key != path else None


def crawl(client, start="/", limit=800):
    """Breadth-first over every internal link; variants of one page (`variant_key`) capped.

    Returns {url: status}; every visited response is checked for the leak marker.
    """
    seen, queue, statuses, variants = {start}, deque([start]), {}, Counter()
    while queue and len(statuses) < limit:
        url = queue.popleft()
        response = client.get(url)
        statuses[url] = response.status_code
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        body = text_of(response)
        assert_no_leak(url, body)
        if response.status_code != 200 or not is_html(response):
            continue
        for link in internal_links(body):
            path = urlsplit(link).path
            if link in seen or path.startswith(("/admin/", "/django-admin/", "/static/")):
                continue
            key = variant_key(link)
            if key is not None:
                variants[key] += 1
                if variants[key] > 6:
                    continue
            seen.add(link)
            queue.append(link)
    return statuses


def api_get(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, (path, params, response.status_code)
    return response.json()


def search_everything(client):
    """Every result of the empty query, page after page, and the first page's facets."""
    first = api_get(client, "/api/search/")
    results = list(first["results"])
    for number in range(2, first["pages"] + 1):
        results += api_get(client, "/api/search/", page=number)["results"]
    assert len(results) == first["total"]
    return first, results


def question_urls(user):
    """The questions to the network `user` may read (a searchable kind beside the pages)."""
    from questions.models import Question

    return {question.get_absolute_url() for question in Question.objects.visible_to(user)}


def expected_public_urls():
    return {
        page.url
        for model in knowledge_page_models()
        for page in model.objects.live().public()
        if page.url
    } | question_urls(None)


def expected_member_urls(member):
    """Live knowledge pages outside any password-restricted subtree."""
    pages = Page.objects.live().type(*knowledge_page_models())
    for restriction in PageViewRestriction.objects.filter(
        restriction_type=PageViewRestriction.PASSWORD
    ).select_related("page"):
        pages = pages.not_descendant_of(restriction.page, inclusive=True)
    return {page.url for page in pages} | question_urls(member)


def check_facets_match_results(first, results):
    """Each facet value counts exactly the visible results that carry it."""
    expected = {
        "axis": Counter(r["axis"] for r in results),
        "content_type": Counter(r["content_type"] for r in results),
        "territory": Counter(t["slug"] for r in results for t in r["territories"]),
        "theme": Counter(t["slug"] for r in results for t in r["themes"]),
        "tag": Counter(tag for r in results for tag in r["tags"]),
    }
    checked = 0
    for facet, counts in expected.items():
        shown = {value["value"]: value["count"] for value in first["facets"].get(facet, [])}
        assert shown == dict(counts), f"facet {facet}: {shown} != {dict(counts)}"
        checked += len(shown)
    for facet in ("audience", "year"):
        for value in first["facets"].get(facet, []):
            assert 0 < value["count"] <= first["total"], (facet, value)
            checked += 1
    assert sum(v["count"] for v in first["facets"].get("year", [])) <= first["total"]
    return checked


def markers_in(data, hidden=True):
    markers = [*MEMBER_MARKERS.values(), INHERITED_MARKER]
    return markers + ([*HIDDEN_MARKERS.values(), DRAFT_REVISION_MARKER] if hidden else [])


def check_search_as_anonymous(client, data, engine):
    """The search outputs (HTML, API, facets, suggestions) of an anonymous visitor."""
    outputs = 0
    first, results = search_everything(client)
    assert first["engine"] == engine
    urls = {r["url"] for r in results}
    assert urls == expected_public_urls(), "the anonymous search must list exactly the public pages"
    assert not urls & restricted_urls(data)
    assert_no_leak("/api/search/ (all)", json.dumps(results) + json.dumps(first["facets"]))
    facets_checked = check_facets_match_results(first, results)
    outputs += first["pages"]

    words = [m.lower() for m in markers_in(data)] + [DOCUMENT_MARKER.lower(), ITEM_MARKER.lower()]
    for word in words:
        body = api_get(client, "/api/search/", q=word)
        assert body["total"] == 0 and body["results"] == [], f"/api/search/?q={word}"
        assert all(v["count"] == 0 for values in body["facets"].values() for v in values)
        assert_no_leak(f"/api/search/?q={word}", json.dumps({**body, "query": ""}))
        filtered = api_get(client, "/api/search/", tag=word)
        assert filtered["total"] == 0, f"/api/search/?tag={word}"
        html = text_of(client.get("/recherche/", {"q": word}))
        assert_no_leak(f"/recherche/?q={word}", html.replace(word, ""))
        html = text_of(client.get("/recherche/", {"theme": "theme-balayage", "q": word}))
        assert_no_leak(f"/recherche/?theme=…&q={word}", html.replace(word, ""))
        outputs += 5
    html = text_of(client.get("/recherche/"))
    assert_no_leak("/recherche/", html)
    shared = api_get(client, "/api/search/", theme="theme-balayage")
    assert {r["url"] for r in shared["results"]} == {
        data["public_page"].url,
        data["revision_page"].url,
    }, "the theme shared with restricted pages lists the public ones only"
    assert_no_leak("/api/search/?theme=…", json.dumps(shared))
    for prefix in SUGGEST_PREFIXES + ["réserv", "Compte rendu", "Brève"]:
        body = api_get(client, "/api/search/suggest/", q=prefix)
        assert_no_leak(f"/api/search/suggest/?q={prefix}", json.dumps(body))
        outputs += 1
    return {"outputs": outputs, "facet values": facets_checked, "visible results": len(results)}


def check_search_as_member(client, data, engine):
    """Sanity check that the sweep can fail: a member does find the members-only pages."""
    for marker in markers_in(data, hidden=False):
        body = api_get(client, "/api/search/", q=marker.lower())
        assert body["engine"] == engine
        titles = [r["title"] for r in body["results"]]
        assert titles == [f"{marker} réservé aux membres"], (marker, titles)
        assert marker in text_of(client.get("/recherche/", {"q": marker.lower()}))
    for marker in [*HIDDEN_MARKERS.values(), DRAFT_REVISION_MARKER]:
        assert api_get(client, "/api/search/", q=marker.lower())["total"] == 0, marker
    suggestions = api_get(client, "/api/search/suggest/", q="Zorblax")["suggestions"]
    assert len(suggestions) == min(8, len(markers_in(data, hidden=False)))
    first, results = search_everything(client)
    tags = {v["value"] for v in first["facets"]["tag"]}
    assert set(MEMBER_MARKERS.values()) <= tags
    assert {r["url"] for r in results} == expected_member_urls(data["member"])


# --- the sweep --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_visitor_never_meets_restricted_content(data, client):
    statuses = crawl(client)
    crawled = len(statuses)
    assert crawled > 60, f"only {crawled} URLs crawled"
    for url in restricted_urls(data):
        assert statuses.get(url) in (None, 302, 403, 404), (url, statuses.get(url))
        assert url not in statuses or statuses[url] != 200
    figures = check_search_as_anonymous(client, data, "database")
    outputs = figures["outputs"]

    # Restricted pages themselves: login redirect, password form or 404; never their content.
    for marker, page in data["pages"].items():
        response = client.get(page.url or f"/{page.slug}/")
        assert response.status_code in (200, 302, 404), (marker, response.status_code)
        if response.status_code == 200:  # the password form
            assert marker == HIDDEN_MARKERS["password"]
            assert 'name="password"' in text_of(response)
        assert_no_leak(f"restricted page {marker}", text_of(response).replace(page.url or "", ""))
        outputs += 1
    response = client.get(data["revision_page"].url)
    assert response.status_code == 200
    assert_no_leak("public page with a newer draft", text_of(response))

    # Documents: the restricted file itself, and the public page that lists attachments.
    document = data["document"]
    response = client.get(document.url)
    assert response.status_code in (302, 403), response.status_code
    assert b"Texte confidentiel" not in response.content
    assert_no_leak(
        "public page with a restricted attachment", text_of(client.get(data["public_page"].url))
    )
    outputs += 3

    # Feeds (and by theme), sitemap.
    feed_urls = ["/veille/rss/", "/veille/atom/", "/sitemap.xml"]
    feed_urls += [f"/veille/{kind}/?theme=theme-balayage" for kind in ("rss", "atom")]
    feed_urls += [
        f"/veille/{kind}/?theme={t.slug}" for kind in ("rss", "atom") for t in Theme.objects.all()
    ]
    for url in feed_urls:
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        assert_no_leak(url, text_of(response).replace("theme-balayage", ""))
        outputs += 1

    # Search alerts' feeds (saved searches aimed at the restricted content).
    for word in [m.lower() for m in markers_in(data)] + [DOCUMENT_MARKER.lower()]:
        for querystring in (f"q={word}", f"q={word}&theme=theme-balayage", f"tag={word}"):
            alert = SavedSearch.objects.create(
                email="veille@exemple.fr",
                querystring=querystring,
                label="Alerte de balayage",
                confirmed_at=timezone.now(),
            )
            response = client.get(f"/veille/alertes/{alert.public_id}/rss/")
            assert response.status_code == 200
            if querystring.startswith("q="):
                assert "<item>" not in text_of(response), querystring
            assert_no_leak(f"alert feed {querystring}", text_of(response).replace(word, ""))
            outputs += 1

    # Wagtail API: searches, types, children, detail of every restricted page.
    api_urls = [f"/api/v2/pages/?{urlencode({'search': m.lower()})}" for m in markers_in(data)]
    api_urls += [
        f"/api/v2/pages/?type={m._meta.app_label}.{m.__name__}&fields=*&limit=100"
        for m in knowledge_page_models()
    ]
    api_urls += ["/api/v2/pages/?limit=100&fields=*", "/api/v2/pages/?type=portal.StandardPage"]
    api_urls += [f"/api/v2/pages/?child_of={data['pages']['ZorblaxParent'].pk}"]
    for url in api_urls:
        response = client.get(url)
        assert response.status_code in (200, 400), (url, response.status_code)
        assert_no_leak(url, text_of(response).replace(urlsplit(url).query, ""))
        outputs += 1
    for page in data["pages"].values():
        assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404, page.title
        outputs += 1
    assert client.get("/api/v2/documents/").status_code == 404  # no documents endpoint
    for url in ("/membres/", "/membres/connexion/", "/recherche/?theme=theme-balayage"):
        response = client.get(url)
        assert response.status_code < 500, url
        assert_no_leak(url, text_of(response).replace("theme-balayage", ""))
        outputs += 1
    for url in ("/indicateurs/tableau-de-bord/export.csv", "/indicateurs/tableau-de-bord/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_leak(url, text_of(response))
        outputs += 1
    print(  # noqa: T201 - the figures this test reports
        f"\n[privacy/database] {crawled} URLs crawled, {outputs} other outputs checked, "
        f"{figures['facet values']} facet values compared with "
        f"{figures['visible results']} visible results"
    )


@pytest.mark.django_db
def test_network_member_finds_the_members_only_pages(data):
    client = Client()
    client.force_login(data["member"])
    check_search_as_member(client, data, "database")
    for marker in MEMBER_MARKERS.values():
        response = client.get(data["pages"][marker].url)
        assert response.status_code == 200 and marker in text_of(response)
    assert client.get(data["document"].url).status_code == 200
    shown = text_of(client.get(data["public_page"].url))
    assert shown.count(f"Compte rendu {DOCUMENT_MARKER}") == 2  # attachment and body block
    see_also = shown.split("Voir aussi", 1)[-1]
    assert any(f"{m} réservé aux membres" in see_also for m in MEMBER_MARKERS.values()), (
        "a member's « Voir aussi » offers the members-only pages sharing the theme"
    )
    anonymous = Client()
    assert anonymous.get(data["pages"][INHERITED_MARKER].url).status_code == 302
