"""Demo peer-support circles: data.yaml, loaded by loader.py."""
