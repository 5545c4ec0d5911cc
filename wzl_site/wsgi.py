import logging
import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wzl_site.settings")

application = get_wsgi_application()

from django.conf import settings  # noqa: E402  (after setup)
from django.core import checks  # noqa: E402

if not settings.DEBUG:
    if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(
            "Refusing to serve with the development secret key while DEBUG is off: "
            "set DJANGO_SECRET_KEY."
        )
    # What `manage.py check --deploy` reports, said loudly when the server starts: an error
    # (a contradiction such as HTTPS redirects with cookies that are not Secure) stops it, a
    # warning (say, no public host name) goes to the log of every worker that starts.
    problems = checks.run_checks(include_deployment_checks=True)
    errors = [problem for problem in problems if problem.is_serious()]
    if errors:
        raise ImproperlyConfigured(
            "Refusing to serve: " + " ".join(str(problem) for problem in errors)
        )
    log = logging.getLogger("wzl_site.deploy")
    for problem in problems:
        if not problem.is_silenced():
            log.warning("PRODUCTION SETTING MISSING: %s", problem)
