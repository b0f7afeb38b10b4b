/**
 * The @odata.nextLink: the request URL (path + query as received), on `origin`, with $skiptoken
 * set to `skipToken` (in place if present, else last) and the other parameters kept in order.
 * The path is appended to the origin as text, so a request URL like `//evil.example/x` cannot
 * move the link to another host.
 */
export function nextLink(origin: string, requestUrl: string, skipToken: string): string {
  const base = new URL(origin).origin;
  const withoutFragment = requestUrl.split("#", 1)[0] as string;
  const mark = withoutFragment.indexOf("?");
  const path = mark === -1 ? withoutFragment : withoutFragment.slice(0, mark);
  const query = new URLSearchParams(mark === -1 ? "" : withoutFragment.slice(mark + 1));
  query.set("$skiptoken", skipToken);
  return `${base}${path.startsWith("/") ? "" : "/"}${path}?${query.toString()}`;
}
