/**
 * Saving and restoring a quiz in progress, as a small versioned JSON record.
 *
 * Responsible for the save format (which quiz: mode, seed, topic and question ids; which settings;
 * how far: question index, stage, draft and every checked answer) and for restoring it as machine
 * input, so a new actor starts at the same question with the same answers. The quiz is rebuilt from
 * the bank with the same seed, and correctness is re-graded rather than trusted. Anything wrong
 * (not JSON, another format or version, unknown questions, values that could not have come from the
 * machine) gives one plain line and never throws. Where the record is stored (localStorage, a URL)
 * is left to the page.
 */
import { answerFits, emptyAnswer, isAnswerComplete } from './answer';
import { grade } from './grade';
import {
	stageOf,
	type QuizContext,
	type QuizInput,
	type QuizStage,
	type QuizTag
} from './quiz.machine';
import type { QuestionRecord } from './score';
import { buildQuiz, type Quiz, type QuizMode } from './shuffle';
import type { Answer, Question } from './types';

export const SAVE_FORMAT = 'quiz-progress';
export const SAVE_VERSION = 1;

/** The saved record, version 1. Plain JSON. */
export interface SavedQuiz {
	format: typeof SAVE_FORMAT;
	version: typeof SAVE_VERSION;
	quiz: {
		mode: QuizMode;
		seed: string;
		topic?: string;
		questionIds: string[];
		maxTries: number;
		passMark: number;
	};
	progress: {
		index: number;
		stage: QuizStage;
		/** The unchecked answer being edited; null for the question's blank answer. */
		draft: Answer | null;
		/** One per question, in quiz order; correctness is re-derived on load. */
		records: { attempts: Answer[]; revealed: boolean }[];
	};
}

export type LoadResult =
	| { state: SavedQuiz; input: QuizInput }
	| { error: string }
	/** Nothing was saved: not an error, just start a fresh quiz. */
	| { empty: true };

/** What `saveQuiz` reads: a snapshot of the quiz machine. */
export interface QuizSnapshotLike {
	context: QuizContext;
	hasTag(tag: QuizTag): boolean;
}

const MAX_SAVED_LENGTH = 1_000_000;
const MAX_TRIES_LIMIT = 10;
const MODES: readonly QuizMode[] = ['quick', 'assessment', 'practice'];
const STAGES: readonly QuizStage[] = ['answering', 'correct', 'incorrect', 'revealed', 'results'];

/** The record of a snapshot, before it becomes a string. */
export function toSavedQuiz(snapshot: QuizSnapshotLike): SavedQuiz {
	const { context } = snapshot;
	const quiz: SavedQuiz['quiz'] = {
		mode: context.quiz.mode,
		seed: context.quiz.seed,
		questionIds: context.quiz.questions.map((q) => q.id),
		maxTries: context.maxTries,
		passMark: context.passMark
	};
	if (context.quiz.topic !== undefined) quiz.topic = context.quiz.topic;
	return {
		format: SAVE_FORMAT,
		version: SAVE_VERSION,
		quiz,
		progress: {
			index: context.index,
			stage: stageOf(snapshot),
			draft: context.draft,
			records: context.records.map((r) => ({ attempts: r.attempts, revealed: r.revealed }))
		}
	};
}

/** The saved string of a quiz machine snapshot. */
export function saveQuiz(snapshot: QuizSnapshotLike): string {
	return JSON.stringify(toSavedQuiz(snapshot));
}

class Tampered extends Error {}

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** A short, one-line rendering of an untrusted value for a message. */
const quote = (value: unknown) => JSON.stringify(String(value).slice(0, 40));

function check(ok: boolean, reason: string): asserts ok {
	if (!ok) throw new Tampered(reason);
}

const isInt = (value: unknown, min: number, max: number): value is number =>
	typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

function readQuizPart(value: unknown): SavedQuiz['quiz'] {
	check(isRecord(value), 'the quiz definition is missing');
	const { mode, seed, topic, questionIds, maxTries, passMark } = value;
	check(MODES.includes(mode as QuizMode), `unknown quiz mode ${quote(mode)}`);
	check(typeof seed === 'string' && seed.length > 0 && seed.length <= 200, 'the seed is not valid');
	check(topic === undefined || typeof topic === 'string', 'the topic is not valid');
	check(
		Array.isArray(questionIds) &&
			questionIds.length > 0 &&
			questionIds.length <= 500 &&
			questionIds.every((id) => typeof id === 'string') &&
			new Set(questionIds).size === questionIds.length,
		'the question list is not valid'
	);
	check(isInt(maxTries, 1, MAX_TRIES_LIMIT), 'the number of tries is not valid');
	check(
		typeof passMark === 'number' && passMark > 0 && passMark <= 1,
		'the pass mark is not valid'
	);
	const quiz: SavedQuiz['quiz'] = {
		mode: mode as QuizMode,
		seed,
		questionIds: questionIds as string[],
		maxTries,
		passMark
	};
	if (topic !== undefined) quiz.topic = topic;
	return quiz;
}

/** Re-derives one question's record from its saved attempts, checking it could have happened. */
function readRecord(
	value: unknown,
	question: Question,
	maxTries: number,
	where: string
): QuestionRecord {
	check(isRecord(value), `${where} is missing`);
	const { attempts, revealed } = value;
	check(typeof revealed === 'boolean', `${where} has no valid "revealed"`);
	check(
		Array.isArray(attempts) && attempts.length <= maxTries,
		`${where} has more attempts than allowed`
	);
	const grades = attempts.map((a: unknown) => {
		check(
			answerFits(question, a) && isAnswerComplete(question, a),
			`${where} has an answer that does not fit the question`
		);
		return grade(question, a).correct;
	});
	const correct = grades.at(-1) === true;
	check(
		grades.slice(0, -1).every((g) => !g),
		`${where} was answered again after a right answer`
	);
	check(!revealed || (attempts.length > 0 && !correct), `${where} shows an answer it cannot`);
	return {
		questionId: question.id,
		topic: question.topic,
		attempts: attempts as Answer[],
		correct,
		firstTryCorrect: correct && attempts.length === 1,
		revealed
	};
}

function readProgress(
	value: unknown,
	quiz: Quiz,
	maxTries: number
): SavedQuiz['progress'] & {
	parsedRecords: QuestionRecord[];
	parsedDraft: Answer;
} {
	check(isRecord(value), 'the progress is missing');
	const { index, stage, draft, records } = value;
	const total = quiz.questions.length;
	check(isInt(index, 0, total - 1), 'the question number is out of range');
	check(STAGES.includes(stage as QuizStage), `unknown stage ${quote(stage)}`);
	check(Array.isArray(records) && records.length === total, 'the answers do not match the quiz');
	const parsed = records.map((r: unknown, i) =>
		readRecord(r, quiz.questions[i], maxTries, `question ${i + 1}`)
	);
	const done = (r: QuestionRecord) => r.correct || r.revealed;
	const blank = (r: QuestionRecord) => r.attempts.length === 0 && !r.revealed;
	check(parsed.slice(0, index).every(done), 'an earlier question was left unfinished');
	check(parsed.slice(index + 1).every(blank), 'a later question was already answered');
	const here = parsed[index];
	const lastWrong = here.attempts.length > 0 && !here.correct && !here.revealed;
	const stageFits: Record<QuizStage, boolean> = {
		answering: !done(here) && here.attempts.length < maxTries,
		correct: here.correct,
		incorrect: lastWrong,
		revealed: here.revealed,
		results: index === total - 1 && done(here)
	};
	check(stageFits[stage as QuizStage], `the stage does not match question ${index + 1}`);
	const question = quiz.questions[index];
	check(draft === null || answerFits(question, draft), 'the unchecked answer does not fit');
	return {
		index,
		stage: stage as QuizStage,
		draft: draft as Answer | null,
		records: parsed.map((r) => ({ attempts: r.attempts, revealed: r.revealed })),
		parsedRecords: parsed,
		parsedDraft: (draft as Answer | null) ?? emptyAnswer(question)
	};
}

/**
 * Checks a parsed record against the bank and turns it into machine input. Throws `Tampered`
 * with the reason; `loadQuiz` turns that into its one line.
 */
function restore(data: unknown, bank: readonly Question[]): { state: SavedQuiz; input: QuizInput } {
	check(isRecord(data) && data.format === SAVE_FORMAT, 'it is not a saved quiz');
	check(
		data.version === SAVE_VERSION,
		`it was saved in format version ${quote(data.version)}, this page reads version ${SAVE_VERSION}`
	);
	const quizPart = readQuizPart(data.quiz);
	const unknown = quizPart.questionIds.find((id) => !bank.some((q) => q.id === id));
	check(unknown === undefined, `question ${quote(unknown)} is no longer in the question bank`);
	const quiz = buildQuiz({
		bank,
		mode: quizPart.mode,
		seed: quizPart.seed,
		topic: quizPart.topic,
		questionIds: quizPart.questionIds
	});
	const { parsedRecords, parsedDraft, ...progress } = readProgress(
		data.progress,
		quiz,
		quizPart.maxTries
	);
	return {
		state: { format: SAVE_FORMAT, version: SAVE_VERSION, quiz: quizPart, progress },
		input: {
			quiz,
			maxTries: quizPart.maxTries,
			passMark: quizPart.passMark,
			resume: {
				index: progress.index,
				stage: progress.stage,
				draft: parsedDraft,
				records: parsedRecords
			}
		}
	};
}

/** Machine input that resumes a saved record, or the one-line reason it cannot. */
export function restoreActorInput(saved: unknown, bank: readonly Question[]): QuizInput | string {
	const result = loadParsed(saved, bank);
	return 'input' in result ? result.input : result.error;
}

function loadParsed(
	data: unknown,
	bank: readonly Question[]
): { state: SavedQuiz; input: QuizInput } | { error: string } {
	try {
		return restore(data, bank);
	} catch (error) {
		const reason = error instanceof Tampered ? error.message : 'it could not be read';
		return { error: `The saved quiz could not be restored: ${reason}.` };
	}
}

/**
 * Reads a saved string (null or '' when nothing is saved). Never throws: a problem is one plain
 * line in `error`, and the page starts a fresh quiz. On success, `input` starts an actor at the saved
 * question: `createActor(quizMachine, { input })`.
 */
export function loadQuiz(raw: string | null, bank: readonly Question[]): LoadResult {
	if (raw === null || raw.trim() === '') return { empty: true };
	if (raw.length > MAX_SAVED_LENGTH) {
		return { error: 'The saved quiz could not be restored: it is too large.' };
	}
	let data: unknown;
	try {
		data = JSON.parse(raw);
	} catch {
		return { error: 'The saved quiz could not be restored: it is not valid JSON.' };
	}
	return loadParsed(data, bank);
}
