"""Running the corpus job on a Dask cluster (``propscan batch --dask``).

Workers load the model once each, when they join, through a worker plugin; results come back
to the client, which writes them into the store exactly as a local run does, so the same input
gives the same results. Needs the ``corpus`` extra (``distributed``).
"""

from __future__ import annotations

import logging
from typing import Any

from propscan.corpus.batch import Future
from propscan.corpus.sources import ArticleInput
from propscan.corpus.worker import analyze_item, preload
from propscan.errors import ConfigError, MissingExtraError, PropscanError
from propscan.ingest import IngestOptions

try:
    from distributed import Client, LocalCluster, WorkerPlugin
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise MissingExtraError("corpus", "distributed") from exc

LOCAL = "local"
# Seconds to wait for a scheduler, and for a new cluster's workers.
CONNECT_TIMEOUT = 30


class PreloadModel(WorkerPlugin):
    """Loads the detector into a worker's process when the worker starts (or joins)."""

    name = "propscan-preload-model"

    def __init__(self, model: str) -> None:
        self.model = model

    def setup(self, worker: Any) -> None:
        """Load the model; later tasks find it in the process's detector cache."""
        preload(self.model)


def check_address(address: str) -> str:
    """``local``, or a scheduler address with a scheme (``tcp://host:8786``)."""
    if address != LOCAL and "://" not in address:
        raise ConfigError(
            f"--dask {address!r}: use 'local' or a scheduler address such as tcp://host:8786"
        )
    return address


class DaskExecutor:
    """Submits articles to a Dask cluster."""

    def __init__(self, client: Client, model: str, cluster: LocalCluster | None = None) -> None:
        self._client = client
        self._cluster = cluster
        self._owned = cluster is not None
        try:
            client.register_plugin(PreloadModel(model))
            threads = sum(client.nthreads().values())
        except Exception as exc:
            raise PropscanError(f"dask: cannot set up the workers: {exc}") from exc
        self.capacity = max(threads, 1)

    @classmethod
    def open(cls, address: str, workers: int, model: str) -> DaskExecutor:
        """Connect to the scheduler at ``address``, or start a local cluster of ``workers``."""
        check_address(address)
        if not logging.getLogger().isEnabledFor(logging.INFO):
            # distributed logs every worker's start and stop at INFO; say only what matters.
            logging.getLogger("distributed").setLevel(logging.WARNING)
        try:
            if address == LOCAL:
                # The scheduler's HTTP routes cannot be turned off; keep them on a free
                # loopback port.
                cluster = LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address="127.0.0.1:0",
                )
                executor = cls(Client(cluster), model, cluster)
                return executor
            client = Client(address, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise PropscanError(f"dask: cannot reach the scheduler {address}: {exc}") from exc
        executor = cls(client, model)
        executor._owned = True
        return executor

    def submit(self, item: ArticleInput, model: str, options: IngestOptions) -> Future:
        """Analyse ``item`` on some worker."""
        future: Future = self._client.submit(analyze_item, item, model, options, pure=False)
        return future

    def close(self, cancel: bool) -> None:
        """Disconnect (and stop a cluster started here); pending tasks are dropped."""
        if not self._owned:
            return
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()
