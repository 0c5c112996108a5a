"""The one exception hierarchy of propscan.

Every error a user can cause is a ``PropscanError``; the CLI prints its message on one line and
exits non-zero, so messages name the input and the problem (and the allowed values, where there
are some).

::

    PropscanError
    ├── InputError              bad article input: missing, empty, binary, too big, undecodable
    │   ├── ExtractionError     HTML with no extractable article text
    │   └── FetchError          a URL that cannot be fetched (scheme, timeout, size, redirects)
    │       └── BlockedAddressError   a URL resolving to a private/loopback/link-local address
    ├── LabelFormatError        malformed TSV rows, labels outside their article
    ├── OffsetError             a span whose offsets do not fit the text it refers to
    ├── ModelError              a model directory that is missing, corrupt or incompatible
    ├── ConfigError             an unknown detector, bad option value
    └── MissingExtraError       an optional dependency group is not installed
"""

from __future__ import annotations


class PropscanError(Exception):
    """Base class of every error propscan raises on purpose."""


class InputError(PropscanError):
    """An article input that cannot be read as text."""


class ExtractionError(InputError):
    """HTML from which no article text could be extracted."""


class FetchError(InputError):
    """A URL that could not be fetched."""


class BlockedAddressError(FetchError):
    """A URL whose host resolves to an address we refuse to contact.

    The message tells a command-line user how to allow it; ``target`` (the URL as shown) and
    ``address`` let another front end (the web API, whose users cannot change its settings)
    word it otherwise.
    """

    def __init__(self, target: str, address: str) -> None:
        super().__init__(
            f"{target}: host resolves to private address {address}; "
            "pass --allow-private to fetch it"
        )
        self.target = target
        self.address = address

    def __reduce__(self) -> tuple[type[BlockedAddressError], tuple[str, str]]:
        # Rebuilt from its fields when it crosses to another process (a batch worker).
        return (type(self), (self.target, self.address))


class LabelFormatError(PropscanError):
    """A labels or spans file that does not follow the SemEval TSV format."""


class OffsetError(PropscanError):
    """Offsets that do not address the text they are said to refer to."""


class ModelError(PropscanError):
    """A saved model that cannot be loaded."""


class ConfigError(PropscanError):
    """An unknown name or bad value in configuration or options."""


class MissingExtraError(PropscanError):
    """An optional dependency group is needed but not installed."""

    def __init__(self, extra: str, module: str) -> None:
        super().__init__(
            f"this needs the optional '{extra}' dependencies (missing module {module!r}); "
            f"install them with: pip install 'propscan[{extra}]'"
        )


# Longest input value (a URL, a name) quoted whole in an error message: a 100,000-character URL
# made a 100,073-character error line.
MAX_SHOWN = 200


def shorten(value: str, limit: int = MAX_SHOWN) -> str:
    """``value`` cut to ``limit`` characters for an error message, saying how much was cut."""
    if len(value) <= limit:
        return value
    return f"{value[:limit]}… ({len(value) - limit:,} more characters)"
