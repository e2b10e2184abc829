(function () {
  "use strict";
  var dialog = document.getElementById("zoom");
  if (!dialog || !dialog.showModal) { return; }
  var big = dialog.querySelector("img");
  document.addEventListener("click", function (event) {
    var img = event.target;
    if (img && img.classList && img.classList.contains("zoomable")) {
      big.src = img.src;
      big.alt = img.alt;
      dialog.showModal();
    } else if (dialog.open && (img === dialog || img === big)) {
      dialog.close();
    }
  });
})();
