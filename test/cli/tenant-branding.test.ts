import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { jpegLogo, pngImage, svgWithScript } from "../support/images.ts";

// `varco tenant branding`, through the real CLI on SQLite (the store's side runs on both
// databases in test/admin/branding-api.test.ts).

const root = join(import.meta.dirname, "../..");
type Result = { exitCode: number; stdout: string; stderr: string };
type Branding = { tenant: string; accentColour: string | null; logo: { type: string } | null };

describe("varco tenant branding", () => {
  let dataDir = "";
  const varco = (...args: string[]): Promise<Result> => {
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith("VARCO_")),
    );
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [join(root, "bin/varco.js"), ...args],
        { cwd: root, env: { ...clean, VARCO_DATA_DIR: dataDir }, timeout: 30_000 },
        (error, stdout, stderr) => {
          const exitCode = error ? (typeof error.code === "number" ? error.code : -1) : 0;
          resolve({ exitCode, stdout, stderr });
        },
      );
    });
  };
  const json = (result: Result): Branding => {
    assert.equal(result.exitCode, 0, result.stderr);
    return JSON.parse(result.stdout) as Branding;
  };
  const file = async (name: string, bytes: Buffer) => {
    const path = join(dataDir, name);
    await writeFile(path, bytes);
    return path;
  };

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "varco-cli-branding-"));
    json(await varco("tenant", "create", "school", "--json"));
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  test("sets a logo and a colour, shows them, and clears them", async () => {
    const logo = await file("logo.jpg", jpegLogo);
    const set = json(
      await varco(
        "tenant",
        "branding",
        "school",
        "--logo",
        logo,
        "--accent-colour",
        "#7A1F5C",
        "--json",
      ),
    );
    assert.deepEqual([set.accentColour, set.logo?.type], ["#7a1f5c", "image/jpeg"]);
    assert.deepEqual(json(await varco("tenant", "branding", "school", "--json")), set);
    const human = await varco("tenant", "branding", "school");
    assert.match(human.stdout, /tenant school: accent colour #7a1f5c, logo image\/jpeg /);
    const cleared = json(
      await varco(
        "tenant",
        "branding",
        "school",
        "--clear-logo",
        "--clear-accent-colour",
        "--json",
      ),
    );
    assert.deepEqual([cleared.accentColour, cleared.logo], [null, null]);
  });

  test("refuses a bad logo or a light colour with its code, and changes nothing", async () => {
    json(await varco("tenant", "branding", "school", "--accent-colour", "#0b4f8a", "--json"));
    const cases: [string[], string][] = [
      [["--accent-colour", "#0a5"], "accent_colour_low_contrast"],
      [["--accent-colour", "teal"], "invalid_accent_colour"],
      [["--logo", await file("logo.svg", svgWithScript)], "logo_not_png_or_jpeg"],
      [
        ["--logo", await file("huge.png", pngImage(1500, 10, [0, 0, 0]))],
        "logo_dimensions_too_large",
      ],
      [["--logo", join(dataDir, "missing.png")], "logo_file_unreadable"],
    ];
    for (const [options, code] of cases) {
      const refused = await varco("tenant", "branding", "school", ...options);
      assert.equal(refused.exitCode, 1, options.join(" "));
      assert.match(refused.stderr, new RegExp(`^error: ${code}\\b`, "m"));
    }
    const now = json(await varco("tenant", "branding", "school", "--json"));
    assert.deepEqual([now.accentColour, now.logo], ["#0b4f8a", null]);
  });
});
