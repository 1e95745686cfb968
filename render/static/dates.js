// Dates worded for the reader. Pages carry absolute dates only, so a build does not depend on
// the day it ran; this classic script says how far off each date is from the reader's own
// today. Without JavaScript the absolute dates stand. The words come from this script's tag
// (templates/_dates.html):
//   <time datetime="2027-06-30" data-relative>2027-06-30</time>
//       gets a <span class="relative"> after it: "in 7 months", "3 days ago", "today";
//       data-relative="({})" puts the words into a pattern.
//   <li data-due="2027-06-30" data-open> … <span class="status overdue-mark" data-overdue hidden></span> …
//       gets the class "past" once the date has gone by; with data-open (the prediction is still
//       open) also "overdue", and its [data-overdue] elements say so and are shown.
//   <li data-today-marker hidden>Today</li>, among [data-due] siblings
//       moves before the first one due today or later, gets today's date and is shown.
(function () {
  "use strict";
  var words = document.currentScript.dataset;
  var DAY = 86400000;

  function dayNumber(iso) {  // "2027-06-30" → days since 1970-01-01, as a calendar date
    var p = iso.split("-");
    return Math.round(Date.UTC(+p[0], p[1] - 1, +p[2]) / DAY);
  }

  var now = new Date();
  var today = Math.round(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) / DAY);
  var todayIso = new Date(today * DAY).toISOString().slice(0, 10);

  // Days below 60, months (of 30 days) below a year, then whole years.
  function phrase(days) {
    if (days === 0) { return words.today; }
    var span = Math.abs(days);
    var n = span >= 365 ? Math.floor(span / 365) : span >= 60 ? Math.floor(span / 30) : span;
    var names = (span >= 365 ? words.year : span >= 60 ? words.month : words.day).split("|");
    var unit = n === 1 ? names[0] : names[names.length - 1];
    return (days > 0 ? words.future : words.past).replace("{n}", n).replace("{unit}", unit);
  }

  document.querySelectorAll("time[data-relative]").forEach(function (time) {
    var span = document.createElement("span");
    span.className = "relative";
    span.textContent = (time.dataset.relative || "{}").replace("{}", phrase(dayNumber(time.dateTime) - today));
    time.after(" ", span);
  });

  document.querySelectorAll("[data-due]").forEach(function (item) {
    if (dayNumber(item.dataset.due) >= today) { return; }
    item.classList.add("past");
    if (!item.hasAttribute("data-open")) { return; }
    item.classList.add("overdue");
    item.querySelectorAll("[data-overdue]").forEach(function (mark) {
      mark.textContent = words.overdue;
      mark.hidden = false;
    });
  });

  document.querySelectorAll("[data-today-marker]").forEach(function (marker) {
    var list = marker.parentElement;
    var next = Array.prototype.find.call(list.children, function (item) {
      return item.hasAttribute("data-due") && dayNumber(item.dataset.due) >= today;
    });
    list.insertBefore(marker, next || null);
    var time = document.createElement("time");
    time.dateTime = todayIso;
    time.textContent = todayIso;
    marker.append(" ", time);
    marker.hidden = false;
  });
}());
