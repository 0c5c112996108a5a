"""The web page and REST API of propscan (``propscan serve``): a thin layer over the library."""

from __future__ import annotations

from propscan.web.app import create_app

__all__ = ["create_app"]
