"""What checks feed a backend: Hypothesis strategies, input domains, value tables and step builders.

A step builder adds recorded steps to a check's context (see
:class:`~bufferspec.conformance.CheckContext`); an input domain is data: the ways
the spec allows a subject to be made, each as steps.
"""
