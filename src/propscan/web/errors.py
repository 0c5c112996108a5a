"""Turning errors into HTTP answers: one line of ``detail``, never a traceback."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from propscan.errors import (
    BlockedAddressError,
    ConfigError,
    InputError,
    OffsetError,
    PropscanError,
)
from propscan.report.segments import one_line

log = logging.getLogger("propscan.web")

# Longest ``detail`` returned: messages may quote (hostile, huge) input.
MAX_DETAIL = 500
INTERNAL = "internal error while analysing the article; the server log has the details"


def status_of(exc: PropscanError) -> int:
    """The HTTP status for an error propscan raised on purpose."""
    if isinstance(exc, BlockedAddressError):
        return 403
    if isinstance(exc, ConfigError):
        return 422
    # OffsetError: an analysis posted back to /v1/report.html whose offsets do not fit.
    if isinstance(exc, InputError | OffsetError):
        return 400
    # A ModelError or MissingExtraError is the server's fault, not the client's.
    return 500


def detail_of(exc: PropscanError) -> str:
    """The one-line message for ``exc``; internal errors are logged, not shown."""
    if status_of(exc) >= 500:
        log.error("analysis failed: %s", exc)
        return INTERNAL
    if isinstance(exc, BlockedAddressError):
        # Not the CLI's "pass --allow-private": the server's operator decides that, in its
        # settings ([ingest] allow_private), and a client cannot.
        message = (
            f"{exc.target}: host resolves to private address {exc.address}, which this "
            "server does not fetch"
        )
        return one_line(message, MAX_DETAIL)
    return one_line(str(exc), MAX_DETAIL)


def _describe(error: dict[str, Any]) -> str:
    loc = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
    kind = error.get("type", "")
    message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
    if kind == "json_invalid":
        reason = error.get("ctx", {}).get("error", "")
        return f"malformed JSON at character {loc or 0}: {reason}".rstrip(": ")
    if kind == "missing" and not loc:
        return "the body must be a JSON object"
    if kind == "model_attributes_type" and not loc:
        return "the body must be a JSON object"
    if kind == "extra_forbidden":
        return f"{loc}: unknown field"
    return f"{loc}: {message}" if loc else message


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    """422 with every problem of the body on one line."""
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    detail = "; ".join(dict.fromkeys(_describe(e) for e in errors)) or "invalid request"
    return JSONResponse({"detail": one_line(detail, MAX_DETAIL)}, status_code=422)


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's answer to an HTTP error, except for a body FastAPI could not parse.

    FastAPI answers 400 "There was an error parsing the body" when ``json.loads`` fails with
    anything but a JSONDecodeError (bytes that are not UTF-8, nesting too deep for the
    parser); the API answers every malformed JSON body with 422, as the README says.
    """
    assert isinstance(exc, HTTPException)
    cause = exc.__cause__
    if exc.status_code == 400 and cause is not None and not isinstance(cause, HTTPException):
        if isinstance(cause, UnicodeDecodeError):
            reason = f"not UTF-8 (byte {cause.start} is invalid)"
        elif isinstance(cause, RecursionError):
            reason = "nested too deeply"
        else:
            reason = "it cannot be parsed"
        return JSONResponse({"detail": f"malformed JSON: {reason}"}, status_code=422)
    return await http_exception_handler(request, exc)


async def internal_error(request: Request, exc: Exception) -> JSONResponse:
    """500 without the traceback (which goes to the server log)."""
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return JSONResponse({"detail": INTERNAL}, status_code=500)
