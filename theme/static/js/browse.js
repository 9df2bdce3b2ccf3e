/* Harbour Crossings: instant listing filters (artists, events). Each filter is a link to a pre-built page, so
   everything works without this script; with it, the full list filters in place and the
   address becomes that filter page's, so it can still be shared and reloaded. */
(function () {
  "use strict";
  var nav = document.querySelector("[data-filters]");
  if (!nav || !nav.hasAttribute("data-unfiltered") || !window.history.pushState) return;
  var items = Array.prototype.slice.call(document.querySelectorAll(".entry-list li[data-item]"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.group"));
  var count = document.querySelector("[data-live-count]");
  var heading = document.querySelector("h1");
  var baseHeading = heading.textContent;
  var baseTitle = document.title;

  function apply(link) {
    var filter = link.getAttribute("data-filter");
    var parts = filter.split(":");
    var shown = 0;
    items.forEach(function (item) {
      var values = (item.getAttribute("data-" + parts[0]) || "").split(" ");
      item.hidden = filter !== "" && values.indexOf(parts[1]) < 0;
      if (!item.hidden) shown += 1;
    });
    sections.forEach(function (section) {
      section.hidden = !section.querySelector("li:not([hidden])");
      var jump = document.querySelector('.jump a[href="#' + section.getAttribute("aria-labelledby") + '"]');
      if (jump) jump.parentNode.hidden = section.hidden;
    });
    nav.querySelectorAll("a[aria-current]").forEach(function (a) { a.removeAttribute("aria-current"); });
    link.setAttribute("aria-current", "page");
    var label = filter ? link.firstChild.textContent.trim() : "";
    heading.textContent = label ? baseHeading + ": " + label : baseHeading;
    document.title = label ? label + " · " + baseTitle : baseTitle;
    var template = count.getAttribute(shown === 1 ? "data-one" : "data-other");
    count.textContent = template.replace("#", shown.toLocaleString(document.documentElement.lang));
  }

  function linkFor(href) {
    return nav.querySelector('a[href="' + href + '"]') || nav.querySelector('a[data-filter=""]');
  }

  nav.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-filter]");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    apply(link);
    window.history.pushState({ href: link.getAttribute("href") }, "", link.href);
  });
  window.addEventListener("popstate", function (event) {
    apply(linkFor(event.state ? event.state.href : nav.querySelector('a[data-filter=""]').getAttribute("href")));
  });
})();
