# The portal's application image: web, workers and beat all run from it (see docker-compose.yml).
# Build: docker build -t respondent-portal .

# --- Front-end packages (USWDS) from the npm lock file ------------------------------------------
FROM node:22-slim AS frontend
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --omit=dev --loglevel=error

# --- The application -----------------------------------------------------------------------------
FROM python:3.13-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORTAL_VAR_DIR=/app/var

# WeasyPrint needs Pango; letters need fonts; compilemessages needs gettext.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system portal && useradd --system --gid portal --home-dir /app portal
WORKDIR /app

COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

COPY --from=frontend /build/node_modules/@uswds /app/node_modules/@uswds
COPY . .

# Translations and static files are built into the image. The key below exists only for this build
# step (collectstatic needs settings to load); the running containers get theirs from the environment.
RUN SECRET_KEY=build-only-not-a-secret DJANGO_ENV=development \
       python manage.py compilemessages -v0 --ignore=node_modules \
    && SECRET_KEY=build-only-not-a-secret DJANGO_ENV=development \
       python manage.py collectstatic --noinput -v0 \
    && rm -f /app/var/secret_key \
    && mkdir -p /app/var && chown -R portal:portal /app/var

USER portal
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi", "--config", "python:portal.launch", "--bind", "0.0.0.0:8000", "--worker-class", "gthread", "--workers", "2", "--threads", "8", "--keep-alive", "75"]
