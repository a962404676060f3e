"""The conformance kit applied to real and deliberately broken backends (see README.md)."""
