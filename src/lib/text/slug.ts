/**
 * Slugs name transcripts (`lu-kang-globe-2020`), glossary entries and anchors: lowercase ASCII
 * words joined by single dashes, so a slug is always safe in a path and a URL.
 */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_SLUG_LENGTH = 120;

export function isSlug(value: string): boolean {
	return SLUG_PATTERN.test(value) && value.length <= MAX_SLUG_LENGTH;
}

/** A safe slug from free text: `Lu Kang / Globe 2020` → `lu-kang-globe-2020`; `fallback` if none. */
export function slugify(text: string, fallback = 'transcript'): string {
	const slug = text
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 80)
		.replace(/-+$/, '');
	return slug || fallback;
}
