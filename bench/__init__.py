"""Benchmarks (not tests): their figures go in the README."""
