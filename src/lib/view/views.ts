/** How the reader shows a transcript; kept in the URL as `?view=`. */
export const VIEWS = ['inline', 'normalized', 'raw'] as const;
export type View = (typeof VIEWS)[number];

export const VIEW_LABELS: Record<View, string> = {
	inline: 'Inline',
	normalized: 'Normalized',
	raw: 'Raw'
};

export function parseView(value: string | null): View {
	return VIEWS.includes(value as View) ? (value as View) : 'inline';
}
