/**
 * One shape for everything the engine reports about a span of a transcript, after
 * vfile-message: a glossary correction, a quality flag and a glossary suggestion are all
 * findings, told apart by `source`. Only corrections carry a `fix`; applying the fixes
 * (`applyCorrections`) is what builds normalized text.
 */

/** Which family of checks reported a finding. */
export type FindingSource =
	/** A glossary form was found: `fix` replaces it with the canonical name. */
	| 'glossary'
	/** A translation-quality flag: this may be wrong, nothing was changed. */
	| 'quality'
	/** A form the glossary does not know yet that looks like one of its entries. */
	| 'suggestion';

/** How sure the finding is that something is wrong: `info` is probably fine. */
export type Severity = 'info' | 'warning' | 'error';

export interface Finding {
	source: FindingSource;
	/** The check that fired: a glossary entry id (`meng-wanzhou`) or a rule id (`repeated-word`). */
	rule: string;
	/** 0-based, half-open UTF-16 offsets into the prepared text of the whole transcript. */
	start: number;
	end: number;
	/** The text found: the prepared text's `[start, end)`, e.g. `Meng hung boat`. */
	actual: string;
	/** What it should or may read, best first, e.g. `['Meng Wanzhou']`; empty when unknown. */
	expected: string[];
	/** What is unexpected and what to do, in words. */
	message: string;
	/** Replacement for `[start, end)`: corrections only. */
	fix?: string;
	severity: Severity;
	/** The dictionary form that matched (a glossary variant, a rule's phrase), if any. */
	form?: string;
	/** Evidence or background a reader can check. */
	note?: string;
}

/** A finding that changes the text: a correction. */
export type Correcting = Finding & { fix: string };

export function isCorrection(finding: Finding): finding is Correcting {
	return finding.fix !== undefined;
}

/** Findings in reading order: by start, the longer (outer) first when two start together. */
export function byPosition(a: Finding, b: Finding): number {
	return a.start - b.start || b.end - a.end;
}
