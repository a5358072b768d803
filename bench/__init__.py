"""Benchmarks and scoring runs (`make bench`); not shipped with the service."""
