// The propscan page: posts the article to the API and shows the analysis.
// Article data only ever reaches the page through textContent and text nodes, never as markup,
// so hostile text shows as text. Colours are set through the CSSOM (element.style), which the
// Content-Security-Policy allows, never through style attributes in markup.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const MAX_FILE_BYTES = 5000000;
  const UNKNOWN_COLOUR = "#cccccc";
  // A quote's kinds, in the order counted (propscan.quote_kinds.KINDS).
  const QUOTE_KINDS = ["speech", "thought", "other"];

  const state = {
    analysis: null,
    techniques: null, // name -> {label, definition, colour, code, ...}
    models: null, // names of the models the server offers
    hidden: new Set(), // technique names switched off in the legend
    voice: "all", // whose fragments are shown: "all", "author" or "quote"
    threshold: 0,
    defaultThreshold: 0, // the server's display threshold, where the slider starts
    marks: [], // {el, indices}: one per covered piece of the text
    lastMark: [], // fragment index -> index in marks of the last piece it covers
    selected: null, // the fragment index whose pieces are outlined
    summaryRequest: 0, // the latest request for the filtered summary; older answers are dropped
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

  // --- wording: as propscan/report/wording.py (keep the two in step) ----------------------

  const TITLE_LIMIT = 100;
  const DANGLING = /[ ,;:\-\u2013\u2014]+$/;
  const WORD_CHAR = /[\p{L}\p{N}]/u;

  // text on one line, cut at a word boundary to at most limit code points, with an ellipsis.
  function shorten(text, limit) {
    const flat = Array.from(text.split(/\s+/).filter(Boolean).join(" "));
    if (flat.length <= limit) return flat.join("");
    let head = flat.slice(0, limit - 1);
    if (WORD_CHAR.test(head[head.length - 1]) && WORD_CHAR.test(flat[limit - 1])) {
      const space = head.lastIndexOf(" ");
      if (space > Math.floor(limit / 2)) head = head.slice(0, space);
    }
    return head.join("").replace(DANGLING, "") + "\u2026";
  }

  // The metadata title, else the first non-blank line (the whole first paragraph, in PTC
  // files), shortened: the article below shows it in full.
  function shortTitle(doc) {
    const meta = doc.metadata || {};
    const first = meta.title || doc.text.split("\n").find((line) => line.trim()) || "";
    return shorten(first, TITLE_LIMIT) || "(untitled)";
  }

  // Between quotation marks, without doubling the article's own marks at either end.
  function quoted(text) {
    const opens = /^[\u201C"\u2018\u00AB\u201E]/.test(text);
    const closes = text.length > 1 && (/[\u201D"\u00BB]$/.test(text) || (/\u2019$/.test(text) && text.slice(0, -1).includes("\u2018")));
    return (opens ? "" : "\u201C") + text + (closes ? "" : "\u201D");
  }

  // Whose words a fragment is in: "author", "quoted — Ivo Brandt", "quoted, speaker unknown".
  function voiceLabel(f) {
    if (f.voice !== "quote") return "author";
    return f.speaker ? "quoted \u2014 " + f.speaker : "quoted, speaker unknown";
  }

  // What backs a voice's score: "(90% interval: 29%–54%), 15 of 34 sentences flagged".
  function voiceDetails(v) {
    return "(90% interval: " + percent(v.score_low) + "\u2013" + percent(v.score_high) + "), " +
      v.flagged + " of " + v.sentences + " sentence" + (v.sentences === 1 ? "" : "s") + " flagged";
  }

  function code(name) {
    return info(name).code || name.toUpperCase().replace(/[^A-Z]/g, "").slice(0, 6) || "?";
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

  // The models the server offers and its display threshold. Without them (an API key not
  // given yet) the select keeps "server default"; the next analysis tries again.
  async function ensureModels() {
    if (state.models) return;
    const response = await fetch("v1/models", { headers: headers() });
    if (!response.ok) return;
    const data = await response.json();
    state.models = data.models;
    state.defaultThreshold = data.threshold;
    const select = $("model");
    select.replaceChildren();
    for (const name of data.models) {
      const option = el("option", "", name === data.default ? name + " (default)" : name);
      option.value = name;
      option.selected = name === data.default;
      select.append(option);
    }
    if (!state.analysis) setThreshold(data.threshold);
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

  // Every fragment comes back (threshold 0): the slider filters them on the page.
  async function analysisBody() {
    const body = await requestBody();
    body.threshold = 0;
    const model = $("model").value;
    if (model) body.model = model;
    return body;
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

  // After a failed analysis no earlier article's results may stay under the error.
  function clearResults() {
    state.analysis = null;
    state.marks = [];
    state.lastMark = [];
    state.selected = null;
    $("results").hidden = true;
    for (const id of ["article", "legend", "fragments", "sentences", "claims", "quotes", "actors", "meta"]) $(id).replaceChildren();
    for (const id of ["doc-title", "score", "figures", "quoted-figures", "fragment-figures", "visible-count", "quote-kinds"]) $(id).textContent = "";
    $("details-body").replaceChildren(el("p", "hint", "Click or focus a highlighted fragment."));
  }

  async function analyze(event) {
    event.preventDefault();
    showError("");
    $("status").textContent = "";
    let body;
    try {
      body = await analysisBody();
    } catch (err) {
      clearResults();
      showError(err.message);
      return;
    }
    busy(true);
    $("status").textContent = "Analyzing…";
    try {
      await ensureTechniques();
      await ensureModels();
      const response = await post("v1/analyze", body);
      state.analysis = await response.json();
      render();
      const n = state.analysis.spans.length;
      $("status").textContent = "Done: " + n + " fragment" + (n === 1 ? "" : "s") + " found.";
      $("results-heading").focus();
    } catch (err) {
      $("status").textContent = "";
      clearResults();
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
    state.lastMark = [];
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
      for (const i of piece.indices) state.lastMark[i] = state.marks.length;
      state.marks.push({ el: mark, indices: piece.indices });
      target.append(mark);
    }
  }

  // --- filters: the legend and the slider --------------------------------------------------

  function inVoice(f) {
    return state.voice === "all" || f.voice === state.voice;
  }

  function shown(f) {
    return f.confidence >= state.threshold && !state.hidden.has(f.technique) && inVoice(f);
  }

  function applyFilters() {
    const spans = state.analysis.spans;
    let visibleMarks = 0;
    // Each shown fragment is labelled with its technique's code on its last piece.
    const labels = new Map();
    spans.forEach((f, i) => {
      if (!shown(f)) return;
      const k = state.lastMark[i];
      if (!labels.has(k)) labels.set(k, []);
      if (!labels.get(k).includes(code(f.technique))) labels.get(k).push(code(f.technique));
    });
    if (state.selected !== null && !shown(spans[state.selected])) select(null);
    state.marks.forEach((m, k) => {
      const mark = m.el;
      if (labels.has(k)) mark.dataset.label = labels.get(k).join(" ");
      else delete mark.dataset.label;
    });
    for (const m of state.marks) {
      const visible = m.indices.filter((i) => shown(spans[i]));
      const mark = m.el;
      if (!visible.length) {
        mark.classList.remove("on", "multi", "quoted");
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
      mark.classList.toggle("quoted", visible.some((i) => spans[i].voice === "quote"));
      mark.style.borderBottomColor = names.length > 1 ? info(names[1]).colour : "";
      mark.tabIndex = 0;
      mark.dataset.visible = names.join(" ");
      mark.title = visible.map((i) => {
        const f = spans[i];
        return info(f.technique).label + " (" + f.confidence.toFixed(2) + ")" + (f.voice === "quote" ? ", " + voiceLabel(f) : "");
      }).join("\n");
    }
    const total = spans.length;
    const count = spans.filter(shown).length;
    $("visible-count").textContent = "Showing " + count + " of " + total + " fragment" + (total === 1 ? "" : "s") + ".";
    // The legend counts the fragments of each technique in the voice shown, and splits them
    // by voice when both are shown.
    const strong = spans.filter((f) => f.confidence >= state.threshold);
    for (const button of $("legend").querySelectorAll("button")) {
      const name = button.dataset.technique;
      const own = strong.filter((f) => f.technique === name);
      const quotedN = own.filter((f) => f.voice === "quote").length;
      button.querySelector(".count").textContent = String(own.filter(inVoice).length);
      button.querySelector(".split").textContent =
        state.voice === "all" && own.length ? "(" + (own.length - quotedN) + " author's, " + quotedN + " quoted)" : "";
      button.setAttribute("aria-pressed", state.hidden.has(name) ? "false" : "true");
    }
    // Each voice's choice says how many fragments it would show.
    const passing = strong.filter((f) => !state.hidden.has(f.technique));
    for (const span of document.querySelectorAll("#voice-filter .voice-count")) {
      const voice = span.dataset.voice;
      span.textContent = "(" + passing.filter((f) => voice === "all" || f.voice === voice).length + ")";
    }
    $("article").dataset.visibleMarks = String(visibleMarks);
    buildFragmentList();
  }

  // The fragments shown, in text order, each with whose words it is in.
  function buildFragmentList() {
    const list = $("fragments");
    list.replaceChildren();
    state.analysis.spans.forEach((f, i) => {
      if (!shown(f)) return;
      const t = info(f.technique);
      const item = el("li", f.voice === "quote" ? "fragment quoted" : "fragment");
      item.dataset.fragment = String(i);
      item.dataset.voice = f.voice;
      const tag = el("span", "tag", code(f.technique));
      tag.setAttribute("aria-hidden", "true");
      tag.style.backgroundColor = t.colour;
      item.append(tag, el("span", "fragment-label", t.label), el("span", "fragment-confidence", f.confidence.toFixed(2)),
        el("span", "fragment-voice", voiceLabel(f)), el("span", "fragment-text", quoted(f.text)));
      list.append(item);
    });
    emptyNote(list, "No fragment passes the filters.");
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
      const tag = el("span", "tag", code(name));
      tag.setAttribute("aria-hidden", "true");
      tag.style.backgroundColor = t.colour;
      button.type = "button";
      button.dataset.technique = name;
      button.setAttribute("aria-pressed", "true");
      button.title = t.definition || t.label;
      button.append(tag, el("span", "label", t.label), el("span", "count", counts.get(name)), el("span", "split"));
      button.addEventListener("click", () => {
        if (state.hidden.has(name)) state.hidden.delete(name);
        else state.hidden.add(name);
        applyFilters();
        refreshSummary();
      });
      const item = el("li");
      item.append(button);
      list.append(item);
    }
  }

  // --- details of a fragment ---------------------------------------------------------------

  // Outline every piece of fragment i (null: none), so the fragment the details describe shows
  // where it starts and ends; aria-current tells assistive technology the same.
  function select(i) {
    state.selected = i;
    for (const m of state.marks) {
      const on = i !== null && m.indices.includes(i);
      m.el.classList.toggle("selected", on);
      if (on) m.el.setAttribute("aria-current", "true");
      else m.el.removeAttribute("aria-current");
    }
  }

  function showDetails(mark) {
    const entry = state.marks[Number(mark.dataset.mark)];
    if (!entry || !mark.classList.contains("on")) return;
    const spans = state.analysis.spans;
    select(entry.indices.find((k) => shown(spans[k])));
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
      card.append(el("p", "voice", "Voice: " + voiceLabel(f)));
      if (t.definition) card.append(el("p", "definition", t.definition));
      if (f.cues && f.cues.length) card.append(el("p", "cues", "Cues: " + f.cues.join(", ")));
      card.append(el("blockquote", "quote", f.text));
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
    $("doc-title").textContent = shortTitle(a.document);
    const dl = $("meta");
    dl.replaceChildren();
    for (const [label, value] of [["Source", meta.source], ["URL", meta.url], ["Author", meta.author], ["Date", meta.date], ["Model", a.model]]) {
      if (!value) continue;
      dl.append(el("dt", "", label), el("dd", "", value));
    }
    showFigures(a);
  }

  // The score and counts of what the page shows (the analysis with the filters applied).
  // As the HTML report words them (propscan/report/html.py, _figures).
  function showFigures(a) {
    const s = a.summary;
    $("score").textContent = "Propaganda score: " + percent(s.score);
    $("figures").textContent = "in the author's voice " + voiceDetails(s.author);
    $("quoted-figures").textContent = s.quoted.sentences
      ? "Quoted speech: " + percent(s.quoted.score) + " " + voiceDetails(s.quoted)
      : "Quoted speech: no direct quotation found";
    $("fragment-figures").textContent =
      s.fragments + " fragment" + (s.fragments === 1 ? "" : "s") + " (" + s.author.fragments + " in the author's voice, " +
      s.quoted.fragments + " quoted), " + s.fragments_per_1000_words.toFixed(2) + " per 1,000 words (" + s.words + " words)." +
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
      const text = el("span", "sentence-text");
      // Most of the sentence inside quotations: quoted speech, counted in its own figures.
      if (s.voice === "quote") text.append(el("span", "sentence-voice", "quoted"), document.createTextNode(" "));
      text.append(document.createTextNode(s.text));
      item.append(track, el("span", "sentence-score", s.score.toFixed(2)), text);
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
    const quotes = state.analysis.quotes || [];
    const kind = $("quote-kind").value;
    const counts = QUOTE_KINDS.map((k) => [k, quotes.filter((q) => q.kind === k).length]).filter(([, n]) => n);
    $("quote-kinds").textContent = quotes.length
      ? "(" + quotes.length + ": " + counts.map(([k, n]) => n + " " + k).join(", ") + ")"
      : "";
    for (const q of quotes) {
      // The filter lists the kind chosen; the numbers on the quotes stay those of the article.
      if (kind !== "all" && q.kind !== kind) continue;
      const item = el("li", "quote " + q.kind);
      const who = q.speaker || (q.source ? q.source.text : "(unknown source)");
      item.append(el("span", "quote-speaker", who));
      if (q.cue) item.append(el("span", "quote-cue", q.cue.text));
      item.append(el("span", "quote-kind", q.kind));
      // A direct quote's content carries its own quotation marks.
      item.append(el("span", q.direct ? "quote-content direct" : "quote-content", q.content.text));
      list.append(item);
    }
    emptyNote(list, quotes.length ? "No quotes of this kind." : "No quotes or attributions found.");
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
      if (labels.length) item.append(el("p", "actor-labels", "described as: " + labels.map(quoted).join("; ")));
      // Techniques aimed at the actor apart from those in its own quoted words.
      for (const [indices, title, className] of [
        [a.fragments, "Techniques aimed at it:", "actor-fragments aimed"],
        [a.used, "Techniques it uses, in its quoted words:", "actor-fragments used"],
      ]) {
        const group = el("ul", className);
        const seen = new Set();
        for (const i of indices || []) {
          const f = spans[i];
          if (!f || seen.has(f.technique + "\u0000" + f.text)) continue;
          seen.add(f.technique + "\u0000" + f.text);
          const entry = el("li");
          entry.append(swatch(info(f.technique).colour), document.createTextNode(info(f.technique).label + ": " + quoted(f.text)));
          group.append(entry);
        }
        if (group.children.length) item.append(el("p", "actor-sub", title), group);
      }
      list.append(item);
    }
    emptyNote(list, "No actors found.");
  }

  function render() {
    const a = state.analysis;
    state.units = unitMap(a.document.text);
    state.hidden.clear();
    state.selected = null;
    setVoice("all");
    setThreshold(state.defaultThreshold);
    $("details-body").replaceChildren(el("p", "hint", "Click or focus a highlighted fragment."));
    buildSummary();
    buildArticle();
    buildLegend();
    buildSentences();
    buildClaims();
    buildQuotes();
    buildActors();
    applyFilters();
    refreshSummary();
    $("results").hidden = false;
  }

  function setVoice(value) {
    state.voice = value;
    for (const radio of document.querySelectorAll('input[name="voice"]')) radio.checked = radio.value === value;
  }

  function setThreshold(value) {
    state.threshold = value;
    $("threshold").value = String(value);
    $("threshold-value").textContent = value.toFixed(2);
  }

  // The summary (score, counts) depends on the fragments kept, and the server computes it:
  // ask it for the filtered analysis. Until it answers, the figures are the unfiltered ones.
  async function refreshSummary() {
    if (!state.analysis) return;
    const ticket = ++state.summaryRequest;
    const body = { analysis: state.analysis, threshold: state.threshold };
    if (state.hidden.size) body.techniques = visibleTechniques();
    try {
      const response = await post("v1/filter", body);
      const filtered = await response.json();
      if (ticket === state.summaryRequest && state.analysis) showFigures(filtered);
    } catch (err) {
      showError(err.message);
    }
  }

  // --- downloads: what the page shows (the filters applied) -------------------------------

  function visibleTechniques() {
    return Array.from(state.techniques.keys()).filter((name) => !state.hidden.has(name));
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

  async function downloadJson() {
    if (!state.analysis) return;
    showError("");
    // The server works out the filtered summary (its score depends on the fragments kept).
    const body = { analysis: state.analysis, threshold: state.threshold };
    if (state.hidden.size) body.techniques = visibleTechniques();
    try {
      const response = await post("v1/filter", body);
      const text = JSON.stringify(await response.json(), null, 2);
      save(new Blob([text], { type: "application/json" }), "propscan-analysis.json");
    } catch (err) {
      showError(err.message);
    }
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
      setThreshold(Number($("threshold").value));
      if (state.analysis) applyFilters();
    });
    $("threshold").addEventListener("change", refreshSummary);
    $("quote-kind").addEventListener("change", () => {
      if (state.analysis) buildQuotes();
    });
    // The voice is in each fragment: the toggle filters on the page, with no server call.
    for (const radio of document.querySelectorAll('input[name="voice"]')) {
      radio.addEventListener("change", () => {
        if (!radio.checked) return;
        state.voice = radio.value;
        if (state.analysis) applyFilters();
      });
    }
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
    ensureModels().catch(() => undefined);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
