"""gunicorn as the site runs in production: ``gunicorn -c gunicorn.conf.py wzl_site.wsgi``.

Every value can be overridden on the command line (``--bind``, ``--workers`` …).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Two workers per CPU and one more, at most GUNICORN_WORKERS when that is set.
workers = multiprocessing.cpu_count() * 2 + 1
if os.environ.get("GUNICORN_WORKERS"):
    workers = max(1, min(workers, int(os.environ["GUNICORN_WORKERS"])))

# A worker busy for longer than this is restarted; on a restart or shutdown, running requests
# get as long to finish.
timeout = 30
graceful_timeout = 30
keepalive = 5

# Bounds on the request line and headers (request bodies are bounded in Django's settings).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

accesslog = "-"
errorlog = "-"

# gunicorn 27 opens a control socket in the home directory by default: not in a container.
control_socket_disable = True
