"""lotscert: check a municipality's företagslots against a requirement catalogue (SS 884000)."""

__version__ = "0.1.0"

__all__ = ["__version__"]
