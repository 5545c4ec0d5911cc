"""The site's public addresses, for the guard tests that want a row for every page."""

from django.urls import URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern


def public_routes() -> set[str]:
    """Every address outside the admin: its URL name ("services:topic_detail"), or its route
    when it has none ("sitemap.xml")."""

    def walk(patterns, prefix: str, namespace: str):
        for pattern in patterns:
            route = "<lang>/" if isinstance(pattern.pattern, LocalePrefixPattern) else ""
            route = prefix + (route or str(pattern.pattern))
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                yield from walk(pattern.url_patterns, route, inner)
            elif not route.startswith("admin/"):
                name = pattern.name and ":".join(filter(None, [namespace, pattern.name]))
                yield name or route

    return set(walk(get_resolver().url_patterns, "", ""))
