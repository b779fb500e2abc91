# syntax=docker/dockerfile:1
# The fairday image: `docker build -f deploy/docker/fairday.Dockerfile -t jobmatch-fairday .` from the repo root.
# The service Dockerfiles differ only in the service name and port, and the offer letters' fonts (tests/deploy checks it).

# Builder: a virtualenv holding jobmatch installed (not editable) with the fairday extra only.
FROM python:3.11-slim-bookworm AS builder
WORKDIR /src
RUN python -m venv /opt/venv
# Only what the fairday package needs: pyproject finds the packages that are present (shared, fairday).
COPY pyproject.toml constraints.txt ./
COPY shared ./shared
COPY services/fairday/fairday ./services/fairday/fairday
RUN /opt/venv/bin/pip install --no-cache-dir -c constraints.txt ".[fairday]"

# Fonts: Debian's Noto set, of which the runtime takes only the two families the offer letters use.
FROM python:3.11-slim-bookworm AS fonts
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-noto-core=20201225-1 \
    && rm -rf /var/lib/apt/lists/*

# Runtime: the venv (with the code installed in it), no compiler, no source tree, a non-root user.
FROM python:3.11-slim-bookworm AS runtime
RUN groupadd --system --gid 10001 jobmatch \
    && useradd --system --uid 10001 --gid jobmatch --home-dir /app --no-create-home jobmatch \
    && mkdir -p /app/var \
    && chown jobmatch:jobmatch /app/var \
    && chmod 0700 /app/var
COPY --from=builder /opt/venv /opt/venv
# Noto Sans Bengali and Noto Sans for the letters (fpdf2 opens them by path: no fontconfig), with their licence.
COPY --from=fonts /usr/share/fonts/truetype/noto/NotoSansBengali-*.ttf /usr/share/fonts/truetype/noto/NotoSans-*.ttf /usr/share/fonts/truetype/noto/
COPY --from=fonts /usr/share/doc/fonts-noto-core/copyright /usr/share/doc/fonts-noto-core/copyright
WORKDIR /app
# JOBMATCH_ENV=production is deliberately not set here: production mode is another change
# (it decides what it requires); set it in the deployment once that lands.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    JOBMATCH_VAR_DIR=/app/var \
    FAIRDAY_HOST=0.0.0.0 \
    FAIRDAY_PORT=8004
USER 10001:10001
EXPOSE 8004
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('FAIRDAY_PORT', '8004'), timeout=4)"]
CMD ["python", "-m", "fairday"]
