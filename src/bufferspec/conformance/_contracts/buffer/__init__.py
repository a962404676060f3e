"""The ``buffer.*`` contracts, one module per member."""
