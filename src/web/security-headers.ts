/**
 * Headers for every HTML page. The policy allows only our own script and style files (no inline
 * code at all), our own images and data: URIs, and forms posted (or uploads sent by our script,
 * for their progress bar) to our own origin. Pages hold
 * one-time secrets (QR codes, backup codes), so nothing is stored by the browser or a proxy.
 */
const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

const permissionsPolicy = [
  "accelerometer=()",
  "camera=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "payment=()",
  "usb=()",
].join(", ");

export function securityHeaders(): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy,
    "x-content-type-options": "nosniff",
    // Not no-referrer: under it browsers send `Origin: null` with a same-origin form, which the
    // origin check (http/web/origin-check.ts) must refuse. same-origin still tells no other site.
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
    "permissions-policy": permissionsPolicy,
    "cross-origin-opener-policy": "same-origin",
  };
}
