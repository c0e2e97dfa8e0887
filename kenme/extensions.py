"""Flask extensions, created here and bound to the app in the factory."""

from __future__ import annotations

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, Table
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with constraint names Alembic can rely on."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


@compiles(Table, "sqlite")
def _table_with_sqlite_hint(table: Table, compiler, **kw) -> str:
    """Render ``select.with_hint(table, "INDEXED BY ...", "sqlite")``, which SQLAlchemy's
    SQLite dialect drops (kenme.services.threads uses it where SQLite would read rows by
    rowid although an index entry holds all a list needs)."""
    text = compiler.visit_table(table, **kw)
    hints = kw.get("fromhints")
    if kw.get("asfrom") and hints and table in hints:
        text += " " + hints[table]
    return text


def _render_item(type_, obj, autogen_context):
    """Render our own column types as plain SQLAlchemy types in migrations."""
    if type_ == "type" and obj.__class__.__name__ == "UTCDateTime":
        return "sa.DateTime(timezone=True)"
    return False


def _include_object(obj, name, type_, reflected, compare_to):
    """Leave the search engine's own tables (created by migrations by hand) alone."""
    return not (type_ == "table" and name and name.startswith("fts_"))


migrate = Migrate(
    compare_type=True,
    render_as_batch=True,
    render_item=_render_item,
    include_object=_include_object,
)
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)
