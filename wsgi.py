"""WSGI entry point: gunicorn 'wsgi:app'."""

from kenme import create_app
from kenme.privacy import warm_up

app = create_app()
# Load the privacy guard's word lists now, so no member's first post waits for them.
warm_up()
