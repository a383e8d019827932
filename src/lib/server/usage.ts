import type { LoadedTranscript } from './library';

/** How often each glossary entry fired in each transcript: entry id → slug → count. */
export function entryUsage(
	transcripts: LoadedTranscript[]
): Record<string, Record<string, number>> {
	const usage: Record<string, Record<string, number>> = {};
	for (const { slug, doc } of transcripts) {
		const paragraphs = [
			...(doc.title ? [doc.title] : []),
			...doc.blocks.flatMap((b) => b.paragraphs)
		];
		for (const c of paragraphs.flatMap((p) => p.corrections)) {
			const bySlug = (usage[c.entry] ??= {});
			bySlug[slug] = (bySlug[slug] ?? 0) + 1;
		}
	}
	return usage;
}
