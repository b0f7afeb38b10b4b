// Varco progressive enhancement. Every page works without this file; it only adds:
// - a countdown to the next TOTP time step ([data-countdown="30"] with a data-template),
// - sending a code form once the code is complete ([data-autosubmit="6"], or "method" to take
//   the length from the chosen method's data-digits; nothing when the length is unknown),
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

  const expectedLength = (input) => {
    const wanted = input.getAttribute("data-autosubmit");
    if (wanted !== "method") return Number(wanted) || 0;
    const method = input.form?.elements.namedItem("methodId");
    if (!method) return 0;
    const source = method instanceof HTMLSelectElement ? method.selectedOptions[0] : method;
    return Number(source?.getAttribute("data-digits")) || 0;
  };

  for (const input of document.querySelectorAll("input[data-autosubmit]")) {
    let sent = false;
    input.addEventListener("input", () => {
      const length = expectedLength(input);
      const digits = input.value.replace(/\s/g, "");
      if (sent || length === 0 || !/^[0-9]+$/.test(digits) || digits.length !== length) return;
      if (!input.form?.checkValidity()) return;
      sent = true;
      input.form.requestSubmit();
    });
    input.form?.addEventListener("submit", () => {
      sent = true;
    });
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
