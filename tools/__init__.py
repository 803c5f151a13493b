"""Developer tooling: train only when inputs change, start and stop the three processes."""
