import { toCsv } from '$lib/glossary/exchange/csv';
import { appLibrary } from '$lib/server/instance';

/**
 * The glossary the app reads as a two-column CSV to download (`garbled form,canonical name`, no
 * header), as DeepL and Google Translate take a glossary: plain variants only.
 */
export async function GET() {
	const { glossary } = await appLibrary().glossary();
	return new Response(toCsv(glossary.entries), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': 'attachment; filename="glossary.csv"',
			'cache-control': 'no-cache'
		}
	});
}
