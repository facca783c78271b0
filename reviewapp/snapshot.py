"""One consistent state of the database to read from, while the app keeps writing: for backups and for checking the
audit chain, whose tip and entries must come from the same moment."""
from contextlib import contextmanager

from reviewapp.extensions import db


@contextmanager
def read_snapshot():
    """A connection whose reads all see one state of the database, without blocking its writers."""
    engine = db.engine
    if engine.dialect.name == "sqlite":
        # pysqlite opens no transaction for SELECTs, so each would see a different state: open one by hand.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("BEGIN")
            try:
                yield connection
            finally:
                connection.exec_driver_sql("ROLLBACK")
    else:
        options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
        with engine.connect().execution_options(**options) as connection, connection.begin():
            yield connection
