// Passkeys and security keys (WebAuthn): the one thing on Varco's pages that needs a script,
// since only a script can ask the browser for a passkey. It uses @simplewebauthn/browser
// (global SimpleWebAuthnBrowser, served by Varco at /static/webauthn/, loaded before this file).
//
// A form marked `data-passkey="<options URL>"` is hidden until this script knows the browser
// can use passkeys. When it is sent, the script:
// 1. posts JSON to the options URL (same origin, with the form's fields that
//    `data-passkey-fields` names, e.g. "_csrf" or "tenant") and gets `{ ceremony, options }`;
// 2. asks the browser to create (ceremony "create") or use ("get") a passkey with them;
// 3. puts the browser's answer as JSON in the form's hidden `response` field and sends the form
//    as any other, so the server answers with the next page.
// When the browser refuses or the person cancels, the form's `[data-passkey-message]` says
// `data-passkey-refused`. A form also marked `data-passkey-autofill` starts at once a request
// the browser answers from the user name field's autofill (`autocomplete="username webauthn"`).
// Elements marked `data-passkey-unsupported` (for a page where only a passkey will do) are
// shown only where passkeys cannot work.
(() => {
  const webauthn = window.SimpleWebAuthnBrowser;
  const supported = webauthn?.browserSupportsWebAuthn() === true;
  for (const note of document.querySelectorAll("[data-passkey-unsupported]")) {
    note.hidden = supported;
  }
  if (!supported) return;

  /** The options for this form, with a challenge the server bound to the sign-in or session. */
  const optionsFor = async (form) => {
    const body = {};
    for (const name of (form.dataset.passkeyFields || "").split(" ")) {
      const field = name ? form.elements.namedItem(name) : null;
      if (field?.value) body[name] = field.value;
    }
    const answer = await fetch(form.dataset.passkey, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
    });
    if (!answer.ok) throw new Error(`passkey options: HTTP ${answer.status}`);
    return answer.json();
  };

  const say = (form, message) => {
    const place = form.querySelector("[data-passkey-message]");
    if (!place) return;
    place.textContent = message || "";
    place.hidden = !message;
  };

  /** Options, the browser's ceremony, then the form sent with the answer. */
  const ceremony = async (form, useBrowserAutofill) => {
    const { ceremony: kind, options } = await optionsFor(form);
    const answer =
      kind === "create"
        ? await webauthn.startRegistration({ optionsJSON: options })
        : await webauthn.startAuthentication({ optionsJSON: options, useBrowserAutofill });
    form.elements.namedItem("response").value = JSON.stringify(answer);
    form.submit();
  };

  for (const form of document.querySelectorAll("form[data-passkey]")) {
    form.hidden = false;
    let busy = false;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (busy) return;
      busy = true;
      say(form, "");
      ceremony(form, false).catch(() => {
        busy = false;
        say(form, form.dataset.passkeyRefused);
      });
    });
  }

  // Passkey autofill (conditional mediation): the browser offers the user's passkeys among the
  // user name field's suggestions. Pressing the form's button instead cancels this request
  // (@simplewebauthn/browser aborts it), which is no failure to tell anyone about.
  const autofill = document.querySelector("form[data-passkey][data-passkey-autofill]");
  if (autofill) {
    webauthn
      .browserSupportsWebAuthnAutofill()
      .then((yes) => (yes ? ceremony(autofill, true) : undefined))
      .catch(() => undefined);
  }
})();
