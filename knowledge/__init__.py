"""Opas knowledge base: Finland's integration actors and services, with sources and dates."""
