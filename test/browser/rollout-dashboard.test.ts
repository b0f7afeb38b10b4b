import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { createUser } from "../../src/directory/create-user.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { testActor } from "../support/test-app.ts";
import { horizontalOverflow } from "../web/browser-checks.ts";
import { launchBrowser, runStory } from "./harness.ts";
import { codeNow, expectHeading, nextStep, signIn, typeCode } from "./steps.ts";

// The roll-out dashboard in Chromium, without JavaScript: its SVG charts are drawn by the server,
// fit a 1280 px screen and a 390 px phone without sideways scrolling, and say their numbers.

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

describe("the roll-out dashboard in Chromium", () => {
  test("the charts render at 1280 and 390 px, with their numbers in words, without JavaScript", async () => {
    await runStory(browser, "rollout-dashboard", "en", { javaScript: false }, async (story) => {
      const { t, page } = story;
      const global = await createSignInUser(t, "dashboard.admin@comune.example");
      await assignRole(t.ctx, testActor, global.user, "globalAdministrator");
      await createUser(t.ctx, testActor, t.tenant, {
        upn: "a.very.long.name.of.someone.not.yet.registered@comune.example",
        password: testPassword,
      });
      await signIn(story, global.upn);
      await story.shot("verify");
      await typeCode(
        story,
        page.getByLabel(story.words.oneTimePassword),
        await codeNow(t, global.secret),
        story.words.signIn,
      );
      nextStep(t);
      await story.shot("security-info");
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(story.url("/admin"));
        await expectHeading(story, "Roll-out");
        await story.shot(`dashboard-${width}`);
        assert.equal(await page.evaluate(horizontalOverflow), 0, `scrolls sideways at ${width}`);
        const chart = page.locator("svg.chart-columns");
        const box = await chart.boundingBox();
        assert.ok(box && box.width > 200 && box.width <= width, `the chart fits ${width} px`);
        assert.equal(await page.locator("svg.chart-columns rect.chart-success").count(), 1);
        assert.match(
          (await page.locator("#registration-desc").textContent()) ?? "",
          /^1 of 2 users have registered\.$/,
        );
        assert.equal(
          await page.getByRole("img", { name: "Sign-ins in the last 30 days" }).count(),
          1,
          "the chart is an image named by its title",
        );
      }
    });
  });
});
