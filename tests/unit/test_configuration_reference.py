"""README's "Configuration" tables name exactly the environment variables the code reads."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Everything that runs (services, the shared library, make up/demo, benchmarks); tests read their own.
SCANNED = ("services", "shared", "deploy", "benchmarks", "evaluation")
OUR_PREFIXES = ("JOBMATCH_", "INTAKE_", "MATCHER_", "NOTIFIER_", "PORTAL_", "FAIRDAY_")

# A name of ours as a whole string literal (reads, and constants such as DATA_DIR_VARIABLE).
LITERAL = re.compile(r"""["']((?:%s)[A-Z0-9_]+)["']""" % "|".join(OUR_PREFIXES))
# Any name read through os.environ, an environ mapping or one of the settings helpers.
READ = re.compile(
    r"""(?:\benviron\.get|\benv\.get|\bgetenv|\benv_int|\benv_float|\benv_secret|\b_env_bool|\b_base_url)\(\s*["']([A-Z][A-Z0-9_]+)["']"""
    r"""|\benviron\[\s*["']([A-Z][A-Z0-9_]+)["']\s*\]"""
    r"""|\(\s*environ,\s*["']([A-Z][A-Z0-9_]+)["']"""
)
# A name built at run time: f"{service.upper()}_DATABASE_URL", f"PORTAL_{name.upper()}_URL".
TEMPLATE = re.compile(r"""f["']([A-Z0-9_]*)\{[^}]*\}(_[A-Z0-9_]+)["']""")
SECRET = re.compile(r"""\benv_secret\(\s*f?["']([^"']+)["']""")

SERVICES = ("INTAKE", "MATCHER", "NOTIFIER", "FAIRDAY")
#: What each run-time name can be; a new template fails the test until it is listed here.
TEMPLATES = {
    ("", "_DATABASE_URL"): [f"{s}_DATABASE_URL" for s in SERVICES],
    ("", "_HOST"): [f"{s}_HOST" for s in (*SERVICES, "PORTAL")],
    ("", "_PORT"): [f"{s}_PORT" for s in (*SERVICES, "PORTAL")],
    ("PORTAL_", "_URL"): [f"PORTAL_{s}_URL" for s in ("INTAKE", "MATCHER", "NOTIFIER", "FAIRDAY")],
    ("", "_FILE"): [],  # the secrets' _FILE variants, checked below
}
#: Names in the code that are no settings: test servers, and variables set for child processes.
# WSGI's environ (REQUEST_METHOD, PATH_INFO, HTTP_* request headers) is read the same way, and is no setting.
NOT_SETTINGS = {"PYTHONPATH", "OMP_THREAD_LIMIT", "REQUEST_METHOD", "PATH_INFO", "QUERY_STRING", "REMOTE_ADDR"}
NOT_SETTINGS_PREFIXES = ("JOBMATCH_TEST_", "HTTP_")


def _sources() -> list[str]:
    return [path.read_text(encoding="utf-8") for root in SCANNED for path in sorted((ROOT / root).rglob("*.py"))]


def _secrets() -> set[str]:
    names = set()
    for source in _sources():
        for name in SECRET.findall(source):
            names.update(TEMPLATES[("", "_DATABASE_URL")] if name.endswith("}_DATABASE_URL") else [name])
    return names


def variables_in_code() -> set[str]:
    """Every environment variable the code reads, run-time names expanded, _FILE variants included."""
    names = set()
    for source in _sources():
        names.update(LITERAL.findall(source))
        names.update(name for groups in READ.findall(source) for name in groups if name)
        for template in TEMPLATE.findall(source):
            assert template in TEMPLATES, f"a variable name built as {template}: list what it can be in TEMPLATES"
            names.update(TEMPLATES[template])
    names.update(f"{name}_FILE" for name in _secrets())
    return {n for n in names if n not in NOT_SETTINGS and not n.startswith(NOT_SETTINGS_PREFIXES)}


def variables_in_readme() -> set[str]:
    """The backticked names in the first column of the tables in README's "Configuration" section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split(" | ", 1)[0]))
    return names


def test_every_variable_the_code_reads_is_in_the_readme():
    assert sorted(variables_in_code() - variables_in_readme()) == []


def test_every_variable_in_the_readme_is_read_by_the_code():
    assert sorted(variables_in_readme() - variables_in_code()) == []


def test_the_secrets_are_the_ones_operators_expect_to_give_as_files():
    assert _secrets() == {
        "JOBMATCH_ADMIN_TOKEN", "JOBMATCH_BROKER_URL", "INTAKE_DATABASE_URL", "MATCHER_DATABASE_URL",
        "NOTIFIER_DATABASE_URL", "FAIRDAY_DATABASE_URL", "INTAKE_RATE_LIMIT_STORAGE", "NOTIFIER_SMTP_URL", "NOTIFIER_SMS_API_TOKEN",
        "PORTAL_SECRET_KEY",
    }
