"""WSGI entry point: gunicorn 'wsgi:app'."""

from kenme import create_app

app = create_app()
