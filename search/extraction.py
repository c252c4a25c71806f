"""Plain text from attached documents (PDF, DOCX, ODT), for full-text search.

Extraction never raises: a broken or unsupported file gives an empty string and a log
line. The text is capped so that one huge report cannot bloat the index.
"""

import io
import logging
from functools import lru_cache

import docx
from odf import teletype, text
from odf.opendocument import load
from pypdf import PdfReader
from wagtail.documents import get_document_model

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_TEXT_CHARS = 100_000
MAX_PDF_PAGES = 200


def _pdf_text(data: bytes) -> str:

    reader = PdfReader(io.BytesIO(data))
    parts, size = [], 0
    for page in reader.pages[:MAX_PDF_PAGES]:
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
        if size >= MAX_TEXT_CHARS:
            break
    return "\n".join(parts)


def _docx_text(data: bytes) -> str:

    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _odt_text(data: bytes) -> str:

    document = load(io.BytesIO(data))
    elements = document.getElementsByType(text.H) + document.getElementsByType(text.P)
    return "\n".join(teletype.extractText(element) for element in elements)


EXTRACTORS = {"pdf": _pdf_text, "docx": _docx_text, "odt": _odt_text}


def extract_bytes(data: bytes, extension: str) -> str:
    """Text of a document given its bytes and extension; '' when it cannot be read."""
    extractor = EXTRACTORS.get(extension.lower().lstrip("."))
    if extractor is None or not data or len(data) > MAX_FILE_BYTES:
        return ""
    try:
        text = extractor(data)
    except Exception:  # noqa: BLE001 - any broken file must not stop indexing
        logger.warning("Could not extract text from a .%s document", extension, exc_info=True)
        return ""
    return " ".join(text.split())[:MAX_TEXT_CHARS]


@lru_cache(maxsize=512)
def _cached_document_text(document_id: int, file_name: str, file_hash: str, extension: str) -> str:

    try:
        document = get_document_model().objects.get(pk=document_id)
        if document.file.size > MAX_FILE_BYTES:
            logger.info("Document %s is too large to index its text", document_id)
            return ""
        with document.open_file() as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except Exception:  # noqa: BLE001 - a missing file must not stop indexing
        logger.warning("Could not read document %s", document_id, exc_info=True)
        return ""
    return extract_bytes(data, extension)


def document_text(document) -> str:
    """Text of a Wagtail document, cached by id, file and hash within the process."""
    extension = (document.file_extension or "").lower()
    if extension not in EXTRACTORS:
        return ""
    return _cached_document_text(
        document.pk, document.file.name, document.file_hash or "", extension
    )
