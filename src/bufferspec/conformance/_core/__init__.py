"""The kit's core: the contract model, capabilities, the registry, the target, a check's context.

Nothing here runs a contract (that is the engine) or knows a particular contract (those are
in ``_contracts``, which the registry finds by walking the package).  Imports run one way: contracts,
inputs, the engine, the static checks and the front ends import the core; the core imports none of them.
"""
