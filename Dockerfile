# The portal's image: gunicorn serves the site (the default command); the same image runs
# the task worker (`python manage.py db_worker`) and one-off commands (migrate, rebuild).
# Build: docker build -t eit-portal .   Full stack: see docker-compose.yml and docs/deployment.md.
# BASE_IMAGE: any Python 3.11 image with pip on PATH (the CI builds one locally, no registry).
ARG BASE_IMAGE=python:3.11-slim
FROM ${BASE_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=portal.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/var/lib/portal/media \
    PORT=8000

RUN groupadd --system --gid 10001 portal \
    && useradd --system --uid 10001 --gid portal --home-dir /app --shell /usr/sbin/nologin portal

WORKDIR /app

# Dependencies first: this layer is rebuilt only when the lock file changes; the wheel
# cache survives between builds (BuildKit / buildah cache mount) and stays out of the image.
COPY requirements.lock ./
RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.lock

COPY --chown=portal:portal . .

# Static files are part of the image (whitenoise serves them, hashed and compressed).
# collectstatic reads the settings but needs neither the database nor the real secret.
RUN SECRET_KEY=collectstatic-only-not-used-at-runtime python manage.py collectstatic --no-input -v0 \
    && mkdir -p /var/lib/portal/media \
    && chown -R portal:portal /var/lib/portal /app/staticfiles

USER portal
EXPOSE 8000

# /healthz answers 200 while the database answers (search may be degraded), 503 otherwise.
# It is exempt from the HTTPS redirect; the Host header must be one of ALLOWED_HOSTS.
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 CMD \
    python -c "import os, urllib.request as r; host = os.environ.get('HEALTHCHECK_HOST') or os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0].lstrip('.'); r.urlopen(r.Request('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), headers={'Host': host}), timeout=4)"

# WEB_CONCURRENCY sets the number of gunicorn workers (gunicorn reads it), 3 by default here.
# The rest of gunicorn's settings (workers restarted one at a time: max_requests and its
# jitter, timeout, logs) are in gunicorn.conf.py, which gunicorn reads from /app.
CMD ["sh", "-c", "exec gunicorn portal.wsgi:application --bind 0.0.0.0:${PORT}"]
