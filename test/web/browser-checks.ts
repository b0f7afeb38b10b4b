// Scripts run inside the page by Chromium. They are strings because the project's TypeScript
// has no DOM types; each one is an expression whose value Playwright hands back.

/** Form controls (other than hidden inputs) that no <label> names. */
export const unlabelledControls = `(() => {
  const missing = [];
  for (const control of document.querySelectorAll("input, select, textarea")) {
    if (control.type === "hidden") continue;
    if (!control.labels || control.labels.length === 0) missing.push(control.name || control.id);
  }
  return missing;
})()`;

/**
 * Visible text whose contrast with what is behind it is below WCAG AA: 4.5:1, or 3:1 for large
 * text. The background is found by walking up the ancestors and blending translucent layers.
 */
export const lowContrastText = `(() => {
  const parse = (value) => {
    const match = /rgba?\\(([^)]+)\\)/.exec(value);
    if (!match) return { r: 0, g: 0, b: 0, a: 0 };
    const [r, g, b, a] = match[1].split(/[\\s,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a: a === undefined ? 1 : a };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const luminance = ({ r, g, b }) => {
    const channel = (v) => {
      const c = v / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const backgroundOf = (element) => {
    const layers = [];
    for (let node = element; node; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour.a > 0) layers.push(colour);
      if (colour.a >= 1) break;
    }
    let result = { r: 255, g: 255, b: 255, a: 1 };
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  };
  const failures = [];
  for (const element of document.querySelectorAll("body *")) {
    const hasText = [...element.childNodes].some(
      (node) => node.nodeType === 3 && node.textContent.trim() !== "",
    );
    if (!hasText || element.closest("option, svg, [hidden]")) continue;
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    if (box.width <= 1 || box.height <= 1 || style.visibility === "hidden") continue;
    const background = backgroundOf(element);
    const text = over(parse(style.color), background);
    const [light, dark] = [luminance(text), luminance(background)].sort((a, b) => b - a);
    const ratio = (light + 0.05) / (dark + 0.05);
    const size = Number.parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) {
      failures.push(element.tagName + " " + JSON.stringify(element.textContent.trim().slice(0, 40)) + " " + ratio.toFixed(2));
    }
  }
  return failures;
})()`;

/** The focused element, and whether it shows a focus indicator of at least 2px. */
export const focusState = `(() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) >= 2;
  const shadow = style.boxShadow !== "none";
  const box = element.getBoundingClientRect();
  return {
    name: element.tagName + (element.id ? "#" + element.id : "") + " " + (element.textContent || element.name || "").trim().slice(0, 30),
    visible: outline || shadow,
    onScreen: box.width > 1 && box.height > 1,
  };
})()`;

/** How far the page scrolls sideways (0 when it fits its viewport). */
export const horizontalOverflow =
  "document.documentElement.scrollWidth - document.documentElement.clientWidth";
