"""The ``limit`` and ``offset`` query parameters of list routes, bounded before any query runs."""

from marshmallow import Schema, fields, validate

MAX_OFFSET = 2**31 - 1


def page_args_schema(default_limit: int = 100, max_limit: int = 1000) -> type[Schema]:
    """A query schema with ``limit`` (1..max_limit) and ``offset`` (0..2^31-1)."""
    return Schema.from_dict(
        {
            "limit": fields.Integer(load_default=default_limit, validate=validate.Range(1, max_limit)),
            "offset": fields.Integer(load_default=0, validate=validate.Range(0, MAX_OFFSET)),
        },
        name=f"PageArgs{max_limit}",
    )


PageArgs = page_args_schema()
