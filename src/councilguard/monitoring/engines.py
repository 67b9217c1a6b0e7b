"""The engine the web and DNS rules run on (C31, DESIGN 7): DuckDB on one machine, or PySpark
(local mode by default; a cluster given its master URL, whose executors must see the event
store's directory at the same path, since they read the Parquet files themselves).

The rules are the same Ibis expressions on both (rules.py); the tests require identical
findings from the two."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import ibis
from django.conf import settings

ENGINES = ("duckdb", "spark")


class EngineError(Exception):
    """The engine asked for is unknown or cannot start (the message says why)."""


@contextmanager
def connection(engine: str | None = None, master: str | None = None) -> Iterator:
    """An Ibis connection to ``engine`` (the ANALYSIS_ENGINE setting when None), stopped
    after. For DuckDB, None: the analysis opens a connection per source kind, so the memory
    of one kind's classified events is freed before the next."""
    engine = engine or settings.ANALYSIS_ENGINE
    if engine == "duckdb":
        yield None
        return
    if engine != "spark":
        raise EngineError(f"unknown engine {engine!r}: choose duckdb or spark")
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise EngineError("PySpark is not installed (pip install councilguard[spark])") from None
    # py4j reports its own shut-down at length.
    logging.getLogger("py4j").setLevel(logging.ERROR)
    # A session already running in this process (a notebook, a test) is used, and left running.
    running = SparkSession.getActiveSession()
    session = running or (
        SparkSession.builder.master(master or settings.SPARK_MASTER)
        .appName("councilguard-analyse")
        # Times are compared as instants and local dates are stored: the session's zone must
        # not shift them.
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        # A week of a council's events is small for Spark: a few partitions, not 200.
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield ibis.pyspark.connect(session)
    finally:
        if running is None:
            session.stop()
