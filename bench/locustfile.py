"""Mixed visitor traffic for the load benchmark: run by bench/load.py, see its docstring.

Weights: page views 5 (home, sections and knowledge pages listed by /sitemap.xml),
search API with 1–3 facet values 3, search suggestions 2, HTML search page 1, survey
answer 1. At the start, one unfiltered search per query lists the facet values to pick
from. Requests are named by type (page, api/search, ...) so the statistics group them.
LOAD_SURVEY_URL is the path of an open anonymous survey (bench.survey_load.CREATE_SURVEY);
LOAD_REPORT, if set, is where the count of answers per search engine is written at the end.
"""

import json
import logging
import os
import random
import re
from collections import Counter
from urllib.parse import urlsplit

import requests
from locust import HttpUser, between, events, task

from bench.survey_load import CSRF

QUERIES = ["déchets", "énergie bois", "synergie", "chaleur fatale", "eau", "mutualisation"]
PREFIXES = sorted({query[:size] for query in QUERIES for size in (3, 4, 6)})
CONFIRMATION = "bien été enregistrées"

PAGES = []  # paths from the sitemap
FACET_VALUES = {}  # query -> [(facet, value)] from its unfiltered answer
ENGINES = Counter()  # "engine" of the search API answers

logger = logging.getLogger(__name__)


@events.test_start.add_listener
def discover(environment, **kwargs):
    host = environment.host
    try:
        sitemap = requests.get(host + "/sitemap.xml", timeout=60)
        sitemap.raise_for_status()
        paths = {urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap.text)}
        PAGES[:] = sorted(paths | {"/"})
        for query in QUERIES:
            answer = requests.get(host + "/api/search/", params={"q": query}, timeout=60)
            answer.raise_for_status()
            FACET_VALUES[query] = [
                (facet, value["value"])
                for facet, values in answer.json()["facets"].items()
                for value in values
                if value["count"]
            ]
    except (requests.RequestException, KeyError, ValueError) as error:
        logger.error("Discovery failed, stopping: %s", error)
        environment.process_exit_code = 2
        environment.runner.quit()


@events.test_stop.add_listener
def write_report(environment, **kwargs):
    path = os.environ.get("LOAD_REPORT")
    if path:
        with open(path, "w") as report:
            json.dump({"engines": ENGINES, "pages": len(PAGES)}, report)


def facet_params(query, most=3):
    choices = FACET_VALUES.get(query, [])
    return random.sample(choices, min(len(choices), random.randint(1, most)))


class Visitor(HttpUser):
    wait_time = between(0.5, 2.0)

    @task(5)
    def page(self):
        self.client.get(random.choice(PAGES), name="page")

    @task(3)
    def search_api(self):
        query = random.choice(QUERIES)
        params = [("q", query), *facet_params(query)]
        with self.client.get(
            "/api/search/", params=params, name="api/search", catch_response=True
        ) as response:
            try:
                data = response.json()
                ENGINES[data["engine"]] += 1
                if response.status_code != 200 or "results" not in data:
                    response.failure(f"HTTP {response.status_code}")
            except (ValueError, KeyError):
                response.failure(f"HTTP {response.status_code}, not the search JSON")

    @task(1)
    def search_page(self):
        query = random.choice(QUERIES)
        params = [("q", query), *facet_params(query, most=2)]
        self.client.get("/recherche/", params=params, name="recherche")

    @task(2)
    def suggest(self):
        with self.client.get(
            "/api/search/suggest/",
            params={"q": random.choice(PREFIXES)},
            name="api/search/suggest",
            catch_response=True,
        ) as response:
            try:
                if response.status_code != 200 or "suggestions" not in response.json():
                    response.failure(f"HTTP {response.status_code}")
            except ValueError:
                response.failure(f"HTTP {response.status_code}, not JSON")

    @task(1)
    def answer_survey(self):
        url = os.environ["LOAD_SURVEY_URL"]
        with self.client.get(url, name="survey form", catch_response=True) as form:
            match = CSRF.search(form.text)
            if form.status_code != 200 or not match:
                form.failure(f"HTTP {form.status_code}, no CSRF token")
                return
        data = {
            "csrfmiddlewaretoken": match.group(1),
            "besoins__0": str(random.randint(1, 5)),
            "besoins__1": "4",
            "besoins__2": "5",
            "format": random.choice(["Présentiel", "Distanciel"]),
            "jeton": f"locust-{random.getrandbits(64):016x}",
        }
        with self.client.post(
            url,
            data=data,
            headers={"Referer": self.host + url},
            name="survey post",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or CONFIRMATION not in response.text:
                response.failure(f"HTTP {response.status_code}, no confirmation")
