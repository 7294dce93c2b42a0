// Keeping a password out of text that came back from a server (fault reasons and
// faultstrings that echo the request, a URL with the password in its query).
//
// The client never builds a message from the password: messages are made from the
// operation, HTTP status and fault fields. So scrubbing applies only to server text,
// and only where a password can truly sit, without damaging the rest of the text:
// - structurally: the content of any <password> element (also XML-escaped, any
//   prefix) and the value of a password=… parameter, whatever the password is;
// - by value: every form of the secret (raw, XML-escaped, URL-encoded, base64), but
//   only as a whole token (not inside a word, an e-mail address or a host name), and
//   only for secrets of MIN_SECRET_LENGTH characters or more. A one-letter password must
//   not turn "Unexpected" into "Une***pected"; an echo of a short password is still
//   caught by the structural rule, or when the text is nothing but the password.
// No dependencies, so the CLI's last-resort error handler can load it on its own.

/** Shorter secrets are removed only structurally (from echoed password fields). */
export const MIN_SECRET_LENGTH = 4;

const XML_ESCAPES: Array<[RegExp, string[]]> = [
  [/&/g, ['&amp;', '&#38;', '&#x26;']],
  [/</g, ['&lt;', '&#60;', '&#x3c;', '&#x3C;']],
  [/>/g, ['&gt;', '&#62;', '&#x3e;', '&#x3E;']],
  [/"/g, ['&quot;', '&#34;', '&#x22;']],
  [/'/g, ['&apos;', '&#39;', '&#x27;']],
];

/** Every form in which a secret could be echoed back: raw, XML-escaped, URL-encoded, base64. */
export function secretForms(secret: string): string[] {
  if (!secret) return [];
  const forms = new Set<string>([secret]);
  for (const [re, reps] of XML_ESCAPES) {
    for (const rep of reps) {
      for (const f of [...forms]) if (re.test(f)) forms.add(f.replace(re, rep));
    }
  }
  try {
    forms.add(encodeURIComponent(secret));
  } catch {
    /* lone surrogate: nothing to add */
  }
  forms.add(Buffer.from(secret, 'utf8').toString('base64'));
  // Longest first, so a form that contains another is replaced whole.
  return [...forms].filter((f) => f.length > 0).sort((a, b) => b.length - a.length);
}

const WORDISH = /[\p{L}\p{N}_]/u;
/** Characters that, next to a form, make it part of a longer word, address or host name. */
const JOINS_BEFORE = /[\p{L}\p{N}_@.-]/u;
const JOINS_AFTER = /[\p{L}\p{N}_@-]/u;
const ALNUM = /[\p{L}\p{N}]/u;

/** The code point that ends just before index i (a surrogate pair counts as one). */
function charBefore(text: string, i: number): string {
  if (i <= 0) return '';
  const low = text.charCodeAt(i - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && i >= 2 ? i - 2 : i - 1;
  return String.fromCodePoint(text.codePointAt(start) ?? 0);
}

function charAt(text: string, i: number): string {
  return i < text.length ? String.fromCodePoint(text.codePointAt(i) ?? 0) : '';
}

/**
 * Replaces the whole-token occurrences of one form: where the form begins (ends) with a
 * letter or digit, the character before (after) it must not continue a word, an address or
 * a host name ("demo@example.com" keeps "example"; a sentence may still end in a period).
 * Found with indexOf, one forward pass: no pattern to backtrack on hostile text.
 */
function replaceToken(text: string, form: string): string {
  const checkBefore = WORDISH.test(form[0] ?? '');
  const checkAfter = WORDISH.test(charBefore(form, form.length));
  let out = '';
  let pos = 0;
  let from = 0;
  for (;;) {
    const i = text.indexOf(form, from);
    if (i < 0) break;
    const j = i + form.length;
    const next = charAt(text, j);
    const joined =
      (checkBefore && JOINS_BEFORE.test(charBefore(text, i))) || (checkAfter && (JOINS_AFTER.test(next) || (next === '.' && ALNUM.test(charAt(text, j + 1)))));
    if (joined) {
      from = i + 1;
      continue;
    }
    out += `${text.slice(pos, i)}***`;
    pos = from = j;
  }
  return pos === 0 ? text : out + text.slice(pos);
}

// <ns:password …>…</ns:password>, also XML-escaped inside a reason, and password=… in a URL
// or form. Prefixes and attributes are bounded, and fields are found by one forward scan:
// a hostile text of a million openings without a closing costs one pass, not a pass each.
const FIELDS: Array<[RegExp, RegExp]> = [
  [/<(?:[\w.-]{1,64}:)?password(?:\s[^<>]{0,256})?>/gi, /<\/(?:[\w.-]{1,64}:)?password\s{0,16}>/gi],
  [/&lt;(?:[\w.-]{1,64}:)?password(?:\s[^<>&]{0,256})?&gt;/gi, /&lt;\/(?:[\w.-]{1,64}:)?password\s{0,16}&gt;/gi],
];
const PASSWORD_PARAM = /((?:^|[?&;\s])(?:password|passwd|pwd)=)[^&\s"'<>]+/gi;

function hideFields(text: string, open: RegExp, close: RegExp): string {
  let out = '';
  let pos = 0;
  for (;;) {
    open.lastIndex = pos;
    const o = open.exec(text);
    if (!o) break;
    const from = o.index + o[0].length;
    close.lastIndex = from;
    const c = close.exec(text);
    // No closing after this opening: none after a later one either.
    if (!c) break;
    out += `${text.slice(pos, from)}***${c[0]}`;
    pos = c.index + c[0].length;
  }
  return pos === 0 ? text : out + text.slice(pos);
}

/** Removes echoed password fields, whatever their value. */
export function scrubPasswordFields(text: string): string {
  let out = text;
  for (const [open, close] of FIELDS) out = hideFields(out, open, close);
  return out.replace(PASSWORD_PARAM, '$1***');
}

/** Returns a function that removes echoed password fields and every whole-token form of every secret. */
export function makeScrubber(secrets: Array<string | undefined>): (text: string) => string {
  // A text that is nothing but a secret is an echo of it, however short.
  const whole = new Set(secrets.filter((s): s is string => typeof s === 'string' && s.trim() !== '').flatMap(secretForms));
  const long = secrets.filter((s): s is string => typeof s === 'string' && [...s].length >= MIN_SECRET_LENGTH);
  const forms = [...new Set(long.flatMap(secretForms))].sort((a, b) => b.length - a.length);
  return (text: string): string => {
    if (whole.has(text.trim())) return '***';
    let out = scrubPasswordFields(text);
    for (const f of forms) out = replaceToken(out, f);
    return out;
  };
}
