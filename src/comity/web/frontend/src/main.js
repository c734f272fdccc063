// The explorer's shell: views, the filter bar, the side panel, and errors in the footer.
import { api } from "./api.js";
import { SidePanel } from "./detail.js";
import { clear, el } from "./dom.js";
import { MapView } from "./map.js";
import { NetworkView } from "./network.js";
import { TimelineView } from "./timeline.js";

const VIEWS = { network: NetworkView, timeline: TimelineView, map: MapView };

class Explorer {
  constructor() {
    this.viewNode = document.getElementById("view");
    this.status = document.getElementById("status");
    this.form = document.getElementById("filters");
    this.side = new SidePanel(document.getElementById("side"), this);
    this.views = Object.fromEntries(Object.entries(VIEWS).map(([name, View]) => [name, new View(this.viewNode, this)]));
    this.current = "network";
    this.dyad = null;
  }

  async start() {
    for (const tab of document.querySelectorAll(".tab")) {
      tab.addEventListener("click", () => this.switchTo(tab.dataset.view));
    }
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.dyad = null;
      this.refresh();
    });
    const actorInput = document.getElementById("filter-actor");
    actorInput.addEventListener("input", () => this.suggestActors(actorInput.value));
    const view = new URLSearchParams(location.hash.slice(1)).get("view");
    if (view in VIEWS) this.current = view;
    await this.guard(this.loadChoices());
    await this.refresh();
  }

  async loadChoices() {
    const [stats, regions] = await Promise.all([api("/stats", { top: 0 }), api("/regions")]);
    const types = document.getElementById("filter-type");
    for (const type of Object.keys(stats.by_plover)) types.append(el("option", { value: type }, type));
    const select = document.getElementById("filter-region");
    for (const region of regions) {
      const label = region.kind === "m49" ? region.name : `${region.name} (${region.code})`;
      select.append(el("option", { value: region.code }, label));
    }
  }

  async suggestActors(text) {
    if (text.trim().length < 2) return;
    const found = await api("/actors", { q: text, limit: 15 }).catch(() => null);
    if (!found) return;
    const list = clear(document.getElementById("actor-options"));
    for (const actor of found.items) {
      list.append(el("option", { value: actor.code }, `${actor.name} (${actor.events} events)`));
    }
  }

  filters() {
    const data = new FormData(this.form);
    const value = (name) => (data.get(name) ?? "").toString().trim();
    return {
      actor: value("actor").toUpperCase(), since: value("since"), until: value("until"),
      type: value("type"), region: value("region"), within: data.get("within") === "on",
    };
  }

  switchTo(view) {
    this.current = view;
    history.replaceState(null, "", `#view=${view}`);
    return this.refresh();
  }

  async refresh() {
    for (const tab of document.querySelectorAll(".tab")) {
      tab.setAttribute("aria-pressed", String(tab.dataset.view === this.current));
    }
    for (const view of Object.values(this.views)) view.destroy();
    clear(this.viewNode);
    this.viewNode.dataset.view = this.current;
    this.viewNode.dataset.ready = "false";
    await this.guard(this.views[this.current].render(this.filters(), this.dyad));
    this.viewNode.dataset.ready = "true";
  }

  async guard(promise) {
    try {
      await promise;
      this.status.textContent = "";
    } catch (error) {
      this.status.textContent = `Error: ${error.message}`;
    }
  }

  showDyad(a, b) {
    this.dyad = [a, b];
    return this.guard(this.side.showDyad(a, b, this.filters()));
  }

  showActor(code) {
    return this.chooseActor(code);
  }

  chooseActor(code) {
    document.getElementById("filter-actor").value = code;
    this.dyad = null;
    return this.refresh();
  }

  openDyadTimeline(a, b) {
    this.dyad = [a, b];
    this.current = "timeline";
    history.replaceState(null, "", "#view=timeline");
    return this.refresh();
  }
}

const explorer = new Explorer();
window.comityExplorer = explorer;
explorer.start();
