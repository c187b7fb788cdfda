"""Calendar arithmetic for validity periods and deadlines."""

from __future__ import annotations

import datetime as dt


def add_years(start: dt.date, years: int) -> dt.date:
    """``start`` plus whole years; 29 February becomes 28 February in a common year."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def add_days(start: dt.date, days: int) -> dt.date:
    """``start`` plus a number of days."""
    return start + dt.timedelta(days=days)
