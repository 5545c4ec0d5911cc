# Stage 1: a virtual environment with the site's packages, static files collected (hashed names,
# gzip and brotli copies for whitenoise) and the message catalogs compiled.
FROM python:3.11-slim-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
ENV PATH=/venv/bin:$PATH PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /venv
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install .
COPY . .
RUN DJANGO_STATIC_ROOT=/app/staticfiles python manage.py collectstatic --noinput -v0 \
    && python manage.py compilemessages --ignore=.venv -v0

# Stage 2: the slim runtime, run by an unprivileged user.
FROM python:3.11-slim-bookworm
RUN useradd --create-home --uid 10001 wzl
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_STATIC_ROOT=/app/staticfiles
COPY --from=build /venv /venv
COPY --from=build /app /app
WORKDIR /app
USER wzl
EXPOSE 8000
# Migrations and content are one-off commands (see README), not part of starting the server.
# gunicorn.conf.py: workers from the CPU count (GUNICORN_WORKERS caps them), timeouts, request
# limits, access log to standard output, no control socket.
CMD ["gunicorn", "-c", "gunicorn.conf.py", "wzl_site.wsgi"]
