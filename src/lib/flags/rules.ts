import { foldKey } from '../text/fold';
import { PhraseIndex } from '../text/phrase-index';
import { compileContext, type Anchor, type ContextRegex } from '../text/safe-regex';
import { formatPath, readYamlList } from '../text/yaml-list';
import { readMarker, ruleSchema, type RawRule } from './schema';
import type { Flag, MarkedExample, Rule, RuleProblem } from './types';

export type { Flag, FlagKind, MarkedExample, Rule, RuleProblem } from './types';

export interface RuleFile {
	/** File name inside `rules/`, e.g. `idioms.yaml`. */
	name: string;
	text: string;
}

/** Where an accepted rule and its phrases were first written, for duplicate checks. */
interface Seen {
	ids: Map<string, Rule>;
	/** Folded phrase → the rule that lists it. */
	phrases: Map<string, Rule>;
}

/**
 * Reads rule files into rules. Never throws: every problem is reported with file, line, rule
 * and field, and a faulty rule (invalid field, duplicate id, a phrase another rule lists
 * already) is left out, the others kept. Files are read in name order, so of two rules that
 * clash the later one is the one left out. A phrase one rule lists twice, as matching reads it
 * (`President of The Globe and Mail`, `President of the Globe and Mail`: case, apostrophes and
 * spaces folded) is a problem too, but only the second listing is left out: the rule still works.
 */
export function loadRules(files: RuleFile[]): { rules: Rule[]; problems: RuleProblem[] } {
	const problems: RuleProblem[] = [];
	const rules: Rule[] = [];
	const seen: Seen = { ids: new Map(), phrases: new Map() };
	for (const file of [...files].sort((a, b) => a.name.localeCompare(b.name))) {
		rules.push(...readFile(file, seen, problems));
	}
	return { rules, problems };
}

function readFile(file: RuleFile, seen: Seen, problems: RuleProblem[]): Rule[] {
	const problem = (line: number, rule: string, field: string, message: string) =>
		problems.push({ file: file.name, line, rule, field, message });
	const items = readYamlList(
		file.text,
		'a rules file must be a list of rules (`- id: …`)',
		(line, message) => problem(line, '-', '', message)
	);
	const rules: Rule[] = [];
	items.forEach((item) => {
		const id = item.text('id') ?? `#${item.index + 1}`;
		const report = (path: (string | number)[], message: string) =>
			problem(item.lineAt(path), id, formatPath(path), message);

		const parsed = ruleSchema.safeParse(item.value, { error: missingField });
		if (!parsed.success) {
			for (const issue of parsed.error.issues) {
				const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
				if (issue.code === 'unrecognized_keys') {
					for (const key of issue.keys) {
						problem(item.keyLine(key), id, key, `unknown field "${key}"`);
					}
				} else report(path, issue.message);
			}
			return;
		}
		const rule = toRule(parsed.data, file.name, item.lineAt());
		let faulty = false;
		const first = seen.ids.get(rule.id);
		if (first) {
			report(['id'], `duplicate id: already used at rules/${first.file}:${first.line}`);
			faulty = true;
		}
		const own = new Map<string, number>();
		rule.phrases = rule.phrases.filter((text, i) => {
			const key = foldKey(text);
			const other = seen.phrases.get(key);
			if (other) {
				report(['phrases', i], `"${text}" is already a phrase of rule ${other.id}`);
				faulty = true;
			}
			return once(own, key, i, (j) => report(['phrases', i], listedTwice(text, 'phrases', j)));
		});
		if (rule.unlessInParagraphWith) {
			const quieting = new Map<string, number>();
			rule.unlessInParagraphWith = rule.unlessInParagraphWith.filter((text, i) =>
				once(quieting, foldKey(text), i, (j) =>
					report(['unless_in_paragraph_with', i], listedTwice(text, 'unless_in_paragraph_with', j))
				)
			);
		}
		if (faulty) return;
		seen.ids.set(rule.id, rule);
		for (const key of own.keys()) seen.phrases.set(key, rule);
		rules.push(rule);
	});
	return rules;
}

/**
 * Records `key` at index `i` of a list, or calls `twice` with the index it was first listed at:
 * true when the item is kept (its first listing).
 */
function once(seen: Map<string, number>, key: string, i: number, twice: (j: number) => void) {
	const j = seen.get(key);
	if (j !== undefined) {
		twice(j);
		return false;
	}
	seen.set(key, i);
	return true;
}

const listedTwice = (text: string, field: string, first: number) =>
	`"${text}" is listed twice (as matching reads it: case, apostrophes and spaces aside): already ${field}[${first}]; remove one`;

/** Says `is required` for a missing field, where zod would name the type or options it expected. */
const missingField = (issue: { input?: unknown }) =>
	issue.input === undefined ? 'is required' : undefined;

function toRule(raw: RawRule, file: string, line: number): Rule {
	const literal = (text: string) => text.trim().normalize('NFC');
	return {
		id: raw.id,
		kind: raw.kind,
		severity: raw.severity,
		phrases: raw.phrases.map(literal),
		unlessFollowedBy: raw.unless_followed_by,
		unlessPrecededBy: raw.unless_preceded_by,
		unlessInParagraphWith: raw.unless_in_paragraph_with?.map(literal),
		message: raw.message,
		suggestion: raw.suggestion,
		source: raw.source,
		note: raw.note,
		// The schema has checked every marker: an example reads as a sentence and its span.
		examples: raw.examples.map((example) => readMarker(example) as MarkedExample),
		counterexamples: raw.counterexamples,
		file,
		line
	};
}

/** `rules/idioms.yaml:12: rule idiom/x, phrases[1]: …`, with the folder as given. */
export function formatRuleProblem(p: RuleProblem, folder = 'rules'): string {
	const dir = folder.replace(/\/+$/, '');
	if (!p.file) return `${dir}: ${p.message}`;
	const subject = p.rule === '-' ? '' : `rule ${p.rule}${p.field ? `, ${p.field}` : ''}: `;
	return `${dir}/${p.file}:${p.line}: ${subject}${p.message}`;
}

/** How far around a match context rules look, in code units. */
const CONTEXT_WINDOW = 120;

/** A rule made ready to match: its regexes compiled, its finding words made once. */
interface Compiled {
	rule: Rule;
	followedBy?: ContextRegex;
	precededBy?: ContextRegex;
	expected: readonly string[];
}

/** A phrase of a rule, as the value of the phrase index. */
interface Target {
	form: string;
	compiled: Compiled;
}

/**
 * The rules' meaning over the phrase index: every phrase of every rule is a phrase of one
 * index, found whole-word, case- and apostrophe-folded, leftmost-longest. A phrase found
 * becomes a flag unless its rule's context says otherwise (`unless_followed_by`,
 * `unless_preceded_by` within 120 code units, `unless_in_paragraph_with` anywhere in the
 * paragraph); then a shorter phrase at the same place may still match.
 */
export class RuleMatcher {
	readonly rules = new Map<string, Rule>();
	private index: PhraseIndex<Target>;
	/** Every `unless_in_paragraph_with` phrase, with the rules it quiets. */
	private quieting: PhraseIndex<Compiled>;

	constructor(rules: readonly Rule[]) {
		const targets: (readonly [string, Target])[] = [];
		const quieting: (readonly [string, Compiled])[] = [];
		for (const rule of rules) {
			this.rules.set(rule.id, rule);
			const compiled: Compiled = {
				rule,
				followedBy: regex(rule.unlessFollowedBy, 'start'),
				precededBy: regex(rule.unlessPrecededBy, 'end'),
				expected: Object.freeze(rule.suggestion ? [rule.suggestion] : [])
			};
			for (const form of rule.phrases) targets.push([form, { form, compiled }]);
			for (const phrase of rule.unlessInParagraphWith ?? []) quieting.push([phrase, compiled]);
		}
		this.index = new PhraseIndex(targets);
		this.quieting = new PhraseIndex(quieting);
	}

	/** Every flag in `text` (one paragraph), left to right; `offset` is added to every offset. */
	find(text: string, { offset = 0 }: { offset?: number } = {}): Flag[] {
		const flags: Flag[] = [];
		let quiet: Set<Compiled> | undefined;
		const applies = ({ compiled: c }: Target, start: number, end: number) => {
			if (c.rule.unlessInParagraphWith && (quiet ??= this.quietedIn(text)).has(c)) return false;
			if (c.followedBy?.test(text.slice(end, end + CONTEXT_WINDOW))) return false;
			if (c.precededBy?.test(text.slice(Math.max(0, start - CONTEXT_WINDOW), start))) return false;
			return true;
		};
		const pick = (targets: readonly Target[], _: string, start: number, end: number) =>
			targets.find((t) => applies(t, start, end));
		this.index.each(text, pick, (start, end, { form, compiled: { rule, expected } }) => {
			flags.push({
				source: 'quality',
				rule: rule.id,
				kind: rule.kind,
				start: offset + start,
				end: offset + end,
				actual: text.slice(start, end),
				expected: expected as string[],
				message: rule.message,
				severity: rule.severity,
				form,
				...(rule.note !== undefined && { note: rule.note })
			});
		});
		return flags;
	}

	/**
	 * The rules quieted by a phrase of `text`. Every occurrence counts, nested ones too (`idiom`
	 * inside `Chinese idiom`): `pick` records each candidate and accepts none, so nothing is
	 * consumed.
	 */
	private quietedIn(text: string): Set<Compiled> {
		const quieted = new Set<Compiled>();
		const record = (rules: readonly Compiled[]) => {
			for (const rule of rules) quieted.add(rule);
			return undefined;
		};
		this.quieting.each(text, record, () => {});
		return quieted;
	}
}

/** A context pattern, compiled to run in linear time on any text (see `safe-regex.ts`). */
function regex(source: string | undefined, anchor: Anchor): ContextRegex | undefined {
	return source === undefined ? undefined : compileContext(source, anchor);
}
