"""The monitoring tests use the loopback HTTP and SMTP servers of tests/conftest.py."""
