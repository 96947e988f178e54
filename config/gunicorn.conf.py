"""How `make serve` runs gunicorn; the served tests start it with this same file.

The app is loaded once in the master (`preload_app`): config/wsgi.py warms the search engine
there, so each forked worker answers its first search at once. Workers inherit the master's
open index files; search/storage.py reads them positionally so they never share a file offset.
"""

import os

wsgi_app = "config.wsgi"
workers = int(os.environ.get("WORKERS", "2"))
preload_app = True
accesslog = "-"
