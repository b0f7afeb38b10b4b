import QRCode from "qrcode";

// Error correction M (15%) keeps an otpauth URI at a version phone cameras read at a glance;
// margin 4 is the quiet zone the QR specification asks for.
const common = { errorCorrectionLevel: "M", margin: 4 } as const;

function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) =>
      ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char] ?? char,
  );
}

/**
 * The QR code of `text` as inline SVG markup, safe to place in a page as is: dark modules on a
 * white ground, announced to screen readers as an image called `title` (never the text itself,
 * which for an otpauth URI holds the secret).
 */
export async function qrSvg(text: string, title = "QR code"): Promise<string> {
  const svg = await QRCode.toString(text, { ...common, type: "svg" });
  const name = escapeXml(title);
  // qrcode writes `<svg xmlns="…" viewBox="…" shape-rendering="crispEdges">…</svg>`.
  const opened = svg.replace(
    /^<svg /,
    `<svg role="img" aria-label="${name}" focusable="false" class="qr-code" `,
  );
  if (opened === svg) throw new Error("unexpected SVG from qrcode");
  return opened.replace(/^(<svg [^>]*>)/, `$1<title>${name}</title>`).trim();
}

/** The QR code of `text` as a PNG: 8 pixels a module, large enough to scan from a screen. */
export async function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { ...common, type: "png", scale: 8 });
}
