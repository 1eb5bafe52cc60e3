"""Demo masterclasses, a programme and guidance: data.yaml, loaded by loader.py."""
