"""The params schema and its loader (``params.py``), and the packaged defaults: ``params.yaml``
here is the project's own file, shipped with the package."""
