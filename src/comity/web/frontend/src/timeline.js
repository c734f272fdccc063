// The timeline view: one actor's or one dyad's events over time, zoomable.
// Each event is a bar from the first to the last day its date covers, so a
// month-precise event is drawn as the whole month and a year-precise one as the year.
import { axisBottom } from "d3-axis";
import { scaleBand, scaleLinear, scaleUtc } from "d3-scale";
import { select } from "d3-selection";
import { zoom, zoomIdentity } from "d3-zoom";
import { api, segment } from "./api.js";
import { goldsteinColor } from "./colors.js";
import { el, svg } from "./dom.js";

const DAY = 86_400_000;
const MARGIN = { top: 10, right: 20, bottom: 28, left: 110 };
const LANE = 26;

const toDate = (iso) => new Date(`${iso}T00:00:00Z`);

export class TimelineView {
  constructor(container, app) {
    this.container = container;
    this.app = app;
  }

  destroy() {}

  async render(filters, dyad) {
    const subject = dyad ? { dyad: `${dyad[0]},${dyad[1]}` } : filters.actor ? { actor: filters.actor } : null;
    if (!subject) {
      this.container.append(el("p", { class: "hint", id: "timeline-empty" },
        "Choose an actor in the filter bar, or click an edge in the network, to see a timeline."));
      return;
    }
    const params = { ...subject, since: filters.since, until: filters.until, type: filters.type, limit: 5000 };
    const [data, trend] = await Promise.all([
      api("/timeline", params),
      dyad ? api(`/dyads/${segment(dyad[0])}/${segment(dyad[1])}`, { ...params, dyad: null, limit: 1 }) : null,
    ]);
    const title = dyad ? `Timeline of ${dyad[0]} – ${dyad[1]}` : `Timeline of ${filters.actor}`;
    const dated = data.items.filter((item) => item.first);
    this.container.append(el("div", { class: "view-head" },
      el("h2", { id: "timeline-title" }, title),
      el("span", { class: "hint" }, ` ${data.total} events`,
        data.truncated ? ` (first ${data.items.length} shown)` : "",
        `; ${data.items.length - dated.length} undated, not drawn`)));
    if (!dated.length) {
      this.container.append(el("p", { class: "hint" }, "No dated events."));
      return;
    }
    if (trend && trend.trend.length) this.container.append(this.trendChart(trend.trend));
    this.container.append(this.chart(dated),
      el("p", { class: "legend" }, "Bars cover the period a date gives: a day, a month or a year (paler). ",
        "Colour: Goldstein score. Scroll to zoom, drag to pan, click a bar for its sentence."));
  }

  chart(items) {
    const lanes = [...new Set(items.map((item) => item.plover))].sort();
    const width = Math.max(600, this.container.clientWidth - 20);
    const height = MARGIN.top + MARGIN.bottom + LANE * lanes.length;
    const first = Math.min(...items.map((item) => toDate(item.first).getTime()));
    const last = Math.max(...items.map((item) => toDate(item.last).getTime() + DAY));
    const pad = Math.max(DAY * 15, (last - first) * 0.03);
    const x = scaleUtc().domain([new Date(first - pad), new Date(last + pad)])
      .range([MARGIN.left, width - MARGIN.right]);
    const y = scaleBand().domain(lanes).range([MARGIN.top, height - MARGIN.bottom]).padding(0.2);
    const root = svg("svg", { id: "timeline-chart", width, height, class: "timeline" });
    const clip = svg("clipPath", { id: "timeline-clip" });
    clip.append(svg("rect", { x: MARGIN.left, y: 0, width: width - MARGIN.left - MARGIN.right, height }));
    root.append(clip);
    for (const lane of lanes) {
      const label = svg("text", { x: MARGIN.left - 8, y: y(lane) + y.bandwidth() / 2, class: "lane" });
      label.textContent = lane;
      root.append(label);
    }
    const bars = svg("g", { "clip-path": "url(#timeline-clip)" });
    const axis = svg("g", { transform: `translate(0,${height - MARGIN.bottom})`, class: "axis" });
    root.append(bars, axis);
    const rects = items.map((item) => {
      const rect = svg("rect", {
        class: `bar precision-${item.precision ?? "day"}`, y: y(item.plover), height: y.bandwidth(),
        fill: goldsteinColor(item.goldstein), "data-event-id": item.id,
      });
      const tip = svg("title");
      tip.textContent = `${item.date}${item.date_end ? ` – ${item.date_end}` : ""} (${item.precision}) ${item.source ?? "?"} → ${item.target ?? "?"} ${item.plover}`;
      rect.append(tip);
      rect.addEventListener("click", () => this.app.side.showEvent(item.id));
      bars.append(rect);
      return [rect, item];
    });
    const draw = (scale) => {
      for (const [rect, item] of rects) {
        const start = scale(toDate(item.first));
        const end = scale(new Date(toDate(item.last).getTime() + DAY));
        rect.setAttribute("x", start);
        rect.setAttribute("width", Math.max(2, end - start));
      }
      select(axis).call(axisBottom(scale).ticks(Math.max(2, Math.floor(width / 110))));
    };
    draw(x);
    const behaviour = zoom().scaleExtent([0.5, 2000])
      .translateExtent([[MARGIN.left - width, 0], [2 * width, height]])
      .on("zoom", (event) => draw(event.transform.rescaleX(x)));
    select(root).call(behaviour).call(behaviour.transform, zoomIdentity);
    return el("div", { class: "chart" }, root);
  }

  trendChart(months) {
    const width = Math.max(600, this.container.clientWidth - 20);
    const height = 90;
    const x = scaleUtc().domain([toDate(`${months[0].month}-01`), toDate(`${months.at(-1).month}-28`)])
      .range([MARGIN.left, width - MARGIN.right]);
    const y = scaleLinear().domain([-10, 10]).range([height - 18, 6]);
    const root = svg("svg", { id: "trend-chart", width, height, class: "trend" });
    const zero = svg("line", { x1: MARGIN.left, x2: width - MARGIN.right, y1: y(0), y2: y(0), class: "zero" });
    const label = svg("text", { x: MARGIN.left - 8, y: y(0) + 4, class: "lane" });
    label.textContent = "mean Goldstein";
    root.append(zero, label);
    const points = months.map((m) => `${x(toDate(`${m.month}-15`))},${y(m.goldstein_mean)}`).join(" ");
    root.append(svg("polyline", { points, class: "trend-line" }));
    for (const m of months) {
      const dot = svg("circle", { cx: x(toDate(`${m.month}-15`)), cy: y(m.goldstein_mean), r: 3,
        fill: goldsteinColor(m.goldstein_mean) });
      const tip = svg("title");
      tip.textContent = `${m.month}: ${m.events} events, mean ${m.goldstein_mean.toFixed(2)}`;
      dot.append(tip);
      root.append(dot);
    }
    return el("div", { class: "chart" }, root);
  }
}
