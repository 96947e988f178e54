import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

try:  # with gunicorn --preload, workers fork from this warmed process
    from search.api import warm_up

    warm_up()
except Exception:  # an empty, unmigrated archive still serves its pages
    logging.getLogger(__name__).warning("search warm-up skipped", exc_info=True)
