/**
 * Chinese readings and English glosses for the suggestion engine, from a committed subset of
 * CC-CEDICT (cedict.json, written by scripts/build-dictionary.ts; CC BY-SA 4.0, see its
 * `attribution`). Machine translation garbles a name by reading its characters as words (孟晚舟 →
 * "Meng late boat": 晚 = late, 舟 = boat) or as the start of a better-known name (孟 → 孟加拉
 * Bangladesh); this module answers exactly those questions. Pure: no I/O, no Node APIs, so the
 * browser and the server can both use it.
 */
import data from './cedict.json';

/**
 * cedict.json. Rows are strings split by "/" as in CEDICT itself:
 * chars `晚/wan/evening|night|late`, `孟/meng/eldest amongst brothers/s` (char/readings/glosses/flags),
 * words `孟加拉/meng jia la/Bengal|Bangladesh/p` (word/pinyin of the first reading/glosses/flags).
 * Strings rather than objects or tuples keep the file near 1 MB and let TypeScript type the import
 * as `string[]` instead of inferring a 26,000-property object type on every check.
 */
export interface CedictData {
	attribution: string;
	license: string;
	version: string;
	generated: string;
	format: string;
	/** Every single-character (Han) CEDICT headword, simplified and traditional, sorted. */
	chars: string[];
	/** Words inside glossary sources, and short proper nouns (see the build script), sorted. */
	words: string[];
}

/** One parsed row. Flags: `p` proper noun (capitalized pinyin in CEDICT), `s` a reading is a surname. */
export interface Row {
	key: string;
	/** Toneless pinyin syllables: a character's readings, or a word's syllables. */
	pinyin: string[];
	glosses: string[];
	proper: boolean;
	surname: boolean;
}

/** Parses one row of cedict.json (the inverse of `formatRow` in the build script). */
export function parseRow(row: string): Row {
	const [key = '', pinyin = '', glosses = '', flags = ''] = row.split('/');
	return {
		key,
		pinyin: pinyin === '' ? [] : pinyin.split(' '),
		glosses: glosses === '' ? [] : glosses.split('|'),
		proper: flags.includes('p'),
		surname: flags.includes('s')
	};
}

/** A CEDICT word found inside a text. */
export interface WordMatch {
	word: string;
	/** UTF-16 offset of the word in the text searched. */
	index: number;
	/** Toneless syllables of the word's first CEDICT reading: 孟加拉 → ["meng", "jia", "la"]. */
	pinyin: string[];
	glosses: string[];
	/** A proper noun (place, person, organization): its glosses are names. */
	proper: boolean;
	/** CEDICT lists the word as a surname (司马 "surname Sima"). */
	surname: boolean;
}

/** A proper noun and its English names: 孟加拉 → ["Bengal", "Bangladesh"]. */
export interface ProperNoun {
	word: string;
	glosses: string[];
}

/** Key → raw row; rows are parsed only when asked for. */
function index(rows: readonly string[]): Map<string, string> {
	const map = new Map<string, string>();
	for (const row of rows) map.set(row.slice(0, row.indexOf('/')), row);
	return map;
}

export class Dictionary {
	private readonly chars: Map<string, string>;
	private readonly wordRows: Map<string, string>;
	/** Longest word in characters, so `words` tries no longer substrings. */
	private readonly maxWord: number;
	/** First character → proper nouns starting with it; built on first use. */
	private properIndex: Map<string, ProperNoun[]> | undefined;

	/** Only indexes rows by key (a few ms): start-up stays cheap, parsing happens per lookup. */
	constructor(private readonly data: CedictData) {
		this.chars = index(data.chars);
		this.wordRows = index(data.words);
		let max = 1;
		for (const w of this.wordRows.keys()) max = Math.max(max, [...w].length);
		this.maxWord = max;
	}

	/** The CEDICT attribution the license asks to show alongside derived output. */
	get attribution(): string {
		return this.data.attribution;
	}

	private char(char: string): Row | undefined {
		const row = this.chars.get(char);
		return row === undefined ? undefined : parseRow(row);
	}

	/**
	 * All readings of one character as toneless lowercase pinyin, in CEDICT's order:
	 * 孟 → ["meng"], 行 → ["hang", "heng", "xing"]; ü is "v" followed by "u" (吕 → ["lv", "lu"]),
	 * since names are romanized both ways. Empty for anything not a CEDICT character.
	 */
	readings(char: string): string[] {
		return this.char(char)?.pinyin ?? [];
	}

	/**
	 * English glosses of one character over all its readings, short ones (≤ 4 words, at most 8),
	 * lowercase unless a name: 晚 → ["evening", "night", "late"]. A surname reading gives no gloss
	 * ("surname Meng" would suggest the garble "surname"): see `isSurname`.
	 */
	glosses(char: string): string[] {
		return this.char(char)?.glosses ?? [];
	}

	/** Is one reading of the character a surname (孟, 陆, 康)? The first character of a name often is. */
	isSurname(char: string): boolean {
		return this.char(char)?.surname ?? false;
	}

	/**
	 * Every multi-character word of the subset inside `text` (overlaps included: 中华人民共和国 gives
	 * 中华, 中华人民共和国, 人民, 共和国, ...), by position then longest first. Complete for glossary
	 * sources as of the last `npm run dictionary` and for the short proper nouns; CEDICT's other
	 * words are not shipped.
	 */
	words(text: string): WordMatch[] {
		const cs = [...text];
		const out: WordMatch[] = [];
		let offset = 0;
		for (let i = 0; i < cs.length; offset += cs[i]!.length, i++) {
			for (let n = Math.min(this.maxWord, cs.length - i); n >= 2; n--) {
				const word = cs.slice(i, i + n).join('');
				const row = this.wordRows.get(word);
				if (row === undefined) continue;
				const { pinyin, glosses, proper, surname } = parseRow(row);
				out.push({ word, index: offset, pinyin, glosses, proper, surname });
			}
		}
		return out;
	}

	/**
	 * Proper nouns (2–4 characters, with a short English name that is not just their pinyin)
	 * beginning with `char`, shortest first: 孟 → 孟买 Mumbai, 孟加拉 Bengal/Bangladesh, ...
	 * Translation software reads a name's first character as the start of such a noun
	 * ("Bangladesh evening boat" for 孟晚舟).
	 */
	properNounsStartingWith(char: string): ProperNoun[] {
		this.properIndex ??= this.buildProperIndex();
		return (this.properIndex.get(char) ?? []).map((p) => ({
			word: p.word,
			glosses: [...p.glosses]
		}));
	}

	private buildProperIndex(): Map<string, ProperNoun[]> {
		const byFirst = new Map<string, ProperNoun[]>();
		for (const row of this.wordRows.values()) {
			if (!/\/ps?$/.test(row)) continue; // flags come last: parse proper nouns only
			const { key: word, glosses } = parseRow(row);
			if (glosses.length === 0) continue;
			const first = String.fromCodePoint(word.codePointAt(0)!);
			const list = byFirst.get(first);
			if (list) list.push({ word, glosses });
			else byFirst.set(first, [{ word, glosses }]);
		}
		for (const list of byFirst.values()) {
			list.sort((a, b) => a.word.length - b.word.length || (a.word < b.word ? -1 : 1));
		}
		return byFirst;
	}
}

let shared: Dictionary | undefined;

/** The dictionary built from the committed cedict.json, made once. */
export function dictionary(): Dictionary {
	return (shared ??= new Dictionary(data));
}
