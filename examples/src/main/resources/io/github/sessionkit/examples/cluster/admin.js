// The admin page of the sessionkit cluster demo: polls /admin/stats.json every second and
// renders it. Plain DOM, no libraries; text goes through textContent, never innerHTML.
"use strict";

(function () {
  const POLL_MS = 1000;
  const SVG = "http://www.w3.org/2000/svg";
  const SERIES_COLORS = { lookup: "#111827", memory: "#9ca3af", redis: "#dc2626", postgresql: "#2563eb" };
  const SERIES_LABELS = { lookup: "whole lookup", memory: "memory tier call", redis: "redis tier call",
    postgresql: "postgresql tier call" };
  const BAND_COLOR = "#fee2e2";
  const $ = (id) => document.getElementById(id);

  let redisBusy = false;
  let lastStats = null;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      node.setAttribute(key, value);
    }
    for (const child of children) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      node.setAttribute(key, value);
    }
    return node;
  }

  function percent(ratio) {
    return (ratio * 100).toFixed(1) + " %";
  }

  function clock(millis) {
    return new Date(millis).toLocaleTimeString([], { hour12: false });
  }

  function nodeUrl(port, path) {
    return location.protocol + "//" + location.hostname + ":" + port + path;
  }

  function setText(id, text) {
    $(id).textContent = text;
  }

  function render(stats) {
    lastStats = stats;
    document.body.classList.remove("node-1", "node-2");
    document.body.classList.add("node-" + stats.node);
    document.title = "Admin · " + stats.nodeName + " · sessionkit cluster demo";
    setText("node-badge", stats.nodeName + " · port " + stats.port + " · admin");
    const node1Port = stats.node === 1 ? stats.port : stats.peerPort;
    const node2Port = stats.node === 2 ? stats.port : stats.peerPort;
    $("nav-node1").href = nodeUrl(node1Port, "/");
    $("nav-node2").href = nodeUrl(node2Port, "/");
    $("nav-other-admin").href = nodeUrl(stats.peerPort, "/admin");
    $("nav-other-admin").textContent = "node " + (stats.node === 1 ? 2 : 1) + " admin";

    renderCards(stats);
    renderTiers(stats.tiers);
    renderRedis(stats.redis);
    renderYou(stats.you);
    renderChanges(stats.breakerChanges);
    renderCounters(stats);
    renderChart(stats);
  }

  function renderCards(stats) {
    if (stats.stats) {
      setText("active-sessions", stats.stats.activeSessions);
      setText("sessions-sub", stats.stats.totalSessions + " stored · " + stats.stats.createdLast24Hours
          + " new in the last 24 h");
    } else {
      setText("active-sessions", "?");
      setText("sessions-sub", "counts unavailable: " + (stats.statsError || "record of truth unreachable"));
    }
    const serving = $("serving");
    serving.textContent = stats.serving;
    serving.className = "big " + (stats.serving === "redis" ? "good" : "warn");

    setText("local-hit-ratio", percent(stats.localHitRatio));
    $("local-hit-bar").style.width = (stats.localHitRatio * 100).toFixed(1) + "%";
    setText("local-sub", "of " + stats.localReads + " reads answered from this node's memory");

    const failed = $("failed-requests");
    failed.textContent = stats.requests.failed;
    failed.className = "big " + (stats.requests.failed === 0 ? "good" : "bad");
    let sub = "of " + stats.requests.served + " requests on this node";
    if (stats.traffic.perSecond > 0) {
      sub += "; synthetic traffic: " + stats.traffic.failed + " of " + stats.traffic.calls + " failed";
    }
    setText("requests-sub", sub);
  }

  function renderTiers(tiers) {
    const body = $("tiers").querySelector("tbody");
    body.replaceChildren(...tiers.map((tier) => {
      const server = tier.available === true ? el("span", { class: "badge up" }, "up")
          : tier.available === false ? el("span", { class: "badge down", title: tier.error || "" }, "down")
          : el("span", { class: "badge NONE" }, "?");
      return el("tr", { "data-tier": tier.name },
          el("td", {}, el("strong", {}, tier.name)),
          el("td", {}, tier.role.toLowerCase()),
          el("td", {}, el("span", { class: "badge " + tier.breaker, "data-breaker": tier.breaker },
              tier.breaker === "NONE" ? "no breaker" : tier.breaker.replace("_", " "))),
          el("td", {}, server),
          el("td", { class: "num" }, tier.hits),
          el("td", { class: "num" }, tier.misses),
          el("td", { class: "num" }, tier.errors),
          el("td", { class: "num" }, tier.skipped),
          el("td", { class: "num" }, percent(tier.hitRatio)),
          el("td", { class: "num" }, tier.pendingRepairs));
    }));
  }

  function renderRedis(redis) {
    const badge = $("redis-badge");
    if (!redis.controllable) {
      badge.className = "badge NONE";
      badge.textContent = "external";
      setText("redis-text", redis.url);
      $("stop-redis").hidden = true;
      $("start-redis").hidden = true;
      setText("redis-hint", "This Redis comes from REDIS_URL; the demo only stops and starts a Redis it started.");
      return;
    }
    badge.className = "badge " + (redis.running ? "up" : "down");
    badge.textContent = redis.running ? "running" : "stopped";
    setText("redis-text", redis.url);
    $("stop-redis").disabled = redisBusy || !redis.running;
    $("start-redis").disabled = redisBusy || redis.running;
  }

  function renderYou(you) {
    const box = $("you");
    if (!you) {
      box.replaceChildren(el("p", { class: "empty" }, "Not signed in on this node. ",
          el("a", { href: "/" }, "Sign in"), " to see your session here."));
      return;
    }
    box.replaceChildren(
        el("p", { class: "you-name", id: "you-principal" }, you.principal),
        el("dl", { class: "facts" },
            el("div", {}, el("dt", {}, "Handle"), el("dd", {}, el("code", {}, you.handle + "…"))),
            el("div", {}, el("dt", {}, "Visits"), el("dd", { id: "you-visits" }, you.visits)),
            el("div", {}, el("dt", {}, "Sessions of " + you.principal),
                el("dd", { id: "you-sessions" }, you.sessionsOfUser === null ? "?" : you.sessionsOfUser))));
  }

  function renderChanges(changes) {
    const list = $("breaker-changes");
    if (changes.length === 0) {
      list.replaceChildren(el("li", { class: "empty" }, "none yet"));
      return;
    }
    list.replaceChildren(...changes.map((c) => el("li", {},
        el("time", {}, clock(c.at)), el("strong", {}, c.tier),
        el("span", { class: "badge " + c.from }, c.from.replace("_", " ")), "→",
        el("span", { class: "badge " + c.to }, c.to.replace("_", " ")))));
  }

  function renderCounters(stats) {
    const items = [];
    if (stats.stats) {
      items.push(["Created here", stats.stats.created], ["Invalidated here", stats.stats.invalidated],
          ["Ids rotated here", stats.stats.rotated], ["Expired", stats.stats.expired],
          ["Malformed ids refused", stats.stats.rejectedIds]);
    }
    items.push(["Requests here", stats.requests.served]);
    if (stats.traffic.perSecond > 0) {
      items.push(["Synthetic reads/s", stats.traffic.perSecond]);
    }
    items.push(["PostgreSQL", (stats.postgres.embedded ? "embedded " : "") + stats.postgres.url],
        ["Record of truth up", stats.up ? "yes" : "NO"]);
    $("counters").replaceChildren(...items.map(([name, value]) =>
        el("div", {}, el("dt", {}, name), el("dd", { title: String(value) }, value))));
  }

  // --- the chart: one polyline per series over the last 60 s, log-scaled milliseconds ----------

  function renderChart(stats) {
    const chart = $("chart");
    const width = 640, height = 230, left = 52, right = 10, top = 10, bottom = 26;
    const plotW = width - left - right, plotH = height - top - bottom;
    const span = stats.latency.windowSeconds;
    const series = stats.latency.series;
    const names = Object.keys(series).sort((a, b) => (a === "lookup") - (b === "lookup"));

    let min = Infinity, max = 0;
    for (const name of names) {
      for (const point of series[name]) {
        if (point) {
          min = Math.min(min, Math.max(point[1], 0.001));
          max = Math.max(max, point[1]);
        }
      }
    }
    if (max === 0) {
      min = 0.01;
      max = 10;
    }
    const low = Math.max(-3, Math.floor(Math.log10(min)));
    const high = Math.max(low + 1, Math.ceil(Math.log10(max)));
    const x = (i) => left + (i / (span - 1)) * plotW;
    const y = (ms) => top + plotH - ((Math.log10(Math.max(ms, Math.pow(10, low))) - low) / (high - low)) * plotH;

    const parts = [];
    const bands = openBands(stats.breakerChanges, stats.time, span);
    for (const band of bands) {
      const x1 = x(band[0]), x2 = x(band[1]);
      parts.push(svg("rect", { x: x1, y: top, width: Math.max(2, x2 - x1), height: plotH, fill: BAND_COLOR }));
    }
    for (let decade = low; decade <= high; decade++) {
      const yy = y(Math.pow(10, decade));
      parts.push(svg("line", { x1: left, x2: width - right, y1: yy, y2: yy, stroke: "#e5e7eb", "stroke-width": 1 }));
      const label = svg("text", { x: left - 8, y: yy + 4, "text-anchor": "end", "font-size": 11, fill: "#6b7280" });
      label.textContent = formatMs(Math.pow(10, decade));
      parts.push(label);
    }
    for (const [i, text] of [[0, "-60 s"], [30, "-30 s"], [span - 1, "now"]]) {
      const label = svg("text", { x: x(i), y: height - 6, "text-anchor": i === 0 ? "start" : i === span - 1 ? "end" : "middle",
        "font-size": 11, fill: "#6b7280" });
      label.textContent = text;
      parts.push(label);
    }
    for (const name of names) {
      const color = SERIES_COLORS[name] || "#6b7280";
      let segment = [];
      const flush = () => {
        if (segment.length === 1) {
          const [px, py] = segment[0].split(",");
          parts.push(svg("circle", { cx: px, cy: py, r: name === "lookup" ? 2.5 : 2, fill: color }));
        } else if (segment.length > 1) {
          parts.push(svg("polyline", { points: segment.join(" "), fill: "none", stroke: color,
            "stroke-width": name === "lookup" ? 2.5 : 1.5, "stroke-linejoin": "round", "stroke-linecap": "round" }));
        }
        segment = [];
      };
      series[name].forEach((point, i) => {
        if (point) {
          segment.push(x(i).toFixed(1) + "," + y(point[1]).toFixed(1));
        } else {
          flush();
        }
      });
      flush();
    }
    parts.push(svg("line", { x1: left, x2: left, y1: top, y2: top + plotH, stroke: "#d1d5db" }));
    parts.push(svg("line", { x1: left, x2: width - right, y1: top + plotH, y2: top + plotH, stroke: "#d1d5db" }));
    chart.replaceChildren(...parts);

    const legend = names.slice().reverse().map((name) =>
        swatch(SERIES_LABELS[name] || name, SERIES_COLORS[name] || "#6b7280", false));
    if (bands.length > 0) {
      legend.push(swatch("redis breaker open", "#fca5a5", true));
    }
    legend.push(el("span", { class: "scale" }, "average per second, log scale"));
    $("legend").replaceChildren(...legend);
  }

  function swatch(label, color, band) {
    const item = el("span", { class: band ? "band" : "line" }, label);
    item.style.setProperty("--swatch", color);
    return item;
  }

  /** Index ranges of the chart's window during which the Redis breaker was open. */
  function openBands(changes, now, span) {
    const start = Math.floor(now / 1000) - span + 1;
    const index = (millis) => Math.min(span - 1, Math.max(0, Math.floor(millis / 1000) - start));
    const bands = [];
    let openedAt = null;
    for (const change of changes.filter((c) => c.tier === "redis").slice().reverse()) {
      if (change.to === "OPEN" && openedAt === null) {
        openedAt = change.at;
      } else if (change.to === "CLOSED" && openedAt !== null) {
        if (change.at >= start * 1000) {
          bands.push([index(openedAt), index(change.at)]);
        }
        openedAt = null;
      }
    }
    if (openedAt !== null) {
      bands.push([index(openedAt), span - 1]);
    }
    return bands;
  }

  function formatMs(ms) {
    if (ms >= 1) {
      return ms.toFixed(0) + " ms";
    }
    return (ms * 1000).toFixed(0) + " µs";
  }

  // --- polling and buttons ------------------------------------------------------------------

  async function poll() {
    try {
      const response = await fetch("/admin/stats.json", { cache: "no-store" });
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      render(await response.json());
      $("live-dot").className = "dot live";
      setText("live-text", "live · updated " + clock(Date.now()));
    } catch (e) {
      $("live-dot").className = "dot down";
      setText("live-text", "this node does not answer (" + e.message + "); retrying every second");
    } finally {
      setTimeout(poll, POLL_MS);
    }
  }

  async function redisAction(action) {
    redisBusy = true;
    $("stop-redis").disabled = true;
    $("start-redis").disabled = true;
    setText("redis-hint", action === "stop" ? "Stopping Redis…" : "Starting Redis…");
    try {
      const response = await fetch("/admin/redis/" + action, {
        method: "POST",
        headers: { "X-Requested-By": "sessionkit-demo" },
      });
      const body = await response.json();
      setText("redis-hint", response.ok
          ? (action === "stop"
              ? "Redis stopped. Watch the breaker open and PostgreSQL serve; pages keep working."
              : "Redis started (empty). The breaker closes after its next trial calls succeed.")
          : "Failed: " + (body.error || response.status));
    } catch (e) {
      setText("redis-hint", "Failed: " + e.message);
    } finally {
      redisBusy = false;
      if (lastStats) {
        lastStats.redis.running = action === "start";
        renderRedis(lastStats.redis);
      }
    }
  }

  $("stop-redis").addEventListener("click", () => redisAction("stop"));
  $("start-redis").addEventListener("click", () => redisAction("start"));
  poll();
})();
