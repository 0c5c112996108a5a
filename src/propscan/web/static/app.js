// The propscan page: posts the article to the API and shows the analysis.
// Article data only ever reaches the page through textContent and text nodes, never as markup,
// so hostile text shows as text. Colours are set through the CSSOM (element.style), which the
// Content-Security-Policy allows, never through style attributes in markup.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const MAX_FILE_BYTES = 5000000;
  const UNKNOWN_COLOUR = "#cccccc";

  const state = {
    analysis: null,
    techniques: null, // name -> {label, definition, colour, ...}
    hidden: new Set(), // technique names switched off in the legend
    threshold: 0,
    marks: [], // {el, indices}: one per covered piece of the text
    units: null, // code point offset -> UTF-16 index, when the text needs it
  };

  // --- small DOM helpers -------------------------------------------------------------------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function swatch(colour) {
    const s = el("span", "swatch");
    s.setAttribute("aria-hidden", "true");
    s.style.backgroundColor = colour;
    return s;
  }

  function info(name) {
    const known = state.techniques && state.techniques.get(name);
    return known || { name: name, label: name.replace(/_/g, " "), definition: "", colour: UNKNOWN_COLOUR };
  }

  function percent(x) {
    return Math.round(x * 100) + "%";
  }

  // --- talking to the API ------------------------------------------------------------------

  function headers() {
    const h = { "Content-Type": "application/json" };
    const key = $("api-key").value.trim();
    if (key) h["X-API-Key"] = key;
    return h;
  }

  async function problem(response) {
    let detail = "";
    try {
      const data = await response.json();
      detail = data && typeof data.detail === "string" ? data.detail : "";
    } catch (e) {
      detail = "";
    }
    const messages = {
      401: "The server needs an API key: enter it under Settings.",
      413: "The article is too large for this server.",
      503: "The server is busy; try again in a moment.",
    };
    return new Error(detail || messages[response.status] || "The server answered " + response.status + ".");
  }

  async function post(path, body) {
    const response = await fetch(path, { method: "POST", headers: headers(), body: JSON.stringify(body) });
    if (!response.ok) throw await problem(response);
    return response;
  }

  async function ensureTechniques() {
    if (state.techniques) return;
    const response = await fetch("v1/techniques", { headers: headers() });
    if (!response.ok) throw await problem(response);
    const list = await response.json();
    state.techniques = new Map(list.map((t) => [t.name, t]));
  }

  // --- the form ----------------------------------------------------------------------------

  function source() {
    return document.querySelector('input[name="source"]:checked').value;
  }

  function showSource() {
    for (const name of ["text", "file", "url"]) $("source-" + name).hidden = source() !== name;
  }

  function readFile(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => reject(new Error("Could not read " + file.name + "."));
      reader.readAsText(file);
    });
  }

  async function requestBody() {
    const kind = source();
    if (kind === "text") {
      const text = $("text").value;
      if (!text.trim()) throw new Error("Paste the article text first.");
      return { text: text };
    }
    if (kind === "url") {
      const url = $("url").value.trim();
      if (!/^https?:\/\//i.test(url)) throw new Error("Give an http:// or https:// URL.");
      return { url: url };
    }
    const file = $("file").files[0];
    if (!file) throw new Error("Choose a .txt or .html file first.");
    if (file.size > MAX_FILE_BYTES) throw new Error(file.name + " is over 5 MB.");
    const content = await readFile(file);
    const html = /\.x?html?$/i.test(file.name) || file.type === "text/html";
    return html ? { html: content } : { text: content };
  }

  function busy(on) {
    $("progress").hidden = !on;
    $("analyze").disabled = on;
    $("input-form").setAttribute("aria-busy", on ? "true" : "false");
  }

  function showError(message) {
    $("error").textContent = message;
    $("error").hidden = !message;
  }

  async function analyze(event) {
    event.preventDefault();
    showError("");
    $("status").textContent = "";
    let body;
    try {
      body = await requestBody();
    } catch (err) {
      showError(err.message);
      return;
    }
    busy(true);
    $("status").textContent = "Analyzing…";
    try {
      await ensureTechniques();
      const response = await post("v1/analyze", body);
      state.analysis = await response.json();
      render();
      const n = state.analysis.spans.length;
      $("status").textContent = "Done: " + n + " fragment" + (n === 1 ? "" : "s") + " found.";
      $("results-heading").focus();
    } catch (err) {
      $("status").textContent = "";
      showError(err.message || "The analysis failed.");
    } finally {
      busy(false);
    }
  }

  async function loadExample() {
    const response = await fetch("example.txt");
    if (response.ok) $("text").value = await response.text();
  }

  // --- offsets: the API counts code points, JavaScript strings count UTF-16 units ---------

  function unitMap(text) {
    if (!/[\uD800-\uDFFF]/.test(text)) return null;
    const map = [];
    let unit = 0;
    for (const ch of text) {
      map.push(unit);
      unit += ch.length;
    }
    map.push(unit);
    return map;
  }

  function slice(text, start, end) {
    const m = state.units;
    return m ? text.slice(m[start], m[end]) : text.slice(start, end);
  }

  // --- the article: cut at every fragment boundary, one <mark> per covered piece -----------

  function priority(spans, a, b) {
    const fa = spans[a];
    const fb = spans[b];
    return fa.end - fa.start - (fb.end - fb.start) || fb.confidence - fa.confidence || fa.start - fb.start || a - b;
  }

  function pieces(doc, spans) {
    const total = state.units ? state.units.length - 1 : doc.text.length;
    const cuts = new Set([0, total, Math.min(doc.article_end, total)]);
    for (const f of spans) {
      cuts.add(f.start);
      cuts.add(f.end);
    }
    const bounds = Array.from(cuts).sort((x, y) => x - y);
    const byStart = spans.map((f, i) => i).sort((a, b) => spans[a].start - spans[b].start);
    let active = [];
    let next = 0;
    const result = [];
    for (let k = 0; k + 1 < bounds.length; k++) {
      const start = bounds[k];
      const end = bounds[k + 1];
      while (next < byStart.length && spans[byStart[next]].start <= start) active.push(byStart[next++]);
      active = active.filter((i) => spans[i].end > start);
      const covering = active.slice().sort((a, b) => priority(spans, a, b));
      result.push({ start: start, end: end, indices: covering, furniture: start >= doc.article_end });
    }
    return result;
  }

  function buildArticle() {
    const a = state.analysis;
    const box = $("article");
    box.replaceChildren();
    state.marks = [];
    let target = box;
    for (const piece of pieces(a.document, a.spans)) {
      if (piece.furniture && target === box) {
        target = el("div", "furniture");
        target.append(el("p", "furniture-note", "Site furniture after the article (not analysed):"));
        box.append(target);
      }
      const text = slice(a.document.text, piece.start, piece.end);
      if (!piece.indices.length) {
        target.append(document.createTextNode(text));
        continue;
      }
      const mark = el("mark", "frag", text);
      mark.dataset.mark = String(state.marks.length);
      mark.dataset.fragments = piece.indices.join(" ");
      mark.dataset.techniques = Array.from(new Set(piece.indices.map((i) => a.spans[i].technique))).join(" ");
      state.marks.push({ el: mark, indices: piece.indices });
      target.append(mark);
    }
  }

  // --- filters: the legend and the slider --------------------------------------------------

  function shown(f) {
    return f.confidence >= state.threshold && !state.hidden.has(f.technique);
  }

  function applyFilters() {
    const spans = state.analysis.spans;
    let visibleMarks = 0;
    for (const m of state.marks) {
      const visible = m.indices.filter((i) => shown(spans[i]));
      const mark = m.el;
      if (!visible.length) {
        mark.classList.remove("on", "multi");
        mark.style.backgroundColor = "";
        mark.style.borderBottomColor = "";
        mark.tabIndex = -1;
        mark.removeAttribute("title");
        delete mark.dataset.visible;
        continue;
      }
      visibleMarks++;
      const names = Array.from(new Set(visible.map((i) => spans[i].technique)));
      mark.classList.add("on");
      mark.style.backgroundColor = info(names[0]).colour;
      mark.classList.toggle("multi", names.length > 1);
      mark.style.borderBottomColor = names.length > 1 ? info(names[1]).colour : "";
      mark.tabIndex = 0;
      mark.dataset.visible = names.join(" ");
      mark.title = visible.map((i) => info(spans[i].technique).label + " (" + spans[i].confidence.toFixed(2) + ")").join("\n");
    }
    const total = spans.length;
    const count = spans.filter(shown).length;
    $("visible-count").textContent = "Showing " + count + " of " + total + " fragment" + (total === 1 ? "" : "s") + ".";
    for (const button of $("legend").querySelectorAll("button")) {
      const name = button.dataset.technique;
      const n = spans.filter((f) => f.technique === name && f.confidence >= state.threshold).length;
      button.querySelector(".count").textContent = String(n);
      button.setAttribute("aria-pressed", state.hidden.has(name) ? "false" : "true");
    }
    $("article").dataset.visibleMarks = String(visibleMarks);
  }

  function buildLegend() {
    const spans = state.analysis.spans;
    const counts = new Map();
    for (const f of spans) counts.set(f.technique, (counts.get(f.technique) || 0) + 1);
    const order = Array.from(counts.keys()).sort((x, y) => counts.get(y) - counts.get(x) || x.localeCompare(y));
    const list = $("legend");
    list.replaceChildren();
    if (!order.length) {
      list.append(el("li", "hint", "No propaganda techniques found."));
      return;
    }
    for (const name of order) {
      const t = info(name);
      const button = el("button", "legend-item");
      button.type = "button";
      button.dataset.technique = name;
      button.setAttribute("aria-pressed", "true");
      button.title = t.definition || t.label;
      button.append(swatch(t.colour), el("span", "label", t.label), el("span", "count", counts.get(name)));
      button.addEventListener("click", () => {
        if (state.hidden.has(name)) state.hidden.delete(name);
        else state.hidden.add(name);
        applyFilters();
      });
      const item = el("li");
      item.append(button);
      list.append(item);
    }
  }

  // --- details of a fragment ---------------------------------------------------------------

  function showDetails(mark) {
    const entry = state.marks[Number(mark.dataset.mark)];
    if (!entry || !mark.classList.contains("on")) return;
    const spans = state.analysis.spans;
    const body = $("details-body");
    body.replaceChildren();
    for (const i of entry.indices.filter((k) => shown(spans[k]))) {
      const f = spans[i];
      const t = info(f.technique);
      const card = el("article", "fragment-card");
      const title = el("h4");
      title.append(swatch(t.colour), document.createTextNode(t.label));
      card.append(title);
      card.append(el("p", "confidence", "Confidence " + f.confidence.toFixed(2) + " (" + percent(f.confidence) + ")"));
      if (t.definition) card.append(el("p", "definition", t.definition));
      if (f.cues && f.cues.length) card.append(el("p", "cues", "Cues: " + f.cues.join(", ")));
      card.append(el("blockquote", "quote", f.text));
      card.append(el("p", "hint", "Characters " + f.start + "–" + f.end + ", detector " + f.detector));
      body.append(card);
    }
  }

  function onArticleEvent(event) {
    const mark = event.target.closest("mark.frag");
    if (mark) showDetails(mark);
  }

  // --- summary, sentences, metadata --------------------------------------------------------

  function buildSummary() {
    const a = state.analysis;
    const meta = a.document.metadata || {};
    const firstLine = a.document.text.replace(/^\uFEFF/, "").trim().split("\n")[0] || "";
    $("doc-title").textContent = meta.title || firstLine.slice(0, 200) || "(untitled)";
    const dl = $("meta");
    dl.replaceChildren();
    for (const [label, value] of [["Source", meta.source], ["URL", meta.url], ["Author", meta.author], ["Date", meta.date], ["Model", a.model]]) {
      if (!value) continue;
      dl.append(el("dt", "", label), el("dd", "", value));
    }
    const s = a.summary;
    $("score").textContent = "Propaganda score " + percent(s.score);
    $("figures").textContent =
      "of " + a.sentences.length + " sentences flagged; " + s.fragments + " fragment" + (s.fragments === 1 ? "" : "s") +
      ", " + s.fragments_per_1000_words.toFixed(2) + " per 1,000 words (" + s.words + " words)." +
      (s.notes && s.notes.length ? " Note: " + s.notes.join(" ") : "");
  }

  function buildSentences() {
    const list = $("sentences");
    list.replaceChildren();
    for (const s of state.analysis.sentences) {
      const item = el("li", "sentence");
      const track = el("span", "bar-track");
      track.setAttribute("aria-hidden", "true");
      const bar = el("span", "bar");
      bar.style.width = Math.round(s.score * 100) + "%";
      bar.style.backgroundColor = "hsl(" + Math.round((1 - s.score) * 120) + ", 65%, 45%)";
      track.append(bar);
      item.append(track, el("span", "sentence-score", s.score.toFixed(2)), el("span", "sentence-text", s.text));
      list.append(item);
    }
  }

  // --- claims, quotes, actors -------------------------------------------------------------

  function quantityLabel(q) {
    const value = q.value === null || q.value === undefined ? "?" : q.value.toLocaleString("en");
    return [q.comparison, value, q.unit].filter(Boolean).join(" ");
  }

  function emptyNote(list, text) {
    if (!list.children.length) list.append(el("li", "hint", text));
  }

  function buildClaims() {
    const list = $("claims");
    list.replaceChildren();
    const claims = (state.analysis.claims || []).filter((c) => c.verdict === 1);
    claims.sort((a, b) => b.score - a.score || a.start - b.start);
    for (const c of claims) {
      const item = el("li", "claim");
      item.append(el("span", "claim-score", c.score.toFixed(2)), el("span", "claim-text", c.text));
      if (c.quantities && c.quantities.length) {
        item.append(el("span", "claim-numbers", "numbers: " + c.quantities.map(quantityLabel).join("; ")));
      }
      list.append(item);
    }
    emptyNote(list, "No check-worthy claims found.");
  }

  function buildQuotes() {
    const list = $("quotes");
    list.replaceChildren();
    for (const q of state.analysis.quotes || []) {
      const item = el("li", "quote");
      const who = q.speaker || (q.source ? q.source.text : "(unknown source)");
      item.append(el("span", "quote-speaker", who));
      if (q.cue) item.append(el("span", "quote-cue", q.cue.text));
      // A direct quote's content carries its own quotation marks.
      item.append(el("span", q.direct ? "quote-content direct" : "quote-content", q.content.text));
      list.append(item);
    }
    emptyNote(list, "No quotes or attributions found.");
  }

  function buildActors() {
    const list = $("actors");
    list.replaceChildren();
    const spans = state.analysis.spans;
    for (const a of state.analysis.actors || []) {
      const item = el("li", "actor");
      const head = el("p", "actor-head");
      head.append(el("strong", "", a.name), el("span", "actor-kind", " (" + a.kind + ")"),
        el("span", "actor-counts", " named " + a.mentions.length + "×, quoted " + a.quotes.length + "×"));
      item.append(head);
      const labels = Array.from(new Set((a.labels || []).map((l) => l.text)));
      if (labels.length) item.append(el("p", "actor-labels", "described as: " + labels.map((l) => "“" + l + "”").join("; ")));
      const aimed = el("ul", "actor-fragments");
      const seen = new Set();
      for (const i of a.fragments || []) {
        const f = spans[i];
        if (!f || seen.has(f.technique + "\u0000" + f.text)) continue;
        seen.add(f.technique + "\u0000" + f.text);
        const entry = el("li");
        entry.append(swatch(info(f.technique).colour), document.createTextNode(info(f.technique).label + ": “" + f.text + "”"));
        aimed.append(entry);
      }
      if (aimed.children.length) item.append(aimed);
      list.append(item);
    }
    emptyNote(list, "No actors found.");
  }

  function render() {
    const a = state.analysis;
    state.units = unitMap(a.document.text);
    state.hidden.clear();
    state.threshold = 0;
    $("threshold").value = "0";
    $("threshold-value").textContent = "0.00";
    $("details-body").replaceChildren(el("p", "hint", "Click or focus a highlighted fragment."));
    buildSummary();
    buildArticle();
    buildLegend();
    buildSentences();
    buildClaims();
    buildQuotes();
    buildActors();
    applyFilters();
    $("results").hidden = false;
  }

  // --- downloads: what the page shows (the filters applied) -------------------------------

  function visibleTechniques() {
    return Array.from(state.techniques.keys()).filter((name) => !state.hidden.has(name));
  }

  function shownAnalysis() {
    const a = state.analysis;
    const kept = [];
    a.spans.forEach((f, i) => {
      if (shown(f)) kept.push(i);
    });
    const spans = kept.map((i) => a.spans[i]);
    // Actors point at fragments by index: renumber, dropping the hidden ones.
    const position = new Map(kept.map((old, i) => [old, i]));
    const actors = (a.actors || []).map((actor) =>
      Object.assign({}, actor, { fragments: actor.fragments.filter((i) => position.has(i)).map((i) => position.get(i)) }));
    const counts = {};
    for (const name of Object.keys(a.summary.counts)) counts[name] = 0;
    for (const f of spans) counts[f.technique] = (counts[f.technique] || 0) + 1;
    const words = a.summary.words;
    const per1000 = words ? Math.round((100000 * spans.length) / words) / 100 : 0;
    const summary = Object.assign({}, a.summary, { counts: counts, fragments: spans.length, fragments_per_1000_words: per1000 });
    return Object.assign({}, a, { spans: spans, summary: summary, actors: actors });
  }

  function save(blob, name) {
    const link = el("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  function downloadJson() {
    if (!state.analysis) return;
    const text = JSON.stringify(shownAnalysis(), null, 2);
    save(new Blob([text], { type: "application/json" }), "propscan-analysis.json");
  }

  async function downloadHtml() {
    if (!state.analysis) return;
    showError("");
    const body = { analysis: state.analysis, threshold: state.threshold };
    if (state.hidden.size) body.techniques = visibleTechniques();
    try {
      const response = await post("v1/report.html", body);
      save(await response.blob(), "propscan-report.html");
    } catch (err) {
      showError(err.message);
    }
  }

  // --- wiring -----------------------------------------------------------------------------

  function start() {
    $("input-form").addEventListener("submit", analyze);
    for (const radio of document.querySelectorAll('input[name="source"]')) radio.addEventListener("change", showSource);
    $("example").addEventListener("click", loadExample);
    $("threshold").addEventListener("input", () => {
      state.threshold = Number($("threshold").value);
      $("threshold-value").textContent = state.threshold.toFixed(2);
      if (state.analysis) applyFilters();
    });
    const article = $("article");
    article.addEventListener("click", onArticleEvent);
    article.addEventListener("focusin", onArticleEvent);
    article.addEventListener("mouseover", onArticleEvent);
    article.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        const mark = event.target.closest("mark.frag");
        if (mark) {
          event.preventDefault();
          showDetails(mark);
        }
      }
    });
    $("download-json").addEventListener("click", downloadJson);
    $("download-html").addEventListener("click", downloadHtml);
    showSource();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
