"""The yardstick: a minimal Flask + Jinja page, served by the same gunicorn setup as KenMe."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, render_template

app = Flask(__name__, template_folder=str(Path(__file__).parent / "templates"))
ITEMS = [f"Vraag {n} over de kostendelersnorm" for n in range(1, 11)]


@app.route("/")
def index():
    """Render a small page from a template, with no database and no extensions."""
    return render_template("minimal.html", title="KenMe", items=ITEMS)


@app.route("/toegankelijkheid")
def ready():
    """Answer the runner's readiness check at the same path as KenMe."""
    return "ok"
