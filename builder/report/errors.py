"""The one error type of ``latarnia report``: printed as a message, never as a traceback."""

from __future__ import annotations


class ReportError(Exception):
    """Input the report cannot use: the message says which file, row and column, and why."""
