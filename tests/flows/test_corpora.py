"""The outside corpora (Big List of Naughty Strings, MIT; OWASP XSS filter-evasion
payloads, CC BY-SA 4.0; formula injections), vendored under tests/fixtures/, driven
through the flows import, the portal's forms and the exports: never a 500, French
errors, no control character stored, no live formula exported, nothing unescaped."""

import csv
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from flows.forms import IntroductionForm, SynergyIdeaForm
from flows.importing import Reference, RowErrors, clean_row, import_flows
from flows.models import Flow, Synergy
from flows.spreadsheet import HEADERS
from tests.flows.test_import import row
from tests.support.xss_corpus import FORMULAS, NAUGHTY_STRINGS, OWASP_XSS, every_payload

pytestmark = pytest.mark.django_db

BASE = dict(zip(HEADERS, row().split(";"), strict=True))
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
ACCEPTED_ERRORS = ("contenu refusé", "texte trop long", "valeur obligatoire manquante")


def corpus_csv(payloads):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADERS)
    for number, payload in enumerate(payloads):
        values = dict(BASE, reference=f"C-{number}", entreprise=payload, designation=payload)
        writer.writerow([values[h] for h in HEADERS])
    return buffer.getvalue().encode("utf-8")


def test_the_corpora_are_vendored_with_their_licences():
    from tests.support.xss_corpus import FIXTURES

    assert "MIT" in (FIXTURES / "naughty_strings/LICENSE").read_text()
    assert "CC BY-SA 4.0" in (FIXTURES / "owasp_xss/LICENSE").read_text()
    assert len(NAUGHTY_STRINGS) > 200 and len(OWASP_XSS) > 90 and FORMULAS


def test_every_payload_through_the_import_the_pages_and_the_exports(client, network):
    payloads = [p for p in every_payload() if p.strip()]
    reference = Reference()
    kept = []
    for payload in payloads:  # each row's verdict, as the import gives it
        try:
            clean_row(dict(BASE, entreprise=payload, designation=payload), reference, None)
        except RowErrors as error:
            for _column, message in error.args[0]:
                assert message.startswith(ACCEPTED_ERRORS), message
            continue
        kept.append(payload)
    assert len(kept) > 250
    refused = import_flows("corpus.csv", corpus_csv(payloads))
    assert refused.error_count == 2 * (len(payloads) - len(kept)) or not refused.ok
    assert Flow.objects.count() == 0
    report = import_flows("corpus.csv", corpus_csv(kept))
    assert report.ok, report.error_lines()[:5]
    for flow in Flow.objects.select_related("establishment"):
        assert not CONTROLS.search(flow.designation + flow.establishment.name)

    client.force_login(network.animator)
    for fmt in ("csv", "xlsx"):
        response = client.get(f"/flux/export.{fmt}")
        assert response.status_code == 200
        if fmt == "csv":
            text = response.content.decode("utf-8-sig")
            cells = [c for r in csv.reader(io.StringIO(text), delimiter=";") for c in r]
        else:
            sheet = load_workbook(io.BytesIO(response.content)).active
            cells = [c for r in sheet.iter_rows(values_only=True) for c in r]
        texts = [c for c in cells if isinstance(c, str)]
        assert not [c for c in texts if c.startswith(FORMULA_START)]
        assert not [c for c in texts if CONTROLS.search(c)]

    page = client.get("/flux/?page=1")
    assert page.status_code == 200
    html = page.content.decode()
    for payload in kept:
        if re.search(r"<[a-zA-Z!/?]", payload):
            assert payload not in html, payload
    some = Flow.objects.filter(designation__contains="<").first()
    detail = client.get(f"/flux/{some.pk}/")
    assert detail.status_code == 200 and some.designation not in detail.content.decode()


def test_every_payload_through_the_forms(client, network, register):
    for payload in every_payload():
        introduction = IntroductionForm({"message": payload or "x"})
        if introduction.is_valid():
            assert not CONTROLS.search(introduction.cleaned_data["message"].replace("\t", ""))
        idea = SynergyIdeaForm(
            {"title": payload[:200] or "x", "synergy_type": "substitution", "description": payload}
        )
        if idea.is_valid():
            assert not CONTROLS.search(idea.cleaned_data["title"])
        else:
            assert all(isinstance(m, str) for m in idea.errors.get("title", []))


def test_owasp_payloads_as_workshop_ideas_are_escaped_and_documents_written(
    client, network, register
):
    client.force_login(network.facilitator)
    sites = [register["foundry"].pk, register["sawmill"].pk]
    for payload in OWASP_XSS[:40]:
        response = client.post(
            "/flux/atelier/",
            {"establishments": sites, "title": payload[:200], "synergy_type": "substitution"},
        )
        assert response.status_code in (200, 302)
    assert Synergy.objects.count() >= 30
    listing = client.get("/flux/synergies/").content.decode()
    for synergy in Synergy.objects.filter(title__contains="<"):
        assert synergy.title not in listing
    query = "&".join(f"establishments={pk}" for pk in sites)
    docx = client.get(f"/flux/atelier/?{query}&format=docx")
    assert docx.status_code == 200 and zipfile.is_zipfile(io.BytesIO(docx.content))
