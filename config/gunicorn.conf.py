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
# A search URL carries its query percent-escaped (a Chinese character is 9 bytes): gunicorn's
# default of 4094 bytes answered "URI Too Long" itself to a query of ~450 characters. At its
# largest, any query the search box allows (200 characters) with its filters reaches Django, which
# uses the first 200 characters of a longer one and says so.
limit_request_line = 8190
# gunicorn 27 opens a control socket in $HOME/.gunicorn by default: runtime state outside var/,
# and one path shared by every archive on the machine. The archive needs none.
control_socket_disable = True
