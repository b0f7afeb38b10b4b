// Varco progressive enhancement. Every page works without this file; it only adds:
// (A code field never sends its form by itself: the person sends it, so nothing changes
// context on input alone, WCAG 3.2.2.)
// - a countdown to the next TOTP time step ([data-countdown="30"] with a data-template),
// - print buttons (inside a hidden [data-print] element that this script shows),
// - a progress bar while a file uploads (form[data-upload-progress] with a <progress>).
(() => {
  for (const element of document.querySelectorAll("[data-countdown]")) {
    const period = Number(element.getAttribute("data-countdown")) || 30;
    const template = element.getAttribute("data-template") || "{s}";
    const tick = () => {
      const seconds = period - (Math.floor(Date.now() / 1000) % period);
      element.textContent = template.replace("{s}", String(seconds));
    };
    tick();
    element.hidden = false;
    setInterval(tick, 1000);
  }

  for (const row of document.querySelectorAll("[data-print]")) {
    row.hidden = false;
    row.querySelector("button")?.addEventListener("click", () => window.print());
  }
  // An upload form shows its progress, then goes where the server sends it (the result page).
  for (const form of document.querySelectorAll("form[data-upload-progress]")) {
    const bar = form.querySelector("progress");
    form.addEventListener("submit", (event) => {
      if (!bar) return;
      event.preventDefault();
      const request = new XMLHttpRequest();
      request.open("POST", form.action);
      bar.hidden = false;
      request.upload.addEventListener("progress", (progress) => {
        if (progress.lengthComputable)
          bar.value = Math.round((progress.loaded / progress.total) * 100);
      });
      request.addEventListener("load", () => {
        if (request.status < 400) {
          window.location.assign(request.responseURL);
          return;
        }
        // An error page: shown as the server wrote it.
        document.open();
        document.write(request.responseText);
        document.close();
      });
      request.send(new FormData(form));
    });
  }
})();
