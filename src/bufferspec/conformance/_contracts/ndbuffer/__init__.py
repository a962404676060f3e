"""The ``ndbuffer.*`` contracts, one module per member."""
