/* Học Số offline, first part: kept tiny because every page loads it. Only where a service
   worker can run (https or localhost, not file://) and only after the page has loaded, it
   loads hocso-offline-ui.js, which registers sw.js and shows the "Save for offline use"
   controls. Elsewhere pages work exactly as without it. */
(function () {
  'use strict';
  var me = document.currentScript;
  if (!me || !/^https?:$/.test(location.protocol) || !('serviceWorker' in navigator) ||
      !window.caches || !window.isSecureContext) return;
  function more() {
    var script = document.createElement('script');
    script.src = new URL('hocso-offline-ui.js', me.src).href;
    document.head.appendChild(script);
  }
  if (document.readyState === 'complete') more(); else window.addEventListener('load', more);
})();
