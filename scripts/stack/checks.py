"""End-to-end and fault checks of the CI stack started by scripts/stack-test.sh.

Standard library only (runs with the host's python3 before any virtualenv exists). Every
check prints what it measured and exits non-zero on the first broken promise. Load loops
are bounded in count and time and only reach the stack through loopback.
"""

import ast
import json
import os
import random
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path

PROJECT = os.environ.get("PROJECT", "eit-portal-ci")
SITE = f"https://localhost:{os.environ.get('STACK_HTTPS_PORT', '8443')}"
SEARCH_LB = f"http://127.0.0.1:{os.environ.get('STACK_SEARCH_PORT', '9290')}"
CERT = "var/stack/site.crt"
HONEYPOT_FIELD = "site_web_confirmation"  # training.forms: must stay empty
failures = []


# --- plumbing -----------------------------------------------------------------------------
def container(service: str) -> str:
    return f"{PROJECT}_{service}_1"


def podman(*args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        ["podman", *args], input=stdin, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise RuntimeError(f"podman {' '.join(args)}: {done.stderr.strip()[-2000:]}")
    return done.stdout


def django(code: str):
    """Run `code` in the application (web container); it prints one JSON value."""
    out = podman("exec", "-i", container("web"), "python", "manage.py", "shell", stdin=code)
    return json.loads(out.strip().splitlines()[-1])


def tls_context() -> ssl.SSLContext:
    with open(CERT, "w") as cert:
        cert.write(podman("exec", container("proxy"), "cat", "/etc/haproxy/certs/site.crt"))
    return ssl.create_default_context(cafile=CERT)


CONTEXT = None


def fetch(path: str, *, data: bytes | None = None, opener=None, timeout: float = 10):
    """(status, body, seconds); status 0 when no HTTP answer came back."""
    # Django checks the Referer of a POST over HTTPS (CSRF), as a browser sends it.
    headers = {"Referer": SITE + path} if data else {}
    request = urllib.request.Request(SITE + path, data=data, headers=headers)  # noqa: S310
    started = time.monotonic()
    try:
        if opener:
            response = opener.open(request, timeout=timeout)
        else:
            response = urllib.request.urlopen(request, timeout=timeout, context=CONTEXT)  # noqa: S310
        with response:
            return response.status, response.read().decode(), time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), time.monotonic() - started
    except (urllib.error.URLError, OSError) as error:
        return 0, str(error), time.monotonic() - started


def search_api(q: str, **facets) -> dict | None:
    query = urllib.parse.urlencode({"q": q, **facets}, doseq=True)
    status, body, _ = fetch(f"/api/search/?{query}")
    return json.loads(body) if status == 200 else None


def cluster(path: str = "_cluster/health") -> dict:
    with urllib.request.urlopen(f"{SEARCH_LB}/{path}", timeout=10) as response:  # noqa: S310
        return json.loads(response.read())


def wait_green(limit: float = 120) -> float:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        try:
            health = cluster("_cluster/health?wait_for_status=green&wait_for_nodes=3&timeout=2s")
            if health["status"] == "green" and health["number_of_nodes"] == 3:
                return time.monotonic() - started
        except OSError:
            time.sleep(1)
    return -1


def check(name: str, ok: bool, measured: str) -> None:
    print(f"  [{'ok' if ok else 'FAILED'}] {name}: {measured}", flush=True)
    if not ok:
        failures.append(name)


def create_survey() -> str:
    """bench/survey_load.py's open anonymous survey (read without importing the bench)."""
    tree = ast.parse(Path("bench/survey_load.py").read_text())
    node = next(
        n for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == "CREATE_SURVEY"
    )
    return ast.literal_eval(node.value)


def token() -> str:
    return "verif" + "".join(random.choices("bcdfghjklmnpqrstvwxz", k=10))  # noqa: S311


def publish_with_tokens(tokens: list[str], pause: float = 0.0) -> list[dict]:
    """Publish one public knowledge page per token through Wagtail (revision → publish),
    the token in its title; the application's signals queue the index updates."""
    return django(f"""
import json, time
from portal.search_protocol import knowledge_page_models
pages = [p for m in knowledge_page_models() for p in m.objects.live().public().order_by("pk")]
done = []
for page, token in zip(pages, {tokens!r}):
    page.title = page.title.split(" · ")[0] + " · " + token
    page.save_revision().publish()
    done.append({{"id": page.pk, "url": page.url, "token": token, "at": time.time()}})
    time.sleep({pause})
print(json.dumps(done))
""")


def found(token_value: str) -> bool:
    answer = search_api(token_value)
    return bool(answer and answer["engine"] == "elasticsearch" and answer["total"] >= 1)


def elasticsearch_drift() -> dict:
    """Live public and private knowledge pages missing or stale in Elasticsearch."""
    return django("""
import json
from search import indexing
from search.engines import elasticsearch as es
drift = indexing.compare(indexing.live_versions(), es.indexed_versions())
print(json.dumps({"expected": drift.expected, "indexed": drift.indexed,
                  "missing": len(drift.missing), "stale": len(drift.stale)}))
""")


# --- end to end ---------------------------------------------------------------------------
QUEUE = """
import json
from django_tasks_db.models import DBTaskResult
print(json.dumps({s: DBTaskResult.objects.filter(status=s).count() for s in ("READY", "RUNNING")}))
"""


def wait_for_idle_queue(limit: float = 900) -> dict:
    """Wait until the worker has run every queued task (seed_demo queues hundreds)."""
    started = time.monotonic()
    queue = django(QUEUE)
    # RUNNING is not waited for: a task whose worker was killed stays RUNNING for ever.
    while queue["READY"] and time.monotonic() - started < limit:
        time.sleep(3)
        queue = django(QUEUE)
    time.sleep(2)  # the last task taken
    print(f"  task queue drained in {time.monotonic() - started:.0f} s: {json.dumps(queue)}")
    return queue


def end_to_end() -> None:
    print("End to end")
    wait_for_idle_queue()
    status, body, seconds = fetch("/")
    check("home page over HTTPS", status == 200 and "<html" in body, f"{status} in {seconds:.2f} s")
    answer = search_api("bois")
    check(
        "search answered by Elasticsearch",
        bool(answer and answer["engine"] == "elasticsearch" and answer["total"] > 0),
        f"engine={answer and answer['engine']} total={answer and answer['total']}",
    )
    status, body, _ = fetch("/healthz")
    search = json.loads(body)["checks"]["search"] if status == 200 else {}
    check(
        "/healthz green with three nodes",
        status == 200 and search.get("cluster") == "green" and search.get("nodes") == 3,
        f"{status} {json.dumps(search)}",
    )
    replicas = cluster("_cat/indices/eit-pages-*?format=json&h=index,rep,health")
    check(
        "one replica per shard",
        bool(replicas) and all(i["rep"] == "1" and i["health"] == "green" for i in replicas),
        json.dumps(replicas),
    )
    value = token()
    published = publish_with_tokens([value])[0]["at"]  # the clock is the host's
    while not found(value) and time.time() - published < 30:
        time.sleep(0.2)
    seconds = time.time() - published
    check("published page found by search", seconds < 10, f"{seconds:.1f} s after publish")


# --- faults -------------------------------------------------------------------------------
class Loop(threading.Thread):
    """Call `probe` every `every` seconds until stopped (bounded: at most `limit` calls)."""

    def __init__(self, probe, every: float, limit: int = 2000):
        super().__init__(daemon=True)
        self.probe, self.every, self.limit = probe, every, limit
        self.ok = self.failed = 0
        self.errors: list[str] = []
        self.halt = threading.Event()

    def run(self):
        while not self.halt.is_set() and self.ok + self.failed < self.limit:
            result = self.probe()
            if result is True:
                self.ok += 1
            else:
                self.failed += 1
                self.errors.append(str(result)[:200])
            self.halt.wait(self.every)

    def stop(self):
        self.halt.set()
        self.join()


def search_probe():
    """True when Elasticsearch answered; the database fallback counts as a failure here."""
    status, body, seconds = fetch("/api/search/?q=eau")
    if status != 200:
        return f"HTTP {status} after {seconds:.1f} s: {body[:80]}"
    engine = json.loads(body)["engine"]
    return True if engine == "elasticsearch" else f"engine={engine}"


def fault_search_node() -> None:
    print("Fault: one Elasticsearch node stopped while searches and publishes run")
    searches = Loop(search_probe, 0.1)
    searches.start()
    tokens = [token() for _ in range(12)]
    publisher = threading.Thread(target=lambda: publish_with_tokens(tokens, pause=1.0))
    publisher.start()
    time.sleep(2)
    stopped = time.monotonic()
    podman("stop", "-t", "10", container("es03"))
    time.sleep(8)
    health = cluster()
    print(f"  es03 stopped: cluster {health['status']}, {health['number_of_nodes']} nodes")
    podman("start", container("es03"))
    publisher.join()
    green = wait_green()
    searches.stop()
    deadline = time.monotonic() + 30
    missing = tokens
    while missing and time.monotonic() < deadline:
        missing = [t for t in missing if not found(t)]
        time.sleep(0.5)
    check(
        "0 failed searches",
        searches.failed == 0,
        f"{searches.ok} searches, {searches.failed} failed {searches.errors[:3]}",
    )
    check("0 lost index updates", not missing, f"{len(tokens) - len(missing)}/{len(tokens)} found")
    check(
        "cluster green again after the node returns",
        green >= 0,
        f"green {time.monotonic() - stopped:.0f} s after the stop, {green:.1f} s after restart",
    )


def fault_worker() -> None:
    print("Fault: the worker killed in the middle of index updates")
    tokens = [token() for _ in range(40)]
    podman("stop", "-t", "1", container("worker"))  # updates queue up meanwhile
    publish_with_tokens(tokens)
    orphans = django(QUEUE)["RUNNING"]  # tasks of workers killed before: RUNNING for ever
    podman("start", container("worker"))
    queue = django(QUEUE)
    started = time.monotonic()
    while queue["RUNNING"] <= orphans and time.monotonic() - started < 120:
        time.sleep(0.2)
        queue = django(QUEUE)
    podman("kill", "-s", "KILL", container("worker"))  # mid-task: no chance to finish
    print(f"  worker killed with the queue at {json.dumps(queue)}")
    podman("start", container("worker"))
    started = time.monotonic()
    queue = wait_for_idle_queue(300)
    drift = elasticsearch_drift()
    print(
        f"  restarted: queue {json.dumps(queue)} after {time.monotonic() - started:.0f} s, "
        f"index {json.dumps(drift)}"
    )
    if drift["missing"] or drift["stale"]:
        # django-tasks-db leaves the killed worker's task RUNNING: the scheduled
        # `search_index sync` (docs: every 15 minutes) finds the drift and repairs it.
        podman("exec", container("web"), "python", "manage.py", "search_index", "sync")
        drift = elasticsearch_drift()
        print(f"  after `search_index sync` (the scheduled job): {json.dumps(drift)}")
    found_tokens = sum(found(t) for t in tokens)
    check(
        "0 pages missing from the index after restart",
        drift["missing"] == 0 and drift["stale"] == 0 and found_tokens == len(tokens),
        f"{drift['indexed']} indexed for {drift['expected']} live pages, "
        f"{found_tokens}/{len(tokens)} published titles found",
    )


class FormFields(HTMLParser):
    """The survey form's fields, with a valid value for each (first choice, or text)."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self.in_form = False
        self.select = None
        self.radios: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "").lower() == "post":
            self.in_form = True
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind == "hidden":
                self.values[name] = a.get("value", "")
            elif kind in ("radio", "checkbox"):
                self.values.setdefault(name, a.get("value", "on"))
            elif kind == "number":
                self.values[name] = a.get("min") or "1"
            elif kind == "email":
                self.values[name] = "verif@example.org"
            elif kind == "date":
                self.values[name] = "2026-01-01"
            else:
                self.values[name] = "réponse"
        elif tag == "textarea" and name:
            self.values[name] = "réponse"
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and a.get("value"):
            self.values.setdefault(self.select, a["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "form":
            self.in_form = False


def fault_database_restart() -> None:
    print("Fault: PostgreSQL restarted while survey answers are posted")
    created = podman(
        "exec", "-i", container("web"), "python", "manage.py", "shell", stdin=create_survey()
    )
    survey = {
        "url": created.split("URL=")[1].split()[0],
        "id": int(created.split("PAGE=")[1].split()[0]),
    }
    jar = CookieJar()
    opener = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=CONTEXT), urllib.request.HTTPCookieProcessor(jar)
    )
    status, body, _ = fetch(survey["url"], opener=opener)
    fields = FormFields()
    fields.feed(body)
    honeypot = [n for n in fields.values if n == HONEYPOT_FIELD]
    text_field = next(n for n, v in fields.values.items() if v == "réponse" and n not in honeypot)
    for name in honeypot:
        fields.values[name] = ""
    markers = [token() for _ in range(8)]  # the survey rate limit is 10 posts a minute
    outcomes: dict[str, int] = {}
    recovered = {}

    def post(marker):
        values = {**fields.values, text_field: marker}
        data = urllib.parse.urlencode(values).encode()
        started = time.monotonic()
        while time.monotonic() - started < 30:  # a visitor retrying until it goes through
            status, _, _ = fetch(survey["url"], data=data, opener=opener)
            if status == 200:
                return 200
            time.sleep(0.5)
        return status

    for i, marker in enumerate(markers):
        if i == 3:
            podman("stop", "-t", "5", container("db"))
            time.sleep(2)
            podman("start", container("db"))
            back = time.monotonic()
            ready = ("exec", container("db"), "sh", "-c", "pg_isready -q; echo $?")
            while podman(*ready).strip() != "0":
                time.sleep(0.2)
            while fetch("/")[0] != 200 and time.monotonic() - back < 30:
                time.sleep(0.2)
            recovered["seconds"] = time.monotonic() - back
        outcomes[marker] = post(marker)
    stored = django(f"""
import json
from training.models import SurveyAnswer
markers = {markers!r}
answers = SurveyAnswer.objects.filter(page_id={survey["id"]})
texts = [json.dumps(a.form_data, ensure_ascii=False) for a in answers]
print(json.dumps({{m: sum(m in t for t in texts) for m in markers}}))
""")
    check(
        "web answers again within 10 s, not restarted",
        recovered.get("seconds", 99) <= 10,
        f"{recovered.get('seconds', -1):.1f} s after PostgreSQL accepted connections",
    )
    lost = [m for m in markers if stored[m] == 0]
    doubled = [m for m in markers if stored[m] > 1]
    check(
        "no survey answer lost or doubled",
        not lost and not doubled and all(s == 200 for s in outcomes.values()),
        f"{len(markers)} posted ({list(outcomes.values())}), stored once: "
        f"{sum(stored[m] == 1 for m in markers)}, lost {len(lost)}, doubled {len(doubled)}",
    )


def fault_web_container() -> None:
    print("Fault: one web container stopped behind the proxy")
    paths = ["/", "/recherche/?q=eau", "/healthz"]

    def get(i):
        status, _, seconds = fetch(paths[i % len(paths)])
        return status, seconds

    running = podman("inspect", "-f", "{{.State.Running}}", container("web2")).strip()
    check("both web containers up before the fault", running == "true", f"web2 running={running}")
    results = []
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(get, i) for i in range(60)]
        time.sleep(0.5)
        podman("stop", "-t", "10", container("web2"))
        futures += [pool.submit(get, i) for i in range(60, 240)]
        results = [f.result() for f in futures]
    podman("start", container("web2"))
    failed = [status for status, _ in results if status != 200]
    slowest = max(seconds for _, seconds in results)
    check(
        "idempotent GETs keep succeeding",
        not failed,
        f"{len(results)} GETs, {len(failed)} failed, slowest {slowest:.2f} s",
    )


def main() -> int:
    global CONTEXT
    CONTEXT = tls_context()
    end_to_end()
    fault_search_node()
    fault_worker()
    fault_database_restart()
    fault_web_container()
    if failures:
        print(f"FAILED: {', '.join(failures)}")
        return 1
    print("Every stack check passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
