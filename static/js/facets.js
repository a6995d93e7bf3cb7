// Listing filters that apply as soon as they change: the search page, the story index and an
// industry's page. Progressive enhancement: without this script the facets panel's button submits
// the form, and every filter is a plain link or a plain form field.
//
// The address stays the one source of state: a change loads the address the form would submit to,
// puts its parts in place (elements marked data-facets-region="name") and pushes that address on
// the history, so the back button and a shared link show the same results.
(function () {
  "use strict";
  var form = document.querySelector("form[data-facets-form]");
  var panel = document.querySelector("details[data-facets-panel]");
  var WIDE = "(min-width: 900px)";

  // On a wide screen the facets sit in their own column: open them there.
  if (panel && window.matchMedia && window.matchMedia(WIDE).matches) panel.open = true;

  if (!form || !window.fetch || !window.DOMParser || !window.URLSearchParams || !window.history.pushState) return;

  var controller = null;
  var shown = withoutHash(window.location.href);

  document.querySelectorAll("[data-facets-apply]").forEach(function (button) { button.hidden = true; });

  function withoutHash(url) {
    return url.split("#")[0];
  }

  function addressOfForm() {
    // Empty fields and fields left at their default (data-facets-default) stay out of the address.
    var defaults = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && field.hasAttribute("data-facets-default")) defaults[field.name] = field.getAttribute("data-facets-default");
    });
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (typeof value !== "string" || value.trim() === "" || defaults[name] === value) return;
      params.append(name, value);
    });
    var query = params.toString();
    var action = new URL(form.getAttribute("action") || window.location.pathname, window.location.href);
    return action.pathname + (query ? "?" + query : "");
  }

  function regions(root) {
    var found = {};
    root.querySelectorAll("[data-facets-region]").forEach(function (element) {
      found[element.getAttribute("data-facets-region")] = element;
    });
    return found;
  }

  // The form's fields as the loaded page has them (after the back button, say).
  function syncFields(doc) {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name) return;
      if (field.type === "checkbox" || field.type === "radio") {
        var twin = doc.querySelector(
          'input[name="' + CSS.escape(field.name) + '"][value="' + CSS.escape(field.value) + '"]'
        );
        field.checked = Boolean(twin && twin.checked);
      } else if (field.id && (field.tagName === "SELECT" || field.type === "search" || field.type === "text")) {
        var other = doc.getElementById(field.id);
        if (other) field.value = other.value;
      }
    });
  }

  function show(doc, options) {
    var fresh = regions(doc);
    var current = regions(document);
    var names = Object.keys(current);
    if (!names.length || names.some(function (name) { return !fresh[name]; })) return false;
    names.forEach(function (name) {
      // Nodes from the fetched page (parsed by DOMParser), moved in as nodes: no markup as text.
      current[name].replaceChildren.apply(
        current[name],
        Array.prototype.map.call(fresh[name].childNodes, function (node) {
          return document.importNode(node, true);
        })
      );
    });
    if (options.syncFields) syncFields(doc);
    document.title = doc.title;
    return true;
  }

  function load(url, options) {
    if (controller) controller.abort();
    controller = new AbortController();
    document.documentElement.classList.add("facets-loading");
    fetch(url, { signal: controller.signal, credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        if (options.push) window.history.pushState({ facets: true }, "", url);
        if (!show(doc, options)) {
          window.location.reload();
          return;
        }
        shown = withoutHash(window.location.href);
        document.documentElement.classList.remove("facets-loading");
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") return;
        // Offline or an unexpected answer: let the browser load the address itself.
        window.location.assign(url);
      });
  }

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!field || field.form !== form || !field.closest("[data-facets-live]")) return;
    load(addressOfForm(), { push: true, syncFields: false });
  });

  window.addEventListener("popstate", function () {
    var url = withoutHash(window.location.href);
    if (url === shown) return; // only the #fragment changed
    load(url, { push: false, syncFields: true });
  });
})();
