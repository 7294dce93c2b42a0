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

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const WORDISH = /[\p{L}\p{N}_]/u;

/**
 * A whole-token pattern for one form: where the form begins (ends) with a letter or
 * digit, the character before (after) it must not continue a word, an address or a
 * host name ("demo@example.com" keeps "example"; a sentence may still end in a period).
 */
function tokenPattern(form: string): string {
  const first = form[0] ?? '';
  const last = form[form.length - 1] ?? '';
  const before = WORDISH.test(first) ? '(?<![\\p{L}\\p{N}_@.\\-])' : '';
  const after = WORDISH.test(last) ? '(?![\\p{L}\\p{N}_@\\-])(?!\\.[\\p{L}\\p{N}])' : '';
  return `${before}${escapeRe(form)}${after}`;
}

// <ns:password …>…</ns:password>, also XML-escaped inside a reason, and password=… in a URL or form.
const PASSWORD_ELEMENT = /(<([\w.-]+:)?password(?:\s[^>]*)?>)[\s\S]*?(<\/([\w.-]+:)?password\s*>)/gi;
const ESCAPED_PASSWORD_ELEMENT = /(&lt;([\w.-]+:)?password(?:\s(?:(?!&gt;)[\s\S])*)?&gt;)[\s\S]*?(&lt;\/([\w.-]+:)?password\s*&gt;)/gi;
const PASSWORD_PARAM = /((?:^|[?&;\s])(?:password|passwd|pwd)=)[^&\s"'<>]+/gi;

/** Removes echoed password fields, whatever their value. */
export function scrubPasswordFields(text: string): string {
  return text.replace(PASSWORD_ELEMENT, '$1***$3').replace(ESCAPED_PASSWORD_ELEMENT, '$1***$3').replace(PASSWORD_PARAM, '$1***');
}

/** Returns a function that removes echoed password fields and every whole-token form of every secret. */
export function makeScrubber(secrets: Array<string | undefined>): (text: string) => string {
  // A text that is nothing but a secret is an echo of it, however short.
  const whole = new Set(secrets.filter((s): s is string => typeof s === 'string' && s.trim() !== '').flatMap(secretForms));
  const long = secrets.filter((s): s is string => typeof s === 'string' && [...s].length >= MIN_SECRET_LENGTH);
  const forms = [...new Set(long.flatMap(secretForms))].sort((a, b) => b.length - a.length);
  let re: RegExp | undefined;
  try {
    re = forms.length > 0 ? new RegExp(forms.map(tokenPattern).join('|'), 'gu') : undefined;
  } catch {
    // A secret the pattern cannot hold (a lone surrogate): every occurrence goes.
    return (text: string): string => (whole.has(text.trim()) ? '***' : forms.reduce((out, f) => out.split(f).join('***'), scrubPasswordFields(text)));
  }
  return (text: string): string => {
    if (whole.has(text.trim())) return '***';
    const out = scrubPasswordFields(text);
    return re ? out.replace(re, '***') : out;
  };
}
