// The network view: actors as nodes, dyads as edges, drawn with sigma.js (WebGL).
//
// Why sigma + graphology: the server folds events into dyads, so even 100k events
// make a graph of a few hundred actors and a few thousand edges; sigma draws those
// with WebGL and stays smooth while panning and zooming, where SVG or canvas-2D
// renderers (cytoscape's default) slow down past a few thousand elements.
import Graph from "graphology";
import { circular } from "graphology-layout";
import forceAtlas2 from "graphology-layout-forceatlas2";
import Sigma from "sigma";
import { api } from "./api.js";
import { goldsteinColor, ploverColor } from "./colors.js";
import { el } from "./dom.js";

const TABLE_ROWS = 40;

function pairKey(a, b) {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

export class NetworkView {
  constructor(container, app) {
    this.container = container;
    this.app = app;
    this.renderer = null;
    this.colorBy = "goldstein";
  }

  destroy() {
    if (this.renderer) this.renderer.kill();
    this.renderer = null;
  }

  async render(filters) {
    const data = await api("/network", {
      since: filters.since, until: filters.until, type: filters.type, region: filters.region,
      within: filters.within, actor: filters.actor, directed: false,
    });
    this.destroy();
    const canvas = el("div", { id: "network-canvas", class: "graph" });
    const colorSelect = el("select", { id: "network-color", onchange: (e) => {
      this.colorBy = e.target.value;
      this.recolor();
    } }, el("option", { value: "goldstein" }, "mean Goldstein"), el("option", { value: "plover" }, "main PLOVER type"));
    colorSelect.value = this.colorBy;
    this.container.append(
      el("div", { class: "view-head" },
        el("h2", {}, `Network: ${data.nodes.length} actors, ${data.edges.length} dyads, ${data.events} events`),
        el("label", {}, "Edge colour: ", colorSelect),
        data.truncated ? el("span", { class: "hint" }, " (strongest dyads only)") : null),
      canvas,
      this.legend(),
      this.edgeTable(data));
    if (!data.edges.length) {
      canvas.append(el("p", { class: "hint" }, "No dyads match these filters."));
      return;
    }
    this.data = data;
    this.graph = this.buildGraph(data);
    this.renderer = new Sigma(this.graph, canvas, {
      enableEdgeEvents: true,
      renderEdgeLabels: false,
      labelRenderedSizeThreshold: 4,
      minEdgeThickness: 1.5,
      zIndex: true,
      stagePadding: 80,
    });
    this.renderer.on("clickEdge", ({ edge }) => this.openEdge(edge));
    this.renderer.on("clickNode", ({ node }) => this.app.showActor(node));
    this.renderer.on("enterEdge", () => canvas.classList.add("pointer"));
    this.renderer.on("leaveEdge", () => canvas.classList.remove("pointer"));
    this.recolor();
  }

  buildGraph(data) {
    const graph = new Graph({ type: "undirected" });
    const maxNode = Math.max(1, ...data.nodes.map((n) => n.events));
    for (const node of data.nodes) {
      graph.addNode(node.code, {
        label: `${node.name} (${node.code})`, events: node.events,
        size: 4 + 14 * Math.sqrt(node.events / maxNode), color: "#44536b",
      });
    }
    const maxEdge = Math.max(1, ...data.edges.map((e) => e.events));
    for (const edge of data.edges) {
      graph.addEdgeWithKey(pairKey(edge.source, edge.target), edge.source, edge.target, {
        ...edge, size: 1.5 + 8 * Math.sqrt(edge.events / maxEdge),
      });
    }
    circular.assign(graph);
    if (graph.order > 2) {
      const settings = forceAtlas2.inferSettings(graph);
      forceAtlas2.assign(graph, { iterations: graph.order > 500 ? 60 : 200, settings });
    }
    return graph;
  }

  recolor() {
    if (!this.graph) return;
    this.graph.forEachEdge((key, attributes) => {
      const color = this.colorBy === "plover" ? ploverColor(attributes.plover)
        : goldsteinColor(attributes.goldstein_mean);
      this.graph.setEdgeAttribute(key, "color", color);
    });
  }

  openEdge(key) {
    const [a, b] = key.split("|");
    this.app.showDyad(a, b);
  }

  // Where an edge's middle is drawn, in pixels of the canvas (used by the browser tests).
  edgeMidpoint(a, b) {
    const key = pairKey(a, b);
    if (!this.graph || !this.graph.hasEdge(key)) return null;
    const [s, t] = this.graph.extremities(key);
    const sd = this.renderer.getNodeDisplayData(s);
    const td = this.renderer.getNodeDisplayData(t);
    return this.renderer.framedGraphToViewport({ x: (sd.x + td.x) / 2, y: (sd.y + td.y) / 2 });
  }

  legend() {
    return el("p", { class: "legend" },
      "Edges: width = events; colour = mean Goldstein (red conflict … green cooperation) or main PLOVER type. ",
      "Click an edge for its events, a node for the actor.");
  }

  edgeTable(data) {
    const names = new Map(data.nodes.map((node) => [node.code, node.name]));
    const rows = data.edges.slice(0, TABLE_ROWS).map((edge) => el("tr", {},
      el("td", {}, el("button", { type: "button", class: "link edge-row",
        dataset: { dyad: pairKey(edge.source, edge.target) },
        onclick: () => this.app.showDyad(edge.source, edge.target) },
        `${names.get(edge.source)} – ${names.get(edge.target)}`)),
      el("td", {}, String(edge.events)), el("td", {}, edge.goldstein_mean.toFixed(2)),
      el("td", {}, edge.plover), el("td", {}, edge.first_day ?? ""), el("td", {}, edge.last_day ?? "")));
    return el("details", { class: "edge-table" }, el("summary", {}, "Strongest dyads as a table"),
      el("table", {}, el("thead", {}, el("tr", {}, ...["dyad", "events", "mean Goldstein", "main type",
        "first", "last"].map((h) => el("th", {}, h)))), el("tbody", {}, ...rows)));
  }
}
