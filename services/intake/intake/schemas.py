"""Request schemas: what intake accepts, strictly (unknown fields are rejected)."""

from __future__ import annotations

from marshmallow import RAISE, Schema, ValidationError, fields, post_load, pre_load, validate, validates, validates_schema

from flask_smorest.fields import Upload

from shared.http.fields import BoundedList, EmailAddress, Text
from shared.phone import InvalidPhoneNumber, normalise_bd_phone
from shared.text.digits import to_ascii_digits
from shared.places import DIVISIONS, canonical_division, resolve_place
from shared.vocabulary import EDUCATION_LEVELS, LANGUAGES, POLICIES, canonical_language, canonical_level

MAX_CV_TEXT = 100_000
MAX_DESCRIPTION = 20_000


def _skills():
    return BoundedList(Text(max_length=100), max_items=50, load_default=list)


def _optional(max_length: int):
    return Text(max_length=max_length, load_default=None, allow_none=True)


class _StrictSchema(Schema):
    class Meta:
        unknown = RAISE

    @pre_load
    def _strip_strings(self, data, **kwargs):
        if not isinstance(data, dict):
            return data
        return {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}


class FairIn(_StrictSchema):
    """A job fair."""

    name = Text(required=True, max_length=200)
    division = Text(required=True, max_length=40)
    venue = _optional(300)
    starts_on = fields.Date(load_default=None, allow_none=True)
    ends_on = fields.Date(load_default=None, allow_none=True)

    @validates("division")
    def _known_division(self, value, **kwargs):
        if canonical_division(value) is None:
            raise ValidationError(f"Unknown division; use one of: {', '.join(DIVISIONS)}.")

    @validates_schema
    def _dates_in_order(self, data, **kwargs):
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            raise ValidationError("Must not be before starts_on.", field_name="ends_on")


_POLICY = {"load_default": None, "allow_none": True, "validate": validate.OneOf(POLICIES)}


class _Partial:
    """Mixin: every field optional and none filled in by default (a PATCH body)."""

    def __init__(self, **kwargs):
        super().__init__(partial=True, **kwargs)


class PostingContent(_StrictSchema):
    """A vacancy's content, with optional constraints on location, languages and education."""

    fair_id = _optional(36)
    title = Text(required=True, max_length=200)
    description = Text(required=True, max_length=MAX_DESCRIPTION, multiline=True)
    skills = _skills()
    location = _optional(100)
    # Where the employer sits at the fair ("12", "B-4"): told to candidates in their digest.
    stall = _optional(20)
    location_policy = fields.String(**_POLICY)
    required_languages = BoundedList(Text(max_length=40), max_items=10, load_default=list)
    language_policy = fields.String(**_POLICY)
    min_education = _optional(40)
    education_policy = fields.String(**_POLICY)

    @validates("required_languages")
    def _known_languages(self, value, **kwargs):
        unknown = [v for v in value if canonical_language(v) is None]
        if unknown:
            raise ValidationError(f"Unknown language(s) {unknown}; use one of: {', '.join(LANGUAGES)}.")

    @validates("min_education")
    def _known_level(self, value, **kwargs):
        if value is not None and canonical_level(value) is None:
            raise ValidationError(f"Unknown level; use one of: {', '.join(EDUCATION_LEVELS)}.")

    @validates_schema
    def _location_to_check(self, data, **kwargs):
        if data.get("location_policy") in ("prefer", "require"):
            if not data.get("location") or resolve_place(data["location"]) is None:
                raise ValidationError(
                    "A location policy needs the posting's location as a district or division of Bangladesh.",
                    field_name="location",
                )

    @post_load
    def _canonical_names(self, data, **kwargs):
        if "required_languages" in data:
            data["required_languages"] = [canonical_language(v) for v in data["required_languages"]]
        if data.get("min_education") is not None:
            data["min_education"] = canonical_level(data["min_education"])
        return data


class PostingIn(PostingContent):
    """A vacancy; the employer is the caller, or ``employer_id`` when the operator posts for one."""

    employer_id = _optional(36)


class PostingChanges(_Partial, PostingContent):
    """The fields of an open posting to change; the posting is validated again as a whole."""


class EmployerIn(_StrictSchema):
    """An employer account: its name and how the organisers reach it."""

    name = Text(required=True, max_length=200)
    email = EmailAddress(load_default=None, allow_none=True, validate=validate.Email())
    phone = _optional(40)

    @validates("phone")
    def _mobile(self, value, **kwargs):
        _check_phone(value)


def _check_phone(value):
    if value:
        try:
            normalise_bd_phone(value)
        except InvalidPhoneNumber as exc:
            raise ValidationError(str(exc)) from None


def _consent(description: str):
    return fields.Boolean(load_default=None, allow_none=False, metadata={"description": description})


class CvFields(_StrictSchema):
    """A candidate's CV as text, how to reach them and what they consent to."""

    name = Text(required=True, max_length=200)
    email = EmailAddress(load_default=None, allow_none=True, validate=validate.Email())
    phone = _optional(40)
    language_pref = fields.String(required=True, validate=validate.OneOf(("en", "bn")))
    text = Text(required=True, max_length=MAX_CV_TEXT, multiline=True)
    skills = _skills()
    location = _optional(100)
    institution = Text(load_default=None, allow_none=True, max_length=200,
                       metadata={"description": "university or college, where the candidate gives one"})

    share_with_employers = _consent("Employers may see the name, email and phone (default false)")
    notify_by_sms = _consent("Match notices may go by SMS (default false)")
    notify_by_email = _consent("Match notices may go by email (default false)")

    @validates("phone")
    def _bangladeshi_mobile(self, value, **kwargs):
        _check_phone(value)


class CvIn(CvFields):
    """A CV handed in, optionally at a fair."""

    fair_id = _optional(36)


class CvFormIn(CvIn):
    """A CV handed in as a form (``multipart/form-data``): ``text``, or a ``file`` beside these fields."""

    text = Text(load_default=None, allow_none=True, max_length=MAX_CV_TEXT, multiline=True)


class CvUploadDoc(CvFormIn):
    """OpenAPI only: the form's fields with the CV ``file`` (PDF, DOCX or plain text)."""

    file = Upload(metadata={"description": "The CV as PDF, DOCX or plain text (UTF-8 or UTF-16); at most INTAKE_MAX_FILE_BYTES"})


class ImportUploadDoc(Schema):
    """OpenAPI only: a bulk import's form."""

    sheet = Upload(required=True, metadata={"description": "CSV (UTF-8) or XLSX: name, phone, email, language_pref, "
                                                           "location, skills, consents, and text or file"})
    files = Upload(metadata={"description": "A ZIP of the CV files the sheet's 'file' column names"})


class FileGrantArgs(_StrictSchema):
    """An employer's grant for a CV file, from the matcher's shortlist of its posting."""

    grant = fields.String(load_default=None, validate=validate.Length(max=200),
                          metadata={"description": "file_grant from GET /api/v1/postings/<id>/matches on the matcher"})


class CvChanges(_Partial, CvFields):
    """The fields of a CV to change; a consent set to false is withdrawn."""


class VerificationIn(_StrictSchema):
    """The code sent to the candidate's phone or email."""

    code = fields.String(required=True, validate=validate.Regexp(r"^[0-9]{6}$", error="Must be the 6-digit code."))

    @pre_load
    def _ascii_digits(self, data, **kwargs):
        """A code typed with Bengali digits (as the Bengali message shows it) is the same code."""
        if isinstance(data, dict) and isinstance(data.get("code"), str):
            return {**data, "code": to_ascii_digits(data["code"])}
        return data
