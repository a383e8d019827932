import type { Finding, Severity } from '../document/finding';

/** What each kind of quality flag means, in one line: the kinds a rule (or a check) may have. */
export const FLAG_KIND_MEANINGS = {
	'repeated-word': 'A word or phrase said twice in a row ("China China").',
	'literal-idiom': 'A Chinese idiom translated word for word ("one hand can’t make a sound").',
	'spurious-insertion': 'Text that is not the speaker’s: portal boilerplate, scripts, notes.',
	'mt-artifact': 'A calque or slip of the machine translation ("new crown pneumonia").',
	'mistranslated-title': 'A title or institution name that does not exist in English.',
	'unknown-name': 'A name the glossary does not know.',
	'unknown-garble':
		'A garble of a glossary name that the glossary does not list yet (a suggestion).',
	'label-anomaly': 'A speaker label that looks wrong.'
} as const;

export type FlagKind = keyof typeof FLAG_KIND_MEANINGS;

export const FLAG_KINDS = Object.keys(FLAG_KIND_MEANINGS) as [FlagKind, ...FlagKind[]];

/** The kinds a rule of `rules/*.yaml` may have: `unknown-garble` comes from the suggester only. */
export const RULE_KINDS = /* @__PURE__ */ FLAG_KINDS.filter((k) => k !== 'unknown-garble') as [
	FlagKind,
	...FlagKind[]
];

/** A translation-quality finding (`source: 'quality'`), with the kind of problem it flags. */
export interface Flag extends Finding {
	kind: FlagKind;
}

/** One flag rule of `rules/*.yaml`, as loaded: phrases to flag and when not to. */
export interface Rule {
	/** `<family>/<slug>`, e.g. `idiom/one-hand-cannot-clap`. */
	id: string;
	kind: FlagKind;
	severity: Severity;
	/** Literal phrases, matched as whole words, case- and apostrophe-folded. */
	phrases: string[];
	/** Regex sources (flags `iu`): the text right after a match starts with it (`^(?:…)`). */
	unlessFollowedBy?: string;
	/** Regex source (flags `iu`): the text right before a match ends with it (`(?:…)$`). */
	unlessPrecededBy?: string;
	/** Literal phrases: a paragraph holding one of them is left alone. */
	unlessInParagraphWith?: string[];
	message: string;
	suggestion?: string;
	/** The source-language text the phrase renders, e.g. 孤掌难鸣. */
	source?: string;
	note?: string;
	/** Sentences the rule must flag, each with the span it must flag (run by the test suite). */
	examples: MarkedExample[];
	/** Sentences the rule must not flag (run by the test suite). */
	counterexamples: string[];
	/** Where the rule is written: `idioms.yaml`, 1-based line. */
	file: string;
	line: number;
}

/**
 * An example sentence of a rule, read from `… <marker>flagged words</marker> …`: the sentence
 * without the tags, and where the marked words are in it.
 */
export interface MarkedExample {
	text: string;
	/** 0-based, half-open offsets of the marked words in `text`; absent when nothing is marked. */
	span?: { start: number; end: number };
}

/** What is wrong with a rules file, located as precisely as possible. */
export interface RuleProblem {
	file: string;
	line: number;
	/** The rule's id, `#3` (1-based position) when it has no usable id, `-` for the whole file. */
	rule: string;
	/** Path of the field inside the rule, e.g. `phrases[2]`; empty for the whole rule. */
	field: string;
	message: string;
}
