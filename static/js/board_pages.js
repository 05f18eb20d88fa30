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
  var PAGED_MEASURE_EM = 11.5; // a paged row's columns: a little narrower, so 720p holds four
  var PINNED_SHARES = [0.85, 1, 1.2];   // "Just in"'s width in columns of notes, narrowest first (pagedSplit)
  var LOOK_AHEAD = 8;          // a column is filled from the next 8 notes waiting (packColumns)
  var RAIL_CEILING_SHARE = 0.025;   // the rail's largest type: a little over the floor, it is not the main phase

  /* floorPx(screenWidth) -> the smallest type the board uses, in whole pixels. */
  function floorPx(screenWidth) { return Math.round(screenWidth * FLOOR_SHARE); }

  /* ceilingPx(screenWidth) -> the largest type the board uses, in whole pixels. */
  function ceilingPx(screenWidth) { return Math.round(screenWidth * CEILING_SHARE); }

  /* railCeilingPx(screenWidth) -> the largest type of the rail (the closed phases and the
     actions beside the main phase), in whole pixels. */
  function railCeilingPx(screenWidth) { return Math.round(screenWidth * RAIL_CEILING_SHARE); }

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

  /* pagedSplit(rowWidth, fontPx, gap, share) -> how a paged phase shares its row between
     the flow and "Just in": {flowColumns, columnWidth, pinnedWidth}. The row (`rowWidth`
     px, the flow's width with "Just in" hidden) holds one column per PAGED_MEASURE_EM em
     at `fontPx` (the floor), `gap` px apart, at least two: four at 1280 and at 1920.
     "Just in" takes one of them, `share` of a column's width (`pinnedWidth`, px, its
     border box; one of PINNED_SHARES, the first by default), and the flow the others,
     `columnWidth` px each. "Just in" holds three notes, a column of notes four or so: a
     narrower "Just in" that still shows its three whole widens every column of notes,
     which then take fewer lines, so that four fit a column more often. board.js tries
     the shares narrowest first and keeps the first that shows three whole. */
  function pagedSplit(rowWidth, fontPx, gap, share) {
    var pinned = share || PINNED_SHARES[0];
    var count = Math.max(2, Math.floor(rowWidth / (fontPx * PAGED_MEASURE_EM)));
    var flowColumns = count - 1;
    var columnWidth = Math.max(0, (rowWidth - flowColumns * gap) / (flowColumns + pinned));
    return { flowColumns: flowColumns, columnWidth: columnWidth, pinnedWidth: pinned * columnWidth };
  }

  /* bestFill(sizes, room) -> the indexes (ascending) of the subset of `sizes` with the
     largest total not over `room`; it holds index 0 whenever sizes[0] fits (the earliest
     note waiting is never passed over where it fits). Ties go to the subset found first,
     the one of earlier notes. A search that stops adding where the room is full: notes
     are a few lines each, so a column holds a handful and the subsets tried are few. */
  function bestFill(sizes, room) {
    var best = [], bestSum = -1, picked = [];
    function extend(from, sum) {
      if (sum > bestSum) { bestSum = sum; best = picked.slice(); }
      for (var i = from; i < sizes.length; i++) {
        if (sum + sizes[i] > room) continue;
        picked.push(i);
        extend(i + 1, sum + sizes[i]);
        picked.pop();
      }
    }
    if (sizes.length && sizes[0] <= room) { picked.push(0); extend(1, sizes[0]); }
    else extend(0, 0);
    return best;
  }

  /* packColumns(heights, columnHeight, firstUsed, lookAhead) -> the notes' columns: arrays
     of indexes into `heights` (each note's height with its bottom margin, px), ascending,
     in the order drawn. The first column already has `firstUsed` px taken (themes before
     the notes). Each column takes, of the next `lookAhead` notes not yet placed, the ones
     that fill it best (bestFill), always with the earliest of them when it fits: a page
     takes its notes in the order that fills it. So no column ends with a gap that some of
     the next few notes would fill, a note is drawn at most a few columns before or after
     its turn, and top to bottom a column reads in order. A note taller than a column has
     one to itself. The first column is empty when no note fits under `firstUsed`; no
     other is. */
  function packColumns(heights, columnHeight, firstUsed, lookAhead) {
    var window_ = lookAhead || LOOK_AHEAD;
    var waiting = heights.map(function (h, index) { return index; });
    var columns = [];
    var used = firstUsed || 0;
    while (waiting.length) {
      var ahead = waiting.slice(0, window_);
      // A note taller than a column, its turn come, has a fresh column to itself.
      var picked = used === 0 && heights[ahead[0]] > columnHeight ? [0]
        : bestFill(ahead.map(function (index) { return heights[index]; }), columnHeight - used);
      columns.push(picked.map(function (i) { return ahead[i]; }));
      waiting = waiting.filter(function (index, i) { return picked.indexOf(i) < 0; });
      used = 0;
    }
    return columns;
  }

  /* wholeCount(bottoms, limit) -> how many of the cards, top to bottom (their bottom
     edges, px), end at or above `limit`: the ones "Just in" shows whole. */
  function wholeCount(bottoms, limit) {
    var count = 0;
    while (count < bottoms.length && bottoms[count] <= limit + 0.5) count++;
    return count;
  }

  /* stackPages(spans, heads, pageHeight) -> where each page of a stack starts: indexes
     into `spans`, ascending, the first 0 ([] when there is nothing). The rail stacks its
     items (a closed phase's summary, an action) top to bottom and shows one page of them
     at a time, each item whole. spans[i] is the height (px) from item i's top to the next
     one's, so it holds the gap and any heading between them; heads[i] is what item i
     needs above it when it begins a page (the "Actions" heading, repeated), 0 for none.
     A page takes items in order while they fit; an item taller than a page has one to
     itself. */
  function stackPages(spans, heads, pageHeight) {
    var starts = [];
    var used = 0;
    spans.forEach(function (span, i) {
      if (starts.length && used + span <= pageHeight) { used += span; return; }
      starts.push(i);
      used = (heads[i] || 0) + span;
    });
    return starts;
  }

  /* pageOfItem(starts, index) -> the page (0-based) that item `index` is on. */
  function pageOfItem(starts, index) {
    var page = 0;
    while (page + 1 < starts.length && starts[page + 1] <= index) page++;
    return page;
  }

  var api = {
    FLOOR_SHARE: FLOOR_SHARE, CEILING_SHARE: CEILING_SHARE, MEASURE_EM: MEASURE_EM,
    VOTE_MEASURE_EM: VOTE_MEASURE_EM, PAGED_MEASURE_EM: PAGED_MEASURE_EM, PINNED_SHARES: PINNED_SHARES, SAME_COLUMN_PX: SAME_COLUMN_PX, LOOK_AHEAD: LOOK_AHEAD,
    RAIL_CEILING_SHARE: RAIL_CEILING_SHARE, railCeilingPx: railCeilingPx, stackPages: stackPages, pageOfItem: pageOfItem,
    floorPx: floorPx, ceilingPx: ceilingPx, columnCount: columnCount, largestFit: largestFit,
    columnStarts: columnStarts, pageOffsets: pageOffsets, keptPage: keptPage,
    nextPage: nextPage, pageShift: pageShift, pagedSplit: pagedSplit,
    bestFill: bestFill, packColumns: packColumns, wholeCount: wholeCount,
  };
  if (typeof window !== "undefined") window.BoardPages = api;
  if (typeof module !== "undefined") module.exports = api;
})();
