"""Corpus mode: analyse many articles into a database, export them, report on them.

- :mod:`~propscan.corpus.sources` streams articles from folders, JSONL, CSV and URL lists;
- :mod:`~propscan.corpus.batch` runs the detector over them in worker processes (or on a Dask
  cluster, :mod:`~propscan.corpus.cluster`), resumably and exactly once;
- :mod:`~propscan.corpus.store` keeps the results in SQLite or PostgreSQL (schema in
  :mod:`~propscan.corpus.schema`);
- :mod:`~propscan.corpus.export` and :mod:`~propscan.corpus.report` read them back out.

Heavy optional parts (PostgreSQL, Parquet, plots, Dask) need ``pip install 'propscan[corpus]'``
and are imported only when used.
"""

from __future__ import annotations

from propscan.corpus.batch import BatchOptions, BatchReport, run_batch
from propscan.corpus.store import Store, StoreError, open_store

__all__ = ["BatchOptions", "BatchReport", "Store", "StoreError", "open_store", "run_batch"]
