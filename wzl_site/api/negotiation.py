"""Which renderer answers: the one ``?format=`` names, never the Accept header."""

from django.http import Http404
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.settings import api_settings


class FormatNegotiation(BaseContentNegotiation):
    """The renderer that ``?format=`` names, else the view's first (JSON). The Accept header is
    ignored: a browser asks for HTML first, and this API answers JSON, or CSV when asked."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        wanted = format_suffix or request.query_params.get(api_settings.URL_FORMAT_OVERRIDE)
        if wanted is not None:  # "?format=" too: a format that no renderer has
            for renderer in renderers:
                if renderer.format == wanted:
                    return renderer, renderer.media_type
            raise Http404  # as Django REST framework's own negotiation does
        return renderers[0], renderers[0].media_type
