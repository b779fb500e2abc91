"""Bulk imports of a fair's CVs by the operator: upload a sheet (and a ZIP of files), then read the report."""

import csv
import io

from flask import abort, make_response, request
from marshmallow import ValidationError

from intake import imports
from intake.errors import UnknownFair
from intake.import_sheet import SheetRefused
from intake.response_schemas import ImportOut
from intake.routes.context import service
from intake.schemas import ImportUploadDoc
from intake.idempotency import idempotent
from shared.auth.principal import OPERATOR
from shared.http.access import allow
from shared.http.guards import body_limit
from shared.http.openapi import ApiBlueprint

bp = ApiBlueprint("imports", __name__, url_prefix="/api/v1", description="Bulk imports of a fair's CVs")


def _upload(name: str, required: bool) -> tuple[str, bytes] | None:
    files = request.files.getlist(name)
    if len(files) > 1:
        raise ValidationError({name: ["Send one file."]})
    if not files:
        if required:
            raise ValidationError({name: ["Missing: send the sheet as a file in the field 'sheet'."]})
        return None
    return files[0].filename or name, files[0].read()


@bp.post("/fairs/<fair_id>/imports")
@body_limit(lambda: service().config.max_import_bytes)
@idempotent
@allow(OPERATOR)
@bp.doc(requestBody={"required": True, "content": {"multipart/form-data": {"schema": ImportUploadDoc}}})
@bp.response(202, ImportOut)
def start_import(fair_id: str):
    """Start importing a sheet of CVs into a fair (202; GET the import for its per-row report)."""
    if request.mimetype != "multipart/form-data":
        raise ValidationError({"sheet": ["Send multipart/form-data with the sheet in the field 'sheet' (and a ZIP in 'files')."]})
    sheet_name, sheet = _upload("sheet", required=True)
    files = _upload("files", required=False)
    try:
        job = imports.start_import(service().engine, fair_id, sheet_name, sheet, files[1] if files else None)
    except SheetRefused as exc:
        raise ValidationError({"sheet": [str(exc)]}) from None
    except UnknownFair:
        abort(404, f"No fair with id {fair_id}.")
    service().imports.wake()
    return imports.import_report(service().engine, job["id"]), 202, {"Location": f"/api/v1/imports/{job['id']}"}


@bp.get("/imports/<import_id>")
@allow(OPERATOR)
@bp.response(200, ImportOut)
def get_import(import_id: str):
    """An import's progress and its report: each row accepted (with its CV), duplicate (with the existing CV) or rejected (why)."""
    report = imports.import_report(service().engine, import_id)
    if report is None:
        abort(404, f"No import with id {import_id}.")
    return report


@bp.get("/imports/<import_id>/report.csv")
@allow(OPERATOR)
@bp.response(200, description="The report as CSV: row, status, cv_id, reason", content_type="text/csv")
def import_report_csv(import_id: str):
    """The import's report as a CSV file for the organiser's spreadsheet."""
    report = imports.import_report(service().engine, import_id)
    if report is None:
        abort(404, f"No import with id {import_id}.")
    response = make_response(report_csv(report["rows"]))
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="import-{import_id}.csv"'
    return response


def report_csv(rows: list[dict]) -> str:
    """The report rows as CSV text with a header (UTF-8 with BOM so spreadsheet programs read Bengali right)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=("row", "status", "cv_id", "reason"), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
