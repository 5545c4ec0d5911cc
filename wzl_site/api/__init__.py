"""The centre's public content as open data: a read-only JSON API with CSV downloads.

- ``/api/v1/…`` (``urls.py``): topics, target groups, partners with their public offers, offers,
  offices people are referred to, information materials and the centre's hours and opening
  status; the OpenAPI 3 description at ``/api/v1/schema/`` (drf-spectacular). ``?lang=`` picks
  the language of the texts (the site's languages, German by default), with the pages' fallback.
- Only what the public pages show: published objects, public offers, the approved state of a
  partner's entry (changes waiting for review live in ``partners.PendingChange``, never here).
- Read-only and anonymous: GET, HEAD and OPTIONS only (``wzl_site.middleware`` answers 405 to the
  rest), no authentication, no session, no cookie.
- Cached like the public pages (``wzl_site.page_cache``, query string included) and limited per
  client address (``rate_limit.py``, ``API_RATE_LIMIT``).
- The open-data page (``/<lang>/open-data/``) names the licence and links every endpoint.
"""
