/* The console's report panel (templates/facilitator/_report_panel.html): "Start again
 * from the draft" clears the saved findings and recommendations and shows the drafts the
 * product made from the data (saving then stores the draft as the facilitator's text). */
(function () {
  "use strict";
  var button = document.getElementById("r-front-draft");
  if (!button) return;
  button.addEventListener("click", function () {
    ["r-findings", "r-recommendations"].forEach(function (id) {
      var box = document.getElementById(id);
      if (box && box.dataset.draft) box.value = box.dataset.draft;
      else if (box) box.value = "";
    });
  });
})();
