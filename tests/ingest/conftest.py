"""Shared fixtures of the ingestion tests: paths to the shared data, a fake DNS resolver."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

# The shared data sit next to the repository: <repo>/../shared.
SHARED = Path(__file__).parents[2].parent / "shared"

# Host names the tests use, and the addresses the fake resolver gives them.
PUBLIC_HOST = "news.example"
PUBLIC_ADDRESS = "93.184.216.34"
FAKE_DNS = {
    PUBLIC_HOST: [PUBLIC_ADDRESS],
    "other.example": ["93.184.216.35"],
    "intranet.example": ["10.0.0.7"],
    "mixed.example": ["93.184.216.36", "127.0.0.1"],
    "v6local.example": ["fe80::1%eth0"],
}


def fake_resolve(host: str) -> list[str]:
    """Resolve the test host names without any network; others fail like a DNS miss."""
    try:
        return FAKE_DNS[host]
    except KeyError:
        raise OSError(f"[Errno -2] Name or service not known: {host}") from None


@pytest.fixture
def resolve() -> Callable[[str], list[str]]:
    return fake_resolve


@pytest.fixture
def shared() -> Path:
    return SHARED


# A synthetic news article: written for these tests, not copied from anywhere.
ARTICLE = (
    "Council approves new bridge after long debate\n"
    "\n"
    "The city council voted on Tuesday to approve the construction of a new bridge over the "
    "river, ending a debate that had lasted for more than three years.\n"
    "\n"
    "Supporters said the bridge would cut commuting times and bring shoppers to the old town. "
    "Opponents warned that the cost had doubled since the first plans were drawn up.\n"
    "\n"
    "“This is a great day for everyone who lives on the east bank,” the mayor told reporters "
    "after the vote. Dr. Ann Lee, who led the opposition, said she would keep asking questions.\n"
    "\n"
    "Work is expected to start next spring and to take about two years to complete.\n"
)


@pytest.fixture
def article() -> str:
    return ARTICLE


# A small article page, written for these tests: the article, a comments section, a list of
# related articles and a footer; only the article may come out of extraction.
PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Council approves new bridge | The Daily Example</title>
<meta name="author" content="Jane Doe">
<meta property="og:site_name" content="The Daily Example">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article>
<h1>Council approves new bridge</h1>
<p>The city council voted on Tuesday to approve the construction of a new bridge over the river,
ending a debate that had lasted for more than three years.</p>
<p>Supporters said the bridge would cut commuting times and bring shoppers to the old town.
Opponents warned that the cost had doubled since the first plans were drawn up.</p>
<p>Work is expected to start next spring and to take about two years to complete.</p>
</article>
<section id="comments" class="comments">
<h2>3 Comments</h2>
<div class="comment"><p>Zebra commenter: the bridge is a waste of money, as we all know.</p></div>
<div class="comment"><p>Yak commenter: finally some good news for the east bank residents.</p></div>
</section>
<aside class="related-articles">
<h2>Related articles</h2>
<ul>
<li><a href="/news/harbour">Harbour festival draws record crowds to the waterfront</a></li>
<li><a href="/news/library">Library to open on Sundays from next month onwards</a></li>
</ul>
</aside>
<footer><p>Copyright The Daily Example. All rights reserved.</p></footer>
</body></html>
"""


@pytest.fixture
def page() -> str:
    return PAGE
