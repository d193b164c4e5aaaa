"""Temporal network analysis of the csgkg graph (RDF -> NetworkX).

Builds on the core (store, model) and never the reverse.
"""
