import type { Block, TranscriptDocument } from '../document/contract';

/** A block's normalized paragraphs, the first one led by the speaker's canonical name. */
function blockLines(
	block: Block,
	names: Map<string, string>,
	lead: (name: string) => string,
	escape: (text: string) => string = (t) => t
): string[] {
	const texts = block.paragraphs.map((p) => escape(p.normalized));
	const name = block.speaker ? (names.get(block.speaker) ?? block.label) : null;
	if (name && texts.length > 0) texts[0] = lead(name) + texts[0];
	return texts;
}

const speakerNames = (doc: TranscriptDocument) => new Map(doc.speakers.map((s) => [s.id, s.name]));

/** The normalized transcript as plain text, one paragraph a line, speakers by canonical name. */
export function toPlainText(doc: TranscriptDocument): string {
	const names = speakerNames(doc);
	const out = doc.title ? [doc.title.normalized] : [];
	for (const block of doc.blocks) out.push(...blockLines(block, names, (name) => `${name}: `));
	return out.join('\n') + '\n';
}

/**
 * Escapes what Markdown would read as markup, so transcript text stays text: `&` too, or
 * `&lt;b&gt;` in a transcript would render as `<b>`.
 */
export function escapeMarkdown(text: string): string {
	return text.replace(/([\\`*_{}[\]<>#|~&])/g, '\\$1');
}

export function toMarkdown(doc: TranscriptDocument): string {
	const names = speakerNames(doc);
	const out = doc.title ? [`# ${escapeMarkdown(doc.title.normalized)}`] : [];
	for (const block of doc.blocks) {
		const texts = blockLines(block, names, (n) => `**${escapeMarkdown(n)}:** `, escapeMarkdown);
		if (block.type === 'caption') out.push(...texts.map((t) => `*${t}*`));
		else if (block.type === 'meta') out.push(...texts.map((t) => `> ${t}`));
		else out.push(...texts);
	}
	return out.join('\n\n') + '\n';
}
