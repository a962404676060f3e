"""The front ends over the engine: the ``bufferspec`` command, the base test class, expected-failure files."""
