/**
 * Text clean-up shared by the input rules (identity number, phone, name, door code): invisible Unicode format
 * characters that copy-paste carries along.
 */

// Unicode general category Cf ("format"), complete as of Unicode 17.0, written as explicit ranges because older
// WeChat JS engines lack property escapes (\p{Cf}) and the u flag; astral ranges are surrogate pairs. Sources in
// the field: iOS contacts wrap a copied phone number in U+202D ... U+202C, web pages and chat apps insert U+200B,
// U+200C, U+200D, U+2060 and U+FEFF, right-to-left text brings U+200E/U+200F and U+2066..U+2069, word processors
// the soft hyphen U+00AD. None of them is ever part of a name, an identity number, a phone number or a door code.
// __tests__/rules/text.test.ts compares this set with the engine's own \p{Cf}, code point by code point.
const FORMAT_CHARS_BMP =
  '\u00AD\u0600-\u0605\u061C\u06DD\u070F\u0890\u0891\u08E2\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064' +
  '\u2066-\u206F\uFEFF\uFFF9-\uFFFB';
// U+110BD, U+110CD, U+13430..U+1343F, U+1BCA0..U+1BCA3, U+1D173..U+1D17A, U+E0001, U+E0020..U+E007F.
const FORMAT_CHARS_ASTRAL =
  '\uD804[\uDCBD\uDCCD]|\uD80D[\uDC30-\uDC3F]|\uD82F[\uDCA0-\uDCA3]|\uD834[\uDD73-\uDD7A]|\uDB40[\uDC01\uDC20-\uDC7F]';

const FORMAT_CHARS_RE = new RegExp(`[${FORMAT_CHARS_BMP}]|${FORMAT_CHARS_ASTRAL}`, 'g');

/**
 * Removes every Unicode format character (general category Cf: bidi marks and embeddings, zero-width space and
 * joiners, word joiner, byte order mark, soft hyphen, interlinear annotation marks, tags ...). Run it first, before
 * any other normalisation, so that later steps never see them.
 */
export function stripFormatChars(s: string): string {
  return s.replace(FORMAT_CHARS_RE, '');
}

// C0 and C1 controls and DEL (general category Cc).
const CONTROL_RE = /[\u0000-\u001F\u007F-\u009F]/g;

/**
 * Free text a person typed for others to read (a closure reason on the workers' station page, a report note, a
 * remote-open reason in the audit trail), made plain: format characters go (stripFormatChars: a bidi override
 * would show the text reversed, a zero-width space hides inside a word), and so do control characters (a NUL,
 * which PostgreSQL text cannot hold, a bell, an escape), except that a line break (CRLF, CR, LF) and a tab become
 * a space, or with `multiline` a line break stays one LF; spaces in a row become one and the ends are trimmed. NFC,
 * so a length counts what a reader sees. Markup is left as text: every page shows text, never HTML.
 */
export function plainText(raw: string, opts: { multiline?: boolean } = {}): string {
  const lines = stripFormatChars(raw)
    .normalize('NFC')
    .split(/\r\n|\r|\n/);
  const clean = lines.map((line) => line.replace(/\t/g, ' ').replace(CONTROL_RE, '').replace(/ {2,}/g, ' ').trim());
  return opts.multiline
    ? clean
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim()
    : clean.join(' ').replace(/ {2,}/g, ' ').trim();
}
