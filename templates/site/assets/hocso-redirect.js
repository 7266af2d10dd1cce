/* Học Số: an old lesson address (a lesson renamed or split in two). Goes on to the lesson that
 * now holds the step the address names, so a QR code printed years ago still lands on its step.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var anchors = {};
  try { anchors = JSON.parse(script.getAttribute("data-anchors")) || {}; } catch (e) { anchors = {}; }
  var hash = window.location.hash.slice(1);
  try { hash = decodeURIComponent(hash); } catch (e) { /* keep it as written */ }
  var target = Object.prototype.hasOwnProperty.call(anchors, hash) ? anchors[hash]
    : script.getAttribute("data-default") + (hash ? "#" + encodeURIComponent(hash) : "");
  window.location.replace(target);
})();
