/* The console's report panel (templates/facilitator/_report_panel.html): "Start again
 * from the draft" clears the saved findings and recommendations and shows the drafts the
 * product made from the data (saving then stores the draft as the facilitator's text).
 *
 * The panel follows the live workshop (window.ConsoleReport.followLive, called by console.js
 * on every change it draws): a few seconds after notes, themes, actions or votes change,
 * the console page is asked for again and the panel's server-made parts are put in place
 * of the old ones: the Report tab's count, the personal-details check, the checks before
 * export, and the drafts. What they say is decided once, on the server (reports/context.py,
 * reports/privacy.py), so the panel is never a second, diverging copy of those rules. A
 * draft box the facilitator has typed in is left as they left it.
 *
 * PDF downloads (the report, the handout) go through the server's render queue
 * (docs/protocol.md, "Report downloads"): asked for as JSON, the server answers "done"
 * (with the file's URL: the browser downloads it), "queued"/"rendering" (with the wait:
 * shown with a progress bar, and asked again every few seconds), "busy" (the queue is
 * full: shown, and asked again after Retry-After) or "failed" (the reason). Without this
 * script the same links give a page that refreshes itself. */
(function () {
  "use strict";
  // console_report.js runs before i18n.js (it is included mid-page): look T up when used.
  function T(text, params) {
    if (window.T) return window.T(text, params);
    return text.replace(/%\((\w+)\)s/g, function (whole, name) { return params && name in params ? String(params[name]) : whole; });
  }

  // ---- following the live workshop --------------------------------------------------

  var REFRESH_DELAY_MS = 2000;  // changes arriving together (a room posting) make one refresh
  // While the Report panel is not on screen only its tab's count is seen: a whole console
  // page (~80 ms of the server's one loop with 150 notes) every 2 s would be paid for nothing.
  var HIDDEN_REFRESH_DELAY_MS = 15000;
  // The parts of the panel drawn by the server, replaced whole from a fresh console page.
  var SERVER_PARTS = ["count-report", "report-privacy", "report-checks"];
  var DRAFT_BOXES = ["r-findings", "r-recommendations"];

  function followLive() {
    var timer = null, inFlight = null, again = false, leaving = false;
    // A form posted from the page (the cover, the findings) leaves it: stop asking.
    window.addEventListener("beforeunload", function () {
      leaving = true;
      if (inFlight) inFlight.abort();
    });

    function panelShown() {
      var panel = document.getElementById("panel-report");
      return !!panel && !panel.hidden;
    }

    function changed() {
      if (leaving || timer) return;
      timer = setTimeout(function () { timer = null; refresh(); }, panelShown() ? REFRESH_DELAY_MS : HIDDEN_REFRESH_DELAY_MS);
    }

    /* The panel comes on screen: what changed while it was hidden is brought up now. */
    function shown() {
      if (!timer) return;
      clearTimeout(timer);
      timer = null;
      refresh();
    }

    function refresh() {
      if (inFlight) { again = true; return; }
      inFlight = new AbortController();
      fetch(window.location.pathname, { credentials: "same-origin", headers: { Accept: "text/html" }, signal: inFlight.signal })
        .then(function (response) { if (!response.ok) throw new Error(String(response.status)); return response.text(); })
        .then(function (html) { redraw(new DOMParser().parseFromString(html, "text/html")); say(""); })
        .catch(function (error) {
          if (error.name !== "AbortError") say(T("The report checks could not be brought up to date: reload the page to see them."));
        })
        .then(function () {
          inFlight = null;
          if (again) { again = false; changed(); }
        });
    }

    function say(text) {
      var line = document.getElementById("report-live-message");
      if (line) line.textContent = text;
    }

    /* Put the fresh page's parts in place (focus stays where it was when it is outside them). */
    function redraw(fresh) {
      SERVER_PARTS.forEach(function (id) {
        var now = document.getElementById(id), next = fresh.getElementById(id);
        if (now && next && now.innerHTML !== next.innerHTML) now.replaceWith(document.adoptNode(next));
      });
      DRAFT_BOXES.forEach(function (id) { redrawBox(document.getElementById(id), fresh.getElementById(id)); });
    }

    /* A box still showing what the server last gave it takes the new text (the saved words,
       or the draft as it now is); one the facilitator has typed in keeps theirs. */
    function redrawBox(box, next) {
      if (!box || !next) return;
      box.dataset.draft = next.dataset.draft || "";
      if (box.value === box.defaultValue && box.value !== next.defaultValue && document.activeElement !== box) {
        box.defaultValue = next.defaultValue;
        box.value = next.defaultValue;
      }
    }

    return { changed: changed, refresh: refresh, shown: shown };
  }
  window.ConsoleReport = { followLive: followLive };

  var button = document.getElementById("r-front-draft");
  if (button) {
    button.addEventListener("click", function () {
      ["r-findings", "r-recommendations"].forEach(function (id) {
        var box = document.getElementById(id);
        if (box && box.dataset.draft) box.value = box.dataset.draft;
        else if (box) box.value = "";
      });
    });
  }

  /* The status line under a PDF link or form: made once, reused for every answer. */
  var boxes = {};  // url -> its status line (a handout form has one per language)
  var waiting = {};  // url -> true while its PDF is being waited for

  function statusFor(anchor, url) {
    if (boxes[url]) return boxes[url];
    var box = document.createElement("div");
    box.className = "pdf-status";
    box.setAttribute("role", "status");
    box.setAttribute("aria-live", "polite");
    box.dataset.url = url;
    anchor.insertAdjacentElement("afterend", box);
    boxes[url] = box;
    return box;
  }

  function show(box, message, options) {
    options = options || {};
    box.textContent = "";
    box.className = "pdf-status" + (options.problem ? " warning" : "");
    var line = document.createElement("p");
    line.className = "pdf-status-text";
    line.textContent = message;
    box.appendChild(line);
    if (options.progress) {
      var bar = document.createElement("progress");
      bar.className = "pdf-progress";
      bar.max = Math.max(1, options.progress.estimate_s);
      if (options.progress.status === "rendering") bar.value = Math.min(options.progress.elapsed_s, bar.max);
      bar.setAttribute("aria-label", message);
      box.appendChild(bar);
    }
    if (options.fileUrl) {
      var link = document.createElement("a");
      link.href = options.fileUrl;
      link.className = "pdf-file";
      link.textContent = T("Download the PDF");
      box.appendChild(link);
    }
  }

  function getJson(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" }).then(function (response) {
      return response.json().then(function (body) { return { code: response.status, body: body, retry: response.headers.get("Retry-After") }; });
    });
  }

  /* Ask for the PDF at `url`; `anchor` is the link or form it was asked from. */
  function ask(url, anchor) {
    if (waiting[url]) return;  // one wait per PDF: a second click joins it
    waiting[url] = true;
    var box = statusFor(anchor, url);
    show(box, T("Asking the server for the PDF…"));
    follow(getJson(url), url, anchor, box);
  }

  function follow(answer, url, anchor, box) {
    answer.then(function (got) {
      var body = got.body || {};
      if (body.status === "done") {
        waiting[url] = false;
        show(box, T("The PDF is ready."), { fileUrl: body.file_url });
        window.location.assign(body.file_url);  // an attachment: the page stays
      } else if (body.status === "queued" || body.status === "rendering") {
        show(box, body.message, { progress: body });
        setTimeout(function () { follow(getJson(body.status_url), url, anchor, box); }, 1000 * (body.poll_s || 2));
      } else if (body.status === "busy") {
        var wait = parseInt(got.retry, 10) || body.retry_after_s || 5;
        show(box, body.message + " " + T("Asking again by itself in %(n)s s.", { n: wait }), { problem: true });
        setTimeout(function () { follow(getJson(url), url, anchor, box); }, 1000 * wait);
      } else {
        waiting[url] = false;
        show(box, body.message || T("The PDF could not be made. Try again, or export Markdown or CSV."), { problem: true });
      }
    }, function () {
      // Not JSON (signed out, say) or no answer: let the browser ask the plain way.
      waiting[url] = false;
      window.location.assign(url);
    });
  }

  document.querySelectorAll("a[data-pdf]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      ask(link.href, link);
    });
  });
  var handout = document.getElementById("report-handout");
  if (handout) {
    handout.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = new URLSearchParams(new FormData(handout)).toString();
      ask(handout.action + (query ? "?" + query : ""), handout);
    });
  }
})();
