"""Calendar arithmetic for validity periods and deadlines.

A date past the calendar's end (an assessment dated 9999-12-31 plus 90 days) is the last day
the calendar has: the engine stays total, and such a deadline never passes.
"""

from __future__ import annotations

import datetime as dt


def add_years(start: dt.date, years: int) -> dt.date:
    """``start`` plus whole years; 29 February becomes 28 February in a common year."""
    if start.year + years > dt.MAXYEAR:
        return dt.date.max
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def add_days(start: dt.date, days: int) -> dt.date:
    """``start`` plus a number of days (at most the calendar's last day)."""
    try:
        return start + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max


def add_months(start: dt.date, months: int) -> dt.date:
    """``start`` plus whole months; a day the target month lacks becomes its last day."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(start.day, day))
        except ValueError:
            continue
    raise AssertionError("every month has 28 days")  # pragma: no cover
