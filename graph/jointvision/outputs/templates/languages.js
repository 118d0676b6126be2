/* The language a page opens in, shared by the map and the commitments page: the one the address
   names (#lang=ja), else the one chosen last time, else the browser's first that the data have, else
   English, else the data's first; "en" where the data name none. */
function jvFirstLanguage(tags) {
  "use strict";
  var wanted = [], found = /(?:^#|&)lang=([A-Za-z0-9-]+)/.exec(window.location.hash);
  if (found) { wanted.push(found[1]); }
  try { wanted.push(window.localStorage.getItem("jointvision.lang") || ""); } catch (e) { /* storage off */ }
  (navigator.languages || [navigator.language || ""]).forEach(function (l) { wanted.push(l, l.split("-")[0]); });
  wanted.push("en");
  for (var i = 0; i < wanted.length; i += 1) {
    if (tags.indexOf(String(wanted[i]).toLowerCase()) !== -1) { return String(wanted[i]).toLowerCase(); }
  }
  return tags.length ? tags[0] : "en";
}
