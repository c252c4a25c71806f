#!/usr/bin/env python
"""`make screenshots`: a PNG of every page type, for each role (anonyme, membre,
membre-autre-territoire, animation), at 1280 px and 375 px, in var/screenshots/portal/
(<role>/<width>/<page>.png), so that a reviewer sees the portal without starting it.

It runs the browser sweep (tests/browser/seen/test_sweep.py) on a fresh test database
seeded with the demo, in Debian's Chromium; the sweep's findings are printed as usual and
the screenshots are written whatever they are."""

import os
import shutil
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
OUTPUT = BASE_DIR / "var" / "screenshots" / "portal"


def main(argv):
    shutil.rmtree(OUTPUT, ignore_errors=True)
    OUTPUT.mkdir(parents=True)
    os.environ["PORTAL_SCREENSHOTS_DIR"] = str(OUTPUT)
    os.chdir(BASE_DIR)
    status = pytest.main(
        ["tests/browser/seen/test_sweep.py", "-q", "-p", "no:cacheprovider", *argv]
    )
    count = len(list(OUTPUT.glob("*/*/*.png")))
    print(f"{count} captures d'écran dans {OUTPUT.relative_to(BASE_DIR)}/")  # noqa: T201
    return 0 if count else int(status) or 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
