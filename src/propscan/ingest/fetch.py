"""Fetching one article page over HTTP(S), safely.

A URL given to propscan (perhaps by a user of its web API) must not make it probe the network it
runs in: hosts resolving to private, loopback, link-local and other non-public addresses are
refused unless ``allow_private`` is set, at the first request and after every redirect. The
connection then goes to an address that was checked, never to a second lookup of the name: a
DNS server answering a public address to the check and 127.0.0.1 to the connection ("DNS
rebinding") made propscan fetch a loopback page. The request carries the host name in its
``Host`` header and as the TLS server name (SNI, and the name the certificate must match).
Bodies are streamed and cut off at the size cap; only HTML and plain text are accepted.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from time import monotonic

import httpx

from propscan.errors import BlockedAddressError, FetchError, shorten
from propscan.ingest.options import IngestOptions

ALLOWED_SCHEMES = ("http", "https")
ALLOWED_CONTENT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")

Resolver = Callable[[str], list[str]]


@dataclass(frozen=True)
class FetchedPage:
    """The body of a fetched URL and what the server said about it.

    Attributes:
        url: The URL asked for.
        final_url: The URL the body came from, after redirects.
        content: The body, at most ``max_bytes`` long.
        content_type: The media type, lower case, without parameters (``text/html``).
        charset: The ``charset`` parameter of the Content-Type header, if any.
    """

    url: str
    final_url: str
    content: bytes
    content_type: str
    charset: str | None


def resolve_host(host: str) -> list[str]:
    """The IP addresses ``host`` resolves to, through the system resolver."""
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _is_blocked(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        # An IPv4 address written as IPv6 (::ffff:127.0.0.1, or 6to4/NAT64 forms) reaches the
        # IPv4 host, so it is judged as that.
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            return _is_blocked(embedded)
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def _addresses(
    host: str, shown: str, resolve: Resolver
) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """The addresses of ``host``: itself if it is an IP literal, else what it resolves to."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        resolved = resolve(host)
        # getaddrinfo gives IPv6 link-local addresses with a zone ("fe80::1%eth0").
        addresses = [ipaddress.ip_address(a.split("%", 1)[0]) for a in resolved]
    except (OSError, UnicodeError, ValueError) as exc:
        raise FetchError(f"{shown}: could not resolve host {shorten(host)!r}: {exc}") from exc
    if not addresses:
        raise FetchError(f"{shown}: could not resolve host {shorten(host)!r}")
    return addresses


def _check_url(url: httpx.URL, shown: str, options: IngestOptions, resolve: Resolver) -> list[str]:
    """Refuse ``url`` unless its scheme is allowed and its host has only public addresses.

    Returns:
        The checked addresses, to connect to; none when private addresses are allowed (then
        nothing needs checking, and the connection resolves the name itself).
    """
    if url.scheme not in ALLOWED_SCHEMES:
        raise FetchError(
            f"{shown}: unsupported URL scheme {shorten(url.scheme)!r} "
            f"(allowed: {', '.join(ALLOWED_SCHEMES)})"
        )
    host = url.host
    if not host:
        raise FetchError(f"{shown}: the URL has no host")
    if options.allow_private:
        return []
    addresses = _addresses(host, shown, resolve)
    for address in addresses:
        if _is_blocked(address):
            raise BlockedAddressError(shown, str(address))
    return [str(a) for a in addresses]


@contextmanager
def _get(
    client: httpx.Client, url: httpx.URL, addresses: list[str], deadline: float
) -> Iterator[httpx.Response]:
    """The streamed response to ``GET url``, from the first of ``addresses`` that accepts a
    connection (as the system's connect tries each address of a name in turn)."""
    if not addresses:
        with client.stream("GET", url) as response:
            yield response
        return
    extensions = {"sni_hostname": url.raw_host.decode("ascii")} if url.scheme == "https" else {}
    for i, address in enumerate(addresses):
        request = client.build_request(
            "GET",
            url.copy_with(host=address),
            headers={"Host": url.netloc.decode("ascii")},
            extensions=extensions,
        )
        try:
            response = client.send(request, stream=True)
        except httpx.ConnectError:
            if i == len(addresses) - 1 or monotonic() > deadline:
                raise
            continue
        try:
            yield response
        finally:
            response.close()
        return


def _read_body(
    response: httpx.Response, shown: str, options: IngestOptions, deadline: float
) -> bytes:
    max_bytes = options.max_bytes
    length = response.headers.get("content-length")
    if length is not None and length.strip().isdigit() and int(length) > max_bytes:
        raise FetchError(
            f"{shown}: body is {int(length)} bytes, over the size cap of {max_bytes} bytes "
            "(see --max-bytes)"
        )
    chunks = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(
                f"{shown}: body is over the size cap of {max_bytes} bytes (see --max-bytes)"
            )
        # httpx times each read; a server dripping bytes slowly must not hold us for longer.
        if monotonic() > deadline:
            raise FetchError(f"{shown}: timed out after {options.timeout:g}s")
        chunks.append(chunk)
    return b"".join(chunks)


def _page(
    response: httpx.Response,
    url: str,
    current: httpx.URL,
    shown: str,
    options: IngestOptions,
    deadline: float,
) -> FetchedPage:
    if response.status_code >= 400:
        reason = f" {response.reason_phrase}" if response.reason_phrase else ""
        raise FetchError(f"{shown}: HTTP {response.status_code}{reason}")
    header = response.headers.get("content-type", "")
    content_type = header.split(";", 1)[0].strip().lower()
    if content_type not in ALLOWED_CONTENT_TYPES:
        raise FetchError(
            f"{shown}: unsupported content type {content_type or '(none)'!r} "
            f"(allowed: {', '.join(ALLOWED_CONTENT_TYPES)})"
        )
    content = _read_body(response, shown, options, deadline)
    return FetchedPage(
        url=url,
        final_url=str(current),
        content=content,
        content_type=content_type,
        charset=response.charset_encoding,
    )


def fetch(
    url: str,
    options: IngestOptions,
    *,
    transport: httpx.BaseTransport | None = None,
    resolve: Resolver | None = None,
) -> FetchedPage:
    """Fetch the page at ``url``, following redirects and refusing unsafe targets.

    Args:
        url: An ``http`` or ``https`` URL.
        options: Size cap, timeout (for each network operation, and for the whole fetch),
            redirect limit, private-address policy, user agent.
        transport: The httpx transport to send requests through (tests pass a mock).
        resolve: Host name to IP addresses (tests pass a fake; default: the system resolver).

    Returns:
        The fetched page.

    Raises:
        BlockedAddressError: The host (of the URL or of a redirect) resolves to a private address.
        FetchError: Bad scheme, connection failure, timeout, HTTP error status, unsupported
            content type, too many redirects, or a body over the size cap.
    """
    resolver = resolve or resolve_host
    # The whole fetch, redirects and body included, must finish within the timeout.
    deadline = monotonic() + options.timeout
    try:
        current = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise FetchError(f"{shorten(url)}: not a valid URL ({exc})") from exc
    # trust_env=False: a proxy from the environment would resolve hosts itself and defeat the
    # private-address check. Connection: close, because a pooled connection is keyed by the
    # address it went to, and a later hop to another name on that address must not reuse a
    # TLS session whose certificate was checked for the first name.
    with httpx.Client(
        transport=transport,
        timeout=options.timeout,
        follow_redirects=False,
        trust_env=False,
        headers={"User-Agent": options.user_agent, "Connection": "close"},
    ) as client:
        for hop in range(options.max_redirects + 1):
            # URLs are shortened: a message quoting a 100,000-character one is no use to anyone.
            shown = (
                shorten(url)
                if hop == 0
                else f"{shorten(str(current))} (redirected from {shorten(url)})"
            )
            addresses = _check_url(current, shown, options, resolver)
            try:
                with _get(client, current, addresses, deadline) as response:
                    if response.is_redirect:
                        location = response.headers.get("location", "")
                        if not location:
                            raise FetchError(
                                f"{shown}: HTTP {response.status_code} redirect without a Location"
                            )
                        current = current.join(location)
                        continue
                    return _page(response, url, current, shown, options, deadline)
            except httpx.TimeoutException as exc:
                raise FetchError(f"{shown}: timed out after {options.timeout:g}s") from exc
            except (httpx.ConnectError, httpx.NetworkError) as exc:
                raise FetchError(f"{shown}: could not connect: {exc}") from exc
            except httpx.InvalidURL as exc:
                raise FetchError(f"{shown}: invalid redirect target ({exc})") from exc
            except httpx.HTTPError as exc:
                raise FetchError(f"{shown}: could not fetch: {exc}") from exc
    raise FetchError(f"{shorten(url)}: too many redirects (more than {options.max_redirects})")
