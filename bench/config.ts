/**
 * How big a benchmark run is: the full run (`npm run bench`), the quick one (`-- --quick`, to
 * see that it works) and the tiny one the unit test runs in-process. Figure names are the same
 * in every mode; `workload` in the results JSON gives the real sizes.
 */
export interface Config {
	mode: 'full' | 'quick' | 'tiny';
	/** Synthetic variants of the glossaries named 1k, 10k and 50k. */
	variants: { '1k': number; '10k': number; '50k': number };
	/** Corpus sizes named 1mb and 10mb, in UTF-8 bytes. */
	corpus: { '1mb': number; '10mb': number };
	/** The naive baseline runs on a slice this big and is reported per MB. */
	naiveSlice: number;
	/** The alternation baseline, far slower still, on the first paragraphs this big of that slice. */
	alternationSlice: number;
	/** The tiny run only: the Lu Kang interview cut at a paragraph end after this many bytes. */
	interviewBytes?: number;
	/** Repeats of DENSE_LINE and of DENSE_TURNS in the dense texts. */
	dense: { line: number; turns: number };
	runs: number;
	/** Runs of the slowest cold case (suggestions over the cold 1 MB corpus) and its baseline. */
	coldRuns: number;
	naiveRuns: number;
	warmup: number;
	minRunMs: number;
	/** Suggester start-ups timed, and suggesters measured for memory. */
	suggest: { startups: number; memory: number };
	/** Matchers measured for memory. */
	matcherMemory: number;
	web: { rounds: number; requestsPerRound: number; warmup: number; longWarmup: number };
	archive: {
		/** Transcripts in the generated archive. */
		count: number;
		/** Rounds of one indexArchive run and one build-only run, interleaved. */
		indexRuns: number;
		/** Workers of indexArchive and of the build-only run: both cores of the development machine. */
		workers: number;
		/** DOCUMENT_CACHE_MB of the archive server (`cache.limit`). */
		cacheMb: number;
		/** Server starts timed for `archive.start`. */
		starts: number;
		rounds: number;
		requestsPerRound: number;
		warmup: number;
		/** Reader pages of random transcripts read before `server.memory.browse`. */
		browse: number;
		settleMs: number;
	};
}

export const FULL: Config = {
	mode: 'full',
	variants: { '1k': 1_000, '10k': 10_000, '50k': 50_000 },
	corpus: { '1mb': 1_000_000, '10mb': 10_000_000 },
	naiveSlice: 32_768,
	alternationSlice: 1_024,
	dense: { line: 100_000, turns: 30_000 },
	runs: 7,
	coldRuns: 3,
	naiveRuns: 5,
	warmup: 3,
	minRunMs: 50,
	suggest: { startups: 5, memory: 2 },
	matcherMemory: 5,
	web: { rounds: 5, requestsPerRound: 200, warmup: 30, longWarmup: 2000 },
	archive: {
		count: 10_000,
		indexRuns: 3,
		workers: 2,
		cacheMb: 64,
		starts: 3,
		rounds: 5,
		requestsPerRound: 40,
		warmup: 10,
		browse: 200,
		settleMs: 2000
	}
};

export const QUICK: Config = {
	mode: 'quick',
	variants: { '1k': 1_000, '10k': 2_000, '50k': 5_000 },
	corpus: { '1mb': 64_000, '10mb': 640_000 },
	naiveSlice: 4_096,
	alternationSlice: 1_024,
	dense: { line: 4_000, turns: 1_200 },
	runs: 3,
	coldRuns: 2,
	naiveRuns: 3,
	warmup: 1,
	minRunMs: 5,
	suggest: { startups: 2, memory: 2 },
	matcherMemory: 5,
	web: { rounds: 3, requestsPerRound: 20, warmup: 5, longWarmup: 10 },
	archive: {
		count: 200,
		indexRuns: 1,
		workers: 2,
		cacheMb: 64,
		starts: 1,
		rounds: 3,
		requestsPerRound: 10,
		warmup: 3,
		browse: 20,
		settleMs: 500
	}
};

/**
 * The unit test's run (tests/unit/bench.test.ts): every phase that needs no production build,
 * on texts of a few KB, one timed run each. The 1k glossary keeps its 1,000 variants: the corpus
 * plants names from its first 200 entries.
 */
export const TINY: Config = {
	mode: 'tiny',
	variants: { '1k': 1_000, '10k': 1_500, '50k': 2_000 },
	corpus: { '1mb': 8_000, '10mb': 16_000 },
	naiveSlice: 2_048,
	alternationSlice: 256,
	interviewBytes: 4_000,
	dense: { line: 200, turns: 60 },
	runs: 1,
	coldRuns: 1,
	naiveRuns: 1,
	warmup: 0,
	minRunMs: 0,
	suggest: { startups: 1, memory: 1 },
	matcherMemory: 1,
	web: { rounds: 1, requestsPerRound: 2, warmup: 1, longWarmup: 1 },
	archive: {
		count: 6,
		indexRuns: 1,
		workers: 1,
		cacheMb: 64,
		starts: 1,
		rounds: 1,
		requestsPerRound: 2,
		warmup: 1,
		browse: 2,
		settleMs: 0
	}
};
