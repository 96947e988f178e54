"""Every HTML page is valid whatever the database holds: control characters that reached a
stored text without passing ingest (a direct edit, an old row) are left out of the page."""

from .characters import printable_utf8


class PrintableHtmlMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            return response
        content = printable_utf8(response.content)
        if len(content) != len(response.content):
            response.content = content
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(content))
        return response
