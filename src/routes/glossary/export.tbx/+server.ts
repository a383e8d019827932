import { toTbx } from '$lib/glossary/exchange/tbx';
import { appLibrary } from '$lib/server/instance';

/** The glossary the app reads, as a TBX-Basic file to download (see `$lib/glossary/exchange/tbx`). */
export async function GET() {
	const { glossary } = await appLibrary().glossary();
	return new Response(toTbx(glossary.entries), {
		headers: {
			'content-type': 'application/x-tbx+xml; charset=utf-8',
			'content-disposition': 'attachment; filename="glossary.tbx"',
			'cache-control': 'no-cache'
		}
	});
}
