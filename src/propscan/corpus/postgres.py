"""The PostgreSQL backend of the corpus store (psycopg 3, from the ``corpus`` extra)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import count
from typing import Any

from propscan.corpus.store import Row, Store, StoreError
from propscan.errors import MissingExtraError

try:
    import psycopg
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise MissingExtraError("corpus", "psycopg") from exc

_PASSWORD = re.compile(r"(://[^:/@]*:)[^@]*@")
_cursor_names = count()


def redact(address: str) -> str:
    """The address with any password replaced by ``***``, for messages."""
    return _PASSWORD.sub(r"\1***@", address)


class PostgresStore(Store):
    """Results in a PostgreSQL database (tables in its current schema)."""

    _serial = "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
    _real = "DOUBLE PRECISION"
    _bytewise = ' COLLATE "C"'
    # A PostgreSQL database may hold other applications' tables; ours must not collide.
    _exclusive = False

    def __init__(self, address: str, connection: psycopg.Connection[Any]) -> None:
        self.name = redact(address)
        self._conn = connection

    @classmethod
    def connect(cls, address: str, *, create: bool = True) -> PostgresStore:
        """Connect to ``address``; refuse a database whose propscan tables are foreign."""
        try:
            connection = psycopg.connect(address, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(f"{redact(address)}: cannot connect: {message}") from None
        store = cls(address, connection)
        try:
            store._prepare(create)
        except BaseException:
            connection.close()
            raise
        return store

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("?", "%s")

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._conn.execute(self._sql(sql), params)

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._conn.cursor() as cursor:
            cursor.executemany(self._sql(sql), rows)

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._conn.cursor() as cursor:
            cursor.execute(self._sql(sql), params)
            return cursor.fetchall()

    def _stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        # A server-side cursor: rows come in chunks of itersize. WITH HOLD lets it outlive
        # the implicit transaction of an autocommit connection.
        name = f"propscan_stream_{next(_cursor_names)}"
        with self._conn.cursor(name=name, withhold=True) as cursor:
            cursor.itersize = 2000
            cursor.execute(self._sql(sql), params)
            yield from cursor

    def _tables(self) -> set[str]:
        rows = self._query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        )
        return {r[0] for r in rows}

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._conn.transaction():
            yield

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except psycopg.Error as exc:
            text = str(exc).strip()
            message = text.splitlines()[0] if text else type(exc).__name__
            raise StoreError(f"{self.name}: {message}") from None

    def close(self) -> None:
        self._conn.close()
