/**
 * An address as pages show it: the first character of the name, the first of the domain, and
 * the top-level domain, the rest as dots whatever its length (`mario.rossi@scuola.edu.it` →
 * `m•••@s•••.it`), so the mask tells the owner which address it is and a stranger next to nothing.
 */
export function maskEmailAddress(address: string): string {
  const at = address.lastIndexOf("@");
  const name = at < 0 ? address : address.slice(0, at);
  const domain = at < 0 ? "" : address.slice(at + 1);
  const dot = domain.lastIndexOf(".");
  const topLevel = dot < 0 ? "" : domain.slice(dot);
  return `${name.slice(0, 1)}•••@${domain.slice(0, 1)}•••${topLevel}`;
}
