#!/usr/bin/env python3
"""Entry point of the edition's tools; see `python build.py --help` and the README."""
import sys

from edition.cli import main

if __name__ == "__main__":
    sys.exit(main())
