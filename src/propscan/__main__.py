"""``python -m propscan``: the same as the ``propscan`` command."""

from propscan.cli import main

main()
