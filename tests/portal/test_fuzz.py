"""Property-based fuzzing of the public endpoints and forms: never a server error.

Hypothesis drives the Django test client in-process; the runs are derandomised so that CI
sees the same examples every time. Each test prints how many requests it made and which
statuses came back. The Elasticsearch run of the search API is tests/search/test_fuzz_es.py.
"""

import json
from collections import Counter
from urllib.parse import quote, quote_from_bytes, urlencode

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communication_kits.models import DocumentFormat
from portal.axes import Axis
from portal.factories import (
    MethodologySheetPageFactory,
    TerritoryFactory,
    TrainingNeedsSurveyPageFactory,
)
from search.documents import FACETS
from tests.communication_kits.conftest import download_url, form_data, make_template
from tests.communication_kits.conftest import personalise_url as personalise_path
from tests.support.surveys import QUESTIONS
from tests.training.conftest import answer_post
from training.models import SurveyAnswer

pytestmark = pytest.mark.django_db


def fuzz_settings(max_examples=150):
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# --- strategies ---------------------------------------------------------------------------

# Surrogates cannot be encoded in a request at all; raw bytes are fuzzed separately.
ANY_CHAR = st.characters(blacklist_categories=("Cs",))
FRAGMENTS = [
    '"', "'", "\\", "*", "?", "[", "]", "{", "}", "(", ")", ":", "~", "^", "!", "/", "-", "+",
    "&&", "||", " AND ", " OR ", " NOT ", "%", "_", "\x00", "\t", "\n", "😀", "🇫🇷", "é", "İ",
    "ß", "ﬁ", "\u202e", "\ufeff", "\u200b", "' OR 1=1 --", "'; DROP TABLE wagtailcore_page; --",
    '{"query": {"match_all": {}}}', '{"$where": "1"}', "<script>alert(1)</script>",
    "{{ x }}", "{% load x %}", "*:*", "title:(a OR b)", "a~2", '"unclosed', "/regex.*/",
]  # fmt: skip
fragments = st.lists(st.sampled_from(FRAGMENTS) | st.text(ANY_CHAR, max_size=4), max_size=25)
long_text = st.integers(min_value=200, max_value=20_000).flatmap(
    lambda n: st.sampled_from(["a", "é", "😀", "*", '"', "\\", "a "]).map(lambda c: c * n)
)
fuzz_text = st.one_of(st.text(ANY_CHAR, max_size=300), fragments.map("".join), long_text)
page_numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["", "0", "-1", "1.5", "1e3", "NaN", "inf", "٣", "²", " 2 "]),
    fuzz_text,
)
search_params = st.fixed_dictionaries(
    {"q": st.lists(fuzz_text, max_size=2)},
    optional={
        **{facet: st.lists(fuzz_text, max_size=4) for facet in FACETS},
        "page": st.lists(page_numbers, max_size=2),
        "sort": st.lists(st.sampled_from(["relevance", "date", "", "DATE", "-date"]) | fuzz_text),
        "unknown": st.lists(fuzz_text, max_size=2),
    },
)
raw_query_strings = st.binary(max_size=300).map(
    lambda raw: "q=" + quote_from_bytes(raw) + "&territory=" + quote_from_bytes(raw[::-1])
)

CONTRACT_KEYS = {"query", "engine", "total", "page", "pages", "results", "facets", "suggestion"}


class Statuses(Counter):
    def report(self, name):
        print(  # noqa: T201 - the figures this test reports
            f"\n[fuzz] {name}: {sum(self.values())} requests, statuses {dict(sorted(self.items()))}"
        )


def check_search_api(client, params, statuses, engine):
    response = client.get("/api/search/", params)
    statuses[response.status_code] += 1
    assert response.status_code in (200, 400), (params, response.status_code)
    body = json.loads(response.content)
    if response.status_code == 400:
        assert isinstance(body["error"], str) and body["error"].strip()
    else:
        assert CONTRACT_KEYS <= set(body)
        assert body["engine"] == engine
        assert isinstance(body["results"], list) and body["total"] >= len(body["results"])
        assert body["page"] >= 1
        if body["total"]:  # past the last page, the service answers the last one
            assert body["page"] <= body["pages"]


def check_search_api_raw(client, raw, statuses, engine):
    response = client.get("/api/search/", QUERY_STRING=raw)
    statuses[response.status_code] += 1
    assert response.status_code in (200, 400), (raw, response.status_code)
    assert "error" in json.loads(response.content) or response.status_code == 200


@pytest.fixture
def pages(site_tree, taxonomy):
    section = site_tree.section(Axis.KNOWLEDGE)
    for title in ("Cartographier les flux", "Mutualiser les déchets", "Réseau de chaleur"):
        MethodologySheetPageFactory(
            parent=section,
            title=title,
            territories=[taxonomy["territory"]],
            themes=[taxonomy["theme"]],
            tags=["flux", "chaleur"],
        )


@pytest.fixture
def database_engine(settings, pages):
    settings.ELASTICSEARCH_URL = ""
    return "database"


def test_search_api_never_fails(client, database_engine):
    statuses = Statuses()

    @fuzz_settings()
    @given(params=search_params)
    def run(params):
        check_search_api(client, params, statuses, database_engine)

    run()

    @fuzz_settings(50)
    @given(raw=raw_query_strings)
    def run_raw(raw):
        check_search_api_raw(client, raw, statuses, database_engine)

    run_raw()
    statuses.report("/api/search/ (database engine)")
    assert statuses[200] and statuses[400]


def test_suggest_api_never_fails(client, database_engine):
    statuses = Statuses()

    @fuzz_settings()
    @given(q=st.lists(fuzz_text, max_size=2))
    def run(q):
        response = client.get("/api/search/suggest/", {"q": q})
        statuses[response.status_code] += 1
        assert response.status_code == 200, (q, response.status_code)
        suggestions = json.loads(response.content)["suggestions"]
        assert all(set(s) == {"title", "url"} for s in suggestions)

    run()
    statuses.report("/api/search/suggest/")


def test_search_page_never_fails(client, database_engine):
    statuses = Statuses()

    @fuzz_settings()
    @given(params=search_params)
    def run(params):
        response = client.get("/recherche/", params)
        statuses[response.status_code] += 1
        assert response.status_code == 200, (params, response.status_code)
        assert b'<form class="search"' in response.content

    run()
    statuses.report("/recherche/")


# --- public forms ---------------------------------------------------------------------------

emails = st.one_of(st.emails().map(str), fuzz_text)


def form_errors(response):
    context = response.context
    form = context["form"] if context is not None and "form" in context else None
    return form.errors if form is not None else {}


def assert_errors_linked(response):
    """Each field error is shown next to its field, under an id its widget refers to."""
    errors = form_errors(response)
    assert errors, "an invalid submission must come with form errors"
    html = response.content.decode()
    form = response.context["form"]
    for name in errors:
        if name != "__all__":
            error_id = f"{form[name].auto_id}_error"
            assert f'id="{error_id}"' in html, name
            assert html.count(error_id) >= 2, f"no aria-describedby refers to {error_id}"


def test_newsletter_subscription_never_fails(client, taxonomy):
    statuses = Statuses()

    @fuzz_settings()
    @given(
        email=st.lists(emails, min_size=1, max_size=2),
        themes=st.lists(st.sampled_from([str(taxonomy["theme"].pk)]) | fuzz_text, max_size=3),
        website=st.sampled_from(["", ""]) | fuzz_text,
    )
    def run(email, themes, website):
        cache.clear()  # the rate limit counts posts per address
        response = client.post(
            "/veille/abonnement/", {"email": email, "themes": themes, "website": website}
        )
        statuses[response.status_code] += 1
        assert response.status_code in (200, 302, 400), response.status_code
        if response.status_code == 400:
            assert_errors_linked(response)

    run()
    statuses.report("/veille/abonnement/")
    assert statuses[302] and statuses[400]


def test_newsletter_out_of_range_theme_id_is_a_form_error(client):
    """Found by the fuzz: an id beyond 64 bits made the `__in` query fail on SQLite."""
    response = client.post(
        "/veille/abonnement/", {"email": "a@exemple.fr", "themes": [str(2**63), "-" + "9" * 30]}
    )
    assert response.status_code == 400
    assert "themes" in form_errors(response)
    assert_errors_linked(response)


def test_newsletter_rate_limit_answers_429(client):
    statuses = Counter(
        client.post("/veille/abonnement/", {"email": "pas-une-adresse"}).status_code
        for _ in range(8)
    )
    assert statuses[429] and not statuses[500]


def test_unsubscribe_and_confirm_links_never_fail(client):
    statuses = Statuses()

    @fuzz_settings(60)
    @given(token=fuzz_text.filter(bool).map(lambda text: quote(text, safe="")))
    def run(token):
        for path in (f"/veille/abonnement/confirmer/{token}/", f"/veille/desabonnement/{token}/"):
            for method in (client.get, client.post):
                response = method(path)
                statuses[response.status_code] += 1
                assert response.status_code in (200, 302, 400, 404, 405, 410), response.status_code

    run()
    statuses.report("confirmation and unsubscription links")


@pytest.fixture
def survey(site_tree, taxonomy):
    TerritoryFactory(name="Plateau d'exemple", slug="plateau-exemple")
    return TrainingNeedsSurveyPageFactory(
        parent=site_tree.section(Axis.TRAINING),
        title="Campagne 2025",
        form_fields=QUESTIONS,
        allow_anonymous=True,
    )


def test_survey_answer_form_never_fails(client, survey, settings):
    settings.TRAINING_RATE_LIMIT = (10, 60)
    statuses = Statuses()
    names = list(answer_post())
    invalid = [0]
    field_values = st.one_of(fuzz_text, st.lists(fuzz_text, max_size=3))

    @fuzz_settings()
    @given(
        overrides=st.dictionaries(
            st.sampled_from([*names, "vos_besoins__0", "vos_besoins__1", "vos_besoins__9"]),
            field_values,
            max_size=6,
        )
    )
    def run(overrides):
        cache.clear()
        response = client.post(survey.url, answer_post(**overrides))
        statuses[response.status_code] += 1
        assert response.status_code == 200, response.status_code
        if form_errors(response):
            assert_errors_linked(response)
            invalid[0] += 1

    run()
    statuses.report(f"survey {survey.url} ({invalid[0]} answers refused with form errors)")
    assert invalid[0] and SurveyAnswer.objects.filter(page=survey).exists()
    cache.clear()
    burst = Counter(client.post(survey.url, answer_post()).status_code for _ in range(12))
    assert burst[429] and not burst[500], burst


def test_communication_personalise_form_never_fails(client, site_tree):
    page = make_template(site_tree.section(Axis.COMMUNICATION), slug="communique-lancement")
    statuses = Statuses()
    keys = list(form_data())

    @fuzz_settings()
    @given(
        overrides=st.dictionaries(st.sampled_from(keys), fuzz_text, max_size=7),
        target=st.sampled_from(["preview", *DocumentFormat.values]),
    )
    def run(overrides, target):
        cache.clear()
        url = personalise_path(page) if target == "preview" else download_url(page, target)
        response = client.post(url, form_data(**overrides))
        statuses[response.status_code] += 1
        assert response.status_code in (200, 400, 429), (target, response.status_code)
        if response.status_code == 400:
            assert_errors_linked(response)
        elif target != "preview" and response.status_code == 200:
            assert response["Content-Disposition"].startswith("attachment;")

    run()
    statuses.report(f"personalise {personalise_path(page)}")
    assert statuses[200] and statuses[400]


def test_get_filters_of_public_pages_never_fail(client, site_tree, taxonomy):
    statuses = Statuses()
    params = st.dictionaries(
        st.sampled_from(
            ["territoire", "territory", "theme", "categorie", "category", "annee", "year",
             "page", "q", "indicateur", "format", "mois"]
        ),
        st.lists(fuzz_text, max_size=3),
        max_size=5,
    )  # fmt: skip
    urls = [
        "/veille/archives/",
        "/indicateurs/tableau-de-bord/",
        "/indicateurs/tableau-de-bord/export.csv",
        site_tree.section(Axis.KNOWLEDGE).url,
    ]

    @fuzz_settings()
    @given(url=st.sampled_from(urls), query=params)
    def run(url, query):
        response = client.get(url, query)
        statuses[response.status_code] += 1
        assert response.status_code in (200, 400), (url, query, response.status_code)

    run()
    statuses.report("GET filters of the archive, dashboard, exports and listings")


def test_search_alert_form_never_fails(client, pages, settings):
    settings.ELASTICSEARCH_URL = ""
    statuses = Statuses()

    @fuzz_settings()
    @given(
        query=search_params,
        values=st.fixed_dictionaries(
            {},
            optional={
                "email": emails,
                "label": fuzz_text,
                "frequency": st.sampled_from(["daily", "weekly", "monthly"]) | fuzz_text,
                "consent": st.sampled_from(["on", ""]) | fuzz_text,
            },
        ),
    )
    def run(query, values):
        cache.clear()
        url = "/veille/alertes/creer/?" + urlencode(query, doseq=True)
        for response in (client.get(url), client.post(url, values)):
            statuses[response.status_code] += 1
            assert response.status_code in (200, 302, 400), response.status_code
            if response.status_code == 400 and response.request["REQUEST_METHOD"] == "POST":
                assert form_errors(response) or response.context["empty"]

    run()
    statuses.report("/veille/alertes/creer/")
    assert statuses[400]
