import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wzl_site.settings")

application = get_wsgi_application()

from django.conf import settings  # noqa: E402  (after setup)

if not settings.DEBUG and settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "Refusing to serve with the development secret key while DEBUG is off: "
        "set DJANGO_SECRET_KEY."
    )
