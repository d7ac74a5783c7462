"""Review mode and the review side of the window: layers, adjudication, comments,
bundles (the agreement dashboard and the graph diff live here too)."""
