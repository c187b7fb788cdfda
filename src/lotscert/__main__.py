"""``python -m lotscert``."""

from lotscert.cli import run

run()
