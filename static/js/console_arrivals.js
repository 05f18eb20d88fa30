/* The console's alert about people who arrived together and only voted (issue 21, row 10).
 *
 * The consoles' `votes` payload carries `arrivals`: bursts of newcomers from one network
 * among whom 20 or more placed dots and posted nothing — what a script minting voters
 * looks like. The facilitator, who can see the room, decides: discard the dots of those
 * who posted nothing, or say they are in the room. The room is never told.
 */
(function () {
  "use strict";

  var H = window.Helpers;

  function people(n) { return n === 1 ? "1 person" : n + " people"; }
  function dots(n) { return n === 1 ? "1 dot" : n + " dots"; }
  function seconds(n) { return n <= 1 ? "a second" : n < 90 ? n + " seconds" : Math.round(n / 60) + " minutes"; }

  /* What the alert says, in words a facilitator reads at a glance. */
  function describe(alert) {
    var said = alert.silent === alert.people
      ? "None of them posted anything, and they placed " + dots(alert.dots) + "."
      : alert.silent + " of them placed " + dots(alert.dots) + " and posted nothing.";
    return people(alert.people) + " joined from one network within " + seconds(alert.seconds) + ". " + said;
  }

  window.ConsoleArrivals = function (ctx) {
    var box = H.$("arrival-alerts");
    var shown = "";

    function button(text, event, burst, done) {
      var node = document.createElement("button");
      node.type = "button";
      node.className = "tool";
      node.textContent = text;
      node.addEventListener("click", function () {
        node.disabled = true;
        ctx.send(event, { burst: burst }, done);
      });
      return node;
    }

    function item(alert) {
      var row = document.createElement("div");
      row.className = "arrival-alert";
      var text = document.createElement("p");
      text.textContent = describe(alert) + " If they are not in the room, a script may be voting for them.";
      row.appendChild(text);
      row.appendChild(button("Discard their dots", "arrivals:discard", alert.burst, function (answer) {
        var d = answer.discarded;
        ctx.say("Discarded " + dots(d.dots) + " from " + people(d.people) + " who posted nothing. They cannot place more.");
      }));
      row.appendChild(button("They are in the room", "arrivals:keep", alert.burst));
      return row;
    }

    return {
      describe: describe,
      draw: function () {
        var alerts = (ctx.votes && ctx.votes.arrivals) || [];
        var key = JSON.stringify(alerts);
        if (key === shown) return;  // redrawn on every dot: rebuild only when the alert changes
        shown = key;
        box.textContent = "";
        alerts.forEach(function (alert) { box.appendChild(item(alert)); });
        box.hidden = alerts.length === 0;
      },
    };
  };
})();
