"""The relation graph dock. Importing this package loads nothing heavy: pyqtgraph comes
in with ``desktop.graph.graph_view``, which ``install.install_graph_dock`` imports after
the window's first paint."""
