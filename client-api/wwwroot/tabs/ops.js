"use strict";

/** Operations (operators only): silos by region, health, the GPU pool, turn latency and errors, usage and cost per user; live while shown. */
(() => {
  const RefreshMs = 5000;
  let panel = null, timer = null, charts = {}, status = null, lastSpend = [], themeWatch = null;

  const badge = (state) => h("span", { class: `badge ${{ up: "ok", active: "ok", ready: "ok", booting: "warn", launching: "warn", requested: "warn", joining: "warn" }[state] || "bad"}`, text: state });
  const table = (head, rows, empty) => rows.length
    ? h("div", { class: "table-wrap" }, h("table", { class: "table" },
      h("thead", {}, h("tr", {}, head.map(([label, kind]) => h("th", { class: kind || null, text: label })))),
      h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((c, i) => h("td", { class: head[i][1] || null }, c)))))))
    : h("p", { class: "empty", text: empty });
  const card = (id, title, wide, chart) => h("section", { id, class: `card${wide ? " wide" : ""} ops-card`, "aria-labelledby": `${id}-title` },
    h("h3", { id: `${id}-title`, text: title }), h("div", { class: "ops-body" }),
    chart ? h("div", { id: `${id}-chart`, class: "ops-chart", role: "img", "aria-label": chart, hidden: true }) : null);
  const fill = (id, ...nodes) => panel.querySelector(`#${id} .ops-body`).replaceChildren(...nodes.flat().filter((n) => n !== null && n !== undefined));
  const cost = (c) => c === null || c === undefined ? h("span", { class: "muted", text: "no price set" }) : c > 0 && c < 1 ? "< $0.01" : formatCents(c);
  const usd = (v) => v === null ? "–" : `$${+v.toFixed(v < 1 ? 4 : 2)}`;
  const seconds = (iso) => Math.floor(new Date(iso).getTime() / 1000);

  function mount(p) {
    panel = p;
    status = statusLine();
    panel.append(h("div", { class: "page ops" },
      h("div", { class: "page-heading" }, h("h2", { text: "Operations" }),
        h("div", { class: "actions" }, status,
          h("a", { id: "ops-dashboard", href: "/ops/dashboard/", target: "_blank", rel: "noopener", text: "Orleans dashboard" }), h("button", { id: "ops-refresh", type: "button", class: "secondary small", on: { click: refresh }, text: "Refresh" }))),
      h("div", { class: "panel-grid" },
        card("ops-silos", "Silos by region"), card("ops-health", "Dependencies and integrations"),
        card("ops-gpu", "GPU pool", true, "GPU spend over time"), card("ops-latency", "Turn latency", false, "Turn latency over time"),
        card("ops-errors", "Turn error rate", false, "Turn error rate over time"),
        card("ops-usage", "Usage and model cost per user", true), card("ops-grains", "Activations by grain type", true))));
    // The charts take their colours from the theme, so a theme switch draws them again.
    themeWatch ??= new MutationObserver(() => { destroyCharts(); refresh(); });
    themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  }

  async function show() {
    await refresh();
    schedule();
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      timer = null;
      // Polls only while the tab is on screen and someone is signed in; show() starts it again.
      if (!panel || panel.hidden || !panel.isConnected || !session.me) return;
      if (!document.hidden) await refresh();
      schedule();
    }, RefreshMs);
  }

  async function refresh() {
    if (!panel || panel.hidden) return;
    const results = await Promise.allSettled([
      api("/api/ops/cluster").then(renderCluster), send("/readyz").then(({ body }) => renderHealth(body)),
      api("/api/ops/gpu").then(renderGpu), api("/api/ops/metrics").then(renderMetrics)]);
    const failed = results.find((r) => r.status === "rejected" && !(r.reason instanceof SessionEnded));
    status.say(failed ? `Could not update: ${errorText(failed.reason)}` : `Updated ${new Date().toLocaleTimeString()}`, !!failed);
  }

  function renderCluster(cluster) {
    fill("ops-silos",
      h("p", { class: "hint", text: `${cluster.regions.reduce((n, r) => n + r.active, 0)} active silo(s), ${formatNumber(cluster.activations)} activations` }),
      cluster.regions.map((r) => h("div", { class: "ops-region" },
        h("h4", {}, r.region || "no region", " ", h("span", { class: "badge", text: `${r.active} active` })),
        table([["Silo"], ["Address"], ["Status"], ["Started"], ["Activations", "num"]],
          r.silos.map((s) => [s.name, s.address, badge(s.status), formatWhen(s.startedAt), formatNumber(s.activations)]), "No silos."))));
    fill("ops-grains", table([["Grain type"], ["Activations", "num"], ["Silos", "num"]],
      cluster.grainTypes.map((t) => [t.grainType, formatNumber(t.activations), String(t.silos)]), "No activations."));
  }

  function renderHealth(ready) {
    const checks = Object.entries(ready?.checks || {});
    const integrations = ready?.integrations || {};
    const unknown = typeof integrations.status === "string";
    fill("ops-health",
      h("p", {}, "Gateway: ", badge(ready?.status === "ready" ? "up" : "down")),
      table([["Dependency"], ["Status"], ["Time", "num"], ["Detail", "ops-wrap"]], checks.map(([name, c]) => [name, badge(c.status), formatMs(c.ms), c.detail || ""]), "No checks."),
      unknown ? h("p", { class: "hint", text: integrations.detail })
        : table([["Integration"], ["Status"], ["Last success"], ["Last error", "ops-wrap"]],
          Object.entries(integrations).map(([name, i]) => [name, badge(i.status), formatWhen(i.lastSuccessAt), i.lastError || ""]), "No tenant has an integration."));
  }

  function renderGpu(pool) {
    const live = lastSpend.filter((s) => s.region === pool.region);
    const points = [...live.map((s) => [seconds(s.at), s.spentCents / 100, s.spendCentsPerHour / 100]), [Math.floor(Date.now() / 1000), pool.spentCents / 100, pool.spendCentsPerHour / 100]];
    fill("ops-gpu",
      h("div", { class: "ops-figures" },
        figure("Region", pool.region), figure("Rate", `${formatCents(pool.spendCentsPerHour)}/h`), figure("Spent", formatCents(pool.spentCents)),
        figure("Desired", `${pool.desired} of ${pool.maxInstances}`), figure("Cap", `${formatCents(pool.spendCapCentsPerHour)}/h`)),
      pool.configured ? null : h("p", { class: "hint", text: pool.lastError || "The GPU pool is not configured." }),
      pool.paused ? h("p", {}, badge("paused"), " Launching is paused.") : null,
      table([["Lease"], ["State"], ["Instance"], ["Region"], ["Price", "num"], ["Launched"]],
        pool.leases.map((l) => [l.id, badge(l.state), l.instanceName || l.instanceId || "", l.providerRegion || "", `${formatCents(l.priceCentsPerHour)}/h`, formatWhen(l.launchedAt)]), "No leases."),
      h("h4", { text: "Spend over time" }));
    draw("gpu", "ops-gpu-chart", [points.map((p) => p[0]), points.map((p) => p[1]), points.map((p) => p[2])],
      [{ label: "Spent", scale: "$", value: (u, v) => usd(v) }, { label: "Rate", scale: "$/h", value: (u, v) => v === null ? "–" : `${usd(v)}/h` }],
      [{ scale: "$", values: (u, vs) => vs.map(usd), size: 64 }, { scale: "$/h", side: 1, grid: { show: false }, values: (u, vs) => vs.map((v) => `${usd(v)}/h`), size: 64 }]);
  }

  function renderMetrics(metrics) {
    lastSpend = metrics.gpuSpend;
    const turns = metrics.turns;
    const xs = turns.map((t) => seconds(t.minute));
    const window = `the last ${Math.round(metrics.windowMinutes / 60)} h, per minute, since ${formatWhen(metrics.since)}`;
    const none = turns.length ? null : h("p", { class: "empty", text: "No turn has finished yet." });
    fill("ops-latency", h("p", { class: "hint", text: `Turns finished in ${window}: ${formatNumber(turns.reduce((n, t) => n + t.turns, 0))}` }), none);
    fill("ops-errors", h("p", { class: "hint", text: `Errors: ${formatNumber(turns.reduce((n, t) => n + t.errors, 0))}` }), none?.cloneNode(true));
    if (turns.length) {
      const ms = (u, v) => v === null ? "–" : formatMs(v);
      draw("latency", "ops-latency-chart", [xs, turns.map((t) => t.p50Ms), turns.map((t) => t.p95Ms)],
        [{ label: "p50", value: ms }, { label: "p95", value: ms, dash: [6, 4] }], [{ values: (u, vs) => vs.map((v) => formatMs(v)), size: 64 }]);
      draw("errors", "ops-errors-chart", [xs, turns.map((t) => t.errorRate * 100)],
        [{ label: "Errors", value: (u, v) => v === null ? "–" : `${v.toFixed(1)} %`, warn: true }], [{ values: (u, vs) => vs.map((v) => `${v} %`) }]);
    }
    fill("ops-usage",
      h("p", { class: "hint", text: metrics.pricedModels.length ? `Priced models: ${metrics.pricedModels.join(", ")} (Sophia:Ops:ModelPrices).` : "No model has a price (Sophia:Ops:ModelPrices): tokens only." }),
      table([["User"], ["Model"], ["Turns", "num"], ["Input tokens", "num"], ["Output tokens", "num"], ["Cost", "num"]],
        metrics.usage.map((u) => [u.user, u.model || "offline", formatNumber(u.turns), formatNumber(u.inputTokens), formatNumber(u.outputTokens), cost(u.costCents)]),
        "No turns in the window."));
  }

  function figure(label, value) { return h("div", { class: "ops-figure" }, h("span", { class: "muted", text: label }), h("span", { class: "figure", text: value })); }

  /** One uPlot chart per key, made the first time there is data (and again after a theme change), fed new data after. */
  function draw(key, id, data, series, axes) {
    const target = panel.querySelector(`#${id}`);
    target.hidden = false;
    if (charts[key]) { charts[key].setData(data); return; }
    const css = getComputedStyle(document.documentElement);
    const color = (name) => css.getPropertyValue(name).trim();
    const width = Math.max(200, target.clientWidth || target.parentElement.clientWidth);
    const axis = { stroke: color("--muted"), grid: { stroke: color("--border"), width: 1 }, ticks: { stroke: color("--border") } };
    const strokes = [color("--accent"), color("--warn")];
    charts[key] = new uPlot({
      width, height: 180, scales: { x: { time: true, range: (u, min, max) => min === max ? [min - 600, max + 60] : [min, max] } }, cursor: { drag: { x: false, y: false } },
      series: [{}, ...series.map((s, i) => ({ ...s, stroke: s.warn ? color("--error") : strokes[i], width: 2, points: { show: data[0].length < 3, size: 6 } }))],
      axes: [{ ...axis }, ...axes.map((a) => ({ ...axis, ...a, grid: a.grid || axis.grid }))],
    }, data, target);
    const resize = new ResizeObserver(() => { if (target.clientWidth) charts[key]?.setSize({ width: target.clientWidth, height: 180 }); });
    resize.observe(target);
    charts[key].resizer = resize;
  }

  function destroyChart(key) { charts[key]?.resizer?.disconnect(); charts[key]?.destroy(); delete charts[key]; }
  function destroyCharts() { for (const key of Object.keys(charts)) destroyChart(key); }

  Tabs.register({
    id: "ops", label: "Operations", visible: (me) => !!me.operator, mount, show,
    signedOut: () => { clearTimeout(timer); timer = null; destroyCharts(); panel = null; lastSpend = []; },
  });
})();
