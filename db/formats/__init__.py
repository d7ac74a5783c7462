"""Annotated datasets out and in: one module per format, one shared read model
(``db.formats.dataset``) and one shared writer of imported layers
(``db.formats.layer_writer``)."""
