// A state's tone as a color and a tint (the app.css tokens), for the status badges and the
// banners: they set them as --tone and --tone-bg through `style:` (no style attributes under
// the CSP). The state is always also said by an icon and a text.
export type Tone = 'success' | 'warning' | 'danger' | 'info' | 'neutral';

/** The tone's text color: its own token, the ordinary text for neutral. */
export const toneColor = (tone: Tone): string => `var(--${tone === 'neutral' ? 'text' : tone})`;
/** The tone's background tint. */
export const toneTint = (tone: Tone): string => `var(--${tone}-bg)`;
