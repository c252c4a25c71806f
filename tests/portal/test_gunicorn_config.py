"""gunicorn.conf.py: every server of the portal restarts its workers one at a time."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def gunicorn_settings(*args) -> dict:
    """The settings gunicorn itself resolves from the project's root (--print-config)."""
    output = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-m", "gunicorn", "--print-config", *args, "portal.wsgi:application"],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=180,
    ).stdout  # fmt: skip
    pairs = (line.split("=", 1) for line in output.splitlines() if "=" in line)
    return {name.strip(): value.strip() for name, value in pairs}


def test_workers_restart_staggered_over_half_the_interval():
    settings = gunicorn_settings()
    assert settings["max_requests"] == "2000"
    # Three workers sharing an even load reach 2000 requests together: a jitter of 1000
    # spreads their restarts (it was 200, and every request stalled while they restarted).
    assert settings["max_requests_jitter"] == "1000"
    assert settings["timeout"] == "30"


def test_the_image_leaves_those_settings_to_the_file():
    command = [
        line for line in (ROOT / "Dockerfile").read_text().splitlines() if line.startswith("CMD")
    ]
    assert command and "max-requests" not in command[0] and "--timeout" not in command[0]
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert "gunicorn.conf.py" not in ignored
