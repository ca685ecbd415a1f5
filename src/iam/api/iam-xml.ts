/**
 * The XML of the IAM query protocol (AWS IAM API Reference, "Making query requests"): every
 * answer is `<ActionResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">` holding
 * `<ActionResult>` (absent for actions without output, e.g. DeleteUser) and
 * `<ResponseMetadata><RequestId>`; errors are `<ErrorResponse>` with `<Error><Type>Sender|
 * Receiver</Type><Code/><Message/></Error><RequestId/>`.
 */
export const IAM_XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' })[c]!);
}

/** `<name>text</name>` (escaped); nothing when `value` is undefined. */
export function el(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? '' : `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** `<name>` around already-built XML. */
export function wrap(name: string, inner: string): string {
  return `<${name}>${inner}</${name}>`;
}

/** `<name><member>…</member>…</name>` from already-built member XML. */
export function members(name: string, items: readonly string[]): string {
  return wrap(name, items.map((m) => wrap('member', m)).join(''));
}

export function responseXml(action: string, result: string | undefined, requestId: string): string {
  const body = result === undefined ? '' : wrap(`${action}Result`, result);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${IAM_XMLNS}">${body}`
    + `${wrap('ResponseMetadata', el('RequestId', requestId))}</${action}Response>\n`;
}

export function errorXml(code: string, message: string, requestId: string, type: 'Sender' | 'Receiver'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${IAM_XMLNS}">`
    + `${wrap('Error', el('Type', type) + el('Code', code) + el('Message', message))}${el('RequestId', requestId)}</ErrorResponse>\n`;
}

/** AWS's timestamps in IAM answers: ISO 8601 with seconds, `Z`. */
export function isoTime(iso: string): string {
  return `${iso.slice(0, 19)}Z`;
}
