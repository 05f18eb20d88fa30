/* The console's actions: the Now what? as who does what by when.
 *
 * Suggestions from phones arrive as "proposed"; the facilitator edits, confirms, marks
 * done or drops them. One form both adds and edits (editing fills it in).
 */
(function () {
  "use strict";

  var H = window.Helpers;

  window.ConsoleActions = function (ctx) {
    var $ = H.$;
    var framework = { name: "", tags: [] };
    var STATUS_WORDS = { proposed: "Suggested by a participant", confirmed: "Confirmed", done: "Done", dropped: "Dropped" };

    function tagLabel(key) {
      var tag = framework.tags.filter(function (t) { return t.key === key; })[0];
      return tag ? tag.label : key;
    }

    function setFramework(value) {
      framework = value || framework;
      var select = $("action-tag");
      var hasTags = framework.tags.length > 0;
      select.hidden = !hasTags;
      $("action-tag-label").hidden = !hasTags;
      $("action-tag-label").textContent = framework.name || "Framework";
      H.fillSelect(select, [["", "None"]].concat(framework.tags.map(function (tag) { return [tag.key, tag.label]; })));
    }

    function linkChoices() {
      var last = ctx.state ? ctx.state.phases[ctx.state.phases.length - 1].key : null;
      var themes = ctx.themes.list(Live.live).map(function (t) { return ["theme:" + t.id, "Theme: " + t.name]; });
      var notes = ctx.notes.list(function (n) { return Live.live(n) && n.approved !== false && n.phase === last; })
        .map(function (n) { return ["note:" + n.id, "Note: " + H.short(n.text, 70)]; });
      return themes.concat(notes);
    }

    function fillLinks(selected) {
      var select = $("action-links");
      var keep = selected || Array.prototype.filter.call(select.options, function (o) { return o.selected; }).map(function (o) { return o.value; });
      if (!H.fillSelect(select, linkChoices()) && !selected) return;
      Array.prototype.forEach.call(select.options, function (option) { option.selected = keep.indexOf(option.value) >= 0; });
    }

    function draw() {
      var list = $("action-list");
      list.textContent = "";
      var all = ctx.actions.list();
      all.forEach(function (action) {
        var item = Live.el("li", "action " + action.status);
        item.dataset.action = action.id;
        item.appendChild(Live.el("span", "text", action.text)).setAttribute("dir", "auto");
        var meta = [STATUS_WORDS[action.status], action.owner ? "Who: " + action.owner : "", action.due ? "By: " + action.due : "",
                    action.framework_tag ? tagLabel(action.framework_tag) : "",
                    action.links.length ? action.links.length + " linked" : "", action.outcome ? "What happened: " + action.outcome : ""];
        item.appendChild(Live.el("span", "meta", meta.filter(Boolean).join(" · ")));
        var tools = Live.el("div", "row");
        var short = H.short(action.text, 50);
        if (action.status === "proposed") tools.appendChild(Live.button("Confirm", function () { ctx.send("action:save", { id: action.id, status: "confirmed" }); }, "small-button", "Confirm action: " + short));
        tools.appendChild(Live.button("Edit", function () { edit(action); }, "small-button", "Edit action: " + short));
        if (action.status === "confirmed") tools.appendChild(Live.button("Mark done", function () { ctx.send("action:save", { id: action.id, status: "done" }); }, "small-button", "Mark done: " + short));
        if (action.status !== "dropped") tools.appendChild(Live.button("Drop", function () { ctx.send("action:save", { id: action.id, status: "dropped" }); }, "small-button", "Drop action: " + short));
        else tools.appendChild(Live.button("Bring back", function () { ctx.send("action:save", { id: action.id, status: "confirmed" }); }, "small-button", "Bring back action: " + short));
        item.appendChild(tools);
        list.appendChild(item);
      });
      if (!all.length) list.appendChild(Live.el("li", "small", "No actions yet."));
      fillLinks();
    }

    function edit(action) {
      $("action-id").value = action.id;
      $("action-text").value = action.text;
      $("action-owner").value = action.owner;
      $("action-due").value = action.due;
      $("action-tag").value = action.framework_tag || "";
      $("action-outcome").value = action.outcome || "";
      fillLinks(action.links);
      $("action-save").textContent = "Save changes";
      $("action-cancel").hidden = false;
      $("action-text").focus();
    }

    function clearForm() {
      ["action-id", "action-text", "action-owner", "action-due", "action-outcome"].forEach(function (id) { $(id).value = ""; });
      $("action-tag").value = "";
      fillLinks([]);
      $("action-save").textContent = "Add action";
      $("action-cancel").hidden = true;
    }

    $("action-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var links = Array.prototype.filter.call($("action-links").options, function (o) { return o.selected; }).map(function (o) { return o.value; });
      var payload = {
        id: $("action-id").value || Live.uuid(), text: $("action-text").value, owner: $("action-owner").value,
        due: $("action-due").value, links: links, outcome: $("action-outcome").value,
      };
      if (framework.tags.length) payload.framework_tag = $("action-tag").value;
      ctx.send("action:save", payload, function () {
        $("action-message").textContent = "Saved.";
        clearForm();
      }, $("action-message"));
    });
    $("action-cancel").addEventListener("click", clearForm);
    setFramework(null);

    return { draw: draw, setFramework: setFramework };
  };
})();
