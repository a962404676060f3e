"""The engine: run one contract (classify, deadline, determinism), in-process or isolated, and whole runs."""
