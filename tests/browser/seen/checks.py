"""What a person would notice on a page, read from Chromium: console errors, page errors,
failed requests, SVG numbers the browser rejects, input values it cannot show, sideways
scroll. Each check returns a list of French-free, plain problem strings (empty: all well)."""

from urllib.parse import urljoin, urlsplit

# SVG attributes that hold one number (a length may carry a unit).
SVG_NUMBER_ATTRIBUTES = [
    "x",
    "y",
    "x1",
    "x2",
    "y1",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "width",
    "height",
    "dx",
    "dy",
    "stroke-width",
    "font-size",
    "opacity",
    "fill-opacity",
]


class Watcher:
    """Listens to a page: console errors, uncaught exceptions, failed sub-requests."""

    def __init__(self, page):
        self.page = page
        self.problems = []
        self.documents = 0  # pages left so far (`leave`)
        self.issued_in = {}  # request → the page it was issued on
        page.on("request", self._request)
        page.on("requestfinished", lambda request: self.issued_in.pop(request, None))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)

    def _console(self, message):
        if message.type == "error":
            text = message.text
            location = message.location.get("url", "")
            if "Failed to load resource" in text and self._is_document(location):
                return  # the document's own status is checked by the sweep itself
            self.problems.append(f"console error: {text} ({location})")

    def _is_document(self, url):
        return urlsplit(url).path == urlsplit(self.page.url).path

    def leave(self):
        """Called before going to another page: what the page still loads (a favicon is
        fetched after `load`) may be cancelled by the navigation, which is no failure."""
        self.documents += 1

    def _request(self, request):
        self.issued_in[request] = self.documents

    def _request_failed(self, request):
        issued_in = self.issued_in.pop(request, self.documents)
        if request.failure and "ERR_ABORTED" in request.failure:
            if request.is_navigation_request():
                return  # a download link or a navigation replaced by another
            if issued_in < self.documents:
                return  # cancelled as we left its page
        self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response):
        if response.status >= 400 and not response.request.is_navigation_request():
            self.problems.append(f"{response.status} on {response.url}")

    def take(self):
        problems, self.problems = self.problems, []
        return problems


def svg_problems(page):
    """SVG numbers written in a way the browser rejects (e.g. the French "168,6")."""
    return page.evaluate(
        r"""(names) => {
            const one = /[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.source;
            const number = new RegExp(`^${one}(px|%|em|pt)?$`);
            const list = new RegExp("^" + one + "(([\\s,]+|(?=[-+]))" + one + ")*$");
            const found = [];
            for (const el of document.querySelectorAll("svg, svg *")) {
                for (const name of names) {
                    const value = el.getAttribute(name);
                    if (value !== null && !number.test(value.trim())) {
                        found.push(`<${el.tagName} ${name}="${value}">`);
                    }
                }
                const box = el.getAttribute("viewBox");
                const parts = box === null ? [] : box.trim().split(/[\s,]+/);
                if (box !== null && (!list.test(box.trim()) || parts.length !== 4)) {
                    found.push(`<${el.tagName} viewBox="${box}">`);
                }
                const points = el.getAttribute("points");
                if (points !== null && points.trim() && !list.test(points.trim())) {
                    found.push(`<${el.tagName} points="${points}">`);
                }
            }
            return found.slice(0, 10);
        }""",
        SVG_NUMBER_ATTRIBUTES,
    )


def input_problems(page):
    """Number and date inputs whose value attribute the browser cannot show (so a save
    would send nothing back)."""
    return page.evaluate(
        """() => {
            const found = [];
            for (const input of document.querySelectorAll("input[type=number], input[type=date]")) {
                const raw = input.getAttribute("value");
                if (raw && raw.trim() && input.value === "") {
                    found.push(`<input type=${input.type} name=${input.name} value="${raw}">`);
                }
            }
            return found;
        }"""
    )


def sideways_scroll(page):
    """A problem string when the page is wider than the window (None otherwise)."""
    width, viewport, offenders = page.evaluate(
        """() => {
            const width = window.innerWidth;
            const offenders = [...document.querySelectorAll("body *")]
                .filter((el) => el.getBoundingClientRect().right > width + 0.5)
                .filter((el) => !el.closest(".table-scroll"))
                .slice(0, 5)
                .map((el) => {
                    const names = typeof el.className === "string" ? el.className : "";
                    const classes = names ? "." + names.split(" ").join(".") : "";
                    return el.tagName.toLowerCase() + classes;
                });
            return [document.documentElement.scrollWidth, width, offenders];
        }"""
    )
    if width > viewport:
        return f"scrolls sideways: {width} px in {viewport} px ({', '.join(offenders)})"
    return None


def footer_overlap(page):
    """A problem string when something of the main content is drawn over the footer."""
    offenders = page.evaluate(
        """() => {
            const footer = document.querySelector(".site-footer");
            if (!footer) return [];
            const top = footer.getBoundingClientRect().top;
            return [...document.querySelectorAll("main *")]
                .filter((el) => !el.closest("[aria-hidden=true], .visually-hidden"))
                .filter((el) => {
                    const box = el.getBoundingClientRect();
                    const drawn = box.width > 1 && box.height > 1 && box.right > 0;
                    return drawn && box.bottom > top + 0.5;
                })
                .slice(0, 5)
                .map((el) => {
                    const names = typeof el.className === "string" ? el.className : "";
                    const classes = names ? "." + names.split(" ").join(".") : "";
                    const bottom = Math.round(el.getBoundingClientRect().bottom);
                    return `${el.tagName.toLowerCase()}${classes} ends at ${bottom} px`;
                });
        }"""
    )
    if offenders:
        return f"main content drawn over the footer: {', '.join(offenders)}"
    return None


def same_site_links(page):
    """The distinct same-site links of the page (path and query, no fragment)."""
    hrefs = page.eval_on_selector_all(
        "a[href]:not([href^='mailto:']):not([href^='tel:'])",
        "(links) => links.map((a) => a.href)",
    )
    origin = urlsplit(page.url)
    links = set()
    for href in hrefs:
        parts = urlsplit(urljoin(page.url, href))
        if parts.scheme in {"http", "https"} and parts.netloc == origin.netloc:
            links.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


# Stored values of choices, never meant to be read ("dechets" for "Déchets").
RAW_CHOICE_VALUES = (
    r"(?<![-\w])(dechets|matieres|energie|en_fonctionnement|en_cours|abandonnee|arretee)(?![-\w])"
)


def text_problems(page):
    """What a reader notices in the text: raw choice values, "de" before a vowel ("de
    Abattoir" for "d'Abattoir"), links whose address carries accents."""
    return page.evaluate(
        r"""(raw) => {
            const found = [];
            const main = document.querySelector("main");
            const text = main ? main.innerText : "";
            for (const match of text.matchAll(new RegExp(raw, "g"))) {
                found.push(`raw choice value "${match[0]}"`);
            }
            const elision = /(^|[\s(«])([Dd]e [AEIOUYÉÈÊÀÂÎÔÛŒ][\wéèêàâîôûç'-]*)/g;
            for (const match of text.matchAll(elision)) {
                found.push(`no elision: "${match[2]}"`);
            }
            for (const a of document.querySelectorAll("a[href]")) {
                const href = a.getAttribute("href");
                const path = href.split(/[?#]/)[0];
                if (/[^\x00-\x7f]|%[c-fC-F][0-9a-fA-F]/.test(path)) {
                    found.push(`accented address ${href}`);
                }
            }
            return [...new Set(found)].slice(0, 10);
        }""",
        RAW_CHOICE_VALUES,
    )
