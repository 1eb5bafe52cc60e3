"""Benchmarks, run as `python -m bench NAME`. Each prints ratios against a baseline measured
in the same run, so the numbers mean the same on any machine. Not part of the test suite."""
