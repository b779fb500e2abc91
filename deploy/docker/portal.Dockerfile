# syntax=docker/dockerfile:1
# The portal image: `docker build -f deploy/docker/portal.Dockerfile -t jobmatch-portal .` from the repo root.
# The service Dockerfiles differ only in the service name and port, and the offer letters' fonts (tests/deploy checks it).

# Builder: a virtualenv holding jobmatch installed (not editable) with the portal extra only.
FROM python:3.11-slim-bookworm AS builder
WORKDIR /src
RUN python -m venv /opt/venv
# Only what the portal package needs: pyproject finds the packages that are present (shared, portal).
COPY pyproject.toml constraints.txt ./
COPY shared ./shared
COPY services/portal/portal ./services/portal/portal
RUN /opt/venv/bin/pip install --no-cache-dir -c constraints.txt ".[portal]"

# Runtime: the venv (with the code installed in it), no compiler, no source tree, a non-root user.
FROM python:3.11-slim-bookworm AS runtime
RUN groupadd --system --gid 10001 jobmatch \
    && useradd --system --uid 10001 --gid jobmatch --home-dir /app --no-create-home jobmatch \
    && mkdir -p /app/var \
    && chown jobmatch:jobmatch /app/var \
    && chmod 0700 /app/var
COPY --from=builder /opt/venv /opt/venv
WORKDIR /app
# JOBMATCH_ENV=production is deliberately not set here: production mode is another change
# (it decides what it requires); set it in the deployment once that lands.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    JOBMATCH_VAR_DIR=/app/var \
    PORTAL_HOST=0.0.0.0 \
    PORTAL_PORT=8003
USER 10001:10001
EXPOSE 8003
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORTAL_PORT', '8003'), timeout=4)"]
CMD ["python", "-m", "portal"]
