import type { Transport } from '@sveltejs/kit';
import { ReaderSource } from '$lib/view/reader-source';

export const transport: Transport = {
	ReaderSource: {
		encode: (value) => value instanceof ReaderSource && [value.url],
		decode: ([url]) => new ReaderSource(url)
	}
};
