"""The ``wrapper.*`` contracts, one module per member."""
