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
