"""The catalogue's contracts, one module per member: ``<root>/<member>.py`` holds every ``<root>.<member>.*`` id.

:mod:`bufferspec.conformance._core.registry` discovers the modules; nothing lists them.
"""
