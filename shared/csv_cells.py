"""Cells for CSV files people open in spreadsheets.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before one) as a formula: a name typed as ``=HYPERLINK(...)`` would become a link or a
command in the organiser's sheet ("CSV injection"). ``text_cell`` puts a ``'`` before such a
value, which spreadsheets show as plain text. Values that are not strings pass unchanged.
"""

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(value):
    """``value`` as a CSV cell a spreadsheet shows as text, never runs as a formula."""
    return ("'" + value) if isinstance(value, str) and value[:1] in _FORMULA_STARTS else value
