import { SORTS, type LibraryQuery, type Sort } from './types';

/** Rows per library page, unless the URL asks for another number within `PER_PAGE`. */
export const PER_PAGE = { default: 50, min: 10, max: 200 };

/** The order each sort starts in: newest, A–Z, most corrections, worst quality first. */
export const DEFAULT_ORDER: Record<Sort, 'asc' | 'desc'> = {
	date: 'desc',
	title: 'asc',
	corrections: 'desc',
	quality: 'asc'
};

/**
 * The library page a URL asks for (`?sort=quality&outlet=Xinhua&page=3`). What cannot be read
 * falls back to the default rather than failing: a hand-edited link still opens the library.
 */
export function libraryQuery(params: URLSearchParams): LibraryQuery {
	const sort = SORTS.includes(params.get('sort') as Sort) ? (params.get('sort') as Sort) : 'date';
	const order = params.get('order');
	const text = (name: string) => params.get(name)?.trim().slice(0, 200) || undefined;
	return {
		page: whole(params.get('page'), 1, 1, 1_000_000),
		perPage: whole(params.get('per'), PER_PAGE.default, PER_PAGE.min, PER_PAGE.max),
		sort,
		order: order === 'asc' || order === 'desc' ? order : DEFAULT_ORDER[sort],
		outlet: text('outlet'),
		speaker: text('speaker'),
		machineTranslated: yesNo(params.get('mt')),
		hasFlags: yesNo(params.get('flags'))
	};
}

/** The URL search part of a library query, leaving defaults out: `?sort=title&page=2`. */
export function librarySearch(query: LibraryQuery, change: Partial<LibraryQuery> = {}): string {
	const q = { ...query, ...change };
	const params = new URLSearchParams();
	if (q.sort !== 'date') params.set('sort', q.sort);
	if (q.order !== DEFAULT_ORDER[q.sort]) params.set('order', q.order);
	if (q.outlet) params.set('outlet', q.outlet);
	if (q.speaker) params.set('speaker', q.speaker);
	if (q.machineTranslated !== undefined) params.set('mt', q.machineTranslated ? 'yes' : 'no');
	if (q.hasFlags !== undefined) params.set('flags', q.hasFlags ? 'yes' : 'no');
	if (q.perPage !== PER_PAGE.default) params.set('per', String(q.perPage));
	if (q.page !== 1) params.set('page', String(q.page));
	const search = params.toString();
	return search ? `?${search}` : '?';
}

/** A page number or count from the URL, within bounds; `fallback` when absent or not a number. */
export function whole(value: string | null, fallback: number, min: number, max: number): number {
	const n = Number(value);
	if (value === null || value === '' || !Number.isInteger(n)) return fallback;
	return Math.min(max, Math.max(min, n));
}

function yesNo(value: string | null): boolean | undefined {
	return value === 'yes' ? true : value === 'no' ? false : undefined;
}
