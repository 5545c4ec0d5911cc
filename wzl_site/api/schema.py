"""The OpenAPI description's parts that every operation shares (drf-spectacular).

Every operation takes ``?lang=`` and may answer 400 (a parameter it cannot read), 404 (no such
object or page) and 429 (past the rate limit, with ``Retry-After``), each with an ``Error`` body.
Lists that offer CSV take ``?format=csv`` and then answer ``text/csv``.
"""

from django.conf import settings
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter

ERROR_RESPONSES = {
    "400": "A parameter cannot be read, e.g. an unknown language or a malformed date.",
    "404": "No such object, or no such page of the list.",
    "429": "Too many requests from this address: wait the seconds in Retry-After.",
}
ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What went wrong, in words."}},
    "required": ["detail"],
}
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before the next request.",
        "schema": {"type": "integer", "minimum": 1},
        "required": True,
    }
}


def language_parameter() -> OpenApiParameter:
    return OpenApiParameter(
        "lang",
        str,
        OpenApiParameter.QUERY,
        enum=[code for code, _name in settings.LANGUAGES],
        default=settings.LANGUAGE_CODE,
        description=(
            "The language of the texts. A text not translated yet falls back to English, then "
            "German, as on the website."
        ),
    )


class ApiSchema(AutoSchema):
    """Every operation takes ``?lang=``."""

    def get_override_parameters(self):
        return [*super().get_override_parameters(), language_parameter()]


def postprocess(result, generator, request, public):
    """Adds the error answers, and CSV as text with ``?format=``, to every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_RESPONSES.items():
                response = {
                    "description": description,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                }
                if code == "400":  # the site's refusals before any view runs (a NUL byte …)
                    response["content"]["text/plain"] = {"schema": {"type": "string"}}
                if code == "429":
                    response["headers"] = RETRY_AFTER
                responses.setdefault(code, response)
            content = responses.get("200", {}).get("content", {})
            if "text/csv" in content:
                content["text/csv"] = {
                    "schema": {
                        "type": "string",
                        "description": "UTF-8, a header row naming every column, then one row "
                        "per item (all items, not paginated).",
                    }
                }
                for parameter in operation.get("parameters", []):
                    if parameter["name"] == "format":
                        parameter["description"] = "csv: the whole list as a CSV download."
    return result
