"""The engine: pure functions from catalogue + assessment to a ``Result`` (DESIGN §3).

One module per rule: ``scoring`` (points and scores), ``metrics`` (measured figures decide),
``consistency`` (scoring warnings), ``findings`` (grades, worst first), ``persons``
(certification of people), ``coverage`` (departments and specialist areas), ``decision`` (the
ladder), ``trend`` (year over year) and ``evaluate`` (all of it, in order). No I/O, no
formatting, nothing that knows the bundled catalogue.
"""

from lotscert.engine.evaluate import evaluate

__all__ = ["evaluate"]
