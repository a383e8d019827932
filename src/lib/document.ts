import { foldKey } from './fold';
import type { GlossaryEntry } from './glossary/types';
import type { Matcher } from './matcher';
import { normalizeParagraph } from './normalize';
import { parseTranscript, type SpeakerLookup } from './parse';
import { prepareText } from './text';
import type { Block, TranscriptDocument } from './types';

/** Glossary entries marked `speaker: true` name the people behind garbled labels. */
export function speakerLookup(entries: Iterable<GlossaryEntry>): SpeakerLookup {
	const byForm = new Map<string, { id: string; name: string }>();
	for (const entry of entries) {
		if (!entry.speaker) continue;
		for (const form of [entry.canonical, ...entry.variants.map((v) => v.text)]) {
			byForm.set(foldKey(form), { id: entry.id, name: entry.canonical });
		}
	}
	return (label) => byForm.get(foldKey(label));
}

/** Raw transcript text → the structured, normalized document of the JSON contract. */
export function buildDocument(
	input: string,
	matcher: Matcher,
	options: { transcript?: string } = {}
): TranscriptDocument {
	const text = prepareText(input);
	const parsed = parseTranscript(text, speakerLookup(matcher.entries.values()));
	let turn = 0;
	const blocks: Block[] = parsed.blocks.map((b) => ({
		type: b.type,
		speaker: b.speaker,
		label: b.label,
		turn: b.type === 'turn' ? ++turn : null,
		paragraphs: b.paragraphs.map((p) => normalizeParagraph(p.raw, p.offset, matcher, options))
	}));
	const title = parsed.title
		? normalizeParagraph(parsed.title.raw, parsed.title.offset, matcher, options)
		: null;
	const corrections =
		(title?.corrections.length ?? 0) +
		blocks.reduce((sum, b) => sum + b.paragraphs.reduce((n, p) => n + p.corrections.length, 0), 0);
	return { title, meta: parsed.meta, speakers: parsed.speakers, blocks, corrections };
}
