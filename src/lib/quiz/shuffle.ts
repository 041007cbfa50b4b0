/**
 * Seeded selection and shuffling: the same seed gives every learner the same quiz.
 *
 * Responsible for a small seeded PRNG (a string hash feeding mulberry32), building a quick check
 * (questions of one topic), an assessment (questions spread round-robin across topics) or a practice
 * quiz (only the questions missed), and presenting each question with its choices (or steps) shuffled.
 * Shuffling copies the question and keeps every id, so grading by id is unchanged. The result does not
 * depend on the order of the bank, only on its content and the seed. Leaves the flow to
 * `quiz.machine.ts`.
 */
import type { OrderQuestion, Question } from './types';

export type QuizMode = 'quick' | 'assessment' | 'practice';

/** A quiz ready to take: which questions, in which order, with their choices in which order. */
export interface Quiz {
	/** Stable for the same mode, topic, seed and questions; used in reports. */
	id: string;
	mode: QuizMode;
	seed: string;
	topic?: string;
	/** Presentation copies of the bank's questions, with choices and steps shuffled. */
	questions: Question[];
}

export interface BuildQuizOptions {
	bank: readonly Question[];
	mode: QuizMode;
	seed: string;
	/** The topic of a quick check; required for `quick`, ignored otherwise. */
	topic?: string;
	/** How many questions; defaults to 5 for `quick` and 15 for `assessment`. */
	count?: number;
	/** Exactly these questions in this order (practice, restore); choices are still shuffled. */
	questionIds?: readonly string[];
}

export const QUICK_CHECK_COUNT = 5;
export const ASSESSMENT_COUNT = 15;

/** cyrb53-style 32-bit string hash: a different seed string gives an unrelated number. */
export function hashSeed(seed: string): number {
	let h1 = 0xdeadbeef;
	let h2 = 0x41c6ce57;
	for (let i = 0; i < seed.length; i++) {
		const ch = seed.charCodeAt(i);
		h1 = Math.imul(h1 ^ ch, 2654435761);
		h2 = Math.imul(h2 ^ ch, 1597334677);
	}
	h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
	return (h1 ^ h2) >>> 0;
}

/** mulberry32: a tiny PRNG returning numbers in [0, 1), seeded from a string. */
export function createRandom(seed: string): () => number {
	let a = hashSeed(seed);
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Fisher–Yates on a copy. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Shuffles by id order first, so the result depends only on the ids and the random source. */
const shuffleById = <T extends { id: string }>(items: readonly T[], random: () => number): T[] =>
	shuffle([...items].sort(byId), random);

/**
 * A presentation copy of a question with its choices (or steps) shuffled from the quiz seed and the
 * question id, so each question looks the same in every quiz with that seed (whatever order the
 * choices came in). Order steps never start in the right order. Ports, modes and transcripts keep
 * the author's order.
 */
export function presentQuestion(question: Question, seed: string): Question {
	const random = createRandom(`${seed}#${question.id}`);
	const copy = structuredClone(question);
	switch (copy.kind) {
		case 'single':
		case 'multiple':
		case 'predict-reply':
			copy.choices = shuffleById(copy.choices, random);
			return copy;
		case 'order':
			copy.steps = shuffledSteps(copy, random);
			return copy;
		case 'port-mode':
		case 'spot-problem':
			return copy;
	}
}

function shuffledSteps(question: OrderQuestion, random: () => number) {
	const steps = shuffleById(question.steps, random);
	const unchanged = steps.every((s, i) => s.id === question.correct[i]);
	// An order question already in order would be answered by pressing Check: rotate it by one.
	return unchanged && steps.length > 1 ? [...steps.slice(1), steps[0]] : steps;
}

/** The topics of a bank, sorted, each once. */
export function topicsOf(bank: readonly Question[]): string[] {
	return [...new Set(bank.map((q) => q.topic))].sort();
}

/** Takes one question per topic in turn until `count` are taken or none are left. */
function roundRobin(groups: Question[][], count: number): Question[] {
	const picked: Question[] = [];
	const queues = groups.map((g) => [...g]);
	while (picked.length < count && queues.some((q) => q.length > 0)) {
		for (const queue of queues) {
			const next = queue.shift();
			if (next && picked.length < count) picked.push(next);
		}
	}
	return picked;
}

/**
 * Builds a quiz deterministically from the seed. Throws a RangeError when nothing can be built
 * (unknown topic, unknown question id, no questions): the caller checks its inputs with `topicsOf`.
 */
export function buildQuiz(options: BuildQuizOptions): Quiz {
	const { bank, mode, seed } = options;
	const random = createRandom(`${mode}|${options.topic ?? ''}|${seed}`);
	const sorted = [...bank].sort(byId);
	let chosen: Question[];
	if (options.questionIds) {
		chosen = options.questionIds.map((id) => {
			const q = sorted.find((candidate) => candidate.id === id);
			if (!q) throw new RangeError(`Unknown question "${id}"`);
			return q;
		});
	} else if (mode === 'quick') {
		const topic = options.topic;
		const pool = sorted.filter((q) => q.topic === topic);
		if (pool.length === 0) throw new RangeError(`No questions on topic "${String(topic)}"`);
		chosen = shuffle(pool, random).slice(0, options.count ?? QUICK_CHECK_COUNT);
	} else if (mode === 'assessment') {
		const groups = shuffle(topicsOf(sorted), random).map((topic) =>
			shuffle(
				sorted.filter((q) => q.topic === topic),
				random
			)
		);
		chosen = shuffle(roundRobin(groups, options.count ?? ASSESSMENT_COUNT), random);
	} else {
		throw new RangeError('A practice quiz needs questionIds');
	}
	if (chosen.length === 0) throw new RangeError('The quiz would have no questions');
	const quiz: Quiz = {
		id: `${mode}/${options.topic ?? 'all'}/${seed}/${hashSeed(chosen.map((q) => q.id).join(',')).toString(36)}`,
		mode,
		seed,
		questions: chosen.map((q) => presentQuestion(q, seed))
	};
	if (options.topic !== undefined) quiz.topic = options.topic;
	return quiz;
}

/** `s~practice`, then `s~practice2`, `s~practice3`, ...: practising again reshuffles, the seed stays short. */
function practiceSeed(seed: string): string {
	const match = /^(.*)~practice(\d*)$/.exec(seed);
	if (!match) return `${seed}~practice`;
	return `${match[1]}~practice${Number(match[2] || '1') + 1}`;
}

/** What `practiceMissed` needs from a finished quiz: the machine's context has both. */
export interface MissedSource {
	quiz: Quiz;
	records: readonly { questionId: string; correct: boolean }[];
}

/**
 * A practice quiz of only the questions missed (not right without showing the answer), in their
 * original order, with choices shuffled afresh. Returns null when nothing was missed.
 */
export function practiceMissed(results: MissedSource): Quiz | null {
	const missed = results.records.filter((r) => !r.correct).map((r) => r.questionId);
	if (missed.length === 0) return null;
	const bank = results.quiz.questions;
	return buildQuiz({
		bank,
		mode: 'practice',
		seed: practiceSeed(results.quiz.seed),
		questionIds: missed
	});
}
