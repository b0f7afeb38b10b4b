/** A browser named the way a person knows it: "Firefox 133" and "Linux", when we can tell. */
export type BrowserName = { browser: string; os: string | null };

const browsers: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\/(\d+)/, "Edge"],
  [/\b(?:OPR|Opera)\/(\d+)/, "Opera"],
  [/\bSamsungBrowser\/(\d+)/, "Samsung Internet"],
  [/\b(?:Firefox|FxiOS)\/(\d+)/, "Firefox"],
  [/\b(?:Chrome|CriOS|Chromium|HeadlessChrome)\/(\d+)/, "Chrome"],
  [/\bVersion\/(\d+)(?:\.\d+)*(?: Mobile\/\S+)? Safari\//, "Safari"],
];

const systems: [RegExp, string][] = [
  [/\bWindows NT\b/, "Windows"],
  [/\b(?:iPhone|iPod)\b/, "iOS"],
  [/\biPad\b/, "iPadOS"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bAndroid\b/, "Android"],
  [/\bMac OS X\b/, "macOS"],
  [/\bLinux\b/, "Linux"],
];

/**
 * The browser and system in a User-Agent header, or null when it names no browser we know
 * (the page then shows the header itself, shortened).
 */
export function describeUserAgent(userAgent: string): BrowserName | null {
  const text = userAgent.slice(0, 512);
  for (const [pattern, browser] of browsers) {
    const match = pattern.exec(text);
    if (!match) continue;
    const os = systems.find(([system]) => system.test(text))?.[1] ?? null;
    return { browser: `${browser} ${match[1]}`, os };
  }
  return null;
}
