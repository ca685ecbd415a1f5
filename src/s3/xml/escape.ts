/**
 * XML text escaping for the S3 wire format.
 *
 * Object keys are arbitrary UTF-8 and may hold characters XML 1.0 cannot carry literally.
 * `&`, `<`, `>`, `"`, `'` become entities (so `]]>` can never close anything), and every
 * control character other than TAB/LF becomes a numeric character reference (`&#13;`,
 * `&#1;`), which is what AWS emits for keys with control characters. Lone surrogates cannot
 * be encoded in UTF-8 and are replaced with U+FFFD.
 */

const NEEDS_ESCAPE = /[&<>"'\u0000-\u0008\u000B-\u001F\u007F-\u009F\uD800-\uDFFF]/;

export function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    switch (c) {
      case 0x26: out += '&amp;'; continue;
      case 0x3c: out += '&lt;'; continue;
      case 0x3e: out += '&gt;'; continue;
      case 0x22: out += '&quot;'; continue;
      case 0x27: out += '&apos;'; continue;
      default: break;
    }
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a) || (c >= 0x7f && c <= 0x9f)) {
      out += `&#${c};`;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) { out += text[i]! + text[i + 1]!; i++; } else out += '\uFFFD';
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      out += '\uFFFD';
    } else {
      out += text[i]!;
    }
  }
  return out;
}
