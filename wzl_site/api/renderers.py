"""CSV downloads of the API's lists: the same data as the JSON, one row per item.

Every column is named in the header row (the view's ``csv_columns``: a header and a function of
the item as the serializer gives it). Lists of values are joined with ", ". A cell that starts
with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) gets a leading apostrophe: editors'
and partners' texts land in these files, and a spreadsheet would run such a cell as a formula.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from rest_framework.renderers import BaseRenderer

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[dict], object]


def field(name: str) -> Column:
    """The item's ``name``, as it is."""
    return Column(name, lambda item: item.get(name))


def joined(name: str, key: str | None = None) -> Column:
    """The item's list ``name`` (each entry's ``key``, if given) joined with ", "."""
    return Column(
        name,
        lambda item: ", ".join(str(entry[key] if key else entry) for entry in item.get(name) or []),
    )


def cell(value) -> str:
    """A value as a cell: no formula, booleans as true/false, None as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_text(columns: list[Column], items: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.header for column in columns])
    for item in items:
        writer.writerow([cell(column.value(item)) for column in columns])
    return buffer.getvalue()


class CSVRenderer(BaseRenderer):
    """Renders the view's rows (``csv_rows(data)``, or the data itself as a list of items) with
    its ``csv_columns``."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        view = renderer_context["view"]
        rows = view.csv_rows(data) if hasattr(view, "csv_rows") else data
        return csv_text(view.csv_columns, rows).encode(self.charset)
