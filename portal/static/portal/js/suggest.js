// Suggestions as you type for inputs carrying data-suggest-url: the ARIA 1.2 combobox
// pattern with a listbox popup. Focus stays in the field: arrows move the active option
// (aria-activedescendant), Enter opens it, Escape closes the list (a second Escape clears
// the field), Tab leaves the field as usual and closes the list.
// Progressive enhancement: without JavaScript the search form works as a plain GET form.
(function () {
  "use strict";

  function setUp(input) {
    var url = input.getAttribute("data-suggest-url");
    var list = document.createElement("ul");
    var status = document.createElement("p");
    var timer = null;
    var active = -1;
    var lastQuery = "";

    list.id = input.id + "-suggestions";
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    status.id = input.id + "-status";
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.parentNode.insertBefore(list, input.nextSibling);
    input.parentNode.insertBefore(status, list.nextSibling);

    function options() {
      return list.querySelectorAll("[role=option]");
    }

    function close() {
      list.hidden = true;
      list.textContent = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    // Closing because the person left or dismissed the list also drops a pending fetch.
    function dismiss() {
      window.clearTimeout(timer);
      close();
    }

    function highlight(index) {
      var items = options();
      if (!items.length) return;
      active = (index + items.length) % items.length;
      for (var i = 0; i < items.length; i++) {
        items[i].setAttribute("aria-selected", i === active ? "true" : "false");
      }
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function show(suggestions) {
      close();
      suggestions.forEach(function (suggestion, index) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        item.id = list.id + "-" + index;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        link.href = suggestion.url;
        link.textContent = suggestion.title;
        link.tabIndex = -1;
        item.appendChild(link);
        list.appendChild(item);
      });
      status.textContent = suggestions.length
        ? suggestions.length + " suggestions ; flèches haut et bas pour parcourir, Entrée pour ouvrir, Échap pour fermer."
        : "";
      if (suggestions.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query === lastQuery) return;
      lastQuery = query;
      if (query.length < 2) {
        close();
        status.textContent = "";
        return;
      }
      fetch(url + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          if (document.activeElement === input && input.value.trim() === query) {
            show(data.suggestions || []);
          }
        })
        .catch(close);
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          dismiss();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          lastQuery = "";
          status.textContent = "";
        }
        return;
      }
      if (list.hidden) return;
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Tab") { dismiss(); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = options()[active].querySelector("a").href;
      }
    });
    // A click on a suggestion must not blur the field first (that would close the list).
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    input.addEventListener("blur", dismiss);
  }

  document.querySelectorAll("input[data-suggest-url]").forEach(setUp);
})();
