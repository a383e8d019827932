import { byPosition, type Finding } from '../document/finding';
import type { MarkedBlock, Speaker } from '../document/model';
import { findLabelAnomalies } from './label-anomalies';
import type { GlossaryEntry } from '../glossary/types';
import { findRepetitions, loadRepetitionExceptions, type RepetitionExceptions } from './repetition';
import { findUnknownNames } from './unknown-names';
import { loadRules, RuleMatcher } from './rules';
import type { Flag, Rule, RuleProblem } from './types';

/** What the unknown-name check compares words with. */
export interface NameLists {
	/** Lowercase English words. */
	english: ReadonlySet<string>;
	/** Lowercase words of every glossary canonical name and variant (see `glossaryWords`). */
	known: ReadonlySet<string>;
}

/** The lowercase words of every canonical name and variant of a glossary. */
export function glossaryWords(entries: readonly GlossaryEntry[]): Set<string> {
	const words = new Set<string>();
	for (const e of entries) {
		for (const form of [e.canonical, ...e.variants.map((v) => v.text)]) {
			for (const w of form.toLowerCase().split(/[^\p{L}\p{M}]+/u)) if (w) words.add(w);
		}
	}
	return words;
}

/** The file of a rules folder that holds the repeated-word check's exceptions, not rules. */
export const REPETITION_EXCEPTIONS = 'repetitions.yaml';

/** What the flag checks read from a rules folder (`rules/`): plain data, cloned to workers. */
export interface QualityRules {
	rules: Rule[];
	repetitions: RepetitionExceptions;
	problems: RuleProblem[];
}

/** Loads a rules folder's files: every rule file, and the repeated-word exceptions. */
export function loadQualityRules(files: { name: string; text: string }[]): QualityRules {
	const exceptionsFile = files.find((f) => f.name === REPETITION_EXCEPTIONS);
	const loaded = loadRules(files.filter((f) => f.name !== REPETITION_EXCEPTIONS));
	const exceptions = exceptionsFile
		? loadRepetitionExceptions(exceptionsFile)
		: { exceptions: new Map(), problems: [] };
	return {
		rules: loaded.rules,
		repetitions: exceptions.exceptions,
		problems: [...loaded.problems, ...exceptions.problems]
	};
}

/**
 * Every translation-quality check of one paragraph: the editors' rules and the repeated-word
 * detector. Compiled once per version of the rules folder.
 */
export class QualityChecker {
	#rules: RuleMatcher;
	#repetitions: RepetitionExceptions;
	#names?: NameLists;

	/** Without `names`, the unknown-name check does not run (it needs the English words). */
	constructor(
		{ rules, repetitions }: Pick<QualityRules, 'rules' | 'repetitions'>,
		names?: NameLists
	) {
		this.#rules = new RuleMatcher(rules);
		this.#repetitions = repetitions;
		this.#names = names;
	}

	/**
	 * The flags of `text` (which starts at `offset` in the transcript), leaving out those that lie
	 * inside a correction: the glossary has already fixed those words (`new crown pneumonia`).
	 */
	flags(text: string, offset: number, corrections: readonly Finding[] = []): Flag[] {
		const rules = this.#rules.find(text, { offset });
		const repeated = findRepetitions(text, { offset, exceptions: this.#repetitions });
		const names = this.#names ? findUnknownNames(text, { offset, ...this.#names }) : [];
		// Most paragraphs have no flag: no array is made or sorted for them.
		if (rules.length + repeated.length + names.length === 0) return [];
		const flags: Flag[] = [...rules, ...repeated, ...names].sort(byPosition);
		if (corrections.length === 0) return flags;
		let c = 0;
		return flags.filter((f) => {
			while (c < corrections.length && corrections[c]!.end <= f.start) c++;
			const around = corrections[c];
			return !(around && around.start <= f.start && f.end <= around.end);
		});
	}

	/** Flags of the speaker labels, which look at every turn at once (see `findLabelAnomalies`). */
	labelFlags(blocks: readonly Omit<MarkedBlock, 'labelFindings'>[], speakers: Speaker[]): Flag[] {
		return findLabelAnomalies(blocks, speakers);
	}
}
