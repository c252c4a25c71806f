"""The project's system checks pass and no migration is missing."""

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_system_checks_pass():
    call_command("check", stdout=StringIO())


def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())
