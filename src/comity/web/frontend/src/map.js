// The map view: the world from the bundled TopoJSON (Natural Earth via world-atlas);
// choose a state and its partners are coloured by the mean Goldstein score of their events.
import { geoNaturalEarth1, geoPath } from "d3-geo";
import { feature } from "topojson-client";
import { api, segment } from "./api.js";
import { goldsteinColor } from "./colors.js";
import { el, svg } from "./dom.js";

let atlas = null;

async function loadAtlas() {
  if (!atlas) {
    const [topology, codes] = await Promise.all([
      fetch("/assets/countries-50m.json").then((response) => response.json()),
      api("/geo"),
    ]);
    const countries = feature(topology, topology.objects.countries).features;
    for (const country of countries) {
      country.code = codes.numeric[country.id] ?? codes.names[country.properties.name] ?? null;
    }
    atlas = countries;
  }
  return atlas;
}

export class MapView {
  constructor(container, app) {
    this.container = container;
    this.app = app;
    this.chosen = null;
  }

  destroy() {}

  async render(filters) {
    const countries = await loadAtlas();
    const chosen = filters.actor || this.chosen;
    const view = chosen ? await api(`/map/${segment(chosen)}`, {
      since: filters.since, until: filters.until, type: filters.type,
    }).catch(() => null) : null;
    const partners = new Map((view?.partners ?? []).map((p) => [p.code, p]));
    const width = Math.max(640, this.container.clientWidth - 20);
    const height = Math.round(width * 0.52);
    const projection = geoNaturalEarth1();
    const involved = countries.filter((c) => c.code && (c.code === view?.code || partners.has(c.code)));
    // Zoom to the chosen state and its partners; the whole world when none is chosen.
    const frame = involved.length ? { type: "FeatureCollection", features: involved } : { type: "Sphere" };
    const pad = involved.length ? Math.round(width * 0.08) : 0;
    projection.fitExtent([[pad, pad], [width - pad, height - pad]], frame);
    const path = geoPath(projection);
    const root = svg("svg", { id: "map-chart", width, height, class: "map" });
    root.append(svg("path", { d: path({ type: "Sphere" }), class: "sphere" }));
    for (const country of countries) {
      const partner = country.code ? partners.get(country.code) : null;
      const shape = svg("path", {
        d: path(country), class: country.code && country.code === view?.code ? "country chosen" : "country",
        "data-code": country.code ?? "",
      });
      if (partner) shape.style.fill = goldsteinColor(partner.goldstein_mean);
      const tip = svg("title");
      tip.textContent = partner
        ? `${partner.name}: ${partner.events} events, mean Goldstein ${partner.goldstein_mean.toFixed(2)}, mostly ${partner.plover}`
        : country.properties.name;
      shape.append(tip);
      shape.addEventListener("click", () => this.clicked(country.code, partner, view));
      root.append(shape);
    }
    this.container.append(
      el("div", { class: "view-head" }, el("h2", { id: "map-title" },
        view ? `Relations of ${view.name} (${view.code}): ${partners.size} partners` : "Choose a state"),
      el("span", { class: "hint" }, view ? " Click a coloured state for the events between them; another state to choose it."
        : " Click a state (or give an actor in the filter bar) to colour its relations.")),
      el("div", { class: "chart" }, root),
      el("p", { class: "legend" }, "Colour: mean Goldstein score of the events between the two (red conflict … green cooperation)."),
      this.partnerList(view));
  }

  clicked(code, partner, view) {
    if (!code) return;
    if (partner && view) {
      this.app.showDyad(view.code, code);
    } else {
      this.chosen = code;
      this.app.chooseActor(code);
    }
  }

  partnerList(view) {
    if (!view || !view.partners.length) return null;
    return el("ol", { class: "partners" }, ...view.partners.map((p) => el("li", {},
      el("button", { type: "button", class: "link", onclick: () => this.app.showDyad(view.code, p.code) },
        `${p.name} (${p.code})`), ` ${p.events} events, mean ${p.goldstein_mean.toFixed(2)}, mostly ${p.plover}`)));
  }
}
