// A form sent once: after a submission its buttons are disabled for a few seconds, so a
// double click sends one request (the server dedupes too). They come back after that
// (a download leaves the page as it was) or when the page is shown again from history.
(function () {
    "use strict";
    document.addEventListener("submit", function (event) {
        const form = event.target;
        if (event.defaultPrevented || (form.method || "").toLowerCase() !== "post") {
            return;
        }
        if (form.dataset.sent === "true") {
            event.preventDefault();
            return;
        }
        form.dataset.sent = "true";
        // After this event, so that the clicked button's name and value are still sent.
        window.setTimeout(function () {
            form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]")
                .forEach(function (button) {
                    button.disabled = true;
                    button.setAttribute("aria-disabled", "true");
                });
        }, 0);
    });
    function release() {
        document.querySelectorAll("form[data-sent=true]").forEach(function (form) {
            delete form.dataset.sent;
            form.querySelectorAll("[aria-disabled=true]").forEach(function (button) {
                button.disabled = false;
                button.removeAttribute("aria-disabled");
            });
        });
    }
    document.addEventListener("submit", function () {
        window.setTimeout(release, 4000);
    });
    window.addEventListener("pageshow", release);
})();
