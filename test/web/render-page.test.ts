import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { qrSvg } from "../../src/web/qr.ts";
import {
  type CommonModel,
  type Language,
  type PageModels,
  type PageName,
  renderPage,
} from "../../src/web/render-page.ts";
import { forms, startTags } from "./html-scan.ts";
import {
  commonModel,
  hostile,
  hostileModels,
  otpauthUri,
  sampleModels,
  variantModels,
} from "./sample-models.ts";

const languages: Language[] = ["en", "it"];
const svg = await qrSvg(otpauthUri, "QR code");
const samples = sampleModels(svg);
const hostiles = hostileModels(svg);
const pageNames = Object.keys(samples) as PageName[];
const escapedHostile = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;";

function render<P extends PageName>(page: P, model: PageModels[P], common: CommonModel): string {
  return renderPage(page, model, common);
}

function commonFor(page: PageName, lang: Language): CommonModel {
  return commonModel(lang, page === "security-info");
}

type Rendered = { name: string; lang: Language; html: string };

const rendered: Rendered[] = [];
for (const lang of languages) {
  for (const page of pageNames) {
    rendered.push({ name: page, lang, html: render(page, samples[page], commonFor(page, lang)) });
    rendered.push({
      name: `${page} (hostile)`,
      lang,
      html: render(page, hostiles[page], { ...commonFor(page, lang), tenantName: hostile }),
    });
  }
  for (const variant of variantModels()) {
    rendered.push({
      name: variant.name,
      lang,
      html: renderPage(variant.page, variant.model as never, commonFor(variant.page, lang)),
    });
  }
}

/** Checks every rendered page must pass, whatever its model. */
function checkPage({ name, lang, html }: Rendered): void {
  const where = `${name} ${lang}`;
  const tags = startTags(html);
  assert.match(html, /^<!doctype html>\n<html lang="(en|it)">/, where);
  assert.ok(html.startsWith(`<!doctype html>\n<html lang="${lang}">`), where);
  assert.equal(tags.filter((tag) => tag.name === "h1").length, 1, `${where}: one <h1>`);
  assert.equal(tags.filter((tag) => tag.name === "main").length, 1, `${where}: one <main>`);
  const head = html.indexOf("</head>");
  assert.equal(tags.filter((tag) => tag.name === "title" && tag.index < head).length, 1, where);

  // Nothing the CSP would block, and nothing that runs code from markup.
  assert.doesNotMatch(html, /<style[\s>]/i, `${where}: <style>`);
  for (const tag of tags) {
    if (tag.name === "script") assert.ok(tag.attrs.get("src"), `${where}: inline <script>`);
    for (const attr of tag.attrs.keys()) {
      assert.notEqual(attr, "style", `${where}: style= on <${tag.name}>`);
      assert.ok(!attr.startsWith("on"), `${where}: ${attr}= on <${tag.name}>`);
    }
    for (const attr of ["href", "src", "action"]) {
      const value = tag.attrs.get(attr);
      if (value !== undefined) assert.doesNotMatch(value, /^\s*javascript:/i, where);
    }
  }

  // Ids are unique; every reference points at one.
  const ids = tags.flatMap((tag) => (tag.attrs.has("id") ? [tag.attrs.get("id")] : []));
  assert.equal(new Set(ids).size, ids.length, `${where}: duplicate id in ${ids.join(", ")}`);
  for (const tag of tags) {
    for (const ref of (tag.attrs.get("aria-describedby") ?? "").split(/\s+/).filter(Boolean)) {
      assert.ok(ids.includes(ref), `${where}: aria-describedby ${ref} has no element`);
    }
  }

  // Every field has a label; every label points at a field.
  const labelFor = new Set(
    tags.filter((tag) => tag.name === "label").map((tag) => tag.attrs.get("for")),
  );
  for (const tag of tags) {
    if (tag.name === "select" || tag.name === "textarea") {
      assert.ok(labelFor.has(tag.attrs.get("id")), `${where}: <${tag.name}> without a label`);
    }
    if (tag.name !== "input" || tag.attrs.get("type") === "hidden") continue;
    const id = tag.attrs.get("id");
    assert.ok(id, `${where}: <input name=${tag.attrs.get("name")}> without an id`);
    assert.ok(labelFor.has(id), `${where}: <input id=${id}> without <label for>`);
  }
  for (const id of labelFor) assert.ok(id && ids.includes(id), `${where}: label for ${id}`);

  // Every form posts, with the CSRF token, but a search (role=search), which only reads and
  // must not put the token in a URL; every form has a real submit button.
  for (const { form, inside } of forms(html)) {
    if (form.attrs.get("role") === "search") {
      assert.equal(form.attrs.get("method"), "get", `${where}: search ${form.attrs.get("action")}`);
      assert.ok(
        !inside.some((tag) => tag.attrs.get("name") === "_csrf"),
        `${where}: token in a URL`,
      );
      continue;
    }
    assert.equal(form.attrs.get("method"), "post", `${where}: form ${form.attrs.get("action")}`);
    const csrf = inside.filter((tag) => tag.name === "input" && tag.attrs.get("name") === "_csrf");
    assert.equal(csrf.length, 1, `${where}: form ${form.attrs.get("action")} has no _csrf`);
    assert.equal(csrf[0]?.attrs.get("type"), "hidden", where);
    assert.equal(csrf[0]?.attrs.get("value"), "csrf-token-AbC_123-xyz", where);
    assert.ok(
      inside.some((tag) => tag.name === "button" && tag.attrs.get("type") === "submit"),
      `${where}: form ${form.attrs.get("action")} has no submit <button>`,
    );
  }
  assert.ok(!tags.some((tag) => tag.name === "input" && tag.attrs.get("type") === "submit"));

  // Errors are announced and tied to their field.
  for (const tag of tags) {
    if (tag.attrs.get("aria-invalid") === "true") {
      const refs = (tag.attrs.get("aria-describedby") ?? "").split(/\s+/);
      const alert = tags.find(
        (other) => refs.includes(other.attrs.get("id") ?? "-") && other.attrs.has("role"),
      );
      assert.equal(alert?.attrs.get("role"), "alert", `${where}: invalid field without alert`);
    }
  }

  // A hostile value never arrives as markup.
  assert.ok(!html.includes("<script>alert"), `${where}: unescaped value`);
  assert.ok(!html.includes(`"'&`), `${where}: unescaped quotes`);
}

describe("renderPage", () => {
  test("every page renders in both languages, sample, hostile and variant models alike", () => {
    assert.equal(rendered.length, pageNames.length * 4 + variantModels().length * 2);
    for (const page of rendered) checkPage(page);
  });

  test("values a person controls are escaped; the trusted QR SVG is not", () => {
    for (const lang of languages) {
      for (const page of ["sign-in", "verify", "enrol-app", "security-info"] as const) {
        const html = render(page, hostiles[page], commonFor(page, lang));
        assert.ok(html.includes(escapedHostile), `${page} ${lang} shows the escaped value`);
      }
      const qrPage = render("enrol-qr", samples["enrol-qr"], commonFor("enrol-qr", lang));
      assert.ok(qrPage.includes(svg), "the SVG is written as markup");
      assert.match(qrPage, /<svg role="img" aria-label="QR code"[^>]*><title>QR code<\/title>/);
      const tenant = render("sign-in", {}, { ...commonFor("sign-in", lang), tenantName: hostile });
      assert.ok(tenant.includes(`<p class="brand">${escapedHostile}</p>`));
    }
  });

  test("titles and headings are in the page's language", () => {
    const expected: Partial<Record<PageName, [string, string]>> = {
      "sign-in": ["Sign in", "Accedi"],
      verify: ["Two-step verification", "Autenticazione a due fattori"],
      "register-intro": ["Protect your account", "Proteggi l&#39;account"],
      "enrol-qr": ["Scan the QR code", "Scansiona il codice QR"],
      "security-info": ["Security info", "Informazioni di sicurezza"],
      reauth: ["Confirm it&#39;s you", "Conferma la tua identità"],
    };
    for (const [page, [en, it]] of Object.entries(expected) as [PageName, [string, string]][]) {
      const htmlEn = render(page, samples[page], commonFor(page, "en"));
      const htmlIt = render(page, samples[page], commonFor(page, "it"));
      assert.ok(htmlEn.includes(`<h1>${en}</h1>`), `${page} en`);
      assert.ok(htmlIt.includes(`<h1>${it}</h1>`), `${page} it`);
      assert.match(htmlEn, new RegExp(`<title>(Error: )?${en} · Comune di Pisa</title>`));
      assert.match(htmlIt, new RegExp(`<title>(Errore: )?${it} · Comune di Pisa</title>`));
    }
  });

  test("the language switch links keep the path and query, and only a local path", () => {
    const html = render("sign-in", {}, commonModel("en"));
    assert.ok(html.includes(`href="/sign-in/verify?returnTo=%2Fapps&amp;lang=it"`));
    assert.ok(html.includes(`href="/sign-in/verify?returnTo=%2Fapps&amp;lang=en"`));
    for (const path of ["//evil.example/x", "/\\evil.example", "javascript:alert(1)", "x"]) {
      const page = render("sign-in", {}, { ...commonModel("it"), path });
      assert.ok(page.includes(`href="/?lang=en"`), path);
    }
    const replaced = render("sign-in", {}, { ...commonModel("it"), path: "/a?lang=xx&b=1" });
    assert.ok(replaced.includes(`href="/a?lang=it&amp;b=1"`));
  });

  test("sign-in: fields with autocomplete, credentials error tied to the fields", () => {
    const html = render("sign-in", samples["sign-in"], commonModel("it"));
    const tags = startTags(html);
    const upn = tags.find((tag) => tag.attrs.get("name") === "upn");
    const password = tags.find((tag) => tag.attrs.get("name") === "password");
    assert.equal(upn?.attrs.get("autocomplete"), "username");
    assert.equal(upn?.attrs.get("value"), "s.sagliocco@comune.pisa.it");
    assert.equal(password?.attrs.get("autocomplete"), "current-password");
    assert.equal(password?.attrs.get("type"), "password");
    assert.equal(password?.attrs.get("value"), undefined, "a password is never echoed");
    assert.ok(html.includes("Il nome utente o la password non sono corretti."));
    assert.match(upn?.attrs.get("aria-describedby") ?? "", /credentials-error/);

    const signedOut = render("sign-in", { error: "signed_out" }, commonModel("en"));
    assert.match(signedOut, /role="status"><p>You have signed out\.<\/p>/);
    assert.doesNotMatch(signedOut, /role="alert"/);

    const throttled = Date.UTC(2025, 0, 15, 8, 5); // 09:05 in Rome (CET)
    const it = render("sign-in", { error: "throttled", retryAt: throttled }, commonModel("it"));
    assert.ok(it.includes("Riprova dopo le 09:05 del 15 gennaio 2025."));
    const en = render("sign-in", { error: "throttled", retryAt: throttled }, commonModel("en"));
    assert.ok(en.includes("Try again after 09:05 on 15 January 2025."));
  });

  test("verify: a select for several methods, the label alone for one", () => {
    const several = render("verify", samples.verify, commonModel("it"));
    assert.ok(several.includes(`<label for="methodId">Scegli il metodo OTP</label>`));
    assert.match(several, /<option value="m1" selected data-digits="6">PC-casa<\/option>/);
    assert.ok(several.includes("Considera questo dispositivo come affidabile per 30 giorni"));
    assert.ok(several.includes("2 tentativi falliti su 10 con questo metodo."));
    assert.ok(several.includes(`<a href="/sign-in/other">Accedi in un altro modo</a>`));
    const code = startTags(several).find((tag) => tag.attrs.get("name") === "code");
    assert.equal(code?.attrs.get("autocomplete"), "one-time-code");
    assert.equal(code?.attrs.get("inputmode"), "numeric");
    assert.equal(code?.attrs.has("data-autosubmit"), false, "the person sends the code");
    const form = forms(several)[0];
    assert.equal(form?.form.attrs.get("action"), "/sign-in/verify");
    assert.deepEqual(
      form?.inside.flatMap((tag) => (tag.attrs.has("name") ? [tag.attrs.get("name")] : [])),
      ["_csrf", "methodId", "code", "remember"],
    );

    const single = variantModels().find((variant) => variant.name === "verify-single");
    assert.ok(single);
    const one = renderPage("verify", single.model as PageModels["verify"], commonModel("en"));
    assert.doesNotMatch(one, /<select/);
    assert.ok(one.includes(`<input type="hidden" name="methodId" value="m1" data-digits="6">`));
    assert.ok(one.includes("OTP method: <strong>PC-casa</strong>"));
    assert.doesNotMatch(one, /name="remember"/);
    assert.doesNotMatch(one, /\/sign-in\/other/);
    assert.doesNotMatch(one, /data-autosubmit/);
    const oneRemember = renderPage(
      "verify",
      { ...(single.model as PageModels["verify"]), rememberDeviceDays: 1 },
      commonModel("en"),
    );
    assert.ok(oneRemember.includes("Don&#39;t ask again on this device for 1 day<"));
  });

  test("verify: the default phone's button comes first, as the primary one, then the app", () => {
    const preferred = variantModels().find((variant) => variant.name === "verify-preferred-phone");
    assert.ok(preferred);
    for (const [lang, appHeading, text] of [
      ["it", "Oppure usa l&#39;app di autenticazione", "Invia un SMS al +39 ••• •••• 73"],
      ["en", "Or use your authenticator app", "Text +39 ••• •••• 73"],
    ] as const) {
      const shown: string = renderPage(
        "verify",
        preferred.model as PageModels["verify"],
        commonModel(lang),
      );
      const all = forms(shown);
      assert.equal(all[0]?.form.attrs.get("action"), "/sign-in/phone-code");
      const first = all[0]?.inside.find((tag) => tag.name === "button");
      assert.equal(first?.attrs.get("class"), "button", "the phone's button is the primary one");
      assert.ok(shown.indexOf(text) < shown.indexOf(appHeading), lang);
      assert.ok(shown.indexOf(appHeading) < shown.indexOf('action="/sign-in/verify"'), lang);
      // The preferred button is not offered twice; the other buttons follow under the phones.
      assert.equal(shown.split('action="/sign-in/phone-code"').length - 1, 1);
      assert.equal(shown.split('action="/sign-in/phone-call"').length - 1, 2);
      const code = startTags(shown).find((tag) => tag.attrs.get("name") === "code");
      assert.equal(code?.attrs.has("autofocus"), false, "the phone's button leads, not the code");
    }
  });

  test("other ways, backup code, locked and register pages carry their links and forms", () => {
    const other = render("other-ways", samples["other-ways"], commonModel("it"));
    assert.ok(other.includes(`href="/sign-in/backup-code"`));
    assert.ok(other.includes("Usa un codice monouso"));
    assert.ok(other.includes(`href="/sign-in/verify"`));
    const none = render(
      "other-ways",
      { backupCodesLeft: 0, helpdeskContact: "" },
      commonModel("en"),
    );
    assert.doesNotMatch(none, /\/sign-in\/backup-code/);

    const backup = render("backup-code", samples["backup-code"], commonModel("en"));
    assert.equal(forms(backup)[0]?.form.attrs.get("action"), "/sign-in/backup-code");
    assert.match(backup, /name="remember"/);
    const noRemember = render("backup-code", { rememberDeviceDays: null }, commonModel("en"));
    assert.doesNotMatch(noRemember, /name="remember"/);

    const until = Date.UTC(2025, 6, 1, 12, 45); // 14:45 in Rome (CEST)
    const lockedEn = render("locked", { until, helpdeskContact: "" }, commonModel("en"));
    assert.ok(lockedEn.includes("Too many failed attempts. Try again after 14:45 on 1 July 2025."));
    assert.ok(lockedEn.includes("contact your administrator"));
    assert.doesNotMatch(lockedEn, /class="helpdesk"/, "no contact set, no empty line for it");
    const helpdeskContact = "Segreteria <b>digitale</b>, 050 910 111";
    const lockedIt = render(
      "locked",
      { until, helpdeskContact, signInUrl: "/t/scuola/sign-in" },
      commonModel("it"),
    );
    assert.ok(lockedIt.includes('<a href="/t/scuola/sign-in">Torna alla pagina di accesso</a>'));
    assert.doesNotMatch(lockedEn, /pagina di accesso|sign-in page/, "signed in: no way back");
    assert.ok(lockedIt.includes("Riprova dopo le 14:45 del 1 luglio 2025."));
    assert.ok(
      lockedIt.includes("Assistenza: <strong>Segreteria &lt;b&gt;digitale&lt;/b&gt;, 050 910 111<"),
      "the tenant's contact, escaped",
    );
    for (const page of ["other-ways", "fraud-reported"] as const) {
      const shown = render(page, { ...samples[page], helpdeskContact }, commonModel("en"));
      assert.ok(shown.includes("Helpdesk: <strong>Segreteria &lt;b&gt;"), page);
    }

    const intro = render("register-intro", { step: 1, total: 2 }, commonModel("it"));
    assert.ok(intro.includes("Metodo 1 di 2"));
    assert.equal(forms(intro)[0]?.form.attrs.get("action"), "/sign-in/register/start");
  });

  test("enrolment pages: label pattern, QR, key, URI, PNG link and the code field", () => {
    const app = render("enrol-app", samples["enrol-app"], commonModel("it"));
    const label = startTags(app).find((tag) => tag.attrs.get("name") === "label");
    assert.equal(label?.attrs.get("pattern"), "[A-Za-z0-9_\\-]{1,20}");
    assert.equal(label?.attrs.get("maxlength"), "20");
    assert.equal(label?.attrs.get("value"), "PC casa");
    assert.equal(forms(app)[0]?.form.attrs.get("action"), "/sign-in/register/app");
    assert.ok(app.includes("La lunghezza massima dell&#39;etichetta è 20 caratteri."));
    const pattern = new RegExp(`^(?:${label?.attrs.get("pattern")})$`, "v");
    assert.ok(pattern.test("PC-casa") && pattern.test("Tablet_2"));
    assert.ok(!pattern.test("PC casa") && !pattern.test("è") && !pattern.test("a".repeat(21)));

    const qr = render("enrol-qr", samples["enrol-qr"], commonModel("it"));
    assert.ok(qr.includes("Attenzione: questo codice sarà visibile solo una volta."));
    assert.ok(qr.includes("<summary>Voglio usare un&#39;app di autenticazione diversa"));
    assert.ok(qr.includes("<code>JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP</code>"));
    assert.ok(qr.includes(`href="${otpauthUri.replaceAll("&", "&amp;")}"`));
    assert.ok(qr.includes(`href="/sign-in/register/app/qr.png?methodId=m1" download`));
    assert.ok(qr.includes("Inserisci il codice a 6 cifre mostrato dall&#39;app"));
    assert.ok(qr.includes(`<input type="hidden" name="methodId" value="m1">`));
    assert.equal(forms(qr)[0]?.form.attrs.get("action"), "/sign-in/register/app/verify");
  });

  test("backup codes: all twelve codes, the warning, a print button and the continue link", () => {
    const html = render("backup-codes", samples["backup-codes"], commonModel("it"));
    for (const code of samples["backup-codes"].codes) assert.ok(html.includes(`<code>${code}`));
    assert.ok(html.includes("Ti suggeriamo di stampare e conservare i codici"));
    assert.match(html, /<p class="no-print" data-print hidden><button type="button"/);
    assert.ok(html.includes(`href="/security-info" class="button"`));
  });

  test("security info names the person once when they have no name but their UPN", () => {
    const model = samples["security-info"];
    const named = render("security-info", model, commonModel("en", true));
    assert.ok(named.includes("Signed in as Silvia Sagliocco (s.sagliocco@comune.pisa.it)."));
    const bare = render(
      "security-info",
      { ...model, displayName: model.upn },
      commonModel("en", true),
    );
    assert.ok(bare.includes("Signed in as s.sagliocco@comune.pisa.it."));
  });

  test("security info: the methods table, per-row forms and sessions", () => {
    const html = render("security-info", samples["security-info"], commonModel("it", true));
    const actions = forms(html).map(({ form }) => form.attrs.get("action"));
    assert.deepEqual(actions, [
      // The header's account picker: switch to the other account, sign out of all.
      "/accounts/switch",
      "/accounts/sign-out-all",
      "/sign-out",
      "/security-info/methods/m2/default",
      // Phones: change the office number, add one of the free types.
      "/security-info/phones/office",
      "/security-info/phones",
      "/security-info/default-method",
      "/security-info/backup-codes",
      "/security-info/devices/d1/revoke",
      "/security-info/sessions/s2/revoke",
    ]);
    // Deleting a method and signing out everywhere ask first, on a page of their own.
    for (const href of [
      "/security-info/methods/m1/remove",
      "/security-info/methods/m2/remove",
      "/security-info/methods/m3/remove",
      "/security-info/phones/office/remove",
      "/sign-out-everywhere",
    ]) {
      assert.match(html, new RegExp(`<a class="button [^"]*button-danger" href="${href}"`), href);
    }
    assert.ok(html.includes('<td class="number">3 / 10</td>'));
    // Adding an entry starts with a page to name it: a plain link, nothing is posted yet.
    assert.ok(html.includes('<a class="button" href="/security-info/methods/new">Nuovo OTP</a>'));
    for (const word of ["Descrizione", "Stato", "Tentativi falliti", "Creato", "Nuovo OTP"]) {
      assert.ok(html.includes(word), word);
    }
    assert.ok(html.includes("Abilitato") && html.includes("Predefinito"));
    assert.ok(html.includes("Hai ancora 9 codici monouso non utilizzati."));
    assert.ok(html.includes("L&#39;app di autenticazione è stata aggiunta."));
    assert.ok(html.includes("Questa sessione"));
    assert.ok(html.includes("27 ott 2025, 14:30"), "Rome time, Italian month");
    const en = render("security-info", samples["security-info"], commonModel("en", true));
    assert.ok(en.includes("27 Oct 2025, 14:30"));

    const unknownError = render(
      "security-info",
      { ...samples["security-info"], notice: undefined, error: "no_such_code" },
      commonModel("en", true),
    );
    assert.ok(unknownError.includes("Something went wrong on our side."));
    const knownError = render(
      "security-info",
      { ...samples["security-info"], error: "method_not_found" },
      commonModel("it", true),
    );
    assert.ok(knownError.includes("Metodo di autenticazione non trovato."), "from errorCodes");

    const signedOut = render("sign-in", {}, commonModel("en", false));
    assert.doesNotMatch(signedOut, /\/sign-out/);
  });

  test("reauth and error pages", () => {
    const reauth = render("reauth", samples.reauth, commonModel("en"));
    assert.ok(reauth.includes(`<input type="hidden" name="returnTo" value="/security-info">`));
    const [code, backup] = forms(reauth);
    assert.equal(code?.form.attrs.get("action"), "/reauth");
    assert.ok(reauth.includes(`<option value="m2" selected>PC-casa</option>`), "the method chosen");
    assert.equal(backup?.form.attrs.get("action"), "/reauth", "a backup code instead");
    const password = render(
      "reauth",
      { ...samples.reauth, proof: "password", methods: [], backupCodesLeft: 0 },
      commonModel("en"),
    );
    assert.ok(password.includes(`name="password"`) && !password.includes(`name="code"`));
    const registerFirst = render(
      "reauth",
      { ...samples.reauth, proof: "register_first", methods: [], backupCodesLeft: 0 },
      commonModel("it"),
    );
    assert.equal(forms(registerFirst).length, 0);
    assert.ok(registerFirst.includes(`href="/security-info"`));
    const notFound = render("error", { code: "not_found" }, commonModel("it"));
    assert.ok(notFound.includes("<h1>Pagina non trovata</h1>"));
    assert.ok(notFound.includes(`<a href="/">`));
    const csrf = render("error", { code: "csrf_failed" }, commonModel("en"));
    assert.ok(csrf.includes("This form has expired"));
  });

  test("an unknown page name or language never reaches the file system", () => {
    assert.throws(() => renderPage("../layout" as PageName, {} as never, commonModel("en")));
    const html = renderPage("sign-in", {}, { ...commonModel("en"), lang: "fr" as Language });
    assert.ok(html.startsWith(`<!doctype html>\n<html lang="en">`));
  });
});
