"""gunicorn's logger for KenMe: the access log never carries a query string verbatim.

    gunicorn -w 4 -b 0.0.0.0:8000 --logger-class kenme.gunicorn_logging.ScrubbingLogger \
        --access-logfile - --access-logformat "$KENME_ACCESS_LOG_FORMAT" wsgi:app

(README, Production). Search queries and other typed text can hold a client's BSN or name
(issue #17). ``ScrubbingLogger`` writes the request line, the URL, the query atom, the Referer
and every header atom with their query scrubbed (kenme.privacy.querystrings); the path, status,
size, duration and user agent stay. ``ACCESS_LOG_FORMAT`` is the format the README advises.
"""

from gunicorn.glogging import Logger

from kenme.privacy.querystrings import scrub_log_line, scrub_query

ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'


class ScrubbingLogger(Logger):
    """gunicorn's logger, with every query string in the access log scrubbed."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "f", "U"):
            if key in atoms and isinstance(atoms[key], str):
                atoms[key] = scrub_log_line(atoms[key])
        if atoms.get("q"):
            atoms["q"] = scrub_query(atoms["q"])
        for key in list(atoms):
            if key.startswith("{") and isinstance(atoms[key], str):
                atoms[key] = scrub_log_line(atoms[key])  # headers, e.g. %({referer}i)s
        return atoms

    def error(self, msg, *args, **kwargs):
        super().error(scrub_log_line(str(msg)), *args, **kwargs)
