"""The portal's Flask app: pages, their language, CSRF, cookies and safety headers."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from flask import Flask, g, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect

from portal.i18n import COOKIE, LANGUAGES, Translator, choose_language, day, number
from portal.identity import current_caller
from portal.pages import candidate, employer, fair_funnel, gate, interview, kiosk, organiser, public, stall
from portal.upstream import UpstreamDown
from shared.http.guards import install_request_guards
from shared.http.metrics import mount_metrics
from shared.http.request_log import install_request_observation

HERE = Path(__file__).parent
# Pages load nothing from elsewhere: fair venues often have no internet, and nothing may run but our own files.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def create_app(service) -> Flask:
    """The portal app for a wired ``PortalService``."""
    app = Flask("portal", template_folder=str(HERE / "templates"), static_folder=str(HERE / "static"))
    app.extensions["portal"] = service
    config = service.config
    app.config.update(
        SECRET_KEY=config.secret_key,
        SESSION_COOKIE_NAME="jobmatch_portal",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.secure_cookies,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        WTF_CSRF_CHECK_DEFAULT=False,
        WTF_CSRF_TIME_LIMIT=None,
    )
    install_request_guards(app, config.http)
    csrf = CSRFProtect(app)

    @app.before_request
    def _language_and_csrf():
        g.lang = choose_language(request)
        g.t = Translator(g.lang)
        # A form in a browser carries the session cookie, so it must carry the CSRF token too;
        # a script that sends its own Authorization header has no cookie to ride on.
        if request.method == "POST" and not request.headers.get("Authorization"):
            csrf.protect()

    @app.after_request
    def _headers(response):
        if request.args.get("lang") in LANGUAGES:
            response.set_cookie(COOKIE, request.args["lang"], max_age=365 * 24 * 3600, samesite="Lax",
                                secure=config.secure_cookies, httponly=True)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"  # a private link must not leak to other sites
        if not request.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"
            response.headers.setdefault("Content-Language", g.get("lang", "en"))
        return response

    @app.context_processor
    def _page_helpers():
        language = g.get("lang", "en")
        return {"t": g.get("t", Translator(language)), "lang": language, "caller": current_caller(),
                "num": lambda value: number(language, value), "day": lambda value: day(language, value),
                "switch_to": "en" if language == "bn" else "bn"}

    @app.errorhandler(UpstreamDown)
    def _down(exc):
        return render_template("message.html", title=g.t("error.unavailable"), text=g.t("error.unavailable_text")), 503

    @app.errorhandler(CSRFError)
    def _csrf(exc):
        return render_template("message.html", title=g.t("error.form_expired"), text=g.t("error.form_expired_text")), 400

    @app.errorhandler(404)
    def _missing(exc):
        return render_template("message.html", title=g.t("error.not_found"), text=g.t("error.not_found_text")), 404

    @app.errorhandler(413)
    def _too_big(exc):
        return render_template("message.html", title=g.t("error.too_big"), text=g.t("error.too_big_text")), 413

    for module in (public, kiosk, candidate, employer, organiser, gate, stall, interview, fair_funnel):
        app.register_blueprint(module.bp)
    install_request_observation(app, service.registry)
    mount_metrics(app, service.registry)
    return app
