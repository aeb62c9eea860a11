"""gunicorn's logger with the redacting filter on its access and error logs (`--logger-class` in the Procfile):
the access log line of `/privacy/export/<token>/` or `/admin/...?q=<email>` keeps neither."""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger  # type: ignore[import-untyped]  # gunicorn ships no types

from config.logfilters import RedactingFilter


class RedactingLogger(Logger):
    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                if not any(isinstance(existing, RedactingFilter) for existing in handler.filters):
                    handler.addFilter(RedactingFilter())
