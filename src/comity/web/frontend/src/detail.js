// The side panel: a dyad's events, one event's proof, a document with its events marked.
import { api, segment } from "./api.js";
import { goldsteinColor } from "./colors.js";
import { clear, el, markedText } from "./dom.js";

const ROLE_LABELS = { source: "source", target: "target", trigger: "trigger", actor: "actor" };

export function dateText(event) {
  if (!event.date) return "undated";
  const range = event.date_end ? `${event.date} – ${event.date_end}` : event.date;
  const precision = event.date_precision ?? event.precision;
  return precision ? `${range} (${precision})` : range;
}

function scoreBadge(score) {
  const badge = el("span", { class: "score" }, score >= 0 ? `+${score.toFixed(1)}` : score.toFixed(1));
  badge.style.background = goldsteinColor(score);
  return badge;
}

export class SidePanel {
  constructor(node, app) {
    this.node = node;
    this.app = app;
  }

  message(text) {
    clear(this.node).append(el("p", { class: "hint" }, text));
  }

  async showDyad(a, b, filters) {
    clear(this.node).append(el("p", { class: "hint" }, `Loading ${a} – ${b} …`));
    const dyadParams = { since: filters.since, until: filters.until, type: filters.type, limit: 1 };
    const [dyad, page] = await Promise.all([
      api(`/dyads/${segment(a)}/${segment(b)}`, dyadParams),
      api("/events", { dyad: `${a},${b}`, since: filters.since, until: filters.until,
        type: filters.type, limit: 200, sort: "-date" }),
    ]);
    clear(this.node);
    this.node.append(
      el("h2", { id: "dyad-title" }, `${dyad.a_name} (${dyad.a}) – ${dyad.b_name} (${dyad.b})`),
      el("p", {}, `${dyad.events} events`,
        dyad.goldstein_mean === null ? "" : ", mean Goldstein ", 
        dyad.goldstein_mean === null ? "" : scoreBadge(dyad.goldstein_mean)),
      el("p", {}, ...dyad.directions.map((d) =>
        el("span", { class: "direction" }, `${d.source} → ${d.target}: ${d.events} (${d.plover}) `))),
      el("button", { type: "button", id: "dyad-timeline",
        onclick: () => this.app.openDyadTimeline(dyad.a, dyad.b) }, "Timeline of this dyad"),
      this.relationsBlock(dyad),
      el("h3", {}, `Events${page.total > page.items.length ? ` (latest ${page.items.length} of ${page.total})` : ""}`),
      this.eventList(page.items),
    );
  }

  relationsBlock(dyad) {
    if (!dyad.relations_available) return null;
    if (!dyad.relations.length) return el("p", { class: "hint" }, "No relation recorded between them.");
    return el("section", { class: "relations" }, el("h3", {}, "Relations"),
      ...dyad.relations.map((relation) => this.relationItem(relation)));
  }

  relationItem(relation, stance = null) {
    const period = [relation.since ?? "?", relation.until ?? "now"].join(" – ");
    const supports = relation.sources.filter((s) => s.stance === "supports");
    const contradicts = relation.sources.filter((s) => s.stance === "contradicts");
    return el("div", { class: "relation" },
      el("p", {}, el("strong", {}, `${relation.negated ? "not " : ""}${relation.kind}`),
        relation.object ? ` ${relation.object}` : "", ` ${relation.a} – ${relation.b}, ${period}`,
        stance ? ` (this sentence ${stance} it)` : "",
        `, confidence ${relation.confidence.toFixed(2)}`),
      this.sourceList("Corroborating sources", supports, "supports"),
      this.sourceList("Contradicting sources", contradicts, "contradicts"));
  }

  sourceList(title, sources, className) {
    if (!sources.length) return null;
    return el("div", { class: `sources ${className}` }, el("h4", {}, `${title} (${sources.length})`),
      el("ul", {}, ...sources.map((source) => el("li", {},
        el("q", {}, source.sentence), " — ",
        el("button", { type: "button", class: "link",
          onclick: () => (source.event_id ? this.showEvent(source.event_id) : this.showDocument(source.doc_id)) },
          source.source)))));
  }

  eventList(events) {
    if (!events.length) return el("p", { class: "hint" }, "No events.");
    return el("ol", { class: "events" }, ...events.map((event) => el("li", {},
      el("button", { type: "button", class: "event-link", dataset: { eventId: event.id },
        onclick: () => this.showEvent(event.id) },
        el("span", { class: "when" }, dateText(event)), " ",
        el("span", { class: "who" }, `${event.source ?? "?"} → ${event.target ?? "?"}`), " ",
        el("span", { class: "type" }, event.plover), " ", scoreBadge(event.goldstein)),
      el("div", { class: "sentence-preview" }, event.sentence))));
  }

  async showEvent(eventId) {
    const detail = await api(`/events/${segment(eventId)}`);
    const { event, document } = detail;
    const spans = detail.highlights.map((h) => ({
      start: h.start, end: h.end, className: `hl-${h.role}`,
      title: h.code ? `${ROLE_LABELS[h.role]}: ${h.code}` : ROLE_LABELS[h.role],
    }));
    clear(this.node);
    this.node.append(
      el("h2", {}, `${event.source_name ?? event.source ?? "?"} → ${event.target_name ?? event.target ?? "?"}`),
      el("p", { class: "meta" }, el("span", { class: "type" }, event.plover), ` CAMEO ${event.cameo} `,
        scoreBadge(event.goldstein), ` ${event.mode}`),
      el("p", { class: "meta" }, `Date: ${dateText(event)}`,
        event.date_inferred ? " — the publication date, not stated in the text" : "",
        event.location ? ` · Place: ${event.location_name ?? event.location}` : ""),
      el("blockquote", { id: "event-sentence", class: "sentence" }, markedText(event.sentence, spans)),
      el("p", { class: "legend" }, el("mark", { class: "hl-source" }, "source"), " ",
        el("mark", { class: "hl-trigger" }, "trigger"), " ", el("mark", { class: "hl-target" }, "target")),
      el("p", { class: "meta" }, "Document: ", el("span", { id: "event-document" }, document.source),
        document.title ? ` — ${document.title}` : "",
        document.published ? ` (published ${document.published})` : ""),
      el("button", { type: "button", onclick: () => this.showDocument(document.id, event.id) },
        "Show the whole document"),
      this.evidenceBlock(detail),
    );
  }

  evidenceBlock(detail) {
    if (!detail.relations_available) {
      return el("p", { class: "hint" }, "Relation sources are not available on this server.");
    }
    if (!detail.evidence.length) return el("p", { class: "hint" }, "No relation cites this sentence.");
    return el("section", { class: "relations" }, el("h3", {}, "Relations this sentence bears on"),
      ...detail.evidence.map((item) => this.relationItem(item.relation, item.stance)));
  }

  async showDocument(docId, focusEventId = null) {
    const doc = await api(`/documents/${segment(docId)}`);
    const spans = doc.events.map((event) => ({
      start: event.span_start, end: event.span_end,
      className: event.id === focusEventId ? "doc-event focus" : "doc-event",
      title: `${event.source ?? "?"} → ${event.target ?? "?"} ${event.plover}`,
      onclick: () => this.showEvent(event.id),
    }));
    clear(this.node);
    this.node.append(
      el("h2", {}, doc.title ?? doc.source),
      el("p", { class: "meta" }, doc.source, doc.published ? ` · ${doc.published}` : "",
        ` · ${doc.events.length} events (click a marked sentence)`),
      el("div", { id: "document-text", class: "document" }, markedText(doc.text, spans)),
    );
  }
}
