"""JSON-lines log formatter: one object per line, so that journald, Loki or `jq` can read it."""

import json
import logging
from datetime import UTC, datetime

# Attributes every LogRecord has; anything else was passed with ``extra=`` and is logged too.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        eintrag = {
            "zeit": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "stufe": record.levelname,
            "logger": record.name,
            "meldung": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                eintrag[key] = value
        if record.exc_info:
            eintrag["ausnahme"] = self.formatException(record.exc_info)
        # default=str: a request or user object in ``extra`` must not break logging.
        return json.dumps(eintrag, ensure_ascii=False, default=str)


class ErwarteteAntwortenKurz(logging.Filter):
    """``django.request`` for expected answers: a 404 is one line without a traceback, and a 401
    or 403 is left to the security log, which has it with user and address (security_log.py).

    A 500 keeps its traceback: that one is our bug.
    """

    def filter(self, record):
        status = getattr(record, "status_code", None)
        if status is None or status >= 500:
            return True
        if status in (401, 403):  # both in the security log (the API's 401 for a refused token)
            return False
        record.exc_info = record.exc_text = None
        return True
