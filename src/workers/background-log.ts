/** How background workers log (compose passes the server's logger; tests capture it). */
export type BackgroundLog = (level: 'info' | 'warn' | 'error', msg: string, fields?: Readonly<Record<string, unknown>>) => void;
