/**
 * LDAP search filters from the configured templates (MinIO's syntax): `%s` is the user name
 * (user DN search) and, in the group filter, `%s` the user name and `%d` the user's DN. Values
 * are escaped as RFC 4515 requires (`*`, `(`, `)`, `\`, NUL), so a user name cannot change the
 * filter's meaning.
 */
export function escapeFilterValue(value: string): string {
  return value.replace(/[*()\\\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function fillFilter(template: string, values: { readonly username: string; readonly userDn?: string }): string {
  return template.replace(/%([sd])/g, (_, k: string) => escapeFilterValue(k === 's' ? values.username : values.userDn ?? ''));
}

/** DN comparison form: attribute names lower-cased, spaces around separators dropped. */
export function normalizeDn(dn: string): string {
  return dn.split(',').map((rdn) => {
    const eq = rdn.indexOf('=');
    return eq < 0 ? rdn.trim() : `${rdn.slice(0, eq).trim().toLowerCase()}=${rdn.slice(eq + 1).trim()}`;
  }).join(',');
}
