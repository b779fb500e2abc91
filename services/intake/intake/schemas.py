"""Request schemas: what intake accepts, strictly (unknown fields are rejected)."""

from __future__ import annotations

from marshmallow import RAISE, Schema, ValidationError, fields, post_load, pre_load, validate, validates, validates_schema

from shared.phone import InvalidPhoneNumber, normalise_bd_phone
from shared.places import DIVISIONS, canonical_division, resolve_place
from shared.vocabulary import EDUCATION_LEVELS, LANGUAGES, POLICIES, canonical_language, canonical_level

_NON_BLANK = validate.Length(min=1, error="Must not be blank.")
_SKILLS = fields.List(
    fields.String(validate=[_NON_BLANK, validate.Length(max=100)]),
    load_default=list,
    validate=validate.Length(max=50),
)


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

    name = fields.String(required=True, validate=[_NON_BLANK, validate.Length(max=200)])
    division = fields.String(required=True)
    venue = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))
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

    fair_id = fields.String(load_default=None, allow_none=True)
    employer = fields.String(required=True, validate=[_NON_BLANK, validate.Length(max=200)])
    title = fields.String(required=True, validate=[_NON_BLANK, validate.Length(max=200)])
    description = fields.String(required=True, validate=[_NON_BLANK, validate.Length(max=20000)])
    skills = _SKILLS
    location = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))
    location_policy = fields.String(**_POLICY)
    required_languages = fields.List(fields.String(), load_default=list, validate=validate.Length(max=10))
    language_policy = fields.String(**_POLICY)
    min_education = fields.String(load_default=None, allow_none=True)
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

    fair_id = fields.String(load_default=None, allow_none=True)
    name = fields.String(required=True, validate=[_NON_BLANK, validate.Length(max=200)])
    email = fields.Email(load_default=None, allow_none=True)
    phone = fields.String(load_default=None, allow_none=True)
    language_pref = fields.String(required=True, validate=validate.OneOf(("en", "bn")))
    text = fields.String(required=True, validate=[_NON_BLANK, validate.Length(max=100000)])
    skills = _SKILLS
    location = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))

    @validates("phone")
    def _bangladeshi_mobile(self, value, **kwargs):
        if value:
            try:
                normalise_bd_phone(value)
            except InvalidPhoneNumber as exc:
                raise ValidationError(str(exc)) from None
