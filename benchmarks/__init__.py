"""Benchmarks: a generated archive at scale (`./archive bench`, i.e. `python -m benchmarks.run`).

Not part of the test suite: a run converts and builds thousands of notices and takes minutes.
"""
