"""The ``prototype.*`` contracts, one module per member."""
