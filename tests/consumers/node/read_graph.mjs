// Reads a .gexf or .graphml file the way Gephi Lite opens one, and prints what it got as JSON.
//
// Gephi Lite (gephi/gephi-lite, its file import) calls, with graphology's default `Graph`:
//   gexf.parse(Graph, content, { allowUndeclaredAttributes: true, addMissingNodes: true })
//   graphml.parse(Graph, content, { addMissingNodes: true })
// from graphology-gexf/browser and graphology-graphml/browser. Those are the packages' common
// parsers bound to the browser's DOMParser; the Node endpoints used here bind the very same
// parsers to @xmldom/xmldom.
//
// Usage: node read_graph.mjs FILE   (the format is told by the extension)
import { readFileSync } from "node:fs";
import { extname } from "node:path";

import Graph from "graphology";
import gexf from "graphology-gexf";
import graphml from "graphology-graphml";

const file = process.argv[2];
if (!file) {
  process.stderr.write("usage: node read_graph.mjs FILE.gexf|FILE.graphml\n");
  process.exit(2);
}
const content = readFileSync(file, "utf8");
const ext = extname(file).toLowerCase();

let graph;
if (ext === ".gexf") {
  graph = gexf.parse(Graph, content, { allowUndeclaredAttributes: true, addMissingNodes: true });
} else if (ext === ".graphml") {
  graph = graphml.parse(Graph, content, { addMissingNodes: true });
} else {
  process.stderr.write(`read_graph: unknown extension ${ext}\n`);
  process.exit(2);
}

const nodes = [];
graph.forEachNode((key, attributes) => nodes.push({ key, attributes }));
const edges = [];
graph.forEachEdge((key, attributes, source, target, _sa, _ta, undirected) =>
  edges.push({ key, source, target, undirected, attributes }),
);

process.stdout.write(
  JSON.stringify({
    type: graph.type,
    multi: graph.multi,
    order: graph.order,
    size: graph.size,
    directedSize: graph.directedSize,
    undirectedSize: graph.undirectedSize,
    attributes: graph.getAttributes(),
    nodes,
    edges,
  }) + "\n",
);
