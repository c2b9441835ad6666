"""The database: a SQLAlchemy engine; the routes use its DB-API connections."""
from sqlalchemy import create_engine

from .config import DATABASE_URL

engine = create_engine(DATABASE_URL)


def get_db():
    return engine.raw_connection()
