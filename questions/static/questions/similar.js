// Similar questions and pages as the member types the title of a question (debounced).
// Progressive enhancement: without JavaScript, the first submit shows the same list.
(function () {
  "use strict";

  var DELAY = 350;

  function link(item, withType) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = item.url;
    a.textContent = item.title;
    li.appendChild(a);
    if (withType && item.content_type_label) {
      var type = document.createElement("span");
      type.className = "muted";
      type.textContent = " (" + item.content_type_label + ")";
      li.appendChild(type);
    }
    return li;
  }

  function group(title, items, withType) {
    var fragment = document.createDocumentFragment();
    if (!items.length) return fragment;
    var heading = document.createElement("h3");
    heading.textContent = title;
    var list = document.createElement("ul");
    items.forEach(function (item) {
      list.appendChild(link(item, withType));
    });
    fragment.appendChild(heading);
    fragment.appendChild(list);
    return fragment;
  }

  function setUp(input) {
    var url = input.getAttribute("data-similar-url");
    var section = document.getElementById("semblables");
    var results = section && section.querySelector("[data-similar-results]");
    var confirmed = input.form && input.form.querySelector("input[name=confirmed]");
    var timer = null;
    var last = "";
    if (!url || !results) return;

    function show(data) {
      results.textContent = "";
      results.appendChild(group("Questions", data.questions || [], false));
      results.appendChild(group("Pages", data.pages || [], true));
      section.hidden = !results.childNodes.length;
      // The member has seen what exists: the submit publishes at once.
      if (confirmed) confirmed.value = "True";
    }

    function lookUp() {
      var q = input.value.trim();
      if (q === last) return;
      last = q;
      if (q.length < 4) {
        results.textContent = "";
        section.hidden = true;
        return;
      }
      fetch(url + "?q=" + encodeURIComponent(q), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          if (data && input.value.trim() === q) show(data);
        })
        .catch(function () {});
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(lookUp, DELAY);
    });
    // A title typed (or restored by the browser) before this deferred script ran.
    if (section.hidden && input.value.trim()) lookUp();
  }

  document.querySelectorAll("input[data-similar-url]").forEach(setUp);
})();
