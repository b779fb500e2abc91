"""Request schemas: what intake accepts, strictly (unknown fields are rejected)."""

from __future__ import annotations

from marshmallow import RAISE, Schema, ValidationError, fields, post_load, pre_load, validate, validates, validates_schema

from shared.http.fields import BoundedList, EmailAddress, Text
from shared.phone import InvalidPhoneNumber, normalise_bd_phone
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


class PostingIn(_StrictSchema):
    """An employer's vacancy, with optional constraints on location, languages and education."""

    fair_id = _optional(36)
    employer = Text(required=True, max_length=200)
    title = Text(required=True, max_length=200)
    description = Text(required=True, max_length=MAX_DESCRIPTION, multiline=True)
    skills = _skills()
    location = _optional(100)
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
        data["required_languages"] = [canonical_language(v) for v in data["required_languages"]]
        if data["min_education"] is not None:
            data["min_education"] = canonical_level(data["min_education"])
        return data


class CvIn(_StrictSchema):
    """A candidate's CV as text, with how to reach them."""

    fair_id = _optional(36)
    name = Text(required=True, max_length=200)
    email = EmailAddress(load_default=None, allow_none=True, validate=validate.Email())
    phone = _optional(40)
    language_pref = fields.String(required=True, validate=validate.OneOf(("en", "bn")))
    text = Text(required=True, max_length=MAX_CV_TEXT, multiline=True)
    skills = _skills()
    location = _optional(100)

    @validates("phone")
    def _bangladeshi_mobile(self, value, **kwargs):
        if value:
            try:
                normalise_bd_phone(value)
            except InvalidPhoneNumber as exc:
                raise ValidationError(str(exc)) from None
