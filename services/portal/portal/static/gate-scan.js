/* The gate's "scan" button: reads a registration code's QR code with the phone's camera, where the
   browser has BarcodeDetector, and checks it in. Without it the button stays hidden and the code is
   typed. Served from the portal itself (the pages' CSP allows no other script). */
(function () {
  "use strict";
  var form = document.getElementById("checkin");
  var button = document.getElementById("scan");
  var video = document.getElementById("camera");
  var input = document.getElementById("code");
  var failed = document.getElementById("scan-failed");
  var media = navigator.mediaDevices;
  if (!form || !button || !video || !input || !("BarcodeDetector" in window) || !media || !media.getUserMedia) {
    return;
  }
  var label = button.textContent;
  var stream = null;

  function stop() {
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
    }
    stream = null;
    video.hidden = true;
    button.textContent = label;
  }

  function giveUp() {
    stop();
    button.hidden = true;
    failed.hidden = false;
    input.focus();
  }

  function look(detector) {
    if (!stream) {
      return;
    }
    detector.detect(video).then(function (codes) {
      var found = codes.filter(function (code) { return code.rawValue; })[0];
      if (found) {
        stop();
        input.value = found.rawValue.slice(0, 40);
        form.submit();
      } else {
        window.setTimeout(function () { look(detector); }, 200);
      }
    }, function () {
      window.setTimeout(function () { look(detector); }, 300);  // no frame yet
    });
  }

  button.hidden = false;
  button.addEventListener("click", function () {
    if (stream) {
      stop();
      return;
    }
    var detector;
    try {
      detector = new window.BarcodeDetector({formats: ["qr_code"]});
    } catch (error) {
      giveUp();
      return;
    }
    media.getUserMedia({video: {facingMode: "environment"}, audio: false}).then(function (camera) {
      stream = camera;
      video.srcObject = camera;
      video.hidden = false;
      button.textContent = button.getAttribute("data-stop") || label;
      video.play().catch(function () { /* a frame arrives anyway */ });
      look(detector);
    }, giveUp);
  });
}());
