import re
import uuid

import sentry_sdk

from terang.logging import request_id_var

REQUEST_ID_HEADER = "X-Request-ID"
# What a load balancer or proxy may send: UUIDs, hex, AWS-style "Root=1-abc-def". Anything else is
# replaced, so a client cannot write arbitrary text into the logs.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:=+/-]{7,127}")


def request_id_from(header_value: str | None) -> str:
    if header_value and VALID_REQUEST_ID.fullmatch(header_value):
        return header_value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Takes the caller's X-Request-ID when it is well formed or makes one; logs and the response carry it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        token = request_id_var.set(request.request_id)
        # The request's own scope when Sentry reports errors; nothing happens when it does not.
        sentry_sdk.set_tag("request_id", request.request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response[REQUEST_ID_HEADER] = request.request_id
        return response
