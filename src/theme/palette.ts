/**
 * The app's colours: every colour in src/ (app.css, inline styles, dialogs, the tab bar) is one of these tokens
 * (__tests__/rules/palette.test.ts checks that, and each pair of theme/contrast.ts). Contrast follows WCAG 2.1 (1.4.3: text at
 * least 4.5:1, all sizes here, stricter than WCAG's 3:1 for large text; 1.4.11: a control's boundary and its
 * states at least 3:1 against what surrounds them). Hex strings, '#rrggbb', lower case.
 */
export const PALETTE = {
  /** Body text. */
  ink: '#1f2329',
  /** Secondary text (addresses, subtitles). */
  inkSecondary: '#646a73',
  /** Muted text (walking minutes, opening times, hints): was #8f959e (3.02:1 on white). */
  inkMuted: '#5c6470',
  /** Text of a disabled control, on `disabledBg`. */
  inkDisabled: '#4e5561',
  white: '#ffffff',
  /** The page behind the cards. */
  page: '#f4f5f7',
  /** Neutral tags and closed cards. */
  tagBg: '#f2f3f5',
  /** Unselected chips. */
  chipBg: '#eef0f3',
  /** A disabled button or slot. */
  disabledBg: '#e5e6eb',
  /** A control's boundary (inputs, chips, switches off): 3:1 on white, the page and chips. */
  controlBorder: '#7d848e',
  /** A quiet divider, decoration only (never a control's boundary). */
  divider: '#e5e6eb',
  /** Union red: primary buttons, distances, the selected chip, dialog confirm buttons. */
  brand: '#c8102e',
  /** Emergency and destructive buttons (white text): was #e8590c (3.58:1). */
  danger: '#c2410c',
  /** Error text and its banner. */
  error: '#b42318',
  errorBg: '#fdecea',
  /** Open now / booked: was #168a45 (3.99:1 on its tag). */
  success: '#0f7a3b',
  successBg: '#e8f7ee',
  /** Warnings, suspended, waitlisted. */
  warn: '#ad4e00',
  warnBg: '#fff7e6',
  info: '#1d4ed8',
  infoBg: '#eef4ff',
} as const;

export type Token = keyof typeof PALETTE;
