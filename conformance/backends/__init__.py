"""Backends the kit is run against: independent implementations and broken mutants."""
