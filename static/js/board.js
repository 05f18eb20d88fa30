/* The projected board, readable from the back of a hall.
 *
 * Three views: the join view (a QR code of at least 40 % of the screen height, the code
 * and the full address) while no phase is open, or whenever the facilitator switches to
 * it (`workshop.board_view`, contract C1); the outcome once the workshop has closed (its
 * themes with their dots, and its actions: what the room decided, issue 28); otherwise
 * the notes. The open phase owns the screen, or the phase being voted on while a vote is
 * open; every other phase shrinks to a summary in the rail (title, note count, top
 * themes), over the actions agreed so far. The rail's type shrinks to the floor like the
 * notes', then the rail shows a page of whole summaries and actions at a time.
 *
 * The main phase's notes flow in CSS columns of a fixed height. The type shrinks until
 * they fit, never below the floor (2 % of the screen width: 26 px at 1280×720, 38 px at
 * 1920×1080 — about 60 mm on a 3 m image, capitals 16 arcminutes high at 9 m). When they
 * still do not fit, the overflowing columns become pages that the board turns by itself
 * (`?page_seconds=N`, default 10), with a page indicator and the newest notes pinned in a
 * "Just in" column, so every note is on screen within one cycle. A paged flow is packed:
 * a column's gap is filled by one of the next few notes that fits there, so pages hold
 * about twice the notes they did when columns ended where a long note did not fit (issue
 * 27). While a vote is open every candidate is on one screen, whole: at the floor, the
 * themes show their names only, then the candidates take narrower columns. A spotlighted
 * note's type shrinks until it fits, never below the floor.
 *
 * Changes arrive one by one; the board redraws at most once per frame from its stores,
 * keeping one card element per note (cards.js).
 */
(function () {
  "use strict";
  var H = window.Helpers;
  var P = window.BoardPages;   // the arithmetic: board_pages.js
  var $ = H.$;
  var root = $("board");
  var groups = JSON.parse(root.dataset.groups || "{}");
  var params = new URLSearchParams(window.location.search);
  var PAGE_SECONDS = Math.max(1, parseFloat(params.get("page_seconds")) || 10);
  // The type floor and ceiling (2 % and 3.6 % of the screen width) and the column measure
  // (12 em, 10 while a vote is open) are in board_pages.js.
  var NEWEST = 3;              // notes pinned while the board pages

  var notes = new Live.NoteStore();
  var themes = new Live.NoteStore();
  var actions = new Live.NoteStore();
  var countdown = new Live.Countdown($("timer"));
  var status = $("connection");
  var state = null;
  var votes = null;
  var cards = {};       // note id -> its card element
  var pageOf = {};      // phase key -> {page, pages}
  var announcer = Announcer($("announcer"));
  var schedule = H.schedule(draw);

  function column(phase) { return H.column(root, ".column", phase); }
  function dots(kind, id) { return H.dots(votes, kind, id); }
  function phaseTitle(key) { return H.phaseTitle(state, key); }
  function floorPx() { return P.floorPx(window.innerWidth); }
  function live(n) { return Live.live(n); }
  function liveTheme(id) { var t = id && themes.byId[id]; return t && live(t) ? t : null; }

  function noteCard(note) {
    var meta = [note.nickname || "", note.group ? groups[note.group] || note.group : ""];
    cards[note.id] = Cards.note(note, { meta: meta, dots: dots("note", note.id) }, cards[note.id]);
    return cards[note.id];
  }

  var revealed = function () { return !!(votes && votes.tallies); };
  function byDotsThen(kind, other) {
    return function (a, b) { return (revealed() ? dots(kind, b.id) - dots(kind, a.id) : 0) || other(a, b); };
  }
  var byCreated = function (a, b) {
    return (Cards.isReview(b) ? 1 : 0) - (Cards.isReview(a) ? 1 : 0) || (a.created_at < b.created_at ? -1 : 1);
  };
  var byPosition = function (a, b) { return a.position - b.position; };

  function phaseNotes(key) { return notes.list(function (n) { return live(n) && n.phase === key; }); }
  function phaseThemes(key) { return themes.list(function (t) { return live(t) && t.phase === key; }); }

  // ---- which view, which phases --------------------------------------------------------

  function mainPhases() {
    if (!state) return [];
    if (state.voting && state.voting.phase) return [state.voting.phase];
    return state.phases.filter(function (p) { return p.open; }).map(function (p) { return p.key; });
  }

  /* "join", "outcome" or "notes". A closed workshop shows what the room decided: the join
     view's QR code would only take phones to "this workshop is closed" (issue 28), so it
     shows then only when the facilitator puts it there. */
  function boardView() {
    if (!state || (state.board_view || "auto") === "join") return "join";
    if (state.status === "closed") return "outcome";
    return mainPhases().length ? "notes" : "join";
  }

  // ---- the main phase: themes as labelled groups, then the notes not in a theme ----------

  function themeBox(theme, members, compact) {
    var box = Live.el("section", "theme" + (compact ? " candidate" : ""));
    box.dataset.theme = theme.id;
    var head = Live.el("h3", "theme-name");
    var name = Live.el("span", "name", theme.name);
    name.setAttribute("dir", "auto");
    head.appendChild(name);
    head.appendChild(Live.el("span", "theme-count", TN("%(n)s note", "%(n)s notes", members.length)));
    Cards.dotBadge(head, dots("theme", theme.id));
    box.appendChild(head);
    var list = Live.el("ul", "notes");
    if (!compact) members.forEach(function (note) { list.appendChild(noteCard(note)); });
    box.appendChild(list);
    return box;
  }

  /* Fill the phase's flow: every theme with its notes, then the rest. While it is voted
     on, themes are candidates (name, count, dots) and the notes are cut to a few lines. */
  function fillFlow(col, key, voting) {
    var inner = col.querySelector(".flow-inner");
    inner.textContent = "";
    var all = phaseNotes(key);
    var grouped = {};
    all.forEach(function (n) { var t = liveTheme(n.theme); if (t) (grouped[t.id] = grouped[t.id] || []).push(n); });
    var boxes = phaseThemes(key).sort(byDotsThen("theme", byPosition));
    boxes.forEach(function (theme) {
      inner.appendChild(themeBox(theme, (grouped[theme.id] || []).sort(byDotsThen("note", byCreated)), voting));
    });
    var loose = all.filter(function (n) { return !liveTheme(n.theme); }).sort(byDotsThen("note", byCreated));
    if (loose.length) {
      var list = Live.el("ul", "notes loose");
      if (boxes.length) {
        var label = Live.el("li", "loose-h", T("Not in a theme yet"));
        label.setAttribute("aria-hidden", "true");
        list.appendChild(label);
      }
      loose.forEach(function (note) { list.appendChild(noteCard(note)); });
      inner.appendChild(list);
    }
    col.classList.toggle("voting", voting);
    col.classList.toggle("empty", all.length === 0 && boxes.length === 0);
    return all;
  }

  function overflows(flow, inner) { return inner.scrollWidth > flow.clientWidth + 2 || inner.scrollHeight > flow.clientHeight + 2; }

  /* Largest type from the ceiling down to the floor at which the flow fits one page;
     the floor when nothing fits. Column count follows the type size. */
  function fit(col, fontPx) {
    var flow = col.querySelector(".flow");
    var inner = col.querySelector(".flow-inner");
    inner.style.fontSize = fontPx + "px";
    var width = flow.clientWidth;
    // A paged flow shares its row with "Just in" (layout): its column count is set there.
    var count = parseInt(col.dataset.flowColumns, 10) || P.columnCount(width, fontPx, col.classList.contains("voting"));
    inner.style.columnCount = count;
    inner.style.width = width + "px";
    inner.style.height = flow.clientHeight + "px";
    flow.dataset.measured = flow.clientHeight;
    return !overflows(flow, inner);
  }

  /* The largest whole-pixel size between floor and ceiling at which the flow fits, or null. */
  function largestFit(col, floor, ceiling) {
    return P.largestFit(function (fontPx) { return fit(col, fontPx); }, floor, ceiling);
  }

  function layout(col, voting) {
    var floor = floorPx();
    var ceiling = P.ceilingPx(window.innerWidth);
    col.classList.remove("titles", "paged");
    col.querySelector(".newest").hidden = true;
    delete col.dataset.flowColumns;
    unpack(col);
    var best = largestFit(col, floor, ceiling);
    // A vote: every candidate on one screen, each whole (a note cut short is not the one
    // people voted for, issue 28). Past the floor the themes give up their note counts
    // and boxes and show as titles, and the notes in no theme keep every word.
    if (best === null && voting) {
      col.classList.add("titles");
      best = largestFit(col, floor, ceiling);
    }
    if (best !== null) {
      fit(col, best);
      if (overflows(col.querySelector(".flow"), col.querySelector(".flow-inner"))) best = null;
    }
    if (best === null) {               // pages, with the newest notes pinned
      var row = rowOf(col);
      col.classList.add("paged");
      if (!voting) pinNewest(col, row, floor);
      fit(col, floor);
      if (!voting) { pack(col); trimNewest(col); }
      best = floor;
    }
    col.dataset.font = best;
    paginate(col);
  }

  /* The paged phase's row, {width, gap} (px), measured before it pages: the flow then
     spans the whole row. */
  function rowOf(col) {
    return { width: col.querySelector(".flow").clientWidth,
             gap: parseFloat(getComputedStyle(col.querySelector(".flow-inner")).columnGap) || 0 };
  }

  /* Pack the loose notes of a paged flow (P.packColumns): measured where the floor put
     them, put in the packed order, and each column after the first started by a forced
     break, so the browser's columns end where the packing's do. Themes keep their place.
     Called after fit(col, floor); unpack undoes it before the flow is measured again. */
  function pack(col) {
    var inner = col.querySelector(".flow-inner");
    var list = inner.querySelector(":scope > .notes.loose");
    if (!list) return;
    var items = Array.prototype.slice.call(list.querySelectorAll(":scope > .note"));
    if (!items.length) return;
    var heights = items.map(function (card) {
      return card.getBoundingClientRect().height + parseFloat(getComputedStyle(card).marginBottom);
    });
    var firstUsed = items[0].getBoundingClientRect().top - inner.getBoundingClientRect().top;
    // The last note's bottom margin need not fit: the browser drops it at a column's end.
    var margin = parseFloat(getComputedStyle(items[0]).marginBottom) || 0;
    P.packColumns(heights, inner.clientHeight + margin, firstUsed).forEach(function (indexes, c) {
      indexes.forEach(function (index, i) {
        items[index].classList.toggle("column-start", c > 0 && i === 0);
        list.appendChild(items[index]);
      });
    });
  }

  function unpack(col) {
    col.querySelectorAll(".flow .note.column-start").forEach(function (card) { card.classList.remove("column-start"); });
  }

  /* Pin the newest notes in "Just in", as narrow as still shows them whole (P.pagedSplit's
     shares, narrowest first; "Just in" is as high at every width, so this reads its cards
     only), and give the flow the rest of the row. */
  function pinNewest(col, row, floor) {
    var box = col.querySelector(".newest");
    var list = box.querySelector("ul");
    list.textContent = "";
    phaseNotes(col.dataset.phase).sort(function (a, b) { return a.created_at < b.created_at ? 1 : -1; })
      .slice(0, NEWEST).forEach(function (note) {
        var copy = Cards.note(note, { meta: [note.nickname || ""], dots: dots("note", note.id) });
        copy.classList.add("pinned");
        copy.removeAttribute("data-note");   // the same note stays counted once, in the flow
        copy.dataset.pinned = note.id;
        list.appendChild(copy);
      });
    box.hidden = false;
    box.style.fontSize = floorPx() + "px";
    var copies = list.querySelectorAll(".note");
    var split;
    for (var i = 0; i < P.PINNED_SHARES.length; i++) {
      split = P.pagedSplit(row.width, floor, row.gap, P.PINNED_SHARES[i]);
      box.style.width = split.pinnedWidth + "px";
      if (wholeInBox(box, copies) === copies.length) break;
    }
    col.dataset.flowColumns = split.flowColumns;
  }

  function wholeInBox(box, copies) {
    var bottoms = Array.prototype.map.call(copies, function (c) { return c.getBoundingClientRect().bottom; });
    return P.wholeCount(bottoms, box.getBoundingClientRect().bottom);
  }

  /* "Just in" shows whole cards only: those that would be cut at its bottom are left out. */
  function trimNewest(col) {
    var box = col.querySelector(".newest");
    var copies = Array.prototype.slice.call(box.querySelectorAll(".note"));
    copies.slice(wholeInBox(box, copies)).forEach(function (copy) { copy.remove(); });
  }

  /* Pages start at every n-th column of the flow (n: the columns a screen holds). Where
     the columns are is read from the layout itself, so rounding never drifts a page. */
  function paginate(col) {
    var key = col.dataset.phase;
    var inner = col.querySelector(".flow-inner");
    inner.style.transform = "";
    var origin = inner.getBoundingClientRect().left;
    var xs = [];
    inner.querySelectorAll(".note .text, .theme-name, .loose-h, .outcome-h, .outcome-theme, .outcome-action").forEach(function (node) {
      Array.prototype.forEach.call(node.getClientRects(), function (rect) { xs.push(rect.left - origin); });
    });
    var perPage = parseInt(inner.style.columnCount, 10) || 1;
    var offsets = P.pageOffsets(P.columnStarts(xs), perPage);
    pageOf[key] = { page: P.keptPage(pageOf[key], offsets.length), pages: offsets.length, offsets: offsets };
    showPage(col);
  }

  function showPage(col) {
    var info = pageOf[col.dataset.phase];
    var inner = col.querySelector(".flow-inner");
    var shift = P.pageShift(info.offsets, info.page);
    inner.style.transform = shift ? "translateX(" + (-shift) + "px)" : "";
    var pager = col.querySelector(".pager");
    // Hidden without giving its row back: the flow was measured with the pager's row in place.
    pager.style.visibility = info.pages < 2 ? "hidden" : "visible";
    pager.textContent = T("Page %(n)s of %(total)s", { n: info.page + 1, total: info.pages });
    col.dataset.page = info.page + 1;
    col.dataset.pages = info.pages;
  }

  setInterval(function () {
    root.querySelectorAll("#main-phases .column, #outcome").forEach(function (col) {
      var info = pageOf[col.dataset.phase];
      if (!info || info.pages < 2) return;
      info.page = P.nextPage(info.page, info.pages);
      showPage(col);
    });
    if (railPages && railPages.pages > 1) {
      railPages.page = P.nextPage(railPages.page, railPages.pages);
      showRailPage();
    }
  }, PAGE_SECONDS * 1000);

  // ---- the rail: other phases as summaries, and the actions --------------------------

  /* A phase's themes, most dots first once the votes are revealed, then most notes. */
  function rankedThemes(key) {
    var counts = {};
    phaseNotes(key).forEach(function (n) { var t = liveTheme(n.theme); if (t) counts[t.id] = (counts[t.id] || 0) + 1; });
    return phaseThemes(key).sort(function (a, b) {
      return (revealed() ? dots("theme", b.id) - dots("theme", a.id) : 0) || (counts[b.id] || 0) - (counts[a.id] || 0) || byPosition(a, b);
    }).map(function (theme) { return { theme: theme, notes: counts[theme.id] || 0 }; });
  }

  /* A theme as one line: its name, its note count and its dots (when revealed). */
  function themeLine(ranked, className) {
    var item = Live.el("li", className);
    var name = Live.el("span", "name", ranked.theme.name);
    name.setAttribute("dir", "auto");
    item.appendChild(name);
    item.appendChild(Live.el("span", "theme-count", " (" + ranked.notes + ")"));
    Cards.dotBadge(item, dots("theme", ranked.theme.id));
    return item;
  }

  /* An action as the room reads it: what, then who, by when, its tag, and done. */
  function actionItem(action, className) {
    var item = Live.el("li", className + (action.status === "done" ? " done" : ""));
    item.appendChild(Live.el("span", "text", action.text)).setAttribute("dir", "auto");
    var parts = [[action.owner && T("Who: %(owner)s", { owner: action.owner }), "owner"],
                 [action.due && T("By: %(date)s", { date: action.due }), "due"],   // one piece: never "2026-" on one line
                 [action.framework_tag && action.framework_tag.replace(/-/g, " "), "tag"],
                 [action.status === "done" && T("Done ✓"), "state"]];
    var meta = item.appendChild(Live.el("span", "meta"));
    meta.setAttribute("dir", "auto");
    parts.filter(function (part) { return part[0]; }).forEach(function (part, i) {
      if (i) meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(Live.el("span", part[1], part[0]));
    });
    return item;
  }

  function summarise(col, key) {
    col.querySelector(".summary-count").textContent = TN("%(n)s note", "%(n)s notes", phaseNotes(key).length);
    var list = col.querySelector(".top-themes");
    list.textContent = "";
    rankedThemes(key).slice(0, 3).forEach(function (ranked) { list.appendChild(themeLine(ranked, "top-theme")); });
    col.querySelector(".flow-inner").textContent = "";
  }

  function drawActions() {
    var list = root.querySelector("#actions .actions");
    var items = actions.list(Live.live);
    $("actions").hidden = items.length === 0;
    list.textContent = "";
    items.forEach(function (action, i) {
      // Numbered by hand: a page of the rail shows some of them only, and keeps their numbers.
      list.appendChild(actionItem(action, "action")).value = i + 1;
    });
  }

  /* The rail's type: the largest from a little over the floor down to it at which every
     summary and action fits the rail; at the floor, pages of whole ones (P.stackPages)
     that turn with the main phase's. A redraw keeps the page shown (P.keptPage). */
  var railPages = null;   // {page, pages, starts}

  function railItems() {
    return Array.prototype.slice.call($("rail").querySelectorAll(":scope > .column.summary:not([hidden]), #actions .action"));
  }

  function layoutRail() {
    var rail = $("rail");
    var pager = $("rail-pager");
    if (rail.hidden) { railPages = null; return; }
    var items = railItems();
    items.concat([$("actions")]).forEach(function (item) { item.classList.remove("off-page"); });
    pager.hidden = true;
    var best = P.largestFit(function (px) { rail.style.fontSize = px + "px"; return stackBottom(rail) <= railBottom(rail); },
                            floorPx(), P.railCeilingPx(window.innerWidth));
    rail.style.fontSize = (best || floorPx()) + "px";
    var starts = [0];
    if (best === null) {
      pager.hidden = false;
      starts = P.stackPages(spans(items), heads(items), railBottom(rail) - pager.offsetHeight - railGap(rail) - actionsFoot() - railTop(rail));
    }
    railPages = { page: P.keptPage(railPages, starts.length), pages: starts.length, starts: starts };
    showRailPage();
  }

  function railGap(rail) { return parseFloat(getComputedStyle(rail).rowGap) || 0; }
  function railTop(rail) { return rail.getBoundingClientRect().top + parseFloat(getComputedStyle(rail).paddingTop); }
  function railBottom(rail) { return rail.getBoundingClientRect().bottom - parseFloat(getComputedStyle(rail).paddingBottom); }

  /* Where the rail's last section ends (the sections do not shrink: they overflow). */
  function stackBottom(rail) {
    var shown = Array.prototype.filter.call(rail.querySelectorAll(":scope > .column"), function (c) { return !c.hidden; });
    return shown.length ? shown[shown.length - 1].getBoundingClientRect().bottom : 0;
  }

  /* Each item's height to the next one's top: with the gap and any heading between them. */
  function spans(items) {
    var tops = items.map(function (item) { return item.getBoundingClientRect().top; });
    tops.push(stackBottom($("rail")));
    return items.map(function (item, i) { return tops[i + 1] - tops[i]; });
  }

  /* What an action needs over it when it begins a page: the actions' heading and border. */
  function heads(items) {
    var box = $("actions");
    var first = box.querySelector(".action");
    var head = first ? first.getBoundingClientRect().top - box.getBoundingClientRect().top : 0;
    return items.map(function (item) { return item.classList.contains("action") ? head : 0; });
  }

  /* What the actions' box adds under its last action (padding, border): every page keeps
     room for it, since any page may end with an action. */
  function actionsFoot() {
    var box = $("actions");
    var items = box.querySelectorAll(".action");
    if (box.hidden || !items.length) return 0;
    return box.getBoundingClientRect().bottom - items[items.length - 1].getBoundingClientRect().bottom;
  }

  function showRailPage() {
    var items = railItems();
    items.forEach(function (item, i) { item.classList.toggle("off-page", P.pageOfItem(railPages.starts, i) !== railPages.page); });
    $("actions").classList.toggle("off-page", !$("actions").querySelector(".action:not(.off-page)"));
    $("rail-pager").textContent = T("Page %(n)s of %(total)s", { n: railPages.page + 1, total: railPages.pages });
    $("rail").dataset.page = railPages.page + 1;
    $("rail").dataset.pages = railPages.pages;
  }

  // ---- the outcome: what a closed workshop decided -------------------------------------

  /* Every phase's themes (with their dots once revealed), then the actions, in columns
     fitted and paged like the notes. */
  function drawOutcome() {
    var box = $("outcome");
    var inner = box.querySelector(".flow-inner");
    inner.textContent = "";
    state.phases.forEach(function (phase) {
      var ranked = rankedThemes(phase.key);
      if (ranked.length) inner.appendChild(outcomeSection(phase.title, "ul", ranked.map(function (r) { return themeLine(r, "outcome-theme"); }), phase.key));
    });
    var agreed = actions.list(Live.live);
    if (agreed.length) inner.appendChild(outcomeSection(T("Actions"), "ol", agreed.map(function (a) { return actionItem(a, "outcome-action"); }), "actions"));
    var best = largestFit(box, floorPx(), P.ceilingPx(window.innerWidth));
    fit(box, best === null ? floorPx() : best);
    box.dataset.font = best === null ? floorPx() : best;
    paginate(box);
  }

  function outcomeSection(title, listTag, items, key) {
    var section = Live.el("section", "outcome-phase");
    section.dataset.phase = key;
    section.appendChild(Live.el("h3", "outcome-h", title)).setAttribute("dir", "auto");
    var list = Live.el(listTag, "outcome-list");
    items.forEach(function (item) { list.appendChild(item); });
    section.appendChild(list);
    return section;
  }

  // ---- drawing -----------------------------------------------------------------------

  function draw() {
    var view = boardView();
    root.dataset.view = view;
    var main = view === "notes" ? mainPhases() : [];
    var shown = {};
    (state ? state.phases : []).forEach(function (phase) {
      var col = column(phase.key);
      if (!col) return;
      var isMain = main.indexOf(phase.key) >= 0;
      var home = isMain ? $("main-phases") : $("rail");
      if (col.parentNode !== home) home.insertBefore(col, isMain ? null : $("actions"));
      col.classList.toggle("summary", !isMain);
      col.classList.toggle("main", isMain);
      if (isMain) fillFlow(col, phase.key, !!(state.voting && state.voting.phase === phase.key)).forEach(function (n) { shown[n.id] = true; });
      else summarise(col, phase.key);
      col.hidden = !isMain && !phaseNotes(phase.key).length && !phaseThemes(phase.key).length;
    });
    $("main-phases").dataset.count = main.length;
    Object.keys(cards).forEach(function (id) { if (!shown[id]) delete cards[id]; });
    drawActions();
    var voting = !!(state && state.voting && state.voting.phase);
    $("rail").hidden = view !== "notes" || voting || !$("rail").querySelector(".column:not([hidden])");
    // Lay out once the rail and the columns have their final size.
    root.querySelectorAll("#main-phases .column").forEach(function (col) {
      layout(col, !!(state.voting && state.voting.phase === col.dataset.phase));
    });
    layoutRail();
    if (view === "outcome") drawOutcome();
    drawBanner();
    drawSpotlight();
  }

  function drawBanner() {
    var banner = $("banner");
    var text = "";
    if (state && state.status === "closed") text = T("This workshop has closed. Thank you for taking part.");
    else if (state && state.status === "archived") text = T("This workshop has ended.");
    else if (state && state.status === "draft") text = T("We will start soon. Scan the code to join.");
    else if (state && state.voting.phase) {
      text = T("Vote now on %(phase)s: %(dots)s dots each", { phase: phaseTitle(state.voting.phase), dots: state.voting.dots });
      if (votes) text += " — " + T("%(n)s placed", { n: votes.placed });
      if (!state.voting.revealed) text += ". " + T("Results are shown at the end.");
    }
    banner.textContent = text;
    banner.hidden = !text;
    banner.classList.toggle("closed", !!(state && state.status !== "live"));
  }

  function drawSpotlight() {
    var box = $("spotlight");
    var spot = state && state.spotlight;
    var target = spot && (spot.kind === "note" ? notes.byId[spot.id] : themes.byId[spot.id]);
    if (!target || !Live.live(target)) { box.hidden = true; root.classList.remove("spotlit"); return; }
    box.hidden = false;
    root.classList.add("spotlit");
    var list = $("spotlight-notes");
    list.textContent = "";
    if (spot.kind === "note") {
      $("spotlight-title").textContent = phaseTitle(target.phase);
      $("spotlight-text").textContent = target.text;
      if (target.translation && target.translation.text) {
        list.appendChild(Cards.note({ id: "", text: "", translation: target.translation })).classList.add("spotlight-translation");
      }
    } else {
      $("spotlight-title").textContent = target.name;
      $("spotlight-text").textContent = "";
      notes.list(function (n) { return Live.live(n) && n.theme === target.id; }).forEach(function (note) {
        list.appendChild(Cards.note(note, {}));
      });
    }
    var count = dots(spot.kind, spot.id);
    $("spotlight-title").dataset.dots = count ? "● " + count : "";
    fitSpotlight(box);
  }

  /* A spotlighted note's words at the largest size that shows them whole, from twice the
     floor (a few words, large) down to the floor (600 characters at 1280×720). */
  function fitSpotlight(box) {
    var text = $("spotlight-text");
    var floor = floorPx();
    var best = P.largestFit(function (px) { text.style.fontSize = px + "px"; return box.scrollHeight <= box.clientHeight; }, floor, 2 * floor);
    text.style.fontSize = (best || floor) + "px";
  }

  function showWorkshop(workshop) {
    state = workshop;
    $("title").textContent = workshop.title;
    $("question").textContent = workshop.question;
    workshop.phases.forEach(function (phase) {
      var col = column(phase.key);
      if (!col) return;
      col.classList.toggle("open", phase.open);
      col.querySelector("h2").textContent = phase.open ? T("%(phase)s — open", { phase: phase.title }) : phase.title;
      col.querySelector(".prompt").textContent = phase.prompt;
    });
    countdown.set(workshop.timer);
    announcer.workshop(workshop);
    schedule();
  }

  window.addEventListener("resize", schedule);
  // The header settles after the first drawing (the code, the clock, fonts for other
  // scripts): when a flow's box changes size, lay it out again so no note is cut.
  if (window.ResizeObserver) {
    var sized = new ResizeObserver(function (entries) {
      if (entries.some(function (entry) { return entry.target.clientHeight && entry.target.dataset.measured !== String(entry.target.clientHeight); })) schedule();
    });
    root.querySelectorAll(".flow").forEach(function (flow) { sized.observe(flow); });
  }
  document.documentElement.style.setProperty("--floor", floorPx() + "px");
  window.addEventListener("resize", function () { document.documentElement.style.setProperty("--floor", floorPx() + "px"); });

  var stopped = false;  // the server said this board is over (`gone`)
  Live.connect({
    joinEvent: "board:join",
    restartSpread: 300,  // a board or two: redraw almost at once
    joinPayload: function () { return { code: root.dataset.code, key: root.dataset.key }; },
    onReset: function () { notes.clear(); themes.clear(); actions.clear(); votes = null; schedule(); },
    onNote: function (note) {
      var isNew = !notes.byId[note.id];
      if (notes.put(note)) { if (isNew && Live.live(note)) announcer.note(); schedule(); }
    },
    onJoined: function () { announcer.ready(); },
    onTheme: function (theme) { if (themes.put(theme)) schedule(); },
    onAction: function (action) { if (actions.put(action)) schedule(); },
    onVotes: function (v) { votes = v; schedule(); },
    onWorkshop: showWorkshop,
    onPresence: function (p) { $("joined").textContent = p.joined; },
    onGone: function (payload) { stopped = true; $("banner").textContent = T(payload.message); $("banner").hidden = false; status.textContent = ""; },
    onStatus: function (text, kind) {
      if (stopped) return;  // deleted, or its link replaced: the banner says why; it is not "reconnecting"
      status.textContent = kind === "online" ? "" : text;
      status.dataset.state = kind;
    },
  });
})();
