"""PDF study reports: rendered by the worker when a study completes (and on request when missing), stored in the
blob store beside the result. `render.py` assembles the document, `sections/` holds one renderer per result
model (registered in `sections/__init__.py`), `sld.py` and `charts.py` draw the SVG figures."""
