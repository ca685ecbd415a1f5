/**
 * The URLs a listening server answers on, for the startup banner and the drive hold. A client
 * can paste each one as an endpoint: a wildcard bind (`::` or `0.0.0.0`) is listed as
 * 127.0.0.1 first (some clients refuse a bracketed IPv6 endpoint such as `http://[::1]:9000`),
 * then every other address of the host's interfaces (IPv4, then IPv6 unless the bind is
 * IPv4-only; link-local IPv6 is left out: it needs a zone id). A specific bind is listed alone.
 */
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import type { AddressInfo } from 'node:net';

export type UrlScheme = 'http' | 'https';

function url(scheme: UrlScheme, host: string, port: number): string {
  return host.includes(':') ? `${scheme}://[${host}]:${port}` : `${scheme}://${host}:${port}`;
}

export function listenUrls(
  address: AddressInfo,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
  scheme: UrlScheme = 'http',
): string[] {
  const host = address.address;
  const port = address.port;
  const isAnyV6 = host === '::';
  if (host !== '' && host !== '0.0.0.0' && !isAnyV6) return [url(scheme, host, port)];
  const all = Object.values(interfaces).flatMap((list) => list ?? []);
  const v4 = all.filter((i) => i.family === 'IPv4').map((i) => i.address);
  const v6 = isAnyV6 ? all.filter((i) => i.family === 'IPv6' && !i.address.toLowerCase().startsWith('fe80:')).map((i) => i.address) : [];
  const ordered = ['127.0.0.1', ...v4, ...(isAnyV6 ? ['::1'] : []), ...v6];
  return [...new Set(ordered)].map((h) => url(scheme, h, port));
}
