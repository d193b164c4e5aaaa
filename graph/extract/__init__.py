"""Extractors: one module per genre, each a subclass of ``Extractor``."""
from .base import Extractor

__all__ = ["Extractor"]
