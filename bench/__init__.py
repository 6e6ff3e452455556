"""The benchmarks of issue 8, run by ``make bench`` (``python -m bench``), which alone writes
``docs/performance.md``. See ``bench/__main__.py`` for the options."""
