"""``python -m lotscert``."""

from lotscert.cli import main

main()
