// The local API documentation page: lists the routes and schemas of /openapi.json.
// (No Swagger UI: it would load from a CDN, which the Content-Security-Policy forbids.)
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function refName(schema) {
    if (!schema) return "";
    if (schema.$ref) return schema.$ref.split("/").pop();
    return schema.type || "";
  }

  function route(path, method, op) {
    const box = el("article", "route");
    const title = el("h3");
    title.append(el("span", "method", method.toUpperCase()), el("code", "", path));
    box.append(title);
    if (op.summary) box.append(el("p", "", op.summary));
    if (op.description) box.append(el("p", "hint", op.description));
    const body = op.requestBody && op.requestBody.content && op.requestBody.content["application/json"];
    if (body) box.append(el("p", "", "Body: " + refName(body.schema) + " (JSON)"));
    const codes = Object.keys(op.responses || {}).sort();
    const list = el("ul");
    for (const code of codes) list.append(el("li", "", code + ": " + (op.responses[code].description || "")));
    box.append(list);
    return box;
  }

  function render(spec) {
    const routes = $("routes");
    for (const [path, item] of Object.entries(spec.paths || {})) {
      for (const [method, op] of Object.entries(item)) routes.append(route(path, method, op));
    }
    const schemas = $("schemas");
    const all = (spec.components && spec.components.schemas) || {};
    for (const [name, schema] of Object.entries(all)) {
      if (/Error$/.test(name)) continue;
      schemas.append(el("h3", "", name), el("pre", "schema", JSON.stringify(schema, null, 2)));
    }
    $("docs-status").textContent = spec.info.title + " " + spec.info.version;
  }

  fetch("openapi.json")
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error("HTTP " + r.status))))
    .then(render)
    .catch((err) => {
      $("docs-status").textContent = "Could not load openapi.json: " + err.message;
    });
})();
