/**
 * Which certificate answers a TLS server name (SNI): pure matching of a client's server name
 * against the DNS names of a certificate (its subjectAltName DNS entries, else its CN), as
 * browsers and Go's crypto/tls do: case-insensitive, a trailing dot ignored, and a wildcard only
 * as the whole left-most label (`*.example.com` matches `a.example.com`, not `example.com` nor
 * `a.b.example.com`).
 */

function normalize(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** True when `serverName` is one of `names` or matches a `*.` wildcard among them. */
export function matchesServerName(names: readonly string[], serverName: string): boolean {
  const wanted = normalize(serverName);
  if (wanted === '') return false;
  for (const raw of names) {
    const name = normalize(raw);
    if (name === wanted) return true;
    if (name.startsWith('*.')) {
      const dot = wanted.indexOf('.');
      if (dot > 0 && wanted.slice(dot + 1) === name.slice(2)) return true;
    }
  }
  return false;
}

/**
 * The DNS names of a certificate from node's X509Certificate fields: the `DNS:` entries of
 * subjectAltName, or the subject CN when the certificate has no DNS alternative names.
 */
export function certificateDnsNames(subjectAltName: string | undefined, subject: string): string[] {
  const dns = (subjectAltName ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith('DNS:'))
    .map((entry) => entry.slice(4));
  if (dns.length > 0) return dns;
  const cn = subject.split('\n').find((line) => line.startsWith('CN='));
  return cn ? [cn.slice(3)] : [];
}
