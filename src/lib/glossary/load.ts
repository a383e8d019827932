import { foldKey } from '../text/fold';
import { formatPath, readYamlList } from '../text/yaml-list';
import { entrySchema, type RawEntry } from './schema';
import {
	isConditional,
	type Glossary,
	type GlossaryEntry,
	type GlossaryProblem,
	type Variant
} from './types';

export interface GlossaryFile {
	/** File name inside `glossary/`, e.g. `people.yaml`. */
	name: string;
	text: string;
}

/**
 * Reads glossary files into entries. Never throws: every problem is reported with file,
 * line, entry and field, and only the faulty entry (or variant) is left out.
 */
export function loadGlossary(files: GlossaryFile[]): Glossary {
	const problems: GlossaryProblem[] = [];
	const entries: GlossaryEntry[] = [];
	for (const file of [...files].sort((a, b) => a.name.localeCompare(b.name))) {
		entries.push(...readFile(file, problems));
	}
	return { entries: checkAcrossEntries(entries, problems), problems };
}

function readFile(file: GlossaryFile, problems: GlossaryProblem[]): GlossaryEntry[] {
	const problem = (line: number, entry: string, field: string, message: string) =>
		problems.push({ file: file.name, line, entry, field, message });
	const items = readYamlList(
		file.text,
		'a glossary file must be a list of entries (`- id: …`)',
		(line, message) => problem(line, '-', '', message)
	);
	const entries: GlossaryEntry[] = [];
	for (const item of items) {
		const id = item.text('id') ?? `#${item.index + 1}`;
		const parsed = entrySchema.safeParse(item.value);
		if (!parsed.success) {
			for (const issue of parsed.error.issues) {
				const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
				problem(item.lineAt(path), id, formatPath(path), issue.message);
			}
			continue;
		}
		entries.push(toEntry(parsed.data, file.name, item.lineAt()));
	}
	return entries;
}

function toEntry(raw: RawEntry, file: string, line: number): GlossaryEntry {
	const variants: Variant[] = raw.variants.map((v) =>
		typeof v === 'string'
			? { text: v.trim() }
			: {
					text: v.text.trim(),
					precededBy: v.preceded_by,
					followedBy: v.followed_by,
					notPrecededBy: v.not_preceded_by,
					notFollowedBy: v.not_followed_by,
					transcripts: v.transcripts,
					requiresMention: v.requires_mention,
					mentionWithin: v.mention_within,
					note: v.note,
					seenIn: v.seen_in,
					added: v.added && { by: v.added.by, approvedBy: v.added.approved_by, on: v.added.on }
				}
	);
	return {
		id: raw.id,
		canonical: raw.canonical.trim().normalize('NFC'),
		kind: raw.kind,
		source: raw.source,
		note: raw.note,
		speaker: raw.speaker,
		transcripts: raw.transcripts,
		variants: variants.map((v) => ({ ...v, text: v.text.normalize('NFC') })),
		notVariants: raw.not_variants.map((v) => v.trim().normalize('NFC')),
		examples: raw.examples,
		file,
		line
	};
}

function checkAcrossEntries(
	entries: GlossaryEntry[],
	problems: GlossaryProblem[]
): GlossaryEntry[] {
	const byId = new Map<string, GlossaryEntry>();
	const canonicals = new Map<string, GlossaryEntry>();
	const kept: GlossaryEntry[] = [];
	for (const entry of entries) {
		const first = byId.get(entry.id);
		if (first) {
			problems.push({
				file: entry.file,
				line: entry.line,
				entry: entry.id,
				field: 'id',
				message: `duplicate id: already used at glossary/${first.file}:${first.line}`
			});
			continue;
		}
		byId.set(entry.id, entry);
		const key = foldKey(entry.canonical);
		const other = canonicals.get(key);
		if (other) {
			problems.push({
				file: entry.file,
				line: entry.line,
				entry: entry.id,
				field: 'canonical',
				message: `"${entry.canonical}" is already the canonical name of entry ${other.id}`
			});
			continue;
		}
		canonicals.set(key, entry);
		kept.push(entry);
	}

	for (const entry of kept) {
		entry.variants = entry.variants.filter((variant, index) => {
			const report = (field: string, message: string) => {
				problems.push({ file: entry.file, line: entry.line, entry: entry.id, field, message });
				return false;
			};
			const at = `variants[${index}]`;
			if (variant.mentionWithin !== undefined && !variant.requiresMention) {
				return report(`${at}.mention_within`, 'needs requires_mention: which entries to look for');
			}
			const unknown = variant.requiresMention?.findIndex((id) => !byId.has(id)) ?? -1;
			if (unknown >= 0) {
				return report(
					`${at}.requires_mention[${unknown}]`,
					`no glossary entry has the id "${variant.requiresMention![unknown]}"`
				);
			}
			return true;
		});
	}

	const unconditional = new Map<string, GlossaryEntry>();
	for (const entry of kept) {
		const seen = new Set<string>();
		entry.variants = entry.variants.filter((variant, index) => {
			const key = foldKey(variant.text);
			// One text may be listed twice with different conditions ("Kang" where the detainees
			// are named, and "Kang" before "and Mai"): the first whose conditions hold applies.
			const conditions = conditionsOf(variant);
			const report = (message: string) => {
				problems.push({
					file: entry.file,
					line: entry.line,
					entry: entry.id,
					field: `variants[${index}]`,
					message
				});
				return false;
			};
			if (seen.has(key) || seen.has(key + conditions)) {
				return report(`duplicate variant "${variant.text}"`);
			}
			seen.add(isConditional(entry, variant) ? key + conditions : key);
			if (key === foldKey(entry.canonical)) {
				return report(
					`"${variant.text}" is the canonical name itself; miscased forms are corrected without a variant`
				);
			}
			if (isConditional(entry, variant)) return true;
			const owner = canonicals.get(key);
			if (owner) {
				return report(
					`"${variant.text}" is the canonical name of entry ${owner.id}; give it a context rule (preceded_by, followed_by, transcripts) or remove it`
				);
			}
			const twin = unconditional.get(key);
			if (twin) return report(`"${variant.text}" is also a variant of entry ${twin.id}`);
			unconditional.set(key, entry);
			return true;
		});
		const variantKeys = new Set(entry.variants.map((v) => foldKey(v.text)));
		entry.notVariants = entry.notVariants.filter((form, index) => {
			if (!variantKeys.has(foldKey(form))) return true;
			problems.push({
				file: entry.file,
				line: entry.line,
				entry: entry.id,
				field: `not_variants[${index}]`,
				message: `"${form}" is also listed in variants; keep it in one list`
			});
			return false;
		});
	}
	return kept;
}

/**
 * What decides where a variant applies, as a key: two variants of one text are duplicates
 * when it is the same. Notes, provenance (`added`) and `seen_in` only document a variant.
 */
function conditionsOf(v: Variant): string {
	return JSON.stringify([
		v.precededBy,
		v.followedBy,
		v.notPrecededBy,
		v.notFollowedBy,
		v.transcripts,
		v.requiresMention,
		v.mentionWithin
	]);
}
