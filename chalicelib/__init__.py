"""GridSolve service layer: auth, organizations, projects, studies, storage adapters and runners.

Depends on the engine (``gridsolve``); the engine never imports this package.
"""
