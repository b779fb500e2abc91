"""Each service's OpenAPI 3 contract, generated from its marshmallow schemas, and its docs page.

``make_api(app, title=..., description=...)`` serves the document at ``/api/v1/openapi.json``
and a Swagger UI page at ``/api/v1/docs`` whose scripts and styles come from this process (the
``swagger-ui-bundle`` package), never from a CDN: fair venues often have no internet.

Routes are declared on ``ApiBlueprint``: ``@bp.arguments(Schema)`` reads and validates the body
or query (JSON through ``SafeJsonParser``), ``@bp.response(status, Schema)`` writes and documents
the answer. Every operation documents its errors as ``default``: an RFC 9457 problem
(``application/problem+json``), which is what ``register_problem_handlers`` sends for each of
them, so the document and the answers cannot disagree on error bodies.
"""

from __future__ import annotations

import http

import flask
import swagger_ui_bundle
from flask_smorest import Api, Blueprint
from flask_smorest.utils import prepare_response
from marshmallow import Schema, fields

from shared.http.problems import PROBLEM_CONTENT_TYPE
from shared.http.request_body import SafeJsonParser

OPENAPI_PREFIX = "/api/v1"
DOCS_ASSETS = f"{OPENAPI_PREFIX}/docs/assets"


class ProblemSchema(Schema):
    """An RFC 9457 problem: what went wrong, and for validation errors each bad field."""

    type = fields.String(metadata={"description": "Always about:blank"})
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    errors = fields.Dict(metadata={"description": "Each invalid field with its messages"})


class ApiBlueprint(Blueprint):
    """A flask-smorest blueprint whose JSON bodies are read safely (see ``request_body``)."""

    ARGUMENTS_PARSER = SafeJsonParser()


class ServiceApi(Api):
    """flask-smorest's Api documenting errors as problem+json and leaving errors to our handlers."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self):
        """Errors are answered by ``register_problem_handlers``, not flask-smorest's JSON."""

    def _register_responses(self):
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_CONTENT_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "An error, as an RFC 9457 problem", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_CONTENT_TYPE)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)


def make_api(app: flask.Flask, *, title: str, description: str) -> ServiceApi:
    """Attach the OpenAPI document and the local docs page to ``app``; register blueprints on it."""
    app.config.update(
        API_TITLE=title,
        API_VERSION="1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=OPENAPI_PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL=f"{DOCS_ASSETS}/",
    )
    api = ServiceApi(app, spec_kwargs={"info": {"description": description}})
    api.spec.components.security_scheme(
        "bearerAuth",
        {
            "type": "http",
            "scheme": "bearer",
            "description": "The operator's JOBMATCH_ADMIN_TOKEN, an employer's API key or a candidate's token",
        },
    )
    app.register_blueprint(
        flask.Blueprint(
            "api-docs-assets", __name__, static_folder=swagger_ui_bundle.swagger_ui_path, static_url_path=DOCS_ASSETS
        )
    )
    return api
