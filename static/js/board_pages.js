/* The board's fit-and-page arithmetic, without the page: `window.BoardPages`.
 *
 * board.js measures the flow of notes in the browser (CSS columns decide where each note
 * lands); what it does with those measurements is plain arithmetic, kept here so it can
 * be tested on its own (tests/js/board_pages.test.js, run by `node --test tests/js/`).
 * No DOM, no socket, no storage: numbers in, numbers out. Load before board.js.
 */
(function () {
  "use strict";

  var FLOOR_SHARE = 0.02;      // the type floor: 2 % of the screen width (26 px at 1280, 38 px at 1920)
  var CEILING_SHARE = 0.036;   // few notes: large, but not shouting
  var MEASURE_EM = 12;         // a column is about 12 em wide: 20–30 characters a line
  var VOTE_MEASURE_EM = 10;    // candidates are short: more columns while a vote is open
  var SAME_COLUMN_PX = 30;     // two text boxes starting closer than this are in one column

  /* floorPx(screenWidth) -> the smallest type the board uses, in whole pixels. */
  function floorPx(screenWidth) { return Math.round(screenWidth * FLOOR_SHARE); }

  /* ceilingPx(screenWidth) -> the largest type the board uses, in whole pixels. */
  function ceilingPx(screenWidth) { return Math.round(screenWidth * CEILING_SHARE); }

  /* columnCount(flowWidth, fontPx, voting) -> how many CSS columns a screen of the flow
     holds at that type size: one per `measure` em, at least one. */
  function columnCount(flowWidth, fontPx, voting) {
    var measure = voting ? VOTE_MEASURE_EM : MEASURE_EM;
    return Math.max(1, Math.floor(flowWidth / (fontPx * measure)));
  }

  /* largestFit(fits, floor, ceiling) -> the largest whole-pixel size in [floor, ceiling]
     for which fits(size) is true, or null when none is. Tries the ceiling first (few
     notes: one call), then halves the range; assumes that what fits at a size fits at
     every smaller one. `fits` may lay the flow out as a side effect (board.js's fit):
     the sizes it is called with, in order, are part of this contract. */
  function largestFit(fits, floor, ceiling) {
    if (fits(ceiling)) return ceiling;
    var low = floor, high = ceiling - 1, best = null;
    while (low <= high) {
      var mid = Math.floor((low + high) / 2);
      if (fits(mid)) { best = mid; low = mid + 1; } else high = mid - 1;
    }
    return best;
  }

  /* columnStarts(xs) -> where the flow's columns start, left to right, from the left
     edges `xs` of every line box of text in it (relative to the flow's origin, in the
     order the page lists them). Edges within SAME_COLUMN_PX of one already seen are
     that column; the first edge seen of a column stands for it. */
  function columnStarts(xs) {
    var starts = [];
    xs.forEach(function (x) {
      if (!starts.some(function (s) { return Math.abs(s - x) < SAME_COLUMN_PX; })) starts.push(x);
    });
    starts.sort(function (a, b) { return a - b; });
    return starts;
  }

  /* pageOffsets(starts, perPage) -> where each page starts: every perPage-th column
     start (the first page at the first column); [0] when there are no columns. */
  function pageOffsets(starts, perPage) {
    var offsets = starts.filter(function (x, index) { return index % perPage === 0; });
    if (!offsets.length) offsets = [0];
    return offsets;
  }

  /* keptPage(known, pages) -> the page to show after a new layout of `pages` pages: the
     page shown before (`known`: {page, pages} or undefined), never past the last; the
     first for the first layout. A new note adds a page now and then while the room posts:
     going back to the first each time, a busy room never saw its later pages. */
  function keptPage(known, pages) {
    var page = known ? known.page : 0;
    return Math.max(0, Math.min(page, pages - 1));
  }

  /* nextPage(page, pages) -> the page the board turns to next: the one after, and from
     the last back to the first. */
  function nextPage(page, pages) { return (page + 1) % pages; }

  /* pageShift(offsets, page) -> how far (px) the flow moves left to show `page`. */
  function pageShift(offsets, page) { return offsets[page] - offsets[0]; }

  var api = {
    FLOOR_SHARE: FLOOR_SHARE, CEILING_SHARE: CEILING_SHARE, MEASURE_EM: MEASURE_EM,
    VOTE_MEASURE_EM: VOTE_MEASURE_EM, SAME_COLUMN_PX: SAME_COLUMN_PX,
    floorPx: floorPx, ceilingPx: ceilingPx, columnCount: columnCount, largestFit: largestFit,
    columnStarts: columnStarts, pageOffsets: pageOffsets, keptPage: keptPage,
    nextPage: nextPage, pageShift: pageShift,
  };
  if (typeof window !== "undefined") window.BoardPages = api;
  if (typeof module !== "undefined") module.exports = api;
})();
